"""The app's part for the reset pause, notes, the history and patterns (mixed into CoachApp)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING

from coach import paths, resets
from coach.flows.model import Breathe
from coach.history import History, HistoryError
from coach.resets import ResetPause
from coach.screens.home import Home

if TYPE_CHECKING:
    from coach.screens.note import Note


class CareMixin:
    """The reset pause from anywhere, quick notes, history, patterns."""

    _history: History | None
    _history_failed: bool

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

    def action_note(self) -> None:
        from coach.screens.note import NoteDialog

        def saved(note: Note | None) -> None:
            history = self.history()
            if note is None or history is None:
                return
            history.add_note(note.felt_by, note.kind, note.words)
            self.notify("Noted. You can look back at it in your history.")

        self.push_screen(NoteDialog(self.settings.names, self.catalog), saved)

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
        self.watch_flows(False)  # type: ignore[attr-defined]
        saved = resets.load()
        if saved is None:
            self.push_screen(
                ResetScreen(start_seconds=start_seconds, **options), self._back_from_overlay
            )
        elif saved.left(self.wall or time.time) > 0:
            self.push_screen(
                ResetScreen(pause=saved, phase="countdown", **options), self._back_from_overlay
            )
        else:
            ended = datetime.fromtimestamp(saved.deadline_wall or 0).strftime("%H:%M")
            history = self.history()
            if history is not None and saved.history_id is not None:
                history.end_reset(saved.history_id, saved.total)
            resets.clear()
            note = f"Your pause ended at {ended}, while coach was closed."
            screen = ResetScreen(pause=saved, phase="ended", note=note, **options)
            self.push_screen(screen, self._back_from_overlay)

    def _back_from_overlay(self, _: object = None) -> None:
        """Back from a pause or the editor: home underneath is redrawn (reminders, flows)."""
        self.watch_flows(True)  # type: ignore[attr-defined]
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
