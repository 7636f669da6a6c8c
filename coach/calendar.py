"""Calendar files (.ics) for the agreed return time of a pause, and a weekly check-in.

Built with the ``icalendar`` library (RFC 5545). Times are always timezone-aware: a
datetime in a named zone (``zoneinfo.ZoneInfo``) keeps its zone, with a ``VTIMEZONE``
so calendar apps agree on it; any other offset is written in UTC. Text that people
typed (the pause topic) is cleaned first: icalendar escapes ``;``, ``,`` and line breaks
but lets control characters through, which RFC 5545 forbids.
"""

from __future__ import annotations

import os
import re
import uuid
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from coach.atomic import write_atomic
from coach.plain import clean_text, shorten

PRODID = "-//coach//coach//EN"
RETURN_TITLE = "Come back to our talk"
CHECKIN_TITLE = "Our weekly check-in"
RETURN_MINUTES = 15
CHECKIN_MINUTES = 30
TOPIC_IN_TITLE = 80  # characters of the topic shown in the event's title
TOPIC_LIMIT = 2000
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # index = datetime.weekday()
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CLOCK = re.compile(r"([0-9]{1,2})(?:[:.h]([0-9]{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")
#: Namespace for UIDs derived from a key, so the same pause always gets the same UID.
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "coach.invalid")


def derived_uid(key: str) -> str:
    """A UID that is the same every time for the same ``key`` (e.g. a pause's start)."""
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@coach"


def return_event(
    start: datetime,
    topic: str = "",
    *,
    uid: str | None = None,
    pause_started: str | None = None,
    minutes: int = RETURN_MINUTES,
    sequence: int = 0,
    stamp: datetime | None = None,
) -> bytes:
    """An .ics file with one event at the agreed return time, and a reminder at that time.

    ``uid`` names the event; else it is derived from ``pause_started`` (the pause's
    ``started_at``), so a re-export after extending the pause updates the same event in
    a calendar app; else from ``start``. Raise ``sequence`` for each re-export."""
    when = _aware(start, "start")
    about = shorten(topic, TOPIC_IN_TITLE)
    summary = f"{RETURN_TITLE}: {about}" if about else RETURN_TITLE
    details = clean_text(topic, TOPIC_LIMIT)
    description = (
        f"We paused to calm down. Now we come back to it, gently.\n\nTopic: {details}"
        if details
        else "We paused to calm down. Now we come back to it, gently."
    )
    key = f"return:{pause_started}" if pause_started else f"return:{when.isoformat()}"
    event = Event.new(
        summary=summary,
        description=description,
        start=when,
        end=when + timedelta(minutes=max(1, minutes)),
        uid=uid or derived_uid(key),
        stamp=_stamp(stamp),
        sequence=max(0, sequence),
        categories=["coach"],
    )
    event.add_component(_reminder(f"Time to come back to our talk{': ' + about if about else ''}"))
    return _calendar(event, key, first=when.date())


def weekly_checkin_event(
    weekday: int,
    at: time,
    starts: date,
    tz: tzinfo,
    *,
    minutes: int = CHECKIN_MINUTES,
    uid: str | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """An .ics file with a check-in every week on ``weekday`` (0 Monday … 6 Sunday).

    The first one is on the first such day on or after ``starts``, at ``at`` in ``tz``.
    Pass a ``ZoneInfo`` (see ``local_zone``): with a bare offset the recurring time is
    written in UTC and moves by an hour when daylight saving time changes."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    first_day = starts + timedelta(days=(weekday - starts.weekday()) % 7)
    when = _zoned(datetime.combine(first_day, at.replace(tzinfo=None), tzinfo=tz))
    key = f"checkin:{_DAYS[weekday]}:{at.isoformat(timespec='minutes')}:{first_day.isoformat()}"
    event = Event.new(
        summary=CHECKIN_TITLE,
        description="A calm moment to talk about our week: what went well, what hurt, "
        "and what we would like from each other.",
        start=when,
        end=when + timedelta(minutes=max(1, minutes)),
        uid=uid or derived_uid(key),
        stamp=_stamp(stamp),
        categories=["coach"],
    )
    # BYDAY is read in DTSTART's zone: in UTC the local evening may fall on another day.
    event.add("rrule", {"freq": "weekly", "byday": _DAYS[when.weekday()]})
    event.add_component(_reminder("Time for our weekly check-in"))
    return _calendar(event, key, first=first_day, years=20)


class WhenError(ValueError):
    """A day or time of day that cannot be read; the message shows how to write one."""


def parse_weekday(text: str) -> int:
    """0 (Monday) to 6 (Sunday) from 'sunday', 'Sun', 'su' or 'sundays'."""
    word = text.strip().lower()
    if len(word) > 3:
        word = word.removesuffix("s")  # 'sundays', 'tues', 'thurs'
    for number, name in enumerate(DAY_NAMES):
        if word == _DAYS[number].lower() or (len(word) >= 3 and name.lower().startswith(word)):
            return number
    raise WhenError(
        f"'{shorten(text, 20)}' is not a day of the week: write it like sunday, sun or su"
    )


def parse_clock(text: str) -> time:
    """A time of day from '19:00', '7:30', '19.30', '19h30', '19', '7pm' or '7:30 pm'."""
    m = _CLOCK.fullmatch(text.strip().lower())
    if m:
        hour, minute, half = int(m.group(1)), int(m.group(2) or 0), m.group(3)
        if half and 1 <= hour <= 12:
            hour = hour % 12 + (12 if half.startswith("p") else 0)
        elif half:
            hour = 99  # '13pm' is no time of day
        if hour <= 23 and minute <= 59:
            return time(hour, minute)
    raise WhenError(f"'{shorten(text, 20)}' is not a time of day: write it like 19:00, 7:30 or 7pm")


def write_ics(path: Path, data: bytes) -> None:
    """Save an .ics file atomically (readable by its owner only: it may name a topic)."""
    write_atomic(path, data)


def local_zone() -> tzinfo:
    """This machine's time zone by its IANA name when it can be found, else its offset."""
    names = []
    if env := os.environ.get("TZ", "").lstrip(":"):
        names.append(env.split("zoneinfo/", 1)[-1])
    link = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in link:
        names.append(link.split("zoneinfo/", 1)[1])
    for name in names:
        try:
            return ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            continue
    return datetime.now().astimezone().tzinfo or UTC


def _aware(when: datetime, what: str) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (e.g. datetime.now().astimezone())")
    return _zoned(when)


def _zoned(when: datetime) -> datetime:
    """Keep a named zone (it gets a VTIMEZONE); write any bare offset in UTC."""
    if isinstance(when.tzinfo, ZoneInfo) and when.tzinfo.key != "UTC":
        return when.replace(microsecond=0)
    return when.astimezone(UTC).replace(microsecond=0)


def _stamp(stamp: datetime | None) -> datetime:
    return (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _reminder(text: str) -> Alarm:
    """A DISPLAY alarm at the event's start."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", timedelta(0))
    return alarm


def _calendar(event: Event, key: str, first: date, years: int = 1) -> bytes:
    cal = Calendar.new(prodid=PRODID, method="PUBLISH", uid=derived_uid(f"calendar:{key}"))
    cal.add_component(event)
    cal.add_missing_timezones(
        first_date=first - timedelta(days=1), last_date=first + timedelta(days=366 * years)
    )
    return bytes(cal.to_ical())
