"""Weekly numbers for the charts: hurts per ISO week, and temperatures with week labels."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from coach.history import HistoryStore
from coach.history import patterns as P

TZ = timezone(timedelta(hours=1))
TODAY = datetime(2026, 12, 25, 12, 0, tzinfo=TZ)  # a Friday, in ISO week 2026-W52


def at(day: date, hour: int = 20) -> str:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TZ).isoformat(timespec="seconds")


def add_temperature(h: HistoryStore, uid: str, who: str, value: int, when: str) -> None:
    h.db.execute(
        "INSERT INTO temperatures (uid, who, value, created_at) VALUES (?, ?, ?, ?)",
        (uid, who, value, when),
    )


def test_iso_weeks_and_labels() -> None:
    assert P.iso_week(date(2026, 12, 25)) == "2026-W52"
    assert P.iso_week(date(2027, 1, 1)) == "2026-W53"  # ISO years differ from calendar years
    assert P.iso_week(date(2025, 12, 29)) == "2026-W01"
    assert P.week_keys(date(2026, 12, 20), date(2027, 1, 5)) == [
        "2026-W51", "2026-W52", "2026-W53", "2027-W01",
    ]  # fmt: skip
    assert P.week_keys(date(2026, 12, 21), date(2026, 12, 21)) == ["2026-W52"]
    assert P.week_label("2026-W52") == "21 Dec" and P.week_label("2026-W01") == "29 Dec"
    assert P.week_label("not a week") == "not a week" and P.week_label("2026-W99") == "2026-W99"


def test_hurts_per_week_counts_every_week_of_the_window() -> None:
    with HistoryStore() as h:
        h.add_note("a", "phone", at=at(date(2026, 12, 21)))  # Monday of W52
        h.add_note("b", "phone", at=at(date(2026, 12, 25), hour=9))
        h.add_note("a", "dismissing", at=at(date(2026, 12, 13)))  # Sunday of W50
        h.add_note("a", "phone", at=at(date(2026, 10, 1)))  # outside 30 days
        weekly = P.hurts_per_week(h, 30, today=TODAY)
        assert weekly == [
            ("2026-W48", 0), ("2026-W49", 0), ("2026-W50", 1), ("2026-W51", 0), ("2026-W52", 2),
        ]  # fmt: skip
        assert P.compute(h, 30, today=TODAY).hurts_weekly == weekly
        assert sum(n for _, n in weekly) == P.compute(h, 30, today=TODAY).notes


def test_hurts_per_week_when_nothing_was_noted() -> None:
    with HistoryStore() as h:
        weekly = P.hurts_per_week(h, 7, today=TODAY)
    assert weekly == [("2026-W51", 0), ("2026-W52", 0)] and all(n == 0 for _, n in weekly)


def test_weekly_temperature_with_labels() -> None:
    with HistoryStore() as h:
        add_temperature(h, "t1", "a", 4, at(date(2026, 12, 1)))  # W49
        add_temperature(h, "t2", "a", 7, at(date(2026, 12, 3)))  # W49
        add_temperature(h, "t3", "a", 8, at(date(2026, 12, 2)))  # W49: (4+7+8)/3
        add_temperature(h, "t4", "a", 3, at(date(2026, 12, 22)))  # W52
        add_temperature(h, "t5", "b", 6, at(date(2026, 12, 15)))  # W51
        add_temperature(h, "t6", "b", 9, at(date(2026, 9, 1)))  # outside
        by_week = P.weekly_temperature_by_week(h, 30, today=TODAY)
        p = P.compute(h, 30, today=TODAY)
    assert by_week == {"a": [("2026-W49", 6.3), ("2026-W52", 3.0)], "b": [("2026-W51", 6.0)]}
    assert p.temperature_weekly == by_week
    # The values-only series keeps its meaning next to the labelled one.
    assert [v for _, v in by_week["a"]] == p.weekly_temperature["a"]


def test_odd_dates_from_an_import_are_left_out() -> None:
    with HistoryStore() as h:
        h.add_note("a", "phone", at="9999-99-99T00:00:00+01:00")
        add_temperature(h, "t1", "a", 5, "9999-xx")
        assert sum(n for _, n in P.hurts_per_week(h, 30, today=TODAY)) == 0
        assert P.weekly_temperature_by_week(h, 30, today=TODAY) == {}
