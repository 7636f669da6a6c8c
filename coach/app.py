"""The Textual app: screens, global keys, command palette, themes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from coach import paths, resets, runfile
from coach import settings as settings_io
from coach.app_care import CareMixin
from coach.app_flows import FlowsMixin
from coach.flows.library import (
    FlowEntry,
    default_catalog,
    snapshot,
)
from coach.history import History
from coach.screens.home import Home
from coach.settings import Settings
from coach.themes import THEMES

# Screens other than home are imported when first opened, so start-up stays quick.
if TYPE_CHECKING:
    pass


class CoachApp(FlowsMixin, CareMixin, App[None]):
    """coach: short guided conversations for two people at one keyboard."""

    TITLE = "coach"
    CSS_PATH = [str(paths.styles_dir() / "app.tcss")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    BINDINGS = [
        Binding("ctrl+r", "reset", "Reset", priority=True, id="reset"),
        Binding("r", "reset", "Reset", show=False, id="reset-plain"),
        Binding("ctrl+q", "request_quit", "Quit", priority=True, id="quit"),
        Binding("ctrl+b", "cover", "Cover", priority=True, id="cover"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        start_flow: str | None = None,
        start_reset: int | None = None,
        clock: Callable[[], float] | None = None,
        wall: Callable[[], float] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else settings_io.load()
        self.initial_flow = start_flow
        self.initial_reset = start_reset
        self.clock = clock
        self.wall = wall
        self.catalog = default_catalog()
        self._history: History | None = None
        self._history_failed = False
        self._last_valid: dict[Path, FlowEntry] = {}
        self._entries: list[FlowEntry] | None = None
        self._seen_flows = snapshot(paths.user_flows_dir())
        self._watcher: Timer | None = None
        self._paused_watching = False
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme  # before the first style pass, not after it

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Partner colours for themes that do not set their own."""
        return {"partner-a": "#5B8DB8", "partner-b": "#B8739A"}

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        # Watch for edited flow files, starting once the first frame is up.
        self.call_after_refresh(self._start_watching)
        if not self.settings.has_names:
            from coach.screens.welcome import Welcome

            self.push_screen(Welcome())
            if self.initial_reset or resets.load() is not None:  # a pause first; names later
                seconds, self.initial_reset = self.initial_reset, None
                self.call_after_refresh(self.open_reset, seconds)
            return
        self.show_home()

    def _start_watching(self) -> None:
        self._watcher = self.set_interval(2.0, self._watch_flows)
        if self._paused_watching:
            self._watcher.pause()

    def finish_welcome(self, a: str, b: str) -> None:
        self.settings.partner_a, self.settings.partner_b = a, b
        self.save_settings()
        self.show_home()

    def show_home(self) -> None:
        """Replace everything with a fresh home screen, then offer a saved run."""
        history = self.history()
        home = Home(
            self.flow_entries(),
            self.settings.names,
            history.last_run_at() if history else None,
            history.unrevisited_resets(1) if history else [],
        )
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(home)
        if self.initial_reset:
            seconds, self.initial_reset = self.initial_reset, None
            self.call_after_refresh(self.open_reset, seconds)
        elif self.initial_flow:
            flow_id, self.initial_flow = self.initial_flow, None
            self.call_after_refresh(self.start_flow, flow_id)
        else:
            self.call_after_refresh(self._offer_resume)

    # -- global actions ------------------------------------------------------------------

    def action_help(self) -> None:
        from coach.screens.dialogs import Help

        if not isinstance(self.screen, Help):
            self.push_screen(Help(self.settings.help_lines))

    def action_cover(self) -> None:
        from coach.screens.dialogs import Cover

        if isinstance(self.screen, Cover):
            self.screen.dismiss()
        else:
            self.push_screen(Cover())

    def action_settings(self) -> None:
        from coach.screens.settings import SettingsScreen

        def saved(new: Settings | None) -> None:
            if new is not None:
                self.settings = new
                self.save_settings()
                self.theme = new.theme
                self.show_home()

        self.push_screen(SettingsScreen(self.settings), saved)

    def save_settings(self) -> None:
        try:
            settings_io.save(self.settings)
        except OSError as exc:
            self.notify(f"Settings could not be saved: {exc}", severity="error")

    def action_request_quit(self) -> None:
        from coach.screens.dialogs import Ask
        from coach.screens.runner import RunnerScreen

        unfinished = next(
            (s for s in self.screen_stack if isinstance(s, RunnerScreen) and s.unfinished), None
        )
        if unfinished is None:
            self.exit()
            return

        def answer(choice: str | None) -> None:
            if choice == "discard":
                runfile.clear()
            if choice in ("keep", "discard"):
                self.exit()

        self.push_screen(
            Ask(
                f"Leave {unfinished.flow.title} now?",
                "What you have said so far is kept, and coach will offer to pick it up "
                "next time. Or you can let it go.",
                [("stay", "Stay"), ("keep", "Quit, keep it"), ("discard", "Quit, let it go")],
            ),
            answer,
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Reset pause", "A calming pause, now", self.open_reset)
        yield SystemCommand("Note a small hurt", "Who felt hurt, what kind", self.action_note)
        yield SystemCommand("Settings", "Names, reset length, theme, bell", self.action_settings)
        yield SystemCommand("History", "Everything you noted, to browse", self.action_history)
        yield SystemCommand("New flow", "Write a conversation of your own", self.new_flow)
        yield SystemCommand("Patterns", "What your notes show over time", self.action_patterns)
        yield SystemCommand("Help", "Keys, privacy, and where to find help", self.action_help)
        yield SystemCommand("Home", "Back to the list of conversations", self.show_home)
        for entry in self.flow_entries():
            if entry.flow is not None:
                yield SystemCommand(
                    f"Start: {entry.flow.title}",
                    entry.flow.summary,
                    partial(self.start_flow, entry.id),
                )
                yield SystemCommand(
                    f"Edit: {entry.flow.title}",
                    f"Change the script of {entry.id}",
                    partial(self.edit_flow, entry.id),
                    discover=False,
                )

    def on_unmount(self) -> None:
        if self._history is not None:
            self._history.close()


def run_app(start_flow: str | None = None, start_reset: int | None = None) -> int:
    """Start the app; a broken settings file is reported, not overwritten."""
    try:
        settings = settings_io.load()
    except settings_io.SettingsError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    CoachApp(settings, start_flow=start_flow, start_reset=start_reset).run()
    return 0
