"""Calendar files: read back with icalendar, right fields, and safe with any topic."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from coach import calendar as C

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 5, 3, 17, 0, tzinfo=UTC)
HOSTILE = [
    "money\nand\r\nchores",
    "\x1b]0;pwned\x07 title",
    "\x07\x9c\x9b31m\x00\x7f",
    "BEGIN:VEVENT\nSUMMARY:injected\nEND:VEVENT",
    "a;b,c\\d:e",
    "\u202eevil\u202c \ud800 end",
    "long " * 2000,
]


def prop(component: Any, name: str) -> Any:
    """A property as icalendar parsed it (its type depends on the property)."""
    return component[name]


def moment(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value


def only_event(data: bytes) -> Event:
    cal = Calendar.from_ical(data)
    assert isinstance(cal, Calendar)
    assert len(cal.events) == 1
    return cal.events[0]


def test_return_event_fields() -> None:
    start = datetime(2026, 5, 3, 19, 30, tzinfo=BERLIN)
    data = C.return_event(start, "the holidays", pause_started="2026-05-03T19:00:00+02:00",
                          stamp=STAMP)  # fmt: skip
    cal = Calendar.from_ical(data)
    assert cal["PRODID"] == C.PRODID and cal["VERSION"] == "2.0"
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Berlin"]
    event = only_event(data)
    assert event.summary == "Come back to our talk: the holidays"
    assert "the holidays" in event.description
    assert moment(event.start) == start and moment(event.start).tzinfo is not None
    assert moment(event.end) - moment(event.start) == timedelta(minutes=15)
    assert event.DTSTAMP == STAMP
    [alarm] = event.walk("VALARM")
    assert prop(alarm, "ACTION") == "DISPLAY"
    assert prop(alarm, "TRIGGER").dt == timedelta(0)  # at the agreed time
    assert "the holidays" in prop(alarm, "DESCRIPTION")


def test_uid_is_stable_per_pause() -> None:
    start = datetime(2026, 5, 3, 19, 30, tzinfo=BERLIN)
    one = only_event(C.return_event(start, "x", pause_started="p1", stamp=STAMP))
    extended = only_event(C.return_event(start + timedelta(minutes=10), "x", pause_started="p1"))
    other = only_event(C.return_event(start, "x", pause_started="p2", stamp=STAMP))
    assert one.uid == extended.uid != other.uid
    assert only_event(C.return_event(start, uid="given@example")).uid == "given@example"
    assert C.return_event(start, "x", pause_started="p1", stamp=STAMP) == C.return_event(
        start, "x", pause_started="p1", stamp=STAMP
    )  # the same pause gives the same file


def test_no_topic_and_bare_offsets_become_utc() -> None:
    start = datetime(2026, 5, 3, 19, 30, tzinfo=timezone(timedelta(hours=2)))
    data = C.return_event(start, "", stamp=STAMP)
    event = only_event(data)
    assert event.summary == "Come back to our talk"
    assert moment(event.start) == start and moment(event.start).utcoffset() == timedelta(0)
    assert b"DTSTART:20260503T173000Z" in data
    assert not Calendar.from_ical(data).timezones  # UTC needs no VTIMEZONE


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        C.return_event(datetime(2026, 5, 3, 19, 30), "x")


@pytest.mark.parametrize("topic", HOSTILE)
def test_hostile_topics_give_a_valid_file(topic: str) -> None:
    data = C.return_event(datetime(2026, 5, 3, 19, 30, tzinfo=BERLIN), topic, stamp=STAMP)
    data.decode("utf-8")  # valid UTF-8 (a lone surrogate would not encode)
    assert not any(b < 0x20 and b not in b"\r\n" for b in data) and b"\x7f" not in data
    assert "\x9c" not in data.decode() and "\u202e" not in data.decode()
    lines = data.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)  # folded
    assert sum(line == b"BEGIN:VEVENT" for line in lines) == 1  # nothing injected
    event = only_event(data)
    assert "\n" not in event.summary and len(event.summary) <= 120
    assert len(event.description) <= C.TOPIC_LIMIT + 100


def test_weekly_checkin_recurs_in_its_zone() -> None:
    data = C.weekly_checkin_event(6, time(19, 0), date(2026, 5, 1), BERLIN, stamp=STAMP)
    event = only_event(data)
    assert event.summary == "Our weekly check-in"
    assert moment(event.start) == datetime(2026, 5, 3, 19, 0, tzinfo=BERLIN)  # first Sunday
    assert str(moment(event.start).tzinfo) == "Europe/Berlin"
    rule = prop(event, "RRULE")
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["SU"]
    assert [tz.tz_name for tz in Calendar.from_ical(data).timezones] == ["Europe/Berlin"]
    assert prop(event.walk("VALARM")[0], "ACTION") == "DISPLAY"
    same_day = C.weekly_checkin_event(4, time(8, 0), date(2026, 5, 1), BERLIN, stamp=STAMP)
    assert moment(only_event(same_day).start).date() == date(2026, 5, 1)  # a Friday: that very day


def test_weekly_checkin_in_utc_keeps_the_local_day() -> None:
    late = timezone(timedelta(hours=2))  # 00:30 on Monday locally is Sunday 22:30 in UTC
    event = only_event(C.weekly_checkin_event(0, time(0, 30), date(2026, 5, 1), late))
    assert event.start == datetime(2026, 5, 3, 22, 30, tzinfo=UTC)
    assert prop(event, "RRULE")["BYDAY"] == ["SU"]


def test_weekly_checkin_rejects_a_bad_weekday() -> None:
    with pytest.raises(ValueError, match="weekday"):
        C.weekly_checkin_event(7, time(19), date(2026, 5, 1), BERLIN)


def test_write_ics_is_atomic_and_private(tmp_path: Path) -> None:
    target = tmp_path / "out" / "come-back.ics"
    data = C.return_event(datetime(2026, 5, 3, 19, 30, tzinfo=BERLIN), "x")
    C.write_ics(target, data)
    assert target.read_bytes() == data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["come-back.ics"]  # no temp left


def test_local_zone_reads_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    assert C.local_zone() == ZoneInfo("America/New_York")
    monkeypatch.setenv("TZ", ":/usr/share/zoneinfo/Asia/Tokyo")
    assert C.local_zone() == ZoneInfo("Asia/Tokyo")
    monkeypatch.setenv("TZ", "Not/AZone")
    assert C.local_zone().utcoffset(datetime.now()) is not None  # something usable


@pytest.mark.parametrize(
    ("text", "day"),
    [("monday", 0), ("Tue", 1), ("tues", 1), ("WE", 2), ("thurs", 3), ("th", 3), ("fri", 4),
     ("saturdays", 5), (" Sunday ", 6), ("su", 6)],
)  # fmt: skip
def test_days_as_people_write_them(text: str, day: int) -> None:
    assert C.parse_weekday(text) == day


@pytest.mark.parametrize("text", ["", "s", "t", "funday", "7", "sundayy", "mon day", "\x1b[2J"])
def test_a_day_that_is_no_day_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(C.WhenError, match="is not a day of the week: write it like sunday"):
        C.parse_weekday(text)


@pytest.mark.parametrize(
    ("text", "at"),
    [("19:00", time(19)), ("7:30", time(7, 30)), ("19.30", time(19, 30)), ("19h05", time(19, 5)),
     ("0:00", time(0)), ("23:59", time(23, 59)), ("19", time(19)), ("7pm", time(19)),
     ("7:30 PM", time(19, 30)), ("12am", time(0)), ("12pm", time(12)), ("9 a.m.", time(9))],
)  # fmt: skip
def test_times_as_people_write_them(text: str, at: time) -> None:
    assert C.parse_clock(text) == at


@pytest.mark.parametrize(
    "text", ["", "24:00", "19:60", "25", "13pm", "0am", "7:5", "seven", "19:00:00", "-1", "7 p"]
)
def test_a_time_that_is_no_time_is_refused_with_an_example(text: str) -> None:
    with pytest.raises(C.WhenError, match="is not a time of day: write it like 19:00"):
        C.parse_clock(text)
