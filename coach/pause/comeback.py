"""Coming back to a paused talk, in a calendar: when, and the .ics event for it.

A pause that is counting has its own agreed time (the time set, or the timer's end); a
talk paused earlier gets one of a few plain choices ("in an hour", "this evening at 7").
The event is written under coach's private data folder; nothing leaves the machine.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path

from coach import paths
from coach.calendar import local_zone, return_event, write_ics

EVENING = time(19, 0)
MORNING = time(9, 0)


def come_back_choices(now: datetime) -> list[tuple[str, str, datetime]]:
    """(id, label, when) for a talk paused earlier, soonest first; ``now`` is aware."""
    hour = (now + timedelta(hours=1)).replace(second=0, microsecond=0)
    choices = [("hour", f"In an hour ({hour:%H:%M})", hour)]
    today_evening = now.replace(hour=EVENING.hour, minute=0, second=0, microsecond=0)
    tomorrow = now.date() + timedelta(days=1)
    if today_evening - now >= timedelta(hours=2):
        choices.append(("evening", "This evening at 7", today_evening))
    else:
        evening = datetime.combine(tomorrow, EVENING, tzinfo=now.tzinfo)
        choices.append(("evening", "Tomorrow evening at 7", evening))
    morning = datetime.combine(tomorrow, MORNING, tzinfo=now.tzinfo)
    choices.append(("morning", "Tomorrow morning at 9", morning))
    return choices


def agreed_time(come_back_at: str | None, seconds_left: float, now: datetime) -> datetime:
    """A counting pause's return time: the time agreed, else when the timer ends."""
    if come_back_at:
        when = datetime.fromisoformat(come_back_at)
        zone: tzinfo = now.tzinfo or local_zone()
        return when if when.tzinfo is not None else when.replace(tzinfo=zone)
    return (now + timedelta(seconds=seconds_left)).replace(microsecond=0)


def calendar_file(when: datetime) -> Path:
    return paths.data_dir() / "calendar" / f"come-back-{when:%Y-%m-%d-%H%M}.ics"


def write_return(when: datetime, topic: str, started_at: str) -> Path:
    """Write the event for coming back at ``when`` (aware); its UID follows the pause, so
    writing it again updates the same event. Raises OSError."""
    path = calendar_file(when)
    paths.ensure_private_dir(path.parent)
    write_ics(path, return_event(when, topic, pause_started=started_at))
    return path
