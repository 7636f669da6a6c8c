"""The Textual app: a thin router. Global keys, the palette, themes, and screen changes in
answer to the messages screens post. What coach *does* lives in ``coach.session``."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from coach import paths
from coach import settings as settings_io
from coach.session import Session
from coach.settings import Settings
from coach.tui import messages as M
from coach.tui.routes.care import CareRoutes
from coach.tui.routes.conversations import ConversationRoutes, open_runner
from coach.tui.routes.leaving import LeavingRoutes
from coach.tui.routes.pause import PauseRoutes
from coach.tui.screens.home import Home
from coach.tui.text import literal
from coach.tui.themes import THEMES

if TYPE_CHECKING:
    from coach.flows.watch import FlowWatcher
    from coach.pause import Clock, Wall


class CoachApp(App[int]):
    """coach: short guided conversations for two people at one keyboard."""

    TITLE = "coach"
    # Home's own stylesheet too: read with the app's, it costs no second parse of all the
    # CSS when home is pushed (Textual skips a screen's CSS_PATH it has read already).
    CSS_PATH = [paths.style("app.tcss"), paths.style("home.tcss")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    BINDINGS = [
        Binding("ctrl+r", "reset", "Reset", priority=True, id="reset"),
        Binding("r", "reset", "Reset", show=False, id="reset-plain"),
        Binding("f1", "help", "Help", priority=True, id="help"),
        Binding("question_mark", "help", "Help", show=False, id="help-plain"),
        Binding("ctrl+q", "request_quit", "Quit", priority=True, id="quit"),
        # tmux takes ctrl+b, screen ctrl+a, zellij ctrl+g/o/p/t/n/h/s: ctrl+f is left alone
        Binding("ctrl+f", "cover", "Cover", priority=True, id="cover"),
        Binding("ctrl+b", "cover", "Cover", show=False, priority=True, id="cover-alias"),
    ]

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        start_flow: str | None = None,
        start_reset: int | None = None,
        clock: Clock | None = None,
        wall: Wall | None = None,
        warnings: list[str] | None = None,
        watch_flows: bool = False,
        cache_flows: bool = False,
    ) -> None:
        """``watch_flows`` watches the flow folder for changes made outside coach;
        ``cache_flows`` keeps the validated bundled flows for the next start (the command
        sets both; tests choose)."""
        super().__init__()
        self.warnings = warnings or []
        self.session = Session(
            settings if settings is not None else settings_io.load(),
            clock=clock or time.monotonic,
            wall=wall or time.time,
            flow_cache=paths.flow_cache_file() if cache_flows else None,
        )
        self.initial_flow = start_flow
        self.initial_reset = start_reset
        self.home = Home()
        self.conversations = ConversationRoutes(self, self.session, self.refresh_home)
        self.pauses = PauseRoutes(self, self.session, self.refresh_home, self._quiet)
        self.care = CareRoutes(self, self.session, self.refresh_home, self.conversations)
        self.leaving = LeavingRoutes(self, self.session, self.refresh_home)
        self._watch = watch_flows
        self._watcher: FlowWatcher | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self._theme_in_css = False
        chosen = self.session.settings.theme
        if chosen != self.theme:
            self.theme = chosen  # this asks for the whole CSS to be parsed again, later...
            # ...but the stylesheet has parsed nothing yet: give it the theme's colours now,
            # and the first parse is the right one (see refresh_css).
            self.stylesheet.set_variables(self.get_css_variables())
            self._theme_in_css = True

    @property
    def settings(self) -> Settings:
        return self.session.settings

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Partner colours for themes that do not set their own."""
        return {"partner-a": "#5B8DB8", "partner-b": "#B8739A"}

    # -- start-up ------------------------------------------------------------------------

    def refresh_css(self, animate: bool = True) -> None:
        """Parse and apply the CSS again; not for the theme set in ``__init__``, whose
        colours the stylesheet had before its first parse."""
        if self._theme_in_css:
            self._theme_in_css = False
            return
        super().refresh_css(animate)

    def on_mount(self) -> None:
        self._theme_in_css = False  # from here on, a theme change is a change
        self.call_after_refresh(self._collect_again)
        self.call_after_refresh(self._start_watching)
        for warning in self.warnings:
            self.notify(warning, title="Settings", severity="warning", timeout=15, markup=False)
        if self.settings.has_names:
            self.refresh_home(with_tend=False)  # the flow list is in the first frame
        self.push_screen(self.home)
        if not self.settings.has_names:
            from coach.tui.screens.welcome import Welcome

            self.push_screen(Welcome())
            wanted = self.initial_reset is not None or paths.pause_file().exists()
            if wanted:  # a pause first; names later
                self.call_after_refresh(self._first_pause)
            return
        self.call_after_refresh(self._first_things)

    @staticmethod
    def _collect_again() -> None:
        """The command turns garbage collection off for the start-up: on again, once the
        first frame is up, with what start-up made set aside (it lives as long as the app)."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()

    def _first_pause(self) -> None:
        seconds, self.initial_reset = self.initial_reset, None
        self.pauses.restore()
        self.pauses.open(seconds or None)

    def _first_things(self) -> None:
        """What happens once home is up: a pause in progress, a command's request, a resume."""
        self.refresh_home()  # now with what needs counting: notes to mend, promises
        self.pauses.restore()
        if self.initial_reset is not None:  # `coach reset` (seconds), or `coach run reset` (0)
            seconds, self.initial_reset = self.initial_reset, None
            self.pauses.open(seconds or None)
        elif self.session.pause is not None:
            self.pauses.open()
        elif self.initial_flow:
            flow_id, self.initial_flow = self.initial_flow, None
            self.conversations.start(flow_id)
        else:
            self.conversations.offer_resume()
        if self.session.history_error is not None:
            self.care.offer_fresh_history()

    def refresh_home(self, *, with_tend: bool = True) -> None:
        """Home shows the flows, the last conversation and paused talks: give it fresh data."""
        pause = self.session.pause
        self.home.data = self.session.home(with_tend=with_tend)
        self.home.pause = pause if pause is not None and not pause.done else None

    # -- flows changed outside coach -----------------------------------------------------

    def _start_watching(self) -> None:
        if not self._watch or self.return_code is not None:  # not when already leaving
            return
        from coach.flows.watch import FlowWatcher

        folder = paths.user_flows_dir()
        self._watcher = FlowWatcher([folder], self._changed_outside).start()
        pause = self.session.pause
        self._quiet(pause is not None and not pause.done)

    def _changed_outside(self, _: object) -> None:
        """From the watching thread: hand over to the UI thread (posting is thread-safe)."""
        self.post_message(M.FlowsChanged())

    def _quiet(self, counting: bool) -> None:
        """While a pause counts nothing else should wake up: changes wait until it ends."""
        if self._watcher is not None:
            (self._watcher.sleep if counting else self._watcher.wake)()

    @on(M.FlowsChanged)
    def _watch_flows(self) -> None:
        """Hot reload: notice changed user flows and say what happened. (What coach wrote
        itself was read already, so the session sees no change in it.)"""
        changed = self.session.changed_flows()
        if changed:
            self.conversations.tell(self.session.reload_flows(changed))
            self.refresh_home()

    # -- routing: each message to the routes that answer it ------------------------------

    @on(M.StartFlow)
    def _on_start_flow(self, message: M.StartFlow) -> None:
        self.conversations.start(message.flow_id)

    @on(M.ConversationOver)
    def _on_conversation_over(self, message: M.ConversationOver) -> None:
        self.conversations.over(message.conversation)

    @on(M.EditFlow)
    def _on_edit_flow(self, message: M.EditFlow) -> None:
        self.conversations.edit(message.flow_id, message.path)

    @on(M.FlowsSaved)
    def _on_flows_saved(self) -> None:
        self.session.flows_written()
        self.refresh_home()

    @on(M.TryFlow)
    def _on_try_flow(self, message: M.TryFlow) -> None:
        self.conversations.try_flow(message.flow)

    @on(M.OpenPause)
    def _on_open_pause(self) -> None:
        self.pauses.open()

    @on(M.BeginPause)
    def _on_begin_pause(self, m: M.BeginPause) -> None:
        self.pauses.begin(m.seconds, m.topic, m.come_back_at, m.origin)

    @on(M.FlowPause)
    def _on_flow_pause(self, m: M.FlowPause) -> None:
        self.pauses.flow_step(m.conversation, m.seconds, m.breathe)

    @on(M.PauseChanged)
    def _on_pause_changed(self) -> None:
        self.pauses.changed()

    @on(M.PauseDue)
    def _on_pause_due(self) -> None:
        self.pauses.due()

    @on(M.ComeBack)
    def _on_come_back(self, message: M.ComeBack) -> None:
        self.pauses.come_back(message.reset_id, message.topic)

    @on(M.CameBack)
    def _on_came_back(self, message: M.CameBack) -> None:
        self.pauses.came_back(message.reset_id)

    @on(M.AddToCalendar)
    def _on_add_to_calendar(self, message: M.AddToCalendar) -> None:
        self.pauses.add_to_calendar(message.talk)

    @on(M.LetRest)
    def _on_let_rest(self, message: M.LetRest) -> None:
        self.pauses.let_rest(message.reset_id)

    @on(M.Tend)
    def _on_tend(self, message: M.Tend) -> None:
        self.care.tend(message.item)

    @on(M.GoHome)
    def _on_go_home(self) -> None:
        """Back towards home; a screen holding unsaved work stays (it is not lost)."""
        while self.screen is not self.home and len(self.screen_stack) > 1:
            ask = getattr(self.screen, "unsaved_work", None)
            if callable(ask) and ask():
                break
            self.pop_screen()

    # -- keys and the palette -------------------------------------------------------------

    def start_flow(self, flow_id: str) -> None:
        self.conversations.start(flow_id)

    def open_pause(self, start_seconds: int | None = None) -> None:
        self.pauses.open(start_seconds)

    def action_reset(self) -> None:
        self.pauses.reset_key()

    def action_note(self) -> None:
        self.care.note()

    def action_history(self) -> None:
        self.care.history()

    def action_patterns(self) -> None:
        self.care.patterns()

    def action_draw_card(self) -> None:
        from coach.tui.screens.card import CardDialog

        if not isinstance(self.screen, CardDialog):
            self.push_screen(CardDialog(self.session.cards()))

    # -- settings, first run, help, cover, quit ------------------------------------------

    @on(M.NamesGiven)
    def _on_names_given(self, message: M.NamesGiven) -> None:
        if problem := self.session.set_names(message.a, message.b):
            self.notify(problem, severity="error", markup=False)
        self.pop_screen()
        self.refresh_home()
        self._first_things()

    def action_settings(self) -> None:
        from coach.tui.screens.settings import SettingsScreen

        def chosen(new: Settings | None) -> None:
            if new is None:
                return
            if problem := self.session.update_settings(new):
                self.notify(problem, severity="error", markup=False)
            self.theme = new.theme
            self.refresh_home()

        self.push_screen(SettingsScreen(self.settings), chosen)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen anywhere (the palette too) is kept for next time."""
        if not self.is_running or not self.screen_stack:
            return
        from coach.tui.screens.settings import SettingsScreen

        if isinstance(self.screen, SettingsScreen):
            return  # a preview while choosing: kept only if the settings are saved
        if theme == self.settings.theme or theme not in settings_io.THEMES:
            return
        if problem := self.session.update_settings(replace(self.settings, theme=theme)):
            self.notify(problem, severity="error", markup=False)

    def action_help(self) -> None:
        from coach.tui.screens.dialogs import Help

        if not isinstance(self.screen, Help):
            self.push_screen(Help(self.settings.help_lines))

    def action_cover(self) -> None:
        from coach.tui.screens.dialogs import Cover

        if isinstance(self.screen, Cover):
            self.screen.dismiss()
        else:
            self.push_screen(Cover())

    def action_request_quit(self) -> None:
        self.leaving.quit()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        command: Callable[[], object]
        for title, help_text, command in (
            ("Reset pause", "A calming pause, now", self.open_pause),
            ("Note a small hurt", "Who felt hurt, what kind", self.action_note),
            ("Draw a card", "One question to talk about", self.action_draw_card),
            ("Settings", "Names, reset length, theme, bell", self.action_settings),
            ("History", "Everything you noted, to browse", self.action_history),
            ("New flow", "Write a conversation of your own", self.conversations.new),
            ("Patterns", "What your notes show over time", self.action_patterns),
            ("Help", "Keys, privacy, and where to find help", self.action_help),
        ):
            yield SystemCommand(title, help_text, command)
        for entry in self.session.flows():
            if entry.flow is not None:
                title, summary = literal(entry.flow.title), literal(entry.flow.summary)
                yield SystemCommand(f"Start: {title}", summary, partial(self.start_flow, entry.id))
                yield SystemCommand(
                    f"Edit: {title}", f"Change the script of {entry.id}",
                    partial(self.conversations.edit, entry.id), discover=False,
                )  # fmt: skip

    def on_unmount(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        runner = open_runner(self)
        if runner is not None:
            runner.conversation.close()
        self.session.close()


def run_app(start_flow: str | None = None, start_reset: int | None = None) -> int:
    """Start the app; a broken settings file is reported, not overwritten."""
    try:
        settings, warnings = settings_io.load_with_warnings()
    except settings_io.SettingsError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    app = CoachApp(
        settings, start_flow=start_flow, start_reset=start_reset, warnings=warnings,
        watch_flows=True, cache_flows=True,
    )  # fmt: skip
    try:
        app.run()
    finally:
        gc.enable()  # if the app ended before its first frame
    return app.return_code or 0
