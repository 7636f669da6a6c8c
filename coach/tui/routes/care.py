"""Care: small hurts noted and mended, promises kept, history, patterns, and support."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from coach.history.care import OpenNote, Promise
from coach.session import Session
from coach.tui.routes import Routes
from coach.tui.routes.conversations import ConversationRoutes


class CareRoutes(Routes):
    """Notes, what home asks to tend, history and patterns."""

    def __init__(
        self,
        app: App[int],
        session: Session,
        refresh_home: Callable[[], None],
        conversations: ConversationRoutes,
    ) -> None:
        super().__init__(app, session, refresh_home)
        self.conversations = conversations

    def note(self) -> None:
        """Note a small hurt: who felt it, what kind, a few words."""
        from coach.tui.screens.note import Note, NoteDialog

        def saved(note: Note | None) -> None:
            if note is None:
                return
            if problem := self.session.add_note(note.felt_by, note.kind, note.words):
                self.problem(problem)
            else:
                self.app.notify("Noted. You can look back at it in your history.")
            self.refresh_home()

        self.app.push_screen(NoteDialog(self.names, self.session.catalog), saved)

    def tend(self, item: object) -> None:
        """A note to mend, a promise, or the word about support: ask what to do with it."""
        from coach.tui.screens.home import HelpWord

        if isinstance(item, HelpWord):
            body = (
                f"{item.text}\n\nA summary of your notes can be prepared to bring along; it is "
                "written on this computer only."
            )
            buttons = [("summary", "Prepare a summary"), ("patterns", "See the patterns"),
                       ("aside", "Not now")]  # fmt: skip
            self.ask("A word about getting support", body, buttons, self._help_chosen)
        elif isinstance(item, OpenNote):
            kind = self.session.catalog.name_of(item.kind)
            words = f"\n“{item.words}”" if item.words else ""
            body = f"{self.names.get(item.felt_by, '')} felt hurt: {kind}.{words}"
            buttons = [("mend", "Mend it now"), ("later", "Not ready yet"), ("stay", "Leave it")]
            self.ask("Mend this small hurt?", body, buttons,
                     lambda choice: self._note_chosen(item, choice))  # fmt: skip
        elif isinstance(item, Promise):
            title = f"{self.names.get(item.who, '')}'s promise"
            buttons = [("done", "It's done"), ("not-yet", "Not yet")]
            self.ask(title, item.words, buttons,
                     lambda choice: self._promise_chosen(item, choice))  # fmt: skip

    def _help_chosen(self, choice: str | None) -> None:
        if choice == "summary":
            path = self.session.summary_for_therapist()
            if path is not None:
                self.app.notify(f"Written to {path} (readable only by you).", timeout=20,
                                markup=False)  # fmt: skip
        elif choice == "patterns":
            self.patterns()
        elif choice == "aside":
            self.session.set_help_aside()
            self.refresh_home()

    def _note_chosen(self, note: OpenNote, choice: str | None) -> None:
        from coach.runlog import ConversationError

        if choice == "mend":
            try:
                conversation = self.session.mend(note)
            except ConversationError as exc:
                self.problem(f"It cannot begin: {exc}.")
                return
            self.conversations.show(conversation)
        elif choice == "later":
            self.session.tend_later(note)
            self.app.notify("It will be back on this list tomorrow. There's no hurry.")
            self.refresh_home()

    def _promise_chosen(self, promise: Promise, choice: str | None) -> None:
        if choice == "done":
            self.session.tend_later(promise)
            self.app.notify("Kept. That is how trust grows.")
            self.refresh_home()

    def history(self) -> None:
        from coach.tui.screens.history import HistoryScreen

        if isinstance(self.app.screen, HistoryScreen) or self.session.store() is None:
            return
        self.app.push_screen(
            HistoryScreen(self.session.catalog, self.names), lambda _: self.refresh_home()
        )

    def patterns(self) -> None:
        from coach.history.patterns import Thresholds
        from coach.tui.screens.patterns import PatternsScreen

        if isinstance(self.app.screen, PatternsScreen) or self.session.store() is None:
            return
        s = self.session.settings
        thresholds = Thresholds(
            s.help_min_notes, s.help_repair_rate, s.help_unrevisited_resets, s.help_rising_weeks
        )
        self.app.push_screen(PatternsScreen(self.session.catalog, s.names, thresholds))

    def offer_fresh_history(self) -> None:
        """The history cannot be used: say why; a damaged one can be set aside."""
        error = self.session.history_error
        if error is None:
            return
        if not error.damaged:
            self.app.notify(str(error), title="Your history", severity="error", timeout=30,
                            markup=False)  # fmt: skip
            return

        def answer(choice: str | None) -> None:
            if choice == "fresh":
                kept = self.session.fresh_history()
                self.app.notify(f"The old history is kept at {kept}.", timeout=15, markup=False)
                self.refresh_home()

        self.ask(
            "Your history cannot be read",
            f"{error.path}: {error.reason}.\n\nKeep the old file aside (nothing is deleted) "
            "and start a fresh history? Or quit, and look at it first.",
            [("fresh", "Start fresh"), ("later", "Not now")],
            answer,
        )
