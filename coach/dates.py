"""Times as coach stores and shows them: ISO 8601 with the local offset, in plain words."""

from __future__ import annotations

from datetime import datetime


def now_iso() -> str:
    """The local time with its offset, to the second."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def parse(iso: str | None) -> datetime | None:
    """A stored time, or None when there is none or it cannot be read."""
    if not iso or not isinstance(iso, str):
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def ago(iso: str | None, now: datetime | None = None) -> str:
    """'today', 'yesterday', '3 days ago' for a stored time; '' if there is none."""
    then = parse(iso)
    if then is None:
        return ""
    now = now or datetime.now().astimezone()
    if then.tzinfo is None:
        then = then.astimezone()
    days = (now.date() - then.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    return f"{then.day} {then:%B}"


def short_date(iso: str) -> str:
    """'25 Nov 21:30' from a stored time (the text itself, shortened, if unreadable)."""
    when = parse(iso)
    return when.strftime("%d %b %H:%M") if when else str(iso)[:16]


def clock_time(when: datetime) -> str:
    """'21:30'."""
    return when.strftime("%H:%M")
