"""Patterns in words: right numbers of things, ties said as ties, "both" only when true."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.flows.catalog import Catalog
from coach.history import HistoryStore
from coach.history import patterns as P

NAMES = {"a": "Sam", "b": "Alex"}
TZ = timezone(timedelta(hours=1))
TODAY = datetime(2026, 12, 25, 12, 0, tzinfo=TZ)  # a Friday
HARSH = ("fault", "blame", "always", "never", "should", "wrong", "too ")


def pattern(**fields: object) -> P.Patterns:
    """Patterns as ``compute`` would leave them, without a database."""
    p = P.Patterns(30)
    for key, value in fields.items():
        setattr(p, key, value)
    if "by_kind" in fields and "notes" not in fields:
        p.notes = sum(n for _, n in p.by_kind)
    return p


def words(p: P.Patterns) -> list[str]:
    return P.observations(p, NAMES, str.title)


def sentence(p: P.Patterns, start: str) -> str:
    found = [s for s in words(p) if s.startswith(start)]
    assert len(found) == 1, words(p)
    return found[0]


# -- every number with the right word ---------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "said"),
    [
        (1 / 60, "1 minute"),
        (0.2 / 60, "1 minute"),  # under a minute still reads as one
        (-3.0, "1 minute"),  # a repair stamped before its note (an odd import)
        (2 / 60, "2 minutes"),
        (54 / 60, "54 minutes"),
        (0.95, "about an hour"),
        (1.4, "about an hour"),
        (2.0, "2 hours"),
        (47.0, "47 hours"),
        (48.0, "2 days"),
        (24 * 7, "7 days"),
        (float("inf"), "a while"),
        (float("nan"), "a while"),
    ],
)
def test_hours_in_words(hours: float, said: str) -> None:
    assert P._hours(hours) == said


def test_plural() -> None:
    assert P.plural(1, "minute") == "1 minute" and P.plural(2, "minute") == "2 minutes"
    assert P.plural(1, "hour") == "1 hour" and P.plural(1, "day") == "1 day"
    assert P.plural(0, "time") == "0 times" and P.plural(1, "time") == "1 time"
    assert P.plural(3, "reset pause") == "3 reset pauses"


def test_within_one_minute() -> None:
    p = pattern(by_kind=[("phone", 2)], repaired=2, median_hours_to_repair=1 / 60)
    said = sentence(p, "You repaired")
    assert said == "You repaired both noted moments, usually within 1 minute."


@pytest.mark.parametrize(
    ("notes", "repaired", "said"),
    [
        (1, 1, "You repaired the one noted moment, within 3 hours."),
        (1, 0, "The one noted moment has not been repaired yet."),
        (4, 0, "None of the 4 noted moments has been repaired yet."),
        (4, 1, "You repaired 1 of 4 noted moments, within 3 hours."),
        (4, 2, "You repaired 2 of 4 noted moments, usually within 3 hours."),
        (4, 4, "You repaired all 4 noted moments, usually within 3 hours."),
    ],
)
def test_repairs_in_words(notes: int, repaired: int, said: str) -> None:
    p = pattern(by_kind=[("phone", notes)], repaired=repaired, median_hours_to_repair=3.0)
    if not repaired:
        p.median_hours_to_repair = None
    assert said in words(p)


def test_times_noted_in_words() -> None:
    p = pattern(by_kind=[("phone", 4)], by_who={"a": 1, "b": 3})
    assert "Noted feeling hurt: Sam 1 time, Alex 3 times." in words(p)


def test_nothing_noted_in_one_day() -> None:
    assert P.observations(P.Patterns(1), NAMES, str) == [
        "Nothing noted in the last day yet. Notes show up here as you add them."
    ]


# -- ties -------------------------------------------------------------------------------


def test_a_one_one_tie_names_both_kinds(catalog: Catalog) -> None:
    with HistoryStore() as h:
        h.add_note("a", "phone", at=(TODAY - timedelta(days=2)).isoformat())
        h.add_note("b", "dismissing", at=(TODAY - timedelta(days=3)).isoformat())
        p = P.compute(h, 30, today=TODAY)
    text = P.observations(p, NAMES, catalog.name_of)
    both = "“Brushed aside” and “Phone in the middle of us”"
    assert text[0] == f"{both} came up most often (1 time each)."
    assert not any("most often was" in s for s in text)


def test_one_note_is_said_as_one(catalog: Catalog) -> None:
    p = pattern(by_kind=[("phone", 1)])
    assert P.observations(p, NAMES, catalog.name_of)[0] == (
        "One small hurt was noted: “Phone in the middle of us”."
    )


@pytest.mark.parametrize(
    ("by_kind", "said"),
    [
        ([("phone", 3), ("boundary", 1)], "The small hurt noted most often was “Phone” (3 of 4)."),
        ([("phone", 3)], "All 3 notes were about “Phone”."),
        ([("a", 2), ("b", 2), ("c", 2), ("d", 1)],
         "“A”, “B” and “C” came up most often (2 times each)."),
        ([("a", 2), ("b", 2)], "“A” and “B” came up most often (2 times each)."),
        ([(k, 1) for k in "abcde"],
         "Five kinds of small hurt came up equally often (1 time each)."),
    ],
)  # fmt: skip
def test_most_often(by_kind: list[tuple[str, int]], said: str) -> None:
    assert words(pattern(by_kind=by_kind))[0] == said


def test_listed() -> None:
    assert P.listed([]) == "" and P.listed(["a"]) == "a"
    assert P.listed(["a", "b"]) == "a and b"
    assert P.listed(["a", "b", "c"]) == "a, b and c"


@pytest.mark.parametrize(
    ("weekdays", "times", "said"),
    [
        ([0, 3, 0, 0, 0, 1, 0], {"evening": 3, "morning": 1},
         "Notes were made most often in the evening, and on Mondays."),
        ([0, 2, 0, 0, 0, 2, 0], {"evening": 2, "morning": 2},
         "Notes were made most often in the morning and the evening, and on Mondays and Fridays."),
        ([1, 1, 1, 1, 0, 0, 0], {"evening": 4}, "Notes were made most often in the evening."),
        ([1, 1, 1, 1, 0, 0, 0], {t: 1 for t in P.TIMES}, None),
        ([0] * 7, {}, None),  # every stored time was unreadable
    ],
)  # fmt: skip
def test_when_notes_were_made(weekdays: list[int], times: dict[str, int], said: str | None) -> None:
    p = pattern(by_kind=[("phone", 4)], weekdays=weekdays, times_of_day=times)
    found = [s for s in words(p) if s.startswith("Notes were made")]
    assert found == ([said] if said else [])


def test_when_one_note_was_made() -> None:
    p = pattern(by_kind=[("phone", 1)], weekdays=[0, 1, 0, 0, 0, 0, 0], times_of_day={"night": 1})
    assert "The note was made on a Monday, in the night." in words(p)


# -- reset pauses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken", "back", "said"),
    [
        (3, 3, "You took 3 reset pauses and came back to all of them."),
        (3, 2, "You took 3 reset pauses and came back to 2 of them."),
        (3, 1, "You took 3 reset pauses and came back to 1 of them."),
        (3, 0, "You took 3 reset pauses but have not come back to them yet."),
        (1, 1, "You took 1 reset pause and came back to it."),
        (1, 0, "You took 1 reset pause but have not come back to it yet."),
    ],
)
def test_reset_pauses_in_words(taken: int, back: int, said: str) -> None:
    assert words(pattern(resets=taken, resets_revisited=back)) == [said]


# -- temperatures: "both" only when true of both ----------------------------------------


@pytest.mark.parametrize(
    ("sam", "alex", "said"),
    [
        ([9.0], [2.0],
         "Sam's numbers were higher than Alex's (about 9 and 2 out of 10 on average)."),
        ([2.0, 3.0], [9.0],
         "Alex's numbers were higher than Sam's (about 9 and 2 out of 10 on average)."),
        ([3.0], [2.2],
         "You both felt fairly calm on average (Sam about 3, Alex about 2, out of 10)."),
        ([8.4], [9.0],
         "You both felt very stirred up on average (Sam about 8, Alex about 9, out of 10)."),
        ([4.6], [5.2],
         "Your temperature readings were close (Sam about 5, Alex about 5, out of 10)."),
    ],
)  # fmt: skip
def test_temperatures_in_words(sam: list[float], alex: list[float], said: str) -> None:
    assert words(pattern(weekly_temperature={"a": sam, "b": alex})) == [said]


def test_one_partners_temperatures_are_said_of_them_alone() -> None:
    assert words(pattern(weekly_temperature={"b": [6.0, 8.0]})) == [
        "Alex's temperature readings were about 7 out of 10 on average."
    ]


def test_unknown_partners_and_odd_numbers_do_not_break_the_words() -> None:
    p = pattern(by_kind=[("phone", 2)], by_who={"c": 1, "": 1},
                weekly_temperature={"c": [float("nan")], "a": [5.0]})  # fmt: skip
    text = " ".join(words(p))
    assert "c 1 time" in text and "someone 1 time" in text
    assert "Sam's temperature readings were about 5" in text


partners = st.lists(st.floats(1, 10), min_size=1, max_size=6)


def by_count(kind: tuple[str, int]) -> tuple[int, str]:
    return -kind[1], kind[0]


@settings(max_examples=200, deadline=None)
@given(
    by_kind=st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(1, 4)), max_size=6,
                     unique_by=lambda t: t[0]).map(lambda k: sorted(k, key=by_count)),
    who=st.dictionaries(st.sampled_from(["a", "b"]), st.integers(1, 3)),
    repaired=st.integers(0, 6),
    hours=st.one_of(st.none(), st.floats(-1, 24 * 400)),
    resets=st.integers(0, 5),
    back=st.integers(0, 5),
    temps=st.dictionaries(st.sampled_from(["a", "b"]), partners),
    weekdays=st.lists(st.integers(0, 3), min_size=7, max_size=7),
    times=st.dictionaries(st.sampled_from(P.TIMES), st.integers(1, 3)),
)  # fmt: skip
def test_any_numbers_read_well(
    by_kind: list[tuple[str, int]], who: dict[str, int], repaired: int, hours: float | None,
    resets: int, back: int, temps: dict[str, list[float]], weekdays: list[int],
    times: dict[str, int],
) -> None:  # fmt: skip
    notes = sum(n for _, n in by_kind)
    p = pattern(by_kind=by_kind, by_who=who, repaired=min(repaired, notes),
                median_hours_to_repair=hours, resets=resets, resets_revisited=min(back, resets),
                weekly_temperature=temps, weekdays=weekdays, times_of_day=times)  # fmt: skip
    said = words(p)
    text = " ".join(said)
    assert all(s.endswith(".") and (s[0].isupper() or s[0] == "“") for s in said), said
    assert not re.search(r"(?<![\d.])1 (minutes|hours|days|times|reset pauses|notes)\b", text)
    assert not re.search(r"(?<![\d.])(0|[2-9]|\d\d+) (minute|hour|day|time|reset pause)\b", text)
    assert "came back to 0" not in text and "repaired 0" not in text
    if "most often was" in text:
        assert by_kind[0][1] > by_kind[1][1]
    if "both felt" in text:
        bands = {P._band(sum(v) / len(v)) for v in temps.values()}
        assert len(temps) == 2 and len(bands) == 1
    for harsh in HARSH:
        assert harsh not in text.lower()


# -- the word about a therapist ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "said"),
    [
        (0.5, "fewer than half"),
        (0.3, "fewer than a third"),
        (1 / 3, "fewer than a third"),
        (0.25, "fewer than a quarter"),
        (0.2, "fewer than a fifth"),
        (0.65, "fewer than two thirds"),
        (0.75, "fewer than three quarters"),
        (0.45, "fewer than 45%"),
        (0.6, "fewer than 60%"),
        (0.333, "fewer than a third"),
        (0.01, "fewer than 1%"),
        (1.0, "not all"),
    ],
)
def test_fewer_than_matches_the_configured_rate(rate: float, said: str) -> None:
    assert P.fewer_than(rate) == said


@given(st.floats(0.001, 0.999))
def test_fewer_than_is_always_true(rate: float) -> None:
    """Anything below ``rate`` is also below the share named."""
    said = P.fewer_than(rate).removeprefix("fewer than ")
    if said.endswith("%"):
        assert int(said[:-1]) / 100 >= rate - 1e-9
    else:
        share = dict((w, s) for s, w in P.SHARES)[said]
        assert rate <= share <= rate + P.SHARE_SLACK


def test_the_suggestion_names_the_configured_rate() -> None:
    p = pattern(by_kind=[("phone", 6)], repaired=1)
    text = P.suggest_help(p, P.Thresholds(repair_rate=0.3))
    assert text and "Lately fewer than a third of the noted moments were repaired." in text
    assert "fewer than half" in (P.suggest_help(p, P.Thresholds()) or "")
    assert P.suggest_help(p, P.Thresholds(repair_rate=0.1)) is None


def test_no_notes_means_no_word_about_repairs() -> None:
    assert P.suggest_help(P.Patterns(30), P.Thresholds(min_notes=0)) is None


@pytest.mark.parametrize(
    ("unrevisited", "said"),
    [
        (1, "a paused talk was never picked up again"),
        (2, "two paused talks were never picked up again"),
        (4, "several paused talks were never picked up again"),
    ],
)
def test_paused_talks_in_words(unrevisited: int, said: str) -> None:
    p = pattern(resets_never_revisited=unrevisited)
    assert said in (P.suggest_help(p, P.Thresholds(unrevisited_resets=1)) or "")


def test_no_paused_talks_need_no_word_even_with_a_zero_threshold() -> None:
    assert P.suggest_help(P.Patterns(30), P.Thresholds(unrevisited_resets=0)) is None


RISING, FLAT = [3.0, 4.0, 5.0, 6.0, 7.0], [5.0, 5.0, 5.0, 5.0, 5.0]


def test_rising_temperature_is_said_of_who_it_is_true_of() -> None:
    one = pattern(weekly_temperature={"a": FLAT, "b": RISING})
    assert "Lately Alex has felt more stirred up week after week." in (
        P.suggest_help(one, P.Thresholds(), NAMES) or ""
    )
    without_names = P.suggest_help(one, P.Thresholds()) or ""
    assert "one of you has felt" in without_names and "both" not in without_names.split(".")[0]
    both = pattern(weekly_temperature={"a": RISING, "b": RISING})
    assert "you have both felt more stirred up" in (P.suggest_help(both, P.Thresholds()) or "")


def test_several_reasons_read_as_a_list() -> None:
    p = pattern(by_kind=[("phone", 6)], resets_never_revisited=3,
                weekly_temperature={"a": RISING})  # fmt: skip
    text = P.suggest_help(p, P.Thresholds(), NAMES) or ""
    assert text.startswith(
        "Lately fewer than half of the noted moments were repaired, several paused talks were"
        " never picked up again and Sam has felt more stirred up week after week."
    )
