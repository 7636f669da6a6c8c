"""Lengths of time and times of day, as people type them for a reset pause."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

MAX_SECONDS = 24 * 60 * 60
CALM_MINUTES = 20  # about how long a body needs to settle after flooding
QUICK_MINUTES = (20, 30, 45, 60)

_PART = re.compile(r"([0-9]+)\s*(h|m|s)")


class DurationError(ValueError):
    """A duration or time that cannot be read; the message says how to write one."""


def parse_duration(text: str) -> int:
    """Seconds in '20m', '90s', '1h30m', '1h 5m 10s' or a bare number of minutes."""
    raw = text.strip().lower().replace("min", "m").replace("sec", "s").replace("hr", "h")
    if len(raw) > 20:
        raise DurationError("that is too long to be a length of time: write it like 20m")
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
        raise DurationError(f"'{text.strip()[:20]}' is not a time of day: write it like 19:30")
    when = now.replace(hour=int(m.group(1)), minute=int(m.group(2)), second=0, microsecond=0)
    if when <= now:
        when += timedelta(days=1)
    return when
