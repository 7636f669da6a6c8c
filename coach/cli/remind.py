"""``coach remind`` and ``coach reset --ics``: calendar files (.ics) for a weekly check-in and
for the time you agreed to come back to a paused talk."""

from __future__ import annotations

import argparse
import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.common import SubParsers, fail, say

if TYPE_CHECKING:
    from coach.pause import PauseState

DEFAULT_DAY = "sunday"
DEFAULT_TIME = "19:00"

EPILOG = """\
examples:
  coach remind --ics check-in.ics                  every Sunday at 19:00
  coach remind --weekly wed 20:30 --ics check-in.ics
  coach remind --weekly saturday 10am --ics -      print it instead

DAY is a day's name or its start (sunday, sun, su); TIME looks like 19:00, 7:30 or 7pm.
Open the file with your calendar app to add the check-in. For the time to come back
after a pause, see `coach reset --ics`."""


def add_ics_option(parser: argparse.ArgumentParser, help: str) -> None:
    """``--ics FILE``: where a calendar file goes (``-`` prints it). Completes file names."""
    parser.add_argument("--ics", metavar="FILE", help=help)


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "remind",
        help="a weekly check-in for your calendar, e.g. `coach remind --ics check-in.ics`",
        description="Save a calendar event for a weekly check-in: a calm half hour, every\n"
        "week, to talk about what went well, what hurt and what you would like.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--weekly",
        nargs=2,
        metavar=("DAY", "TIME"),
        help=f"the day and time of your check-in (default: {DEFAULT_DAY} {DEFAULT_TIME})",
    )
    add_ics_option(p, "where to save the calendar file, like check-in.ics (- prints it)")
    p.set_defaults(handler=_remind)


def now() -> datetime:
    """The time now, in this machine's time zone (named when it can be, for the calendar)."""
    from coach.calendar import local_zone

    return datetime.now(local_zone())


# -- the weekly check-in ------------------------------------------------------------------


def _remind(args: argparse.Namespace) -> int:
    from coach.calendar import DAY_NAMES, WhenError, parse_clock, parse_weekday
    from coach.calendar import weekly_checkin_event as weekly

    if args.ics is None:
        return fail(
            "coach remind needs a file to save the check-in in: add --ics check-in.ics "
            "(or --ics - to print it)",
            2,
        )
    if problem := usage_problem(args.ics):
        return fail(problem, 2)
    day, at = args.weekly or (DEFAULT_DAY, DEFAULT_TIME)
    try:
        weekday, clock = parse_weekday(day), parse_clock(at)
    except WhenError as exc:
        return fail(str(exc), 2)
    today = now()
    starts = today.date() + timedelta(days=0 if today.time() < clock else 1)
    data = weekly(weekday, clock, starts, today.tzinfo or UTC)
    if problem := write_calendar(args.ics, data):
        return fail(problem)
    first = starts + timedelta(days=(weekday - starts.weekday()) % 7)
    _tell_saved(
        args.ics,
        f"Your weekly check-in is on {DAY_NAMES[weekday]}s at {clock:%H:%M}, "
        f"from {first.day} {first:%B}.",
    )
    return 0


# -- the time to come back after a pause ----------------------------------------------------


@dataclass(frozen=True)
class ComeBack:
    """When to come back to a paused talk, and what the calendar event says about it."""

    when: datetime
    topic: str = ""
    pause_started: str | None = None  # a pause already running: its event keeps one UID
    sequence: int = 0
    earlier: bool = False  # a pause from before, which coach shows instead of a new one


def come_back(seconds: int, at: datetime, saved: PauseState | None) -> ComeBack | str:
    """When to come back after ``coach reset`` with a pause of ``seconds``, asked ``at`` (a
    timezone-aware time): when that pause ends. A pause still running from before is shown
    instead of a new one, so then it is that pause's agreed time. A sentence when no such
    time is known (a pause on hold, or one that ended while coach was closed)."""
    zone = at.tzinfo
    if saved is None:
        return ComeBack(whole_minute(datetime.fromtimestamp(at.timestamp() + seconds, zone)))
    agreed = _agreed(saved.come_back_at, at)
    deadline = saved.deadline_wall
    running = saved.held_left is None and deadline is not None and deadline > at.timestamp()
    if running or (agreed is not None and saved.held_left is not None):
        ends = whole_minute(datetime.fromtimestamp(deadline, zone)) if deadline else None
        when = agreed or ends
        assert when is not None  # running has a deadline; otherwise there is an agreed time
        minutes = int(max(0.0, at.timestamp() - saved.started_wall) // 60)
        return ComeBack(when, saved.topic, saved.started_at, minutes, earlier=True)
    if saved.held_left is not None:
        return (
            "the pause already in coach is on hold, so its time to come back is not known "
            "yet: open it with `coach reset` and let it run, then ask for the calendar again"
        )
    return (
        "your last pause ended while coach was closed, and coach shows that before a new "
        "one: run `coach reset` first, then this command again"
    )


def save_come_back(target: str, seconds: int) -> int:
    """For ``coach reset --ics``: write the time to come back to ``target`` and say so.
    0 when it is written; else the exit code, after one line saying what went wrong."""
    from coach import paths
    from coach.calendar import return_event
    from coach.pause import peek

    if problem := usage_problem(target):
        return fail(problem, 2)
    asked = now()
    found = come_back(seconds, asked, peek(paths.pause_file()))
    if isinstance(found, str):
        return fail(found)
    data = return_event(
        found.when, found.topic, pause_started=found.pause_started, sequence=found.sequence
    )
    if problem := write_calendar(target, data, example="come-back.ics"):
        return fail(problem)
    when = at_words(found.when, asked)
    if found.earlier:
        what = f"A pause is already under way, so coach shows it; its time to come back is {when}."
    else:
        what = f"Your time to come back is {when}, when the pause ends."
    _tell_saved(target, what)
    return 0


def whole_minute(when: datetime) -> datetime:
    """``when``, or the next whole minute after it (calendars show minutes)."""
    return datetime.fromtimestamp(math.ceil(when.timestamp() / 60) * 60, when.tzinfo)


def at_words(when: datetime, now: datetime) -> str:
    """'19:30', 'tomorrow at 00:10' or 'Sunday 3 May at 19:00', in ``now``'s zone."""
    when = when.astimezone(now.tzinfo)
    days = (when.date() - now.date()).days
    clock = f"{when:%H:%M}"
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow at {clock}"
    return f"{when:%A} {when.day} {when:%B} at {clock}"


def _agreed(come_back_at: str | None, now: datetime) -> datetime | None:
    """The agreed time of a saved pause, if it has one still to come."""
    if not come_back_at:
        return None
    try:
        agreed = datetime.fromisoformat(come_back_at).astimezone(now.tzinfo)
    except (ValueError, OverflowError):
        return None
    return agreed if agreed > now else None


# -- writing ------------------------------------------------------------------------------


def usage_problem(target: str) -> str:
    """What is wrong with ``--ics`` before anything is written; '' when nothing is."""
    if not target.strip():
        return "--ics needs a file name, like --ics our-calendar.ics (or --ics - to print it)"
    return ""


def write_calendar(target: str, data: bytes, *, example: str = "check-in.ics") -> str:
    """Save ``data`` at ``target`` (``-``: print it); '' when done, else what went wrong."""
    from coach.calendar import write_ics

    if target == "-":
        for line in data.decode("utf-8").split("\r\n")[:-1]:
            say(line, end="\r\n")  # through the same gate as all text; calendar line ends
        return ""
    path = Path(target)
    if target.endswith(("/", os.sep)) or path.is_dir():
        return f"{target} is a folder: name a file in it, like {path / example}"
    if path.is_symlink():  # write where the link points, and keep the link
        path = path.resolve()
    if path.exists() and not path.is_file():  # a device or a pipe is never replaced
        return f"{target} is not an ordinary file: name a .ics file, or use --ics - to print it"
    if above := next((p for p in path.parents if p.exists() and not p.is_dir()), None):
        return f"cannot write {target}: {above} is a file, not a folder; choose another place"
    if not path.parent.is_dir():  # a typo should not make folders
        return (
            f"cannot write {target}: the folder {path.parent} does not exist; "
            "create it first, or choose another place"
        )
    try:
        write_ics(path, data)
    except OSError as exc:
        return (
            f"cannot write {target} ({exc.strerror or exc}): choose a folder you can write "
            "to, or use --ics - to print it"
        )
    return ""


def _tell_saved(target: str, what: str) -> None:
    """Say where the calendar file went (on stderr when the file itself went to stdout)."""
    if target == "-":
        say(what, err=True)
    else:
        say(f"{what} It is saved in {target}: open it with your calendar app to add it.")
