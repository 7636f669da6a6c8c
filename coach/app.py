"""The Textual app: screens, global keys, command palette, themes."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from coach import paths, resets, runfile
from coach import settings as settings_io
from coach.flows.catalog import GentlePhrase, load_gentle_phrases
from coach.flows.library import (
    FlowEntry,
    default_catalog,
    discover,
    find,
    keep_last_valid,
    snapshot,
)
from coach.flows.model import Breathe, Flow
from coach.history import History, HistoryError, now
from coach.history.store import RunRecord
from coach.resets import ResetPause
from coach.screens.home import Home
from coach.settings import Settings
from coach.themes import THEMES

# Screens other than home are imported when first opened, so start-up stays quick.
if TYPE_CHECKING:
    from coach.flows.runner import RunState
    from coach.screens.note import Note


class CoachApp(App[None]):
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
        self._seen_flows = snapshot(paths.user_flows_dir())
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme  # before the first style pass, not after it

    def flow_entries(self) -> list[FlowEntry]:
        """Every flow; a user flow that broke on disk keeps its last valid version."""
        return keep_last_valid(discover(self.catalog), self._last_valid)

    def _watch_flows(self) -> None:
        """Hot reload: notice changed user flows and say what happened."""
        now_seen = snapshot(paths.user_flows_dir())
        if now_seen == self._seen_flows:
            return
        changed = {p for p in set(now_seen) | set(self._seen_flows)
                   if now_seen.get(p) != self._seen_flows.get(p)}  # fmt: skip
        self._seen_flows = now_seen
        entries = self.flow_entries()
        for entry in entries:
            if entry.path not in changed:
                continue
            if entry.broken is not None:
                first = entry.broken.first_error
                where = f" (line {first.line}: {first.message})" if first else ""
                self.notify(
                    f"{entry.path.name} has errors{where}; the last working version stays "
                    "in use.", severity="warning", timeout=10,
                )  # fmt: skip
            elif entry.ok:
                self.notify(f"{entry.path.name} changed and was reloaded.")
        if isinstance(self.screen, Home):
            self.show_home()

    @cached_property
    def phrases(self) -> tuple[GentlePhrase, ...]:
        """The gentle-phrasing list, read when a flow first needs it."""
        loaded = load_gentle_phrases(paths.catalog_file(paths.GENTLE_PHRASES_FILE))
        return loaded.value if loaded.ok else ()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Partner colours for themes that do not set their own."""
        return {"partner-a": "#5B8DB8", "partner-b": "#B8739A"}

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_interval(2.0, self._watch_flows)
        if not self.settings.has_names:
            from coach.screens.welcome import Welcome

            self.push_screen(Welcome())
            if self.initial_reset or resets.load() is not None:  # a pause first; names later
                seconds, self.initial_reset = self.initial_reset, None
                self.call_after_refresh(self.open_reset, seconds)
            return
        self.show_home()

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

    def history(self) -> History | None:
        """The open history; if it cannot be read, say so once and offer a fresh start."""
        if self._history is None and not self._history_failed:
            try:
                self._history = History()
            except HistoryError as exc:
                self._history_failed = True
                self.call_after_refresh(self._offer_fresh_history, str(exc))
        return self._history

    def _offer_fresh_history(self, problem: str) -> None:
        from coach.history.store import set_aside
        from coach.screens.dialogs import Ask

        def answer(choice: str | None) -> None:
            if choice == "fresh":
                kept = set_aside(paths.history_file())
                self._history_failed = False
                self.notify(f"The old history is kept at {kept}.", timeout=15)
                self.show_home()

        self.push_screen(
            Ask(
                "Your history cannot be read",
                problem.split(": ", 1)[-1].split(" coach can")[0]
                + "\n\nKeep the old file aside (nothing is deleted) and start a fresh "
                "history? Or quit, and look at it first.",
                [("fresh", "Start fresh"), ("later", "Not now")],
            ),
            answer,
        )

    def _offer_resume(self) -> None:
        if resets.load() is not None:
            self.open_reset()  # a pause in progress comes first
            return
        saved = runfile.load()
        entry = find(saved.flow_id, self.flow_entries()) if saved else None
        if saved is None or entry is None or entry.flow is None:
            return
        from coach.screens.dialogs import Ask

        def answer(choice: str | None) -> None:
            if choice == "resume":
                self._resume(saved)
            elif choice == "discard":
                runfile.clear()
                self.notify("The unfinished conversation was let go.")

        self.push_screen(
            Ask(
                "Pick up where you left off?",
                f"You have an unfinished {entry.flow.title}, last saved "
                f"{saved.saved_at[11:16] or 'earlier'}.",
                [("resume", "Resume"), ("later", "Not now"), ("discard", "Let it go")],
            ),
            answer,
        )

    def _resume(self, saved: runfile.SavedRun) -> None:
        from coach.flows.runner import RunError, RunState

        entry = find(saved.flow_id, self.flow_entries())
        if entry is None or entry.flow is None:
            return
        try:
            state = RunState.from_dict(saved.state)
            if state.step not in entry.flow.by_id:
                raise RunError("the flow has changed since")
        except RunError:
            self.notify(
                "That conversation's script has changed since, so it cannot be resumed.",
                severity="warning",
            )
            runfile.clear()
            return
        self._open_runner(entry.flow, state, saved.started_at)

    # -- running flows -------------------------------------------------------------------

    def start_flow(self, flow_id: str) -> None:
        entry = find(flow_id, self.flow_entries())
        if entry is None or entry.flow is None:
            self.notify(f"There is no valid flow called {flow_id}.", severity="error")
            return
        from coach.flows import runner

        state = runner.start(entry.flow)
        started = now()
        self._save_run(entry.flow.id, started, state)
        self._open_runner(entry.flow, state, started)

    def _open_runner(self, flow: Flow, state: RunState, started: str) -> None:
        from coach.screens.runner import RunnerScreen

        screen = RunnerScreen(
            flow,
            state,
            self.settings.names,
            self.phrases,
            save=partial(self._save_run, flow.id, started),
            finish=partial(self._finish_run, flow, started),
            bell=self.settings.bell,
            clock=self.clock,
        )
        self.push_screen(screen)

    def _save_run(self, flow_id: str, started: str, state: RunState) -> None:
        runfile.save(runfile.SavedRun(flow_id, started, state.to_dict(), saved_at=now()))

    def _finish_run(self, flow: Flow, started: str, state: RunState) -> None:
        from coach.screens.summary import Summary, summary_lines

        history = self.history()
        saved = False
        if history is not None:
            record = RunRecord(flow.id, flow.title, started, now(), state.recorded)
            try:
                history.add_run(record)
                saved = True
                runfile.clear()
            except Exception as exc:
                self.notify(f"Could not save to the history: {exc}", severity="error")
        lines = summary_lines(flow, state, self.settings.names, self.catalog)
        self.switch_screen(Summary(flow.title, lines, saved, done=self.show_home))

    # -- global actions ------------------------------------------------------------------

    def action_reset(self) -> None:
        from coach.screens.reset import ResetScreen

        if isinstance(self.screen, ResetScreen):
            self.screen.start_now()  # pressed again: no questions, start now
        else:
            self.open_reset()

    def open_reset(self, start_seconds: int | None = None) -> None:
        """The reset pause: a saved one resumes; otherwise prepare a new one."""
        from coach.screens.reset import ResetScreen

        options = {
            "names": self.settings.names,
            "history": self.history,
            "default_minutes": self.settings.reset_minutes,
            "breathe": Breathe(self.settings.breathe_in, self.settings.breathe_out),
            "bell": self.settings.bell,
            **({"clock": self.clock} if self.clock else {}),
            **({"wall": self.wall} if self.wall else {}),
        }
        saved = resets.load()
        if saved is None:
            self.push_screen(ResetScreen(start_seconds=start_seconds, **options), self._after_reset)
        elif saved.left(self.wall or time.time) > 0:
            self.push_screen(
                ResetScreen(pause=saved, phase="countdown", **options), self._after_reset
            )
        else:
            ended = datetime.fromtimestamp(saved.deadline_wall or 0).strftime("%H:%M")
            history = self.history()
            if history is not None and saved.history_id is not None:
                history.end_reset(saved.history_id, saved.total)
            resets.clear()
            note = f"Your pause ended at {ended}, while coach was closed."
            screen = ResetScreen(pause=saved, phase="ended", note=note, **options)
            self.push_screen(screen, self._after_reset)

    def _after_reset(self, _: object = None) -> None:
        """Back from a pause: a home screen underneath is refreshed (it may remind of it)."""
        if isinstance(self.screen, Home):
            self.show_home()

    def come_back(self, reset_id: int) -> None:
        """Open the guided restart for a pause nobody came back to yet."""
        from coach.screens.reset import ResetScreen

        pause = ResetPause("", 0, None, history_id=reset_id)
        self.push_screen(
            ResetScreen(
                names=self.settings.names, history=self.history, pause=pause, phase="restart"
            ),
            lambda _: self.show_home(),
        )

    def let_reset_rest(self, reset_id: int) -> None:
        history = self.history()
        if history is not None:
            history.dismiss_reset(reset_id)
        self.show_home()

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

    def action_note(self) -> None:
        from coach.screens.note import NoteDialog

        def saved(note: Note | None) -> None:
            history = self.history()
            if note is None or history is None:
                return
            history.add_note(note.felt_by, note.kind, note.words)
            self.notify("Noted. You can look back at it in your history.")

        self.push_screen(NoteDialog(self.settings.names, self.catalog), saved)

    def action_settings(self) -> None:
        from coach.screens.settings import SettingsScreen

        def saved(new: Settings | None) -> None:
            if new is not None:
                self.settings = new
                self.save_settings()
                self.theme = new.theme
                self.show_home()

        self.push_screen(SettingsScreen(self.settings), saved)

    def edit_flow(self, flow_id: str) -> None:
        """Open a flow in the editor; a bundled one is saved as your own copy."""
        from coach.flows.authoring import user_copy_path
        from coach.screens.editor import EditorScreen

        entry = find(flow_id, self.flow_entries())
        if entry is None:
            return
        path = entry.path
        text = path.read_text(encoding="utf-8")
        target = user_copy_path(entry.id) if entry.origin == "bundled" else path
        self.push_screen(EditorScreen(path, text, self.catalog, saved_to=target),
                         lambda _: self._after_reset())  # fmt: skip

    def new_flow(self) -> None:
        from coach.flows.authoring import AuthoringError, new_flow

        name = "our-flow"
        n = 1
        while (paths.user_flows_dir() / f"{name}.toml").exists():
            n += 1
            name = f"our-flow-{n}"
        try:
            path = new_flow(name)
        except AuthoringError as exc:
            self.notify(str(exc), severity="error")
            return
        self._seen_flows = snapshot(paths.user_flows_dir())
        self.notify(f"Created {path.name}: change its id and title to make it yours.")
        self.edit_flow(name)

    def action_history(self) -> None:
        from coach.screens.history import HistoryScreen

        history = self.history()
        if history is not None and not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(history, self.catalog, self.settings.names))

    def action_patterns(self) -> None:
        from coach.history.patterns import Thresholds
        from coach.screens.patterns import PatternsScreen

        if isinstance(self.screen, PatternsScreen) or self.history() is None:
            return
        s = self.settings
        thresholds = Thresholds(
            s.help_min_notes, s.help_repair_rate, s.help_unrevisited_resets, s.help_rising_weeks
        )
        self.push_screen(PatternsScreen(self.catalog, s.names, thresholds))

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
