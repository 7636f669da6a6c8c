"""Fakes shared by the tests: a clock that moves only when told, and a small history."""

from __future__ import annotations

from datetime import date, timedelta

from coach.flows.runner import Recorded
from coach.history import HistoryStore
from coach.history import entries as E
from coach.history.store import RunRecord


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def seed(history: HistoryStore) -> None:
    """A small, varied history."""
    history.add_run(
        RunRecord("check-in", "Check-in", "2026-11-01T20:00:00+01:00",
                  "2026-11-01T20:20:00+01:00",
                  [Recorded("t", "temperature", "a", 6), Recorded("t", "temperature", "b", 3),
                   Recorded("q", "answer", "a", "how are we?")])
    )  # fmt: skip
    history.add_run(
        RunRecord("acknowledge", "Mend a small hurt", "2026-11-02T09:00:00+01:00",
                  "2026-11-02T09:05:00+01:00",
                  [Recorded("k", "micro-hurt", "b", "interrupting"),
                   Recorded("r", "repair", "a", "sorry")])
    )  # fmt: skip
    n1 = history.add_note("a", "phone", "at dinner", at="2026-11-03T19:30:00+01:00")
    history.add_note("b", "phone", "in bed, 100% annoying", at="2026-11-05T22:30:00+01:00")
    history.add_note("a", "phone", "", at="2026-11-09T19:00:00+01:00")
    E.repair(history, n1, "sorry", "said sorry later", at="2026-11-03T21:30:00+01:00")
    r = history.start_reset("2026-11-04T21:00:00+01:00", 1200, "money")
    history.end_reset(r, 1320)


#: Eight weekly check-ins (Thursdays, 29 Oct to 17 Dec 2026): both calmer as weeks go by.
WEEKS_SAM = (7, 8, 6, 6, 5, 4, 4, 3)
WEEKS_ALEX = (5, 6, 6, 4, 5, 3, 3, 2)
WEEKS_NOTES = (2, 2, 3, 1, 2, 1, 1, 0)
WEEKS_KINDS = ("phone", "interrupting", "dismissing")


def seed_weeks(history: HistoryStore) -> None:
    """Eight weeks of check-ins and notes before 25 Dec 2026, for the weekly charts."""
    first = date(2026, 10, 29)
    for week, (sam, alex, notes) in enumerate(zip(WEEKS_SAM, WEEKS_ALEX, WEEKS_NOTES, strict=True)):
        day = first + timedelta(weeks=week)
        history.add_run(
            RunRecord("check-in", "Check-in", f"{day}T20:00:00+01:00", f"{day}T20:15:00+01:00",
                      [Recorded("t", "temperature", "a", sam),
                       Recorded("t", "temperature", "b", alex)])
        )  # fmt: skip
        for n in range(notes):
            day_of_note = day - timedelta(days=n + 1)
            when = f"{day_of_note}T{18 + n}:30:00+01:00"
            note = history.add_note("ab"[(week + n) % 2], WEEKS_KINDS[n], at=when)
            if n < 2:
                later = f"{day_of_note}T22:00:00+01:00"
                E.repair(history, note, "sorry", "talked it over", at=later)
