"""Conditions and placeholders: the two small languages inside flow text."""

from __future__ import annotations

import pytest

from coach.flows.expr import ConditionError, parse_condition
from coach.flows.text import Placeholder, TemplateError, parse, render

ANSWERS = {("temp", "a"): 8, ("temp", "b"): 3, ("temp", "max"): 8, ("mood", None): "calm"}


def holds(text: str) -> bool:
    return parse_condition(text).holds(lambda n, p: ANSWERS.get((n, p)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("temp.a >= 8", True),
        ("temp.b > 3", False),
        ("temp.a >= 7 and temp.b >= 7", False),
        ("temp.a >= 7 or temp.b >= 7", True),
        ("not (temp.b == 3)", False),
        ('mood == "calm"', True),
        ("mood != 'calm'", False),
        ("missing > 1", False),
        ("missing", False),
        ("mood", True),
        ("true and not false", True),
        ("temp.max < 8.5", True),
        ("mood > 3", False),  # text against a number is simply false
    ],
)
def test_conditions(text: str, expected: bool) -> None:
    assert holds(text) is expected


@pytest.mark.parametrize(
    ("text", "offset"),
    [("", 0), ("temp.a >=", 9), ("temp.a > > 3", 9), ("(temp.a", 7), ("temp.a $ 3", 7),
     ("temp.mean > 3", 4), ("and", 0), ("temp.a 3", 7)],
)  # fmt: skip
def test_condition_errors_point_at_the_problem(text: str, offset: int) -> None:
    with pytest.raises(ConditionError) as err:
        parse_condition(text)
    assert err.value.offset == offset


def test_condition_refs() -> None:
    cond = parse_condition("temp.a > 3 or mood == 'x'")
    assert [(r.name, r.part, r.offset) for r in cond.refs] == [("temp", "a", 0), ("mood", None, 14)]


def test_placeholders_parse() -> None:
    assert parse("Hi {a}, {{x}} {mood.b}!") == [
        "Hi ",
        Placeholder("a", None, 3),
        ", {x} ",
        Placeholder("mood", "b", 14),
        "!",
    ]


@pytest.mark.parametrize(("text", "offset"), [("a { b", 2), ("a } b", 2), ("{not a name}", 0)])
def test_placeholder_errors(text: str, offset: int) -> None:
    with pytest.raises(TemplateError) as err:
        parse(text)
    assert err.value.offset == offset


def test_render_keeps_broken_text() -> None:
    assert render("{x} and {y", lambda n, p: "!") == "{x} and {y"
    assert render("{x} and {{y}}", lambda n, p: n.upper()) == "X and {y}"
