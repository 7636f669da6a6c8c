"""The Textual app: a thin router. Global keys, the palette, themes, and screen changes in
answer to the messages screens post. What coach *does* lives in ``coach.session``."""

from __future__ import annotations

import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from coach import paths
from coach import settings as settings_io
from coach.conversation import Conversation
from coach.flows.model import Breathe
from coach.pause import Clock, Pause, Wall
from coach.runlog import ConversationError
from coach.session import Notice, Session
from coach.settings import Settings
from coach.tui import messages as M
from coach.tui.screens.home import Home
from coach.tui.text import literal
from coach.tui.themes import THEMES

if TYPE_CHECKING:
    from coach.history.care import OpenNote, Promise
    from coach.tui.screens.runner import RunnerScreen

WATCH_SECONDS = 2.0


class CoachApp(App[int]):
    """coach: short guided conversations for two people at one keyboard."""

    TITLE = "coach"
    CSS_PATH = [str(paths.styles_dir() / "app.tcss")]
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
    ) -> None:
        super().__init__()
        self.warnings = warnings or []
        self.session = Session(
            settings if settings is not None else settings_io.load(),
            clock=clock or time.monotonic,
            wall=wall or time.time,
        )
        self.initial_flow = start_flow
        self.initial_reset = start_reset
        self.home = Home()
        self._watcher: Timer | None = None
        self._pause_timer: Timer | None = None
        self._resume_offered = False
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.session.settings.theme  # before the first style pass, not after it

    @property
    def settings(self) -> Settings:
        return self.session.settings

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Partner colours for themes that do not set their own."""
        return {"partner-a": "#5B8DB8", "partner-b": "#B8739A"}

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
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

    def _first_pause(self) -> None:
        seconds, self.initial_reset = self.initial_reset, None
        self._restore_pause()
        self.open_pause(seconds or None)

    def _first_things(self) -> None:
        """What happens once home is up: a pause in progress, a command's request, a resume."""
        self.refresh_home()  # now with what needs counting: notes to mend, promises
        self._restore_pause()
        if self.initial_reset is not None:  # `coach reset` (seconds), or `coach run reset` (0)
            seconds, self.initial_reset = self.initial_reset, None
            self.open_pause(seconds or None)
        elif self.session.pause is not None:
            self.open_pause()
        elif self.initial_flow:
            flow_id, self.initial_flow = self.initial_flow, None
            self.start_flow(flow_id)
        else:
            self._offer_resume()
        if self.session.history_error is not None:
            self._offer_fresh_history()

    def _start_watching(self) -> None:
        self._watcher = self.set_interval(WATCH_SECONDS, self._watch_flows)
        if self.session.pause is not None and not self.session.pause.done:
            self._watcher.pause()

    def _watch_flows(self) -> None:
        """Hot reload: notice changed user flows and say what happened."""
        changed = self.session.changed_flows()
        if changed:
            self._tell(self.session.reload_flows(changed))
            self.refresh_home()

    def _tell(self, notices: Iterable[Notice]) -> None:
        for n in notices:
            self.notify(n.text, severity="warning" if n.warning else "information",
                        timeout=10 if n.warning else 5, markup=False)  # fmt: skip

    def refresh_home(self, *, with_tend: bool = True) -> None:
        """Home shows the flows, the last conversation and paused talks: give it fresh data."""
        pause = self.session.pause
        self.home.data = self.session.home(with_tend=with_tend)
        self.home.pause = pause if pause is not None and not pause.done else None

    # -- conversations -------------------------------------------------------------------

    @on(M.StartFlow)
    def _on_start_flow(self, message: M.StartFlow) -> None:
        self.start_flow(message.flow_id)

    def start_flow(self, flow_id: str) -> None:
        """Begin a conversation; one already under way is kept for later, after asking."""
        open_one = self._open_runner()
        if open_one is not None and not open_one.conversation.preview:
            from coach.tui.screens.dialogs import Ask

            def answer(choice: str | None) -> None:
                if choice == "keep":
                    open_one.conversation.close()
                    while self.screen is not open_one:
                        self.pop_screen()
                    self.pop_screen()
                    self.start_flow(flow_id)

            title = open_one.conversation.flow.title
            self.push_screen(
                Ask(f"You are in the middle of {title}",
                    f"Keep {title} for later (coach offers it again next time) and begin "
                    "the other one?",
                    [("keep", "Keep it for later and begin"), ("stay", "Stay here")]),
                answer,
            )  # fmt: skip
            return
        try:
            conversation = self.session.start(flow_id)
        except ConversationError as exc:
            self.notify(f"That conversation cannot begin: {exc}.", severity="error", markup=False)
            return
        self.push_screen(self._runner(conversation))

    def _runner(self, conversation: Conversation) -> RunnerScreen:
        from coach.tui.screens.runner import RunnerScreen

        return RunnerScreen(conversation, self.settings.names, self.session.phrases)

    def _open_runner(self) -> RunnerScreen | None:
        from coach.tui.screens.runner import RunnerScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, RunnerScreen) and not screen.conversation.state.finished:
                return screen
        return None

    def _offer_resume(self) -> None:
        if self._resume_offered:
            return
        saved, problems = self.session.unfinished()
        self._tell(problems)
        free = [s for s in saved if not s.busy]
        if len(free) < len(saved):
            self.notify("A conversation is open in another coach window; it stays there.")
        if not free:
            return
        newest = free[0]
        entry = self.session.entry(newest.flow_id)
        if entry is None or entry.flow is None:
            return
        from coach.dates import parse
        from coach.tui.screens.dialogs import Ask

        def answer(choice: str | None) -> None:
            self._resume_offered = True
            if choice == "resume":
                try:
                    conversation = self.session.resume(newest)
                except ConversationError as exc:
                    self.notify(f"It cannot be picked up: {exc}.", severity="warning",
                                markup=False)  # fmt: skip
                    return
                self.push_screen(self._runner(conversation))
            elif choice == "discard":
                from coach.runlog import let_go

                let_go(newest)
                self.notify("The unfinished conversation was let go.")

        when = parse(newest.saved_at)
        more = f" (and {len(free) - 1} more)" if len(free) > 1 else ""
        self.push_screen(
            Ask(
                "Pick up where you left off?",
                f"You have an unfinished {entry.flow.title}{more}, last saved "
                f"{when.strftime('%a %H:%M') if when else 'earlier'}.",
                [("resume", "Resume"), ("later", "Not now"), ("discard", "Let it go")],
            ),
            answer,
        )

    @on(M.ConversationOver)
    def _on_conversation_over(self, message: M.ConversationOver) -> None:
        from coach.flows.summary import summary_lines
        from coach.tui.screens.summary import Summary

        conversation = message.conversation
        finished = self.session.finish(conversation)
        if conversation.preview:  # from the editor
            self.pop_screen()
            self.notify("That was a preview: nothing was kept in your history.")
            return
        if finished.problem:
            self.notify(finished.problem, severity="error", markup=False)
        lines = summary_lines(finished.said, self.settings.names)
        self.switch_screen(Summary(conversation.flow.title, lines, finished.saved))
        self.refresh_home()

    @on(M.GoHome)
    def _on_go_home(self) -> None:
        """Back towards home; a screen holding unsaved work stays (it is not lost)."""
        while self.screen is not self.home and len(self.screen_stack) > 1:
            ask = getattr(self.screen, "unsaved_work", None)
            if callable(ask) and ask():
                break
            self.pop_screen()

    # -- editing flows -------------------------------------------------------------------

    @on(M.EditFlow)
    def _on_edit_flow(self, message: M.EditFlow) -> None:
        self.edit_flow(message.flow_id, message.path)

    def edit_flow(self, flow_id: str, path: Path | None = None) -> None:
        """Open a flow in the editor; a bundled one is saved as your own copy."""
        from coach.flows.authoring import user_copy_path
        from coach.tui.screens.editor import EditorScreen

        entry = next((e for e in self.session.flows() if e.path == path), None) if path else None
        entry = entry or self.session.entry(flow_id)
        if entry is None:
            return
        try:
            text = entry.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.notify(f"{entry.path} cannot be opened: {exc}", severity="error", markup=False)
            return
        target = user_copy_path(entry.id) if entry.origin == "bundled" else entry.path
        self.push_screen(EditorScreen(entry.path, text, self.session.catalog, saved_to=target))

    def new_flow(self) -> None:
        from coach.flows.authoring import AuthoringError, new_flow

        name, n = "our-flow", 1
        while (paths.user_flows_dir() / f"{name}.toml").exists():
            n += 1
            name = f"our-flow-{n}"
        try:
            path = new_flow(name)
        except (AuthoringError, OSError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.session.flows_written()
        self.notify(f"Created {path.name}: change its id and title to make it yours.", markup=False)
        self.edit_flow(name)

    @on(M.FlowsSaved)
    def _on_flows_saved(self) -> None:
        self.session.flows_written()
        self.refresh_home()

    @on(M.TryFlow)
    def _on_try_flow(self, message: M.TryFlow) -> None:
        from coach.cards import CardDrawer
        from coach.conversation import Wording

        cards = CardDrawer(self.session.cards().decks)  # a preview keeps no draws
        wording = Wording(self.settings.names, self.session.catalog, cards)
        preview = Conversation.begin(message.flow, wording, preview=True)
        self.push_screen(self._runner(preview))

    # -- the reset pause -----------------------------------------------------------------

    def action_reset(self) -> None:
        from coach.tui.screens.pause import PauseScreen

        if isinstance(self.screen, PauseScreen):
            self.screen.start_now()  # pressed again: no questions, start now
        else:
            self.open_pause()

    def _restore_pause(self) -> None:
        notice = self.session.restore_pause()
        if notice is not None:
            self._tell([notice])

    def open_pause(self, start_seconds: int | None = None) -> None:
        """The pause: one in progress (or just over) is shown; otherwise one is set up."""
        from coach.tui.screens.pause import PauseScreen

        pause = self.session.pause
        runner = self._open_runner()
        in_flow = pause is not None and runner is not None and runner.flow_pause is pause
        if pause is not None and pause.ended:
            self.session.pause = None  # shown once more, then it is history
        self.push_screen(
            PauseScreen(
                pause,
                names=self.settings.names,
                default_minutes=self.settings.reset_minutes,
                breathe=self._breathe(),
                start_seconds=start_seconds,
                in_flow=in_flow,
            ),
            self._after_flow_pause(runner) if in_flow else self._back_from_pause,
        )
        self._schedule_pause_end()

    def _after_flow_pause(
        self, runner: RunnerScreen | None
    ) -> Callable[[str | None], Awaitable[None]]:
        async def back(outcome: str | None) -> None:
            self.refresh_home()
            if outcome == "continue" and runner is not None:
                await runner.continue_after_pause()

        return back

    def _breathe(self) -> Breathe:
        return Breathe(self.settings.breathe_in, self.settings.breathe_out)

    def _back_from_pause(self, _: object = None) -> None:
        self.refresh_home()

    @on(M.OpenPause)
    def _on_open_pause(self) -> None:
        self.open_pause()

    @on(M.BeginPause)
    def _on_begin_pause(self, message: M.BeginPause) -> None:
        from coach.tui.screens.pause import PauseScreen

        screen = self.screen
        if not isinstance(screen, PauseScreen):
            return
        if screen.pause is not None and screen.pause.saved is None:  # more time in a preview
            pause = self._preview_pause(message.seconds, message.topic)
        else:
            pause = self.session.begin_pause(
                message.seconds, topic=message.topic, come_back_at=message.come_back_at,
                origin=message.origin,
            )  # fmt: skip
        screen.pause = pause
        screen.stage = "counting"
        self._schedule_pause_end()
        if pause.problem:
            self.notify(pause.problem, severity="warning", timeout=15, markup=False)

    @staticmethod
    def _preview_pause(seconds: int, topic: str) -> Pause:
        """A pause for a preview: sixty times faster, nothing kept."""
        from coach.tui.screens.editor import fast_clock

        return Pause.begin(seconds, topic=topic, clock=fast_clock())

    @on(M.FlowPause)
    def _on_flow_pause(self, message: M.FlowPause) -> None:
        from coach.tui.screens.pause import PauseScreen

        conversation = message.conversation
        flow = conversation.flow
        seconds = message.seconds or self.settings.reset_minutes * 60
        if not conversation.preview:
            pause = self.session.begin_pause(seconds, topic=flow.title, origin=flow.id)
        else:
            pause = self._preview_pause(seconds, flow.title)
        runner = self._open_runner()
        if runner is not None:
            runner.flow_pause = pause
        self.push_screen(
            PauseScreen(pause, names=self.settings.names, in_flow=True,
                        breathe=message.breathe or self._breathe()),
            self._after_flow_pause(runner),
        )  # fmt: skip
        self._schedule_pause_end()

    @on(M.PauseChanged)
    def _on_pause_changed(self) -> None:
        if self.session.pause is not None and self.session.pause.ended:
            self.session.pause = None  # ended early, on its own screen: now it is history
        self._schedule_pause_end()

    def _schedule_pause_end(self) -> None:
        """A timer for the pause's end, so it is noticed on any screen."""
        if self._pause_timer is not None:
            self._pause_timer.stop()
            self._pause_timer = None
        pause = self.session.pause
        if self._watcher is not None:
            if pause is not None and not pause.done:
                self._watcher.pause()
            else:
                self._watcher.resume()
        if pause is not None and not pause.done and not pause.held:
            self._pause_timer = self.set_timer(pause.left() + 0.01, self._pause_due)

    @on(M.PauseDue)
    def _pause_due(self) -> None:
        from coach.tui.screens.pause import PauseScreen

        screen = self.screen
        pause = screen.pause if isinstance(screen, PauseScreen) else self.session.pause
        if pause is None or not pause.expire():
            return
        if self.settings.bell:
            self.bell()
        if isinstance(screen, PauseScreen) and screen.pause is pause:
            screen.stage = "after"
            if self.session.pause is pause:
                self.session.pause = None  # shown as over: now it is history
        else:
            self.open_pause()
        self._schedule_pause_end()
        self.refresh_home()

    @on(M.ComeBack)
    def _on_come_back(self, message: M.ComeBack) -> None:
        from coach.tui.screens.pause import PauseScreen

        self.push_screen(
            PauseScreen(None, names=self.settings.names, stage="restart",
                        reset_id=message.reset_id, topic=message.topic),
            self._back_from_pause,
        )  # fmt: skip

    @on(M.CameBack)
    def _on_came_back(self, message: M.CameBack) -> None:
        self.session.came_back(message.reset_id)
        self.refresh_home()

    @on(M.Tend)
    def _on_tend(self, message: M.Tend) -> None:
        """A note to mend, a promise, or the word about support: ask what to do with it."""
        from coach.history.care import OpenNote, Promise
        from coach.tui.screens.dialogs import Ask
        from coach.tui.screens.home import HelpWord

        item, names = message.item, self.settings.names
        if isinstance(item, HelpWord):
            body = (
                f"{item.text}\n\nA summary of your notes can be prepared to bring along; it is "
                "written on this computer only."
            )
            buttons = [("summary", "Prepare a summary"), ("patterns", "See the patterns"),
                       ("aside", "Not now")]  # fmt: skip
            self.push_screen(Ask("A word about getting support", body, buttons),
                             lambda choice: self._help_chosen(choice))  # fmt: skip
        elif isinstance(item, OpenNote):
            kind = self.session.catalog.name_of(item.kind)
            words = f"\n“{item.words}”" if item.words else ""
            body = f"{names.get(item.felt_by, '')} felt hurt: {kind}.{words}"
            buttons = [("mend", "Mend it now"), ("later", "Not ready yet"), ("stay", "Leave it")]
            self.push_screen(Ask("Mend this small hurt?", body, buttons),
                             lambda choice: self._note_chosen(item, choice))  # fmt: skip
        elif isinstance(item, Promise):
            title = f"{names.get(item.who, '')}'s promise"
            buttons = [("done", "It's done"), ("not-yet", "Not yet")]
            self.push_screen(Ask(title, item.words, buttons),
                             lambda choice: self._promise_chosen(item, choice))  # fmt: skip

    def _help_chosen(self, choice: str | None) -> None:
        if choice == "summary":
            path = self.session.summary_for_therapist()
            if path is not None:
                self.notify(f"Written to {path} (readable only by you).", timeout=20,
                            markup=False)  # fmt: skip
        elif choice == "patterns":
            self.action_patterns()
        elif choice == "aside":
            self.session.set_help_aside()
            self.refresh_home()

    def _note_chosen(self, note: OpenNote, choice: str | None) -> None:
        if choice == "mend":
            try:
                conversation = self.session.mend(note)
            except ConversationError as exc:
                self.notify(f"It cannot begin: {exc}.", severity="error", markup=False)
                return
            self.push_screen(self._runner(conversation))
        elif choice == "later":
            self.session.tend_later(note)
            self.notify("It will be back on this list tomorrow. There's no hurry.")
            self.refresh_home()

    def _promise_chosen(self, promise: Promise, choice: str | None) -> None:
        if choice == "done":
            self.session.tend_later(promise)
            self.notify("Kept. That is how trust grows.")
            self.refresh_home()

    @on(M.LetRest)
    def _on_let_rest(self, message: M.LetRest) -> None:
        self.session.let_rest(message.reset_id)
        self.refresh_home()

    # -- notes, history, patterns --------------------------------------------------------

    def action_note(self) -> None:
        from coach.tui.screens.note import Note, NoteDialog

        def saved(note: Note | None) -> None:
            if note is None:
                return
            if problem := self.session.add_note(note.felt_by, note.kind, note.words):
                self.notify(problem, severity="error", markup=False)
            else:
                self.notify("Noted. You can look back at it in your history.")
            self.refresh_home()

        self.push_screen(NoteDialog(self.settings.names, self.session.catalog), saved)

    def action_draw_card(self) -> None:
        from coach.tui.screens.card import CardDialog

        if not isinstance(self.screen, CardDialog):
            self.push_screen(CardDialog(self.session.cards()))

    def action_history(self) -> None:
        from coach.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen) and self.session.store() is not None:
            self.push_screen(
                HistoryScreen(self.session.catalog, self.settings.names), self._back_from_pause
            )

    def action_patterns(self) -> None:
        from coach.history.patterns import Thresholds
        from coach.tui.screens.patterns import PatternsScreen

        if isinstance(self.screen, PatternsScreen) or self.session.store() is None:
            return
        s = self.settings
        thresholds = Thresholds(
            s.help_min_notes, s.help_repair_rate, s.help_unrevisited_resets, s.help_rising_weeks
        )
        self.push_screen(PatternsScreen(self.session.catalog, s.names, thresholds))

    def _offer_fresh_history(self) -> None:
        """The history cannot be used: say why; a damaged one can be set aside."""
        from coach.tui.screens.dialogs import Ask

        error = self.session.history_error
        if error is None:
            return
        if not error.damaged:
            self.notify(str(error), title="Your history", severity="error", timeout=30,
                        markup=False)  # fmt: skip
            return

        def answer(choice: str | None) -> None:
            if choice == "fresh":
                kept = self.session.fresh_history()
                self.notify(f"The old history is kept at {kept}.", timeout=15, markup=False)
                self.refresh_home()

        self.push_screen(
            Ask(
                "Your history cannot be read",
                f"{error.path}: {error.reason}.\n\nKeep the old file aside (nothing is "
                "deleted) and start a fresh history? Or quit, and look at it first.",
                [("fresh", "Start fresh"), ("later", "Not now")],
            ),
            answer,
        )

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
        from coach.tui.screens.settings import SettingsScreen

        if not self.is_running or not self.screen_stack:
            return
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

    def unsaved_work(self) -> list[str]:
        """Words or changes on any open screen that quitting would lose."""
        found = []
        for screen in self.screen_stack:
            ask = getattr(screen, "unsaved_work", None)
            if callable(ask) and (what := ask()):
                found.append(str(what))
        return found

    def action_request_quit(self) -> None:
        """Quit, after asking if a conversation is under way or something is unsaved."""
        from coach.tui.screens.dialogs import Ask

        unsaved = self.unsaved_work()
        lost = f" Also not saved yet: {', '.join(unsaved)}." if unsaved else ""
        unfinished = self._open_runner()
        if unfinished is None or unfinished.conversation.preview:
            if not unsaved:
                self.exit(0)
                return
            self.push_screen(
                Ask("Quit without saving?", f"Not saved yet: {', '.join(unsaved)}.",
                    [("stay", "Stay"), ("quit", "Quit anyway")]),
                lambda choice: self.exit(0) if choice == "quit" else None,
            )  # fmt: skip
            return
        conversation = unfinished.conversation

        def answer(choice: str | None) -> None:
            if choice == "keep":
                unfinished.keep_draft_now()
            if choice == "discard":
                conversation.discard()
            if choice in ("keep", "discard"):
                self.exit(0)

        self.push_screen(
            Ask(
                f"Leave {conversation.flow.title} now?",
                "What you have said so far is kept, and coach will offer to pick it up "
                f"next time. Or you can let it go.{lost}",
                [("stay", "Stay"), ("keep", "Quit, keep it"), ("discard", "Quit, let it go")],
            ),
            answer,
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        command: Callable[[], object]
        for title, help_text, command in (
            ("Reset pause", "A calming pause, now", self.open_pause),
            ("Note a small hurt", "Who felt hurt, what kind", self.action_note),
            ("Draw a card", "One question to talk about", self.action_draw_card),
            ("Settings", "Names, reset length, theme, bell", self.action_settings),
            ("History", "Everything you noted, to browse", self.action_history),
            ("New flow", "Write a conversation of your own", self.new_flow),
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
                    partial(self.edit_flow, entry.id), discover=False,
                )  # fmt: skip

    def on_unmount(self) -> None:
        runner = self._open_runner()
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
    app = CoachApp(settings, start_flow=start_flow, start_reset=start_reset, warnings=warnings)
    app.run()
    return app.return_code or 0
