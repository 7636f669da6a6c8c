"""One validation layer: every problem names the entry and the field; only CheckError escapes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.checked import (
    MAX_PROBLEMS,
    AnyOf,
    Bool,
    CheckError,
    DateTime,
    Float,
    Int,
    ListOf,
    Opt,
    Record,
    Spec,
    Text,
    check,
    describe,
    problems,
)
from tests.hostile import HOSTILE_TEXTS, unsafe, words

NOTE = Record(
    {
        "uid": Text(max_len=64, pattern=r"[0-9a-f]+", hint="not an id"),
        "created_at": DateTime(),
        "felt_by": Text(allowed=("a", "b")),
        "value": Int(min=1, max=10),
        "words": Opt(Text(max_len=20), default=""),
        "score": Opt(Float(min=0, max=1)),
        "private": Opt(Bool(), default=False),
        "tags": Opt(ListOf(Text(max_len=10), max_items=3), default=[]),
        "answer": Opt(AnyOf((Text(max_len=10), Int()), "text or a whole number")),
    }
)
GOOD = {"uid": "1f2e", "created_at": "2026-11-01T20:00:00+01:00", "felt_by": "a", "value": 3}


def refused(data: object, spec: Spec[Any] = NOTE, where: str = "notes #3 (uid 1f2e…)") -> str:
    with pytest.raises(CheckError) as err:
        check(data, spec, where)
    return str(err.value)


def test_a_good_entry_comes_back_cleaned() -> None:
    assert check({**GOOD, "extra": 1}, Record(NOTE.fields, extra="ignore"), "n") == {
        **GOOD, "words": "", "private": False, "tags": [],
    }  # fmt: skip


def test_defaults_are_never_shared() -> None:
    first = check(GOOD, NOTE, "n")
    first["tags"].append("x")
    assert check(GOOD, NOTE, "n")["tags"] == []


def test_optional_fields_may_be_null_and_unset_ones_stay_out() -> None:
    out = check({**GOOD, "words": None, "score": None}, NOTE, "n")
    assert out["words"] == "" and "score" not in out and "answer" not in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"created_at": "yesterday"}, "`created_at` is the text `yesterday`, not a date and time"),
        ({"created_at": "2026-13-01T00:00:00"}, "`created_at` is the text `2026-13-01T00:00:00`"),
        ({"created_at": 20261101}, "`created_at` is `20261101`, not a date and time"),
        ({"created_at": "9" * 500}, "too long for a date and time"),
        ({"felt_by": "c"}, "`felt_by` is the text `c`, not one of `a` or `b`"),
        ({"felt_by": ["a"]}, "`felt_by` is a list, not text"),
        ({"value": 11}, "`value` is `11`, not from 1 to 10"),
        ({"value": 0}, "`value` is `0`, not from 1 to 10"),
        ({"value": True}, "`value` is `true`, not a whole number"),
        ({"value": 5.0}, "`value` is `5`, not a whole number"),
        ({"value": "5"}, "`value` is the text `5`, not a whole number"),
        ({"value": 10**400}, "`value` is a very large number, not from 1 to 10"),
        ({"value": None}, "`value` is empty (null)"),
        ({"uid": "ZZ!"}, "`uid` is the text `ZZ!`, not an id"),
        ({"uid": "a" * 65}, "`uid` is too long (65 characters; at most 64)"),
        ({"words": "x" * 21}, "`words` is too long"),
        ({"words": "\ud800"}, "`words` holds characters that cannot be stored"),
        ({"score": float("nan")}, "`score` is `nan`, not a finite number"),
        ({"score": float("inf")}, "`score` is `inf`, not a finite number"),
        ({"score": 10**400}, "`score` is a number too large to use"),
        ({"score": 2}, "`score` is `2`, not from 0 to 1"),
        ({"private": "yes"}, "`private` is the text `yes`, not true or false"),
        ({"private": 1}, "`private` is `1`, not true or false"),
        ({"tags": "x"}, "`tags` is the text `x`, not a list"),
        ({"tags": ["a", 2]}, "`tags` #2 is `2`, not text"),
        ({"tags": ["a"] * 4}, "`tags` has 4 items; at most 3"),
        ({"answer": [1]}, "`answer` is a list, not text or a whole number"),
        ({"answer": "x" * 11}, "`answer` is the text `xxxxxxxxxxx`, not text or a whole number"),
        ({"surprise": 1}, "`surprise` is not a known field"),
    ],
)
def test_each_problem_names_the_entry_and_the_field(change: dict[str, Any], message: str) -> None:
    text = refused({**GOOD, **change})
    assert text.startswith("notes #3 (uid 1f2e…): `") and message in text, text


def test_missing_fields() -> None:
    assert refused({"uid": "ab"}).splitlines() == [
        "notes #3 (uid 1f2e…): `created_at` is missing",
        "notes #3 (uid 1f2e…): `felt_by` is missing",
        "notes #3 (uid 1f2e…): `value` is missing",
    ]


@pytest.mark.parametrize("data", [None, [], "x", 3, 2.5, True, date(2026, 1, 1)])
def test_not_a_table(data: object) -> None:
    assert refused(data).startswith("notes #3 (uid 1f2e…): it is ")


def test_every_problem_is_listed_and_many_are_counted() -> None:
    with pytest.raises(CheckError) as err:
        check([{"value": "x"}] * 100, ListOf(Record({"value": Int()})), "file")
    assert len(err.value.problems) == MAX_PROBLEMS and err.value.more == 80
    assert str(err.value).endswith("(and 95 more problems)")
    assert err.value.problems[1] == "file: #2 `value` is the text `x`, not a whole number"


def test_problems_returns_instead_of_raising() -> None:
    assert problems(GOOD, NOTE, "n")[1] == []
    value, found = problems({**GOOD, "value": 99}, NOTE, "n")
    assert value is None and found == ["n: `value` is `99`, not from 1 to 10"]


def test_toml_dates_are_accepted_as_text() -> None:
    when = datetime(2026, 11, 1, 20, tzinfo=UTC)
    assert check(when, DateTime(), "x") == "2026-11-01T20:00:00+00:00"
    assert check(date(2026, 11, 1), DateTime(), "x") == "2026-11-01"
    assert "not a date and time" in refused(time(12), DateTime())


def test_extra_keys_can_be_kept() -> None:
    assert check({"a": 1, "b": [2]}, Record({"a": Int()}, extra="keep"), "x") == {"a": 1, "b": [2]}
    assert "`3` is not a known field" in refused({"a": 1, 3: 4}, Record({"a": Int()}, "keep"))


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_messages_never_carry_escapes_or_newlines(text: str) -> None:
    spec = Record({"who": Text(allowed=("a", "b"))})
    for data in ({"who": text}, {text: "a", "who": "a"}):
        try:
            check(data, spec, "e")
        except CheckError as err:
            for line in err.problems:
                assert unsafe(line, newline_ok=False) == [], repr(line)


def test_describe_is_short_whatever_the_value() -> None:
    for value in ["x" * 10**6, [[[]]] * 10**5, {"a": 1}, 10**5000, object(), b"raw"]:
        assert len(describe(value)) < 80


def test_deeply_nested_data_is_refused_by_shape_never_walked() -> None:
    deep: Any = []
    for _ in range(100_000):
        deep = [deep]
    assert "`tags` #1 is a list, not text" in refused({**GOOD, "tags": deep})
    assert "`answer` is a list" in refused({**GOOD, "answer": deep})
    assert "`surprise` is not a known field" in refused({**GOOD, "surprise": deep})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | words(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=25,
)
toml_values = st.recursive(
    st.booleans() | st.integers() | st.floats() | st.text() | st.datetimes() | st.dates()
    | st.times(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=25,
)  # fmt: skip
SPECS: list[Spec[Any]] = [
    NOTE,
    Record(NOTE.fields, extra="keep"),
    ListOf(NOTE),
    ListOf(AnyOf((Int(), Text(), NOTE), "anything")),
    Text(), Int(min=0), Float(), Bool(), DateTime(),
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(json_values, toml_values, st.builds(lambda g, v: {**GOOD, **v}, st.just(0),
       st.dictionaries(st.sampled_from(list(NOTE.fields)), json_values))))  # fmt: skip
def test_nothing_but_check_error_ever_escapes(data: object) -> None:
    for spec in SPECS:
        value, found = problems(data, spec, "entry")
        try:
            checked = check(data, spec, "entry")
        except CheckError as err:
            assert found and err.problems and all(p.startswith("entry: ") for p in found)
        else:
            assert not found and checked == value


def test_the_boundary_modules_import_without_textual() -> None:
    from tests.core.test_core_purity import BLOCK

    modules = ("coach.plain", "coach.checked", "coach.flows.expr", "coach.flows.source",
               "coach.history.exchange")  # fmt: skip
    code = BLOCK + "".join(f"import {m}\n" for m in modules)
    code += "assert not any(m.startswith('textual') for m in sys.modules)\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
