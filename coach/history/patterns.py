"""What a couple can learn from their notes: counted in SQL, worded as observations."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coach.history.store import HistoryStore

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays")
RECUR_COUNT, RECUR_DAYS = 3, 14


@dataclass(frozen=True)
class Thresholds:
    """When to suggest, gently, that a couples therapist could help."""

    min_notes: int = 5
    repair_rate: float = 0.5
    unrevisited_resets: int = 3
    rising_weeks: int = 4


@dataclass
class Patterns:
    days: int
    notes: int = 0
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_who: dict[str, int] = field(default_factory=dict)
    repaired: int = 0
    median_hours_to_repair: float | None = None
    recurring: list[tuple[str, int]] = field(default_factory=list)
    weekly_temperature: dict[str, list[float]] = field(default_factory=dict)
    resets: int = 0
    resets_revisited: int = 0
    resets_never_revisited: int = 0
    weekdays: list[int] = field(default_factory=lambda: [0] * 7)
    times_of_day: dict[str, int] = field(default_factory=dict)
    #: Notes per ISO week (``2026-W52``), every week of the window, in order.
    hurts_weekly: list[tuple[str, int]] = field(default_factory=list)
    #: Each partner's average temperature per ISO week that has one, in order.
    temperature_weekly: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    @property
    def repair_rate(self) -> float | None:
        return self.repaired / self.notes if self.notes else None


def now_local() -> datetime:
    """Today, where the couple is (tests pin this)."""
    return datetime.now().astimezone()


def time_of_day(hour: int) -> str:
    if 5 <= hour < 12:
        return "morning"
    if 12 <= hour < 17:
        return "afternoon"
    if 17 <= hour < 22:
        return "evening"
    return "night"


def compute(history: HistoryStore, days: int, today: datetime | None = None) -> Patterns:
    """Patterns over the last ``days`` days. Every query is bounded by an index."""
    today = today or now_local()
    since = (today - timedelta(days=days)).isoformat(timespec="seconds")
    db = history.db
    p = Patterns(days)
    p.by_kind = [
        (r[0], r[1])
        for r in db.execute(
            "SELECT kind, count(*) FROM notes WHERE created_at >= ? GROUP BY kind"
            " ORDER BY 2 DESC, 1",
            (since,),
        )
    ]
    p.notes = sum(n for _, n in p.by_kind)
    p.by_who = dict(
        db.execute("SELECT felt_by, count(*) FROM notes WHERE created_at >= ? GROUP BY 1", (since,))
    )
    delays = [
        r[0]
        for r in db.execute(
            "SELECT (julianday(min(p.created_at)) - julianday(n.created_at)) * 24"
            " FROM notes n JOIN repairs p ON p.note_id = n.id"
            " WHERE n.created_at >= ? GROUP BY n.id",
            (since,),
        )
    ]
    p.repaired = len(delays)
    p.median_hours_to_repair = statistics.median(delays) if delays else None
    p.recurring = _recurring(history, since)
    for who, _week, avg in db.execute(
        "SELECT who, strftime('%Y-%W', substr(created_at, 1, 10)), avg(value)"
        " FROM temperatures WHERE created_at >= ? GROUP BY 1, 2 ORDER BY 2",
        (since,),
    ):
        p.weekly_temperature.setdefault(who, []).append(round(avg, 1))
    row = db.execute(
        "SELECT count(*), count(came_back_at),"
        " sum(came_back_at IS NULL AND dismissed_at IS NULL AND actual_s IS NOT NULL)"
        " FROM resets WHERE started_at >= ?",
        (since,),
    ).fetchone()
    p.resets, p.resets_revisited, p.resets_never_revisited = row[0], row[1], row[2] or 0
    times: Counter[str] = Counter()
    for weekday, hour, n in db.execute(
        "SELECT strftime('%w', substr(created_at, 1, 10)), substr(created_at, 12, 2), count(*)"
        " FROM notes WHERE created_at >= ? GROUP BY 1, 2",
        (since,),
    ):
        if not (str(weekday).isdigit() and str(hour).isdigit()):
            continue  # a time that cannot be read (an old, damaged row) is left out
        p.weekdays[int(weekday)] += n
        times[time_of_day(int(hour))] += n
    p.times_of_day = dict(times)
    p.hurts_weekly = _hurts_per_week(history, since, today)
    p.temperature_weekly = _temperature_by_week(history, since)
    return p


def iso_week(day: date) -> str:
    """The ISO week a day falls in, like ``2026-W52`` (weeks start on Monday)."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_keys(first: date, last: date) -> list[str]:
    """Every ISO week from the one holding ``first`` to the one holding ``last``."""
    monday = first - timedelta(days=first.weekday())
    keys = []
    while monday <= last:
        keys.append(iso_week(monday))
        monday += timedelta(days=7)
    return keys


def week_label(key: str) -> str:
    """A short label for an ISO week: the day its Monday falls on, like ``21 Dec``.

    Anything that is not an ISO week key is returned as it is."""
    try:
        year, week = key.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return key
    return f"{monday.day} {MONTHS[monday.month - 1]}"


def hurts_per_week(
    history: HistoryStore, days: int, today: datetime | None = None
) -> list[tuple[str, int]]:
    """Notes counted per ISO week over the last ``days`` days; weeks with none included."""
    today = today or now_local()
    return _hurts_per_week(history, _since(today, days), today)


def weekly_temperature_by_week(
    history: HistoryStore, days: int, today: datetime | None = None
) -> dict[str, list[tuple[str, float]]]:
    """Each partner's average temperature per ISO week, labelled (weeks without one left out)."""
    return _temperature_by_week(history, _since(today or now_local(), days))


def _since(today: datetime, days: int) -> str:
    return (today - timedelta(days=days)).isoformat(timespec="seconds")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None  # an imported row with an odd date: left out of weekly counts


def _hurts_per_week(history: HistoryStore, since: str, today: datetime) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    for day, n in history.db.execute(
        "SELECT substr(created_at, 1, 10), count(*) FROM notes WHERE created_at >= ? GROUP BY 1",
        (since,),
    ):
        if (d := _day(day)) is not None:
            counts[iso_week(d)] += n
    first = _day(since[:10]) or today.date()
    return [(key, counts[key]) for key in week_keys(first, today.date())]


def _temperature_by_week(history: HistoryStore, since: str) -> dict[str, list[tuple[str, float]]]:
    sums: dict[str, dict[str, list[float]]] = {}
    for who, day, total, n in history.db.execute(
        "SELECT who, substr(created_at, 1, 10), sum(value), count(*) FROM temperatures"
        " WHERE created_at >= ? GROUP BY 1, 2",
        (since,),
    ):
        if (d := _day(day)) is not None:
            week = sums.setdefault(who, {}).setdefault(iso_week(d), [0.0, 0])
            week[0] += total
            week[1] += n
    return {
        who: [(key, round(t / n, 1)) for key, (t, n) in sorted(weeks.items())]
        for who, weeks in sorted(sums.items())
    }


def _recurring(history: HistoryStore, since: str) -> list[tuple[str, int]]:
    """Kinds noted RECUR_COUNT or more times within RECUR_DAYS days (most in any window)."""
    by_kind: dict[str, list[float]] = {}
    for kind, day in history.db.execute(
        "SELECT kind, julianday(created_at) FROM notes WHERE created_at >= ? ORDER BY 2",
        (since,),
    ):
        if isinstance(day, float):  # NULL when the stored time cannot be read
            by_kind.setdefault(str(kind), []).append(day)
    found = []
    for kind, days in by_kind.items():
        best, start = 0, 0
        for end, day in enumerate(days):
            while day - days[start] > RECUR_DAYS:
                start += 1
            best = max(best, end - start + 1)
        if best >= RECUR_COUNT:
            found.append((kind, best))
    return sorted(found, key=lambda x: (-x[1], x[0]))


def rising_weeks(weekly: list[float]) -> int:
    """How many weeks in a row, up to the latest, the temperature went up."""
    run = 0
    for before, after in zip(weekly[-2::-1], weekly[::-1], strict=False):
        if after > before:
            run += 1
        else:
            break
    return run


def observations(p: Patterns, names: dict[str, str], name_of: Callable[[str], str]) -> list[str]:
    """Plain sentences about what the numbers show. Never who is to blame."""
    if not p.notes and not p.resets and not p.weekly_temperature:
        return [f"Nothing noted in the last {p.days} days yet. Notes show up here as you add them."]
    out = []
    if p.by_kind:
        kind, n = p.by_kind[0]
        out.append(f"The small hurt noted most often was “{name_of(kind)}” ({n} of {p.notes}).")
    if p.by_who:
        parts = [f"{names[w]} {n} time{'s' if n != 1 else ''}" for w, n in sorted(p.by_who.items())]
        out.append("Noted feeling hurt: " + ", ".join(parts) + ".")
    if p.notes:
        line = f"You repaired {p.repaired} of {p.notes} noted moments"
        if p.median_hours_to_repair is not None:
            line += f", usually within {_hours(p.median_hours_to_repair)}"
        out.append(line + ".")
    for kind, n in p.recurring:
        out.append(
            f"“{name_of(kind)}” came up {n} times within two weeks: a pattern worth a gentle talk."
        )
    if p.resets:
        out.append(
            f"You took {p.resets} reset pause{'s' if p.resets != 1 else ''} "
            f"and came back to {p.resets_revisited}."
        )
    if p.notes:
        busiest_day = max(range(7), key=lambda d: p.weekdays[d])
        busiest_time = max(p.times_of_day, key=lambda t: p.times_of_day[t])
        out.append(f"Most notes were made in the {busiest_time}, and on {WEEKDAYS[busiest_day]}.")
    return out


def suggest_help(p: Patterns, t: Thresholds) -> str | None:
    """A gentle word about a therapist, when patterns persist."""
    reasons = []
    if p.notes >= t.min_notes and (p.repair_rate or 0) < t.repair_rate:
        reasons.append("fewer than half of the noted moments were repaired")
    if p.resets_never_revisited >= t.unrevisited_resets:
        reasons.append("several paused talks were never picked up again")
    if any(rising_weeks(w) >= t.rising_weeks for w in p.weekly_temperature.values()):
        reasons.append("one of you has felt more stirred up week after week")
    if not reasons:
        return None
    return (
        "Lately " + " and ".join(reasons) + ". That happens to many couples. A couples "
        "therapist can help you both feel heard again; asking for help is a sign of care."
    )


def _hours(h: float) -> str:
    if round(h * 60) < 55:
        return f"{max(1, round(h * 60))} minutes"
    if round(h) <= 1:
        return "about an hour"
    if h < 48:
        return f"{round(h)} hour{'s' if round(h) != 1 else ''}"
    return f"{round(h / 24)} days"


def sparkline(values: list[float], low: float = 1, high: float = 10) -> str:
    bars = "▁▂▃▄▅▆▇█"
    return "".join(bars[min(7, max(0, int((v - low) / (high - low) * 7.999)))] for v in values)
