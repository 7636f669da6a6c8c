"""Calendar files from the command line: `coach reset --ics` and `coach remind`.

The app is never started: ``open_reset`` is replaced by a stand-in that records the pause
it was asked for. Every file is read back with icalendar."""

from __future__ import annotations

import json
import os
import stat
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from coach import calendar as C
from coach import paths
from coach.cli import remind, start
from coach.pause import PauseState
from tests.core.test_cli import run
from tests.hostile import unsafe

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 5, 3, 19, 0, 10, tzinfo=BERLIN)  # a Sunday evening
HOSTILE_TOPIC = "money\x1b]0;pwned\x07 [/] [@click=app.quit]x[/] a;b,c\nd\\e \u202eevil \x9b31m"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pauses the app was asked to open (it never really opens); the clock is NOW."""
    asked: list[int] = []

    def fake_open(seconds: int) -> int:
        asked.append(seconds)
        return 0

    monkeypatch.setattr(start, "open_reset", fake_open)
    monkeypatch.setattr(remind, "now", lambda: NOW)
    return asked


def only_event(data: bytes | str) -> Event:
    cal = Calendar.from_ical(data)
    assert isinstance(cal, Calendar)
    [event] = cal.events
    return event


def moment(value: object) -> datetime:
    assert isinstance(value, datetime)
    return value


def prop(component: Any, name: str) -> Any:
    return component[name]


def save_pause(**fields: Any) -> PauseState:
    """A pause left by an earlier run, written as the app writes it."""
    state = PauseState(
        started_at=(NOW - timedelta(minutes=5)).isoformat(timespec="seconds"),
        planned_s=1800,
        deadline_wall=NOW.timestamp() + 25 * 60 + 30,
        started_wall=NOW.timestamp() - 5 * 60,
    )
    data = {**state.__dict__, **fields}
    paths.pause_file().parent.mkdir(parents=True, exist_ok=True)
    paths.pause_file().write_text(json.dumps(data), encoding="utf-8")
    return state


def one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("coach: "), err
    assert "Traceback" not in err
    return err


# -- coach reset --ics ----------------------------------------------------------------------


def test_reset_writes_when_the_pause_ends_then_opens_it(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "come-back.ics"
    status, out, err = run(capsys, "reset", "20m", "--ics", str(target))
    assert (status, err) == (0, "")
    assert opened == [1200]  # the same duration the pause gets
    event = only_event(target.read_bytes())
    assert moment(event.start) == datetime(2026, 5, 3, 19, 21, tzinfo=BERLIN)  # 19:20:10, up
    assert str(moment(event.start).tzinfo) == "Europe/Berlin"
    assert moment(event.end) - moment(event.start) == timedelta(minutes=C.RETURN_MINUTES)
    assert event.summary == C.RETURN_TITLE and "RRULE" not in event
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "19:21" in out and str(target) in out and "calendar" in out
    assert "Bodies usually need" not in out  # 20 minutes is enough


def test_reset_without_a_duration_uses_the_default_length(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    paths.config_file().parent.mkdir(parents=True)
    paths.config_file().write_text("reset_minutes = 45\n", encoding="utf-8")
    target = tmp_path / "back.ics"
    assert run(capsys, "reset", "--ics", str(target))[0] == 0
    assert opened == [45 * 60]
    assert moment(only_event(target.read_bytes()).start) == datetime(
        2026, 5, 3, 19, 46, tzinfo=BERLIN
    )


def test_reset_ics_to_stdout_is_only_the_calendar(
    opened: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "reset", "90s", "--ics", "-")
    assert status == 0 and opened == [90]
    assert out.startswith("BEGIN:VCALENDAR\r\n") and out.endswith("END:VCALENDAR\r\n")
    assert moment(only_event(out).start) == datetime(2026, 5, 3, 19, 2, tzinfo=BERLIN)
    assert "19:02" in err and "Bodies usually need" in err  # people's words go to stderr


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("a-file/come-back.ics", "is a file, not a folder"),
        ("a-folder", "is a folder: name a file in it, like"),
        ("a-folder/", "is a folder: name a file in it, like"),
        ("missing/come-back.ics", "the folder"),
    ],
)
def test_reset_with_an_unwritable_file_says_so_and_starts_nothing(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str, problem: str
) -> None:
    (tmp_path / "a-file").write_text("keep me")
    (tmp_path / "a-folder").mkdir()
    status, out, err = run(capsys, "reset", "20m", "--ics", str(tmp_path / where))
    assert status == 1 and out == "" and opened == []
    assert problem in one_line_error(err)
    assert (tmp_path / "a-file").read_text() == "keep me"
    assert list((tmp_path / "a-folder").iterdir()) == []
    assert not (tmp_path / "missing").exists()  # no folder made from a typo
    assert not paths.pause_file().exists()


def test_a_pipe_is_never_replaced_and_a_link_is_kept(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.ics"
    os.mkfifo(pipe)
    status, _, err = run(capsys, "remind", "--ics", str(pipe))
    assert status == 1 and "is not an ordinary file" in one_line_error(err)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)  # (as root, a rename would replace a device)
    real, link = tmp_path / "synced" / "ours.ics", tmp_path / "link.ics"
    real.parent.mkdir()
    real.write_text("old")
    link.symlink_to(real)
    assert run(capsys, "remind", "--ics", str(link))[0] == 0
    assert link.is_symlink() and only_event(real.read_bytes()).summary == C.CHECKIN_TITLE


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_reset_into_a_read_only_folder(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    status, _, err = run(capsys, "reset", "--ics", str(locked / "back.ics"))
    assert status == 1 and opened == []
    assert "cannot write" in one_line_error(err) and "--ics -" in err


def test_reset_with_an_empty_file_name_is_a_usage_error(
    opened: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "reset", "--ics", "")
    assert status == 2 and opened == [] and "--ics needs a file name" in one_line_error(err)


def test_reset_with_a_bad_duration_writes_nothing(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "reset", "soon", "--ics", str(tmp_path / "x.ics"))
    assert status == 2 and opened == [] and not (tmp_path / "x.ics").exists()
    one_line_error(err)


def test_a_hostile_file_name_is_printed_plain(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "\x1b]0;pwned\x07[bold]\u202e.ics"  # (no slash: that is a folder)
    status, out, _ = run(capsys, "reset", "--ics", str(target))
    assert status == 0 and target.exists()
    assert not unsafe(out) and "[bold]" in out


def test_a_running_pause_gives_its_own_time_and_a_clean_topic(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    state = save_pause(topic=HOSTILE_TOPIC)  # a file: untrusted, even if coach wrote it
    target = tmp_path / "back.ics"
    status, out, _ = run(capsys, "reset", "5m", "--ics", str(target))
    assert status == 0 and opened == [300]  # coach shows the running pause, not a new one
    data = target.read_bytes()
    assert not any(b < 0x20 and b not in b"\r\n" for b in data) and b"\x7f" not in data
    text = data.decode().replace("\r\n", "")  # the calendar's own line ends, then nothing
    assert not unsafe(text, newline_ok=False) and data.count(b"BEGIN:VEVENT") == 1
    assert b"a\\;b\\,c d\\\\e" in data  # escaped by icalendar, the line break made a space
    event = only_event(data)
    assert moment(event.start) == datetime(2026, 5, 3, 19, 26, tzinfo=BERLIN)  # its deadline
    assert event.summary.startswith("Come back to our talk: money [/] [@click=app.quit]x[/]")
    assert "\n" not in event.summary and "a;b,c d\\e" in event.description
    assert event.uid == C.derived_uid(f"return:{state.started_at}")  # the pause's own event
    assert prop(event, "SEQUENCE") == 5  # minutes since it began: a later copy replaces it
    assert "already under way" in out and "19:26" in out and not unsafe(out)


def test_a_running_pause_with_an_agreed_time_uses_that_time(
    opened: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    save_pause(come_back_at="2026-05-03T21:15+02:00")
    status, out, err = run(capsys, "reset", "--ics", "-")
    assert status == 0 and opened
    assert moment(only_event(out).start) == datetime(2026, 5, 3, 21, 15, tzinfo=BERLIN)
    assert "21:15" in err


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"deadline_wall": None, "held_left": 600.0}, "is on hold"),
        ({"deadline_wall": NOW.timestamp() - 60}, "ended while coach was closed"),
    ],
)
def test_a_pause_with_no_time_to_come_back_is_explained(
    opened: list[int],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    fields: dict[str, Any],
    problem: str,
) -> None:
    save_pause(**fields)
    status, out, err = run(capsys, "reset", "--ics", str(tmp_path / "x.ics"))
    assert status == 1 and out == "" and opened == [] and not (tmp_path / "x.ics").exists()
    assert problem in one_line_error(err) and "`coach reset`" in err
    assert paths.pause_file().exists()  # left for the app to show


def test_a_damaged_saved_pause_is_left_for_the_app(
    opened: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    paths.pause_file().parent.mkdir(parents=True)
    paths.pause_file().write_text("{not json", encoding="utf-8")
    status, out, _ = run(capsys, "reset", "20m", "--ics", "-")
    assert status == 0 and opened == [1200]
    assert moment(only_event(out).start) == datetime(2026, 5, 3, 19, 21, tzinfo=BERLIN)
    assert paths.pause_file().read_text() == "{not json"  # the app sets it aside, and says so


def test_come_back_counts_real_time_across_a_clock_change() -> None:
    before = datetime(2026, 3, 29, 1, 50, tzinfo=BERLIN)  # clocks go from 2:00 to 3:00
    found = remind.come_back(20 * 60, before, None)
    assert isinstance(found, remind.ComeBack)
    assert found.when == datetime(2026, 3, 29, 3, 10, tzinfo=BERLIN)
    on_the_minute = remind.come_back(600, datetime(2026, 5, 3, 19, 0, tzinfo=BERLIN), None)
    assert isinstance(on_the_minute, remind.ComeBack)
    assert on_the_minute.when == datetime(2026, 5, 3, 19, 10, tzinfo=BERLIN)
    late = remind.whole_minute(datetime(2026, 3, 29, 1, 59, 30, tzinfo=BERLIN))
    assert late == datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN) and late.utcoffset() == timedelta(
        hours=2
    )


def test_times_in_words() -> None:
    assert remind.at_words(NOW + timedelta(minutes=5), NOW) == "19:05"
    assert remind.at_words(NOW + timedelta(hours=5), NOW) == "tomorrow at 00:00"
    assert remind.at_words(NOW + timedelta(days=3), NOW) == "Wednesday 6 May at 19:00"


# -- coach remind -------------------------------------------------------------------------


def test_remind_defaults_to_sunday_evenings(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "check-in.ics"
    status, out, err = run(capsys, "remind", "--ics", str(target))
    assert (status, err) == (0, "")
    cal = Calendar.from_ical(target.read_bytes())
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Berlin"]
    event = only_event(target.read_bytes())
    # 19:00 this Sunday has just passed (it is 19:00:10): the first is next Sunday.
    assert moment(event.start) == datetime(2026, 5, 10, 19, 0, tzinfo=BERLIN)
    assert moment(event.end) - moment(event.start) == timedelta(minutes=C.CHECKIN_MINUTES)
    rule = prop(event, "RRULE")
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["SU"]
    assert event.summary == C.CHECKIN_TITLE
    assert "Sundays at 19:00" in out and "10 May" in out and str(target) in out
    assert opened == []  # no app


@pytest.mark.parametrize(
    ("day", "at", "first", "byday"),
    [
        ("wed", "7:30pm", datetime(2026, 5, 6, 19, 30, tzinfo=BERLIN), "WE"),
        ("Sunday", "21:00", datetime(2026, 5, 3, 21, 0, tzinfo=BERLIN), "SU"),  # later today
        ("mo", "8.15", datetime(2026, 5, 4, 8, 15, tzinfo=BERLIN), "MO"),
    ],
)
def test_remind_on_a_chosen_day_and_time(
    opened: list[int],
    capsys: pytest.CaptureFixture[str],
    day: str,
    at: str,
    first: datetime,
    byday: str,
) -> None:
    status, out, err = run(capsys, "remind", "--weekly", day, at, "--ics", "-")
    assert status == 0
    event = only_event(out)
    assert moment(event.start) == first and prop(event, "RRULE")["BYDAY"] == [byday]
    assert f"{first:%A}s at {first:%H:%M}" in err


@pytest.mark.parametrize(
    ("day", "at", "problem"),
    [
        ("funday", "19:00", "is not a day of the week: write it like sunday, sun or su"),
        ("7", "19:00", "is not a day of the week"),
        ("sun", "25:00", "is not a time of day: write it like 19:00, 7:30 or 7pm"),
        ("sun", "13pm", "is not a time of day"),
        ("sun", "soon", "is not a time of day"),
        ("\x1b]0;pwned\x07[/]", "19:00", "'[/]' is not a day of the week"),
    ],
)
def test_remind_refuses_a_bad_day_or_time(
    opened: list[int],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    day: str,
    at: str,
    problem: str,
) -> None:
    status, out, err = run(capsys, "remind", "--weekly", day, at, "--ics", str(tmp_path / "x.ics"))
    assert status == 2 and out == "" and problem in one_line_error(err) and not unsafe(err)
    assert not (tmp_path / "x.ics").exists()


def test_remind_needs_a_file(opened: list[int], capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "remind", "--weekly", "sun", "19:00")
    assert status == 2 and out == "" and "--ics check-in.ics" in one_line_error(err)


def test_remind_into_a_file_that_is_a_folder(
    opened: list[int], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "remind", "--ics", str(tmp_path))
    assert status == 1 and "check-in.ics" in one_line_error(err)
