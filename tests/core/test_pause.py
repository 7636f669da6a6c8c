"""The reset pause: a deadline, not a counter, checked with a fake clock (no sleeping);
the pause object, its saved state and its history rows."""

from __future__ import annotations

import contextlib
import itertools
import math
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import paths
from coach.pause import (
    Countdown,
    DurationError,
    Pause,
    clock_face,
    come_back_time,
    gentle_note,
    parse_duration,
    words,
)
from tests.fakes import FakeClock


def test_shown_second_is_the_ceiling_of_time_left() -> None:
    clock = FakeClock()
    c = Countdown.start(1200, clock)
    assert c.shown() == 1200
    clock.advance(0.001)
    assert c.shown() == 1200
    clock.advance(0.999)
    assert c.shown() == 1199
    clock.advance(1198.5)
    assert c.shown() == 1 and not c.done
    clock.advance(0.5)
    assert c.shown() == 0 and c.done and c.left() == 0
    clock.advance(100)
    assert c.left() == 0 and c.fraction_done() == 1.0


def test_twenty_minutes_with_pause_resume_and_five_more_never_skips_or_doubles() -> None:
    """Sample every 37 ms of fake time: each shown second appears once, in order."""
    clock = FakeClock(Fraction(1000))
    c = Countdown.start(20 * 60, clock)
    seen = [c.shown()]

    def sample() -> None:
        assert c.shown() == math.ceil(c.left())
        if c.shown() != seen[-1]:
            seen.append(c.shown())

    tick = Fraction(37, 1000)  # exact arithmetic: no float drift in the test itself
    elapsed, paused, extended = Fraction(0), False, False
    while not c.done:
        clock.advance(tick)
        elapsed += tick
        sample()
        if not paused and elapsed >= 300:
            paused, before = True, c.shown()
            c.hold()
            clock.advance(120)  # two minutes away: the time left must not move
            assert c.shown() == before
            c.resume()
            sample()
        if not extended and elapsed >= 600:
            extended, before = True, c.shown()
            c.extend(300)
            assert c.shown() == before + 300
            sample()
    jumps = [b - a for a, b in itertools.pairwise(seen)]
    assert jumps.count(300) == 1 and jumps.count(-1) == len(jumps) - 1
    assert seen[0] == 1200 and seen[-1] == 0 and c.total == 1500
    assert 1500 <= elapsed < 1500 + tick  # 20 min + 5 min; the pause is not counted


def test_hold_freezes_and_resume_keeps_the_rest() -> None:
    clock = FakeClock()
    c = Countdown.start(60, clock)
    clock.advance(10.4)
    c.hold()
    c.hold()  # twice is harmless
    clock.advance(500)
    assert c.held and c.left() == pytest.approx(49.6)
    c.extend(300)
    assert c.left() == pytest.approx(349.6)
    c.resume()
    c.resume()
    clock.advance(49.6)
    assert c.shown() == 300


def test_time_until_the_next_second() -> None:
    clock = FakeClock()
    c = Countdown.start(10, clock)
    assert c.until_next_second() == 1.0
    clock.advance(0.3)
    assert c.until_next_second() == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("seconds", "text", "face"),
    [(1182, "19 min 42 s left", "19:42"), (45, "45 s left", "00:45"), (60, "1 min left", "01:00"),
     (3900, "1 h 5 min left", "1:05:00"), (7200, "2 h left", "2:00:00"), (0, "0 s left", "00:00")],
)  # fmt: skip
def test_words_and_clock_face(seconds: int, text: str, face: str) -> None:
    assert words(seconds) == text and clock_face(seconds) == face


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("20m", 1200), ("90s", 90), ("1h", 3600), ("1h30m", 5400), ("20", 1200), (" 5 ", 300),
     ("1h 5m 10s", 3910), ("45min", 2700), ("24h", 86400)],
)  # fmt: skip
def test_parse_duration(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "why"),
    [("", "not a length"), ("soon", "not a length"), ("20x", "not a length"), ("0", "at least"),
     ("25h", "at most 24 hours"), ("5m5m", "same unit"), ("-5", "not a length")],
)  # fmt: skip
def test_bad_durations_say_how_to_write_them(text: str, why: str) -> None:
    with pytest.raises(DurationError, match=why):
        parse_duration(text)


@settings(max_examples=200)
@given(st.text(max_size=12))
def test_parse_duration_never_crashes(text: str) -> None:
    with contextlib.suppress(DurationError):
        assert 0 < parse_duration(text) <= 86400


def test_gentle_note_below_twenty_minutes() -> None:
    assert "20 minutes" in gentle_note(600)
    assert gentle_note(1200) == ""


def test_come_back_time_is_within_a_day() -> None:
    now = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    assert come_back_time("21:30", now) == now + timedelta(minutes=30)
    assert come_back_time("8:15", now) == datetime(2026, 11, 26, 8, 15, tzinfo=UTC)
    assert come_back_time("21:00", now) == now + timedelta(days=1)
    with pytest.raises(DurationError):
        come_back_time("25:00", now)


class FakeLog:
    """Stands in for the history: remembers the rows a pause writes."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[str, object]] = {}

    def start_reset(self, started_at: str, planned_s: int, topic: str = "") -> int:
        self.rows[len(self.rows) + 1] = {"planned_s": planned_s, "topic": topic}
        return len(self.rows)

    def end_reset(self, reset_id: int, actual_s: int) -> None:
        self.rows[reset_id]["actual_s"] = actual_s

    def came_back(self, reset_id: int, at: str | None = None) -> None:
        self.rows[reset_id]["came_back"] = True


def begin(seconds: int, wall: FakeClock, mono: FakeClock | None = None, **kw: object) -> Pause:
    return Pause.begin(
        seconds,
        saved=paths.pause_file(),
        clock=mono or FakeClock(5.0),
        wall=wall,
        **kw,  # type: ignore[arg-type]
    )


def test_saved_pause_resumes_with_the_right_time_left() -> None:
    wall = FakeClock(1_700_000_000.0)
    begin(1200, wall)
    wall.advance(300)  # five minutes later, the app is killed
    wall.advance(120)  # two minutes closed
    again, problem = Pause.restore(paths.pause_file(), clock=FakeClock(42.0), wall=wall)
    assert again is not None and problem == ""
    assert again.shown() == 1200 - 420  # a new process: another monotonic origin, same time


def test_held_pause_survives_a_restart_held() -> None:
    wall, mono = FakeClock(1_700_000_000.0), FakeClock(0.0)
    pause = begin(600, wall, mono)
    mono.advance(100)
    wall.advance(100)
    assert pause.toggle() is True
    pause.extend(300)
    wall.advance(3600)  # closed for an hour while held
    again, _ = Pause.restore(paths.pause_file(), clock=FakeClock(7.0), wall=wall)
    assert again is not None and again.held and again.shown() == 800 and again.total == 900


def test_deadline_that_passed_while_closed_is_recorded_once() -> None:
    wall, log = FakeClock(1_700_000_000.0), FakeLog()
    begin(60, wall, log=log, topic="money")
    wall.advance(3600)
    again, _ = Pause.restore(paths.pause_file(), log=log, wall=wall)
    assert again is not None and again.ended and again.ended_while_closed and again.done
    assert log.rows[1] == {"planned_s": 60, "topic": "money", "actual_s": 60}
    assert not paths.pause_file().exists()
    again.finish()  # a second finish changes nothing
    assert log.rows[1]["actual_s"] == 60


def test_the_pause_writes_its_own_history_rows() -> None:
    wall, mono, log = FakeClock(1_700_000_000.0), FakeClock(0.0), FakeLog()
    pause = begin(120, wall, mono, log=log, topic="  the holidays  ")
    assert log.rows[1] == {"planned_s": 120, "topic": "the holidays"}
    mono.advance(119.5)
    wall.advance(119.5)
    assert not pause.expire()
    mono.advance(0.5)
    wall.advance(0.5)
    assert pause.expire() and not pause.expire()
    pause.came_back()
    pause.came_back()
    assert log.rows[1] == {"planned_s": 120, "topic": "the holidays", "actual_s": 120,
                           "came_back": True}  # fmt: skip
    assert not paths.pause_file().exists()


def test_ended_early_records_how_long_it_really_lasted() -> None:
    wall, mono, log = FakeClock(1_700_000_000.0), FakeClock(0.0), FakeLog()
    pause = begin(1200, wall, mono, log=log)
    wall.advance(300)
    mono.advance(300)
    pause.finish()
    assert log.rows[1]["actual_s"] == 300 and pause.done and pause.left() == 0
    pause.extend(60)  # nothing moves once it is over
    assert pause.toggle() is False and pause.left() == 0


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"planned_s": "20m"}',
        '{"started_at": "x", "planned_s": 60, "deadline_wall": 1}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": -5, "deadline_wall": 1}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": 60, "deadline_wall": "soon"}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": 60, "deadline_wall": null}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": 60, "deadline_wall": 1e400}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": 60, "deadline_wall": 1, "topic": 5}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": true, "deadline_wall": 1}',
        '{"started_at": "2026-11-25T21:00:00", "planned_s": 60, "deadline_wall": 1,'
        ' "history_id": "1"}',
        "\xff\xfe",
    ],
)
def test_a_damaged_pause_file_is_kept_aside_with_a_message(content: str) -> None:
    saved = paths.pause_file()
    saved.parent.mkdir(parents=True)
    saved.write_bytes(content.encode("utf-8").decode("unicode_escape").encode("latin-1"))
    pause, problem = Pause.restore(saved)
    assert pause is None and "kept as" in problem
    assert not saved.exists()
    assert len(list(saved.parent.glob("reset.damaged-*.json"))) == 1


def test_a_pause_file_from_coach_0_1_still_resumes() -> None:
    saved = paths.pause_file()
    saved.parent.mkdir(parents=True)
    wall = FakeClock(1_700_000_000.0)
    saved.write_text(
        '{"started_at": "2026-11-25T21:00:00+00:00", "planned_s": 600, "deadline_wall": null,'
        ' "paused_left": 240.0, "extended_s": 0, "topic": "", "come_back_at": null,'
        ' "history_id": null, "started_wall": 1699999000.0}'
    )
    pause, problem = Pause.restore(saved, wall=wall)
    assert pause is not None and problem == "" and pause.held and pause.shown() == 240


def test_an_unwritable_state_folder_does_not_stop_the_pause() -> None:
    blocker = paths.state_dir()
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the folder should be")
    pause = Pause.begin(60, saved=paths.pause_file(), clock=FakeClock(), wall=FakeClock())
    assert "could not be saved" in pause.problem and pause.left() == 60
