"""Patterns: counted right, worded kindly, and a therapist suggested only when it fits."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from coach.history import HistoryStore
from coach.history import entries as E
from coach.history import patterns as P

TZ = timezone(timedelta(hours=1))
TODAY = datetime(2026, 12, 25, 12, 0, tzinfo=TZ)
NAMES = {"a": "Sam", "b": "Alex"}


def at(days_ago: float, hour: int = 20) -> str:
    day = (TODAY - timedelta(days=days_ago)).replace(hour=hour, minute=0)
    return day.isoformat(timespec="seconds")


def test_counts_repairs_recurring_and_times() -> None:
    with HistoryStore() as h:
        ids = [h.add_note("a", "phone", at=at(d)) for d in (1, 5, 9)]  # 3 in 14 days
        ids.append(h.add_note("b", "dismissing", at=at(20, hour=8)))
        h.add_note("b", "phone", at=at(200))  # outside 30 and 90 days
        E.repair(h, ids[0], "sorry", at=at(1, hour=22))  # two hours later
        E.repair(h, ids[3], "touch", at=at(20, hour=14))  # six hours later
        r = h.start_reset(at(3), 1200, "plans")
        h.end_reset(r, 1200)
        h.came_back(r, at(2))
        p = P.compute(h, 30, today=TODAY)
    assert p.notes == 4 and p.by_kind == [("phone", 3), ("dismissing", 1)]
    assert p.by_who == {"a": 3, "b": 1}
    assert p.repaired == 2 and p.repair_rate == 0.5
    assert round(p.median_hours_to_repair) == 4  # 2 h and 6 h
    assert p.recurring == [("phone", 3)]
    assert (p.resets, p.resets_revisited) == (1, 1)
    assert p.times_of_day == {"evening": 3, "morning": 1}
    text = " ".join(P.observations(p, NAMES, str.title))
    assert "“Phone” (3 of 4)" in text
    assert "Sam 3 times, Alex 1 time" in text
    assert "You repaired 2 of 4 noted moments, usually within 4 hours" in text
    assert "came up 3 times within two weeks" in text
    assert "took 1 reset pause and came back to it." in text
    for harsh in ("fault", "blame", "always", "never"):
        assert harsh not in text.lower()
    assert P.suggest_help(p, P.Thresholds()) is None


def test_therapist_suggested_when_repair_keeps_failing() -> None:
    with HistoryStore() as h:
        for d in range(6):
            h.add_note("a", "minimizing", at=at(d + 1))
        p = P.compute(h, 30, today=TODAY)
    help_text = P.suggest_help(p, P.Thresholds())
    assert help_text and "couples therapist" in help_text and "fewer than half" in help_text
    assert P.suggest_help(p, P.Thresholds(min_notes=10)) is None  # thresholds come from config


def test_therapist_suggested_for_unrevisited_resets_and_rising_temperature() -> None:
    with HistoryStore() as h:
        for d in (2, 4, 6):
            r = h.start_reset(at(d), 1200)
            h.end_reset(r, 1200)
        for week, value in enumerate([3, 4, 5, 6, 8]):
            h.db.execute(
                "INSERT INTO temperatures (uid, who, value, created_at) VALUES (?, 'b', ?, ?)",
                (f"t{week}", value, at(35 - 7 * week)),
            )
        p = P.compute(h, 90, today=TODAY)
    assert p.resets_never_revisited == 3
    assert P.rising_weeks(p.weekly_temperature["b"]) == 4
    text = P.suggest_help(p, P.Thresholds())
    assert "never picked up again" in text and "week after week" in text


def test_empty_history_is_said_kindly() -> None:
    with HistoryStore() as h:
        p = P.compute(h, 30, today=TODAY)
    assert P.observations(p, NAMES, str) == [
        "Nothing noted in the last 30 days yet. Notes show up here as you add them."
    ]


def test_sparkline_and_rising() -> None:
    assert P.sparkline([1, 5.5, 10]) == "▁▄█"
    assert P.rising_weeks([5, 4, 5, 6]) == 2 and P.rising_weeks([3]) == 0
