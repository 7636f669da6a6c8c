"""What a couple can learn from their notes: counted in SQL, worded as observations."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coach.history.store import HistoryStore

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TIMES = ("morning", "afternoon", "evening", "night")
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


def plural(n: int, word: str) -> str:
    """A count with its noun in the right number: ``1 minute``, ``2 minutes``."""
    return f"{n} {word if n == 1 else word + 's'}"


_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


def _starting(n: int) -> str:
    """A count that begins a sentence: ``Five``; a large one ``In all, 40``."""
    return _SMALL[n].capitalize() if n < len(_SMALL) else f"In all, {n}"


def listed(items: list[str]) -> str:
    """Items the way people say them: ``a``, ``a and b``, ``a, b and c``."""
    return "".join(items) if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


def _name(names: Mapping[str, str], who: str) -> str:
    """A partner's name; an unknown id (from an old import) is shown as it is."""
    return names.get(who) or who or "someone"


def observations(p: Patterns, names: Mapping[str, str], name_of: Callable[[str], str]) -> list[str]:
    """Plain sentences about what the numbers show: observations, never who is to blame.

    A sentence about both partners is said only when it is true of both."""
    if not p.notes and not p.resets and not p.weekly_temperature:
        window = "day" if p.days == 1 else f"{p.days} days"
        return [f"Nothing noted in the last {window} yet. Notes show up here as you add them."]
    out = []
    if p.by_kind:
        out.append(_most_often(p, name_of))
    if p.by_who:
        parts = [f"{_name(names, w)} {plural(n, 'time')}" for w, n in sorted(p.by_who.items())]
        out.append("Noted feeling hurt: " + ", ".join(parts) + ".")
    if p.notes:
        out.append(_repairs(p))
    for kind, n in p.recurring:
        out.append(
            f"“{name_of(kind)}” came up {plural(n, 'time')} within two weeks:"
            " a pattern worth a gentle talk."
        )
    if p.resets:
        out.append(_resets(p.resets, p.resets_revisited))
    if (temperature := _temperature(p, names)) is not None:
        out.append(temperature)
    if (when := _when(p)) is not None:
        out.append(when)
    return out


def _most_often(p: Patterns, name_of: Callable[[str], str]) -> str:
    """Which kind of hurt came up most; a tie names every kind in it, none above another."""
    top = p.by_kind[0][1]
    tied = [f"“{name_of(kind)}”" for kind, n in p.by_kind if n == top]
    if p.notes == 1:
        return f"One small hurt was noted: {tied[0]}."
    if len(p.by_kind) == 1:
        return f"All {p.notes} notes were about {tied[0]}."
    if len(tied) == 1:
        return f"The small hurt noted most often was {tied[0]} ({top} of {p.notes})."
    each = f"({plural(top, 'time')} each)"
    if len(tied) > 4:
        return f"{_starting(len(tied))} kinds of small hurt came up equally often {each}."
    return f"{listed(tied)} came up most often {each}."


def _repairs(p: Patterns) -> str:
    within = ""
    hours = p.median_hours_to_repair
    if hours is not None and math.isfinite(hours) and p.repaired:
        within = f", {'usually ' if p.repaired > 1 else ''}within {_hours(hours)}"
    if p.notes == 1:
        if p.repaired:
            return f"You repaired the one noted moment{within}."
        return "The one noted moment has not been repaired yet."
    if not p.repaired:
        return f"None of the {p.notes} noted moments has been repaired yet."
    if p.repaired >= p.notes:
        every = "both" if p.notes == 2 else f"all {p.notes}"
        return f"You repaired {every} noted moments{within}."
    return f"You repaired {p.repaired} of {p.notes} noted moments{within}."


def _resets(taken: int, revisited: int) -> str:
    pauses = f"You took {plural(taken, 'reset pause')}"
    them = "it" if taken == 1 else "them"
    if revisited <= 0:
        return f"{pauses} but have not come back to {them} yet."
    if revisited >= taken:
        return f"{pauses} and came back to {'it' if taken == 1 else 'all of them'}."
    return f"{pauses} and came back to {revisited} of them."


def _band(value: float) -> str:
    """How stirred up an average reading is, in the words of the temperature flow."""
    if value < 5:
        return "fairly calm"
    return "somewhat stirred up" if value < 8 else "very stirred up"


def _temperature(p: Patterns, names: Mapping[str, str]) -> str | None:
    """Each partner's temperature on average; "both" only when it is true of both."""
    averages = {
        who: statistics.fmean(good)
        for who, weekly in sorted(p.weekly_temperature.items())
        if (good := [v for v in weekly if math.isfinite(v)])
    }
    known = [w for w in averages if w in names] or list(averages)
    if not known:
        return None
    if len(known) == 1:
        who = known[0]
        about = round(averages[who])
        return (
            f"{_name(names, who)}'s temperature readings were about {about} out of 10 on average."
        )
    (a, x), (b, y) = [(_name(names, w), averages[w]) for w in known[:2]]
    if abs(x - y) < 1:
        both = f"({a} about {round(x)}, {b} about {round(y)}, out of 10)"
        if _band(x) == _band(y):
            return f"You both felt {_band(x)} on average {both}."
        return f"Your temperature readings were close {both}."
    (high, hv), (low, lv) = sorted([(a, x), (b, y)], key=lambda t: -t[1])
    return (
        f"{high}'s numbers were higher than {low}'s"
        f" (about {round(hv)} and {round(lv)} out of 10 on average)."
    )


def _when(p: Patterns) -> str | None:
    """When notes were made most often; a tie is named in full, a wide tie left out."""
    busiest = max(p.weekdays)
    days = [d for d in range(7) if busiest and p.weekdays[d] == busiest]
    most = max(p.times_of_day.values(), default=0)
    times = [t for t in TIMES if most and p.times_of_day.get(t) == most]
    if p.notes == 1:
        parts = [f"on a {WEEKDAYS[days[0]][:-1]}"] if len(days) == 1 else []
        parts += [f"in the {times[0]}"] if len(times) == 1 else []
        return "The note was made " + ", ".join(parts) + "." if parts else None
    parts = ["in " + listed([f"the {t}" for t in times])] if 1 <= len(times) <= 2 else []
    parts += ["on " + listed([WEEKDAYS[d] for d in days])] if 1 <= len(days) <= 2 else []
    return "Notes were made most often " + ", and ".join(parts) + "." if parts else None


#: Named shares for ``suggest_help``: a threshold just under one of these is said in words.
SHARES = (
    (1 / 10, "a tenth"),
    (1 / 5, "a fifth"),
    (1 / 4, "a quarter"),
    (1 / 3, "a third"),
    (1 / 2, "half"),
    (2 / 3, "two thirds"),
    (3 / 4, "three quarters"),
    (4 / 5, "four fifths"),
    (9 / 10, "nine in ten"),
)
SHARE_SLACK = 0.035
PAUSED_TALKS = {1: "a paused talk was", 2: "two paused talks were"}


def fewer_than(rate: float) -> str:
    """``fewer than half`` for 0.5, ``fewer than a third`` for 0.3, else ``fewer than 45%``.

    Always true of any share below ``rate``: a named share is never below it."""
    if rate >= 1:
        return "not all"
    for share, words in SHARES:
        if rate <= share <= rate + SHARE_SLACK:
            return f"fewer than {words}"
    return f"fewer than {math.ceil(rate * 100 - 1e-9)}%"


def suggest_help(p: Patterns, t: Thresholds, names: Mapping[str, str] | None = None) -> str | None:
    """A gentle word about a therapist, when patterns persist.

    With ``names``, a rising temperature is said of the partner whose numbers rose."""
    reasons = []
    if p.notes and p.notes >= t.min_notes and (p.repair_rate or 0) < t.repair_rate:
        reasons.append(f"{fewer_than(t.repair_rate)} of the noted moments were repaired")
    if (n := p.resets_never_revisited) >= max(1, t.unrevisited_resets):
        talks = PAUSED_TALKS.get(n, "several paused talks were")
        reasons.append(f"{talks} never picked up again")
    rising = [w for w, weekly in sorted(p.weekly_temperature.items())
              if rising_weeks(weekly) >= t.rising_weeks]  # fmt: skip
    if len(rising) > 1:
        reasons.append("you have both felt more stirred up week after week")
    elif rising:
        who = _name(names, rising[0]) if names is not None else "one of you"
        reasons.append(f"{who} has felt more stirred up week after week")
    if not reasons:
        return None
    return (
        "Lately " + listed(reasons) + ". That happens to many couples. A couples "
        "therapist can help you both feel heard again; asking for help is a sign of care."
    )


def _hours(h: float) -> str:
    """A length of time in plain words: ``1 minute``, ``about an hour``, ``3 days``."""
    if not math.isfinite(h):
        return "a while"
    minutes = max(1, round(h * 60))
    if minutes < 55:
        return plural(minutes, "minute")
    if round(h) <= 1:
        return "about an hour"
    if h < 48:
        return plural(round(h), "hour")
    return plural(round(h / 24), "day")


def sparkline(values: list[float], low: float = 1, high: float = 10) -> str:
    bars = "▁▂▃▄▅▆▇█"
    return "".join(bars[min(7, max(0, int((v - low) / (high - low) * 7.999)))] for v in values)
