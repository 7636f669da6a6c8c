"""Coming back to a paused talk in a calendar: the choices, the agreed time, the file."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from coach import paths
from coach.history.store import PausedTalk
from coach.pause.comeback import agreed_time, come_back_choices
from coach.session import Session
from tests.fakes import FakeClock
from tests.pilot import couple

ZONE = timezone(timedelta(hours=1))


def start_of(path: Path) -> datetime:
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert isinstance(start, datetime)
    return start


def test_choices_in_the_afternoon_include_this_evening() -> None:
    now = datetime(2026, 12, 5, 14, 20, 31, tzinfo=ZONE)
    choices = come_back_choices(now)
    assert [(key, label) for key, label, _ in choices] == [
        ("hour", "In an hour (15:20)"),
        ("evening", "This evening at 7"),
        ("morning", "Tomorrow morning at 9"),
    ]
    assert [at for *_, at in choices] == [
        datetime(2026, 12, 5, 15, 20, tzinfo=ZONE),
        datetime(2026, 12, 5, 19, 0, tzinfo=ZONE),
        datetime(2026, 12, 6, 9, 0, tzinfo=ZONE),
    ]


@pytest.mark.parametrize("hour", [17, 18, 22, 23])
def test_late_in_the_day_the_evening_is_tomorrows(hour: int) -> None:
    now = datetime(2026, 12, 31, hour, 30, tzinfo=ZONE)
    (_, label, at) = come_back_choices(now)[1]
    assert label == "Tomorrow evening at 7"
    assert at == datetime(2027, 1, 1, 19, 0, tzinfo=ZONE)
    assert all(when > now for *_, when in come_back_choices(now))


def test_agreed_time_is_the_time_set_or_the_timers_end() -> None:
    now = datetime(2026, 12, 5, 14, 0, 0, 500, tzinfo=ZONE)
    assert agreed_time(None, 1200.4, now) == datetime(2026, 12, 5, 14, 20, 0, tzinfo=ZONE)
    assert agreed_time("2026-12-05T15:00:00", 0, now) == datetime(2026, 12, 5, 15, tzinfo=ZONE)
    aware = "2026-12-05T15:00:00+00:00"
    assert agreed_time(aware, 0, now) == datetime(2026, 12, 5, 15, tzinfo=UTC)


def session() -> tuple[Session, FakeClock]:
    wall = FakeClock(datetime(2026, 12, 5, 13, 0, tzinfo=UTC).timestamp())
    return Session(couple(), clock=FakeClock(50.0), wall=wall), wall


def test_a_counting_pause_goes_in_at_its_end_readable_by_its_owner_only() -> None:
    s, _ = session()
    s.begin_pause(20 * 60, topic="the holidays")
    notice = s.return_to_calendar(None, None)
    assert not notice.warning, notice.text
    (path,) = (paths.data_dir() / "calendar").glob("*.ics")
    assert str(path) in notice.text
    assert start_of(path) == datetime(2026, 12, 5, 13, 20, tzinfo=UTC)
    assert b"the holidays" in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    s.close()


def test_a_talk_paused_earlier_goes_in_at_the_chosen_time() -> None:
    s, _ = session()
    talk = PausedTalk(3, "money", "2026-12-04T21:00:00+00:00")
    when = datetime(2026, 12, 5, 19, tzinfo=ZONE)
    notice = s.return_to_calendar(talk, when)
    assert not notice.warning and "Sat 19:00" in notice.text
    (path,) = (paths.data_dir() / "calendar").glob("*.ics")
    assert start_of(path) == when
    s.close()


def test_nothing_to_come_back_to_or_nowhere_to_write_is_said_plainly() -> None:
    s, _ = session()
    assert s.return_to_calendar(None, None).warning
    folder = paths.data_dir() / "calendar"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")  # the place for the file is taken
    s.begin_pause(60)
    notice = s.return_to_calendar(None, None)
    assert notice.warning and "could not be written" in notice.text
    assert os.path.isfile(folder)
    s.close()
