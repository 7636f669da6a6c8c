"""The countdown is a deadline, not a counter: checked with a fake clock, no sleeping."""

from __future__ import annotations

import contextlib
import itertools
import math
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import resets
from coach.countdown import Countdown, clock_face, words
from coach.resets import DurationError, ResetPause, come_back_time, parse_duration


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


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
            c.pause()
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


def test_pause_freezes_and_resume_keeps_the_rest() -> None:
    clock = FakeClock()
    c = Countdown.start(60, clock)
    clock.advance(10.4)
    c.pause()
    c.pause()  # twice is harmless
    clock.advance(500)
    assert c.paused and c.left() == pytest.approx(49.6)
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
    assert "20 minutes" in resets.gentle_note(600)
    assert resets.gentle_note(1200) == ""


def test_come_back_time_is_within_a_day() -> None:
    now = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    assert come_back_time("21:30", now) == now + timedelta(minutes=30)
    assert come_back_time("8:15", now) == datetime(2026, 11, 26, 8, 15, tzinfo=UTC)
    assert come_back_time("21:00", now) == now + timedelta(days=1)
    with pytest.raises(DurationError):
        come_back_time("25:00", now)


def test_saved_pause_resumes_with_the_right_time_left() -> None:
    wall = FakeClock(1_700_000_000.0)
    pause = ResetPause.begin(1200, "2026-11-25T21:00:00+00:00", wall)
    first = pause.countdown(FakeClock(5.0), wall)
    wall.advance(300)  # five minutes later, the app is killed
    resets.save(pause)

    wall.advance(120)  # two minutes closed
    loaded = resets.load()
    assert loaded == pause
    monotonic_after_restart = FakeClock(42.0)  # a new process: a different monotonic origin
    again = loaded.countdown(monotonic_after_restart, wall)
    assert again.shown() == 1200 - 420
    del first


def test_paused_pause_survives_a_restart_paused() -> None:
    wall, mono = FakeClock(1_700_000_000.0), FakeClock(0.0)
    pause = ResetPause.begin(600, "t", wall)
    c = pause.countdown(mono, wall)
    mono.advance(100)
    wall.advance(100)
    c.pause()
    c.extend(300)
    pause.follow(c, wall)
    resets.save(pause)
    wall.advance(3600)  # closed for an hour while paused
    again = resets.load().countdown(FakeClock(7.0), wall)
    assert again.paused and again.shown() == 800 and again.total == 900


def test_deadline_that_passed_while_closed() -> None:
    wall = FakeClock(1_700_000_000.0)
    pause = ResetPause.begin(60, "t", wall)
    resets.save(pause)
    wall.advance(3600)
    loaded = resets.load()
    assert loaded.left(wall) == 0 and loaded.countdown(FakeClock(), wall).done


def test_damaged_pause_file_is_kept_aside() -> None:
    resets.reset_file().parent.mkdir(parents=True)
    resets.reset_file().write_text("{not json")
    assert resets.load() is None
    assert resets.reset_file().with_suffix(".damaged.json").exists()
