"""The reset pause, as plain data: parse a duration, keep the deadline across restarts.

Within one run, time left is deadline minus the monotonic clock (see countdown.py). The
wall-clock deadline is saved too, so a restarted coach resumes the same pause.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from coach import paths
from coach.atomic import load_saved, write_atomic
from coach.countdown import Clock, Countdown

Wall = Callable[[], float]
MAX_SECONDS = 24 * 60 * 60
CALM_MINUTES = 20  # about how long a body needs to settle after flooding
QUICK_MINUTES = (20, 30, 45, 60)

_PART = re.compile(r"([0-9]+)\s*(h|m|s)")


class DurationError(ValueError):
    """A duration that cannot be read; the message says how to write one."""


def parse_duration(text: str) -> int:
    """Seconds in '20m', '90s', '1h30m', '1h 5m 10s' or a bare number of minutes."""
    raw = text.strip().lower().replace("min", "m").replace("sec", "s").replace("hr", "h")
    if re.fullmatch(r"[0-9]+", raw):
        seconds = int(raw) * 60
    else:
        compact = raw.replace(" ", "")
        parts = _PART.findall(compact)
        if not parts or "".join(f"{n}{u}" for n, u in parts) != compact:
            raise DurationError(
                f"'{text}' is not a length of time: write it like 20m, 90s or 1h30m "
                "(a bare number means minutes)"
            )
        units = [u for _, u in parts]
        if len(set(units)) != len(units):
            raise DurationError(f"'{text}' names the same unit twice")
        seconds = sum(int(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    if seconds <= 0:
        raise DurationError("a pause needs to last at least a second")
    if seconds > MAX_SECONDS:
        raise DurationError("a pause can last at most 24 hours: come back within a day")
    return seconds


def gentle_note(seconds: int) -> str:
    """A kind, non-blocking word when the pause is shorter than a body usually needs."""
    if seconds < CALM_MINUTES * 60:
        return (
            f"Bodies usually need about {CALM_MINUTES} minutes to calm down. "
            "A shorter pause is fine; you can always add more."
        )
    return ""


def come_back_time(text: str, now: datetime) -> datetime:
    """The next 'HH:MM' after ``now`` (today or tomorrow), at most 24 hours away."""
    m = re.fullmatch(r"\s*([0-9]{1,2})[:.h]([0-9]{2})\s*", text)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise DurationError(f"'{text}' is not a time of day: write it like 19:30")
    when = now.replace(hour=int(m.group(1)), minute=int(m.group(2)), second=0, microsecond=0)
    if when <= now:
        when += timedelta(days=1)
    return when


SOOTHING = (
    "Let your shoulders drop, and unclench your jaw.",
    "Breathe out a little longer than you breathe in.",
    "Feel your feet on the floor and the weight of your body.",
    "Picture a place where you feel safe and calm.",
    "If you catch yourself replaying the argument, come back to your breath.",
    "Tense your hands for a moment, then let them go soft.",
    "No need to build your case now. Just rest.",
    "A glass of water, a window, a short walk: small kindnesses to your body.",
)


def suggestion(elapsed: float, every: float = 45.0) -> str:
    """A self-soothing suggestion that changes slowly."""
    return SOOTHING[int(max(0.0, elapsed) // every) % len(SOOTHING)]


@dataclass
class ResetPause:
    """A pause in progress, as saved to disk."""

    started_at: str
    planned_s: int
    deadline_wall: float | None  # epoch seconds; None while paused
    paused_left: float | None = None
    extended_s: int = 0
    topic: str = ""
    come_back_at: str | None = None  # an agreed time, or None for "when the timer ends"
    history_id: int | None = None
    started_wall: float = 0.0

    @classmethod
    def begin(cls, seconds: int, started_at: str, wall: Wall = time.time) -> ResetPause:
        start = wall()
        return cls(started_at, seconds, deadline_wall=start + seconds, started_wall=start)

    def lasted(self, wall: Wall = time.time) -> int:
        """Seconds since the pause began (its actual length, once it is over)."""
        return max(0, round(wall() - self.started_wall))

    @property
    def total(self) -> int:
        return self.planned_s + self.extended_s

    def left(self, wall: Wall = time.time) -> float:
        if self.paused_left is not None:
            return self.paused_left
        return max(0.0, (self.deadline_wall or 0.0) - wall())

    def countdown(self, clock: Clock = time.monotonic, wall: Wall = time.time) -> Countdown:
        """A countdown on this process's monotonic clock, with the saved time left."""
        left = self.left(wall)
        c = Countdown(total=self.total, clock=clock, deadline=clock() + left)
        if self.paused_left is not None:
            c.paused_left = left
        return c

    def follow(self, countdown: Countdown, wall: Wall = time.time) -> None:
        """Copy a countdown's pause, resume and extension back, to be saved."""
        self.extended_s = round(countdown.total) - self.planned_s
        if countdown.paused:
            self.paused_left, self.deadline_wall = countdown.left(), None
        else:
            self.paused_left, self.deadline_wall = None, wall() + countdown.left()


def reset_file() -> Path:
    return paths.state_dir() / "reset.json"


def save(pause: ResetPause) -> None:
    paths.ensure_private_dir(reset_file().parent)
    write_atomic(reset_file(), json.dumps(asdict(pause)))


def load() -> ResetPause | None:
    """The saved pause, or None; a damaged file is kept aside."""
    return load_saved(reset_file(), ResetPause)


def clear() -> None:
    reset_file().unlink(missing_ok=True)
