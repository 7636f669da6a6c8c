"""Runaway branch conditions are refused calmly: no RecursionError, no freeze, no blow-up."""

from __future__ import annotations

import operator
import re
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coach.cli import main
from coach.flows import expr
from coach.flows.expr import (
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_LENGTH,
    MAX_TERMS,
    Condition,
    ConditionError,
    parse_condition,
)
from coach.flows.load import load_flow_text

FLOW = """format = 1
id = "mini"
title = "Mini"
summary = "A tiny flow."
minutes = 2

[[step]]
id = "feel"
kind = "ask"
answer = "scale"
save = "temp"
text = "How warm?"

  [[step.branch]]
  when = '''{when}'''
  next = "bye"

[[step]]
id = "bye"
kind = "end"
text = "Goodbye."
"""


def refused(text: str) -> ConditionError:
    with pytest.raises(ConditionError) as err:
        parse_condition(text)
    return err.value


def chain(n: int, op: str = "or") -> str:
    return f" {op} ".join(["t"] * n)


# -- nesting --------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100, 249])
def test_deep_parentheses(depth: int) -> None:
    err = refused("(" * depth + "t" + ")" * depth)
    assert "nested too deeply" in str(err) and err.offset == MAX_DEPTH


def test_deep_parentheses_over_the_length_limit() -> None:
    err = refused("(" * 5000 + "t" + ")" * 5000)
    assert "too long" in str(err) and err.offset == MAX_LENGTH


def test_unclosed_deep_parentheses() -> None:
    assert "nested too deeply" in str(refused("(" * 300))


def test_nesting_up_to_the_limit_works() -> None:
    text = "(" * MAX_DEPTH + "t == 1" + ")" * MAX_DEPTH
    assert parse_condition(text).holds(lambda n, p: 1)


@pytest.mark.parametrize("count", [MAX_DEPTH + 1, 120])
def test_long_run_of_not(count: int) -> None:
    err = refused("not " * count + "t")
    assert "nested too deeply" in str(err) and err.offset == 4 * MAX_DEPTH


def test_two_thousand_nots_are_too_long() -> None:
    assert "too long" in str(refused("not " * 2000 + "t"))


def test_nots_up_to_the_limit_work() -> None:
    assert parse_condition("not " * MAX_DEPTH + "t").holds(lambda n, p: True)
    assert not parse_condition("not " * (MAX_DEPTH - 1) + "t").holds(lambda n, p: True)


def test_mixed_not_and_parentheses_count_together() -> None:
    assert "nested too deeply" in str(refused("not (" * 17 + "t" + ")" * 17))


# -- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["1" * 5000, "9" * 400, "1" * (MAX_DIGITS + 1), "-" + "1" * 20, "1." + "0" * 10]
)
def test_huge_numbers(number: str) -> None:
    err = refused(f"temp.a > {number}")
    assert ("too long" in str(err)) and err.offset in (9, MAX_LENGTH)


def test_numbers_up_to_the_limit_work() -> None:
    big = "9" * MAX_DIGITS
    assert parse_condition(f"temp.a < {big}").holds(lambda n, p: 5)
    assert parse_condition(f"temp.a > -{big}.{big}").holds(lambda n, p: 5)


# -- length and terms -----------------------------------------------------------------------


@pytest.mark.parametrize("terms", [2000, 10_000])
def test_long_or_chains_are_refused_before_any_work(terms: int) -> None:
    err = refused(" or ".join(f"temp.a == {i}" for i in range(terms)))
    assert "too long" in str(err) and err.offset == MAX_LENGTH


@pytest.mark.parametrize("op", ["or", "and"])
def test_too_many_terms(op: str) -> None:
    err = refused(chain(MAX_TERMS + 1, op))
    assert "too many parts" in str(err)
    assert err.offset == len(chain(MAX_TERMS, op)) + len(op) + 2


def test_terms_up_to_the_limit_work_and_cost_one_lookup_each() -> None:
    looked: list[str] = []

    def resolve(name: str, part: str | None) -> Any:
        looked.append(name)
        return False

    assert not parse_condition(chain(MAX_TERMS)).holds(resolve)
    assert len(looked) == MAX_TERMS  # no term is looked at twice
    looked.clear()
    assert not parse_condition(chain(MAX_TERMS, "and")).holds(resolve)
    assert len(looked) == 1  # `false and ...` stops at once


def test_a_long_string_is_one_token() -> None:
    assert parse_condition(f'mood == "{"x" * 480}"').holds(lambda n, p: "x" * 480)


def test_exactly_max_length_is_fine() -> None:
    text = "t" + " " * (MAX_LENGTH - 1)
    assert len(text) == MAX_LENGTH and parse_condition(text).refs[0].name == "t"


class Counting:
    """Wraps a compiled regex and counts how often it is asked to match."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.calls = pattern, 0

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text, pos)


def test_tokenizing_is_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work is counted in regex matches: one per token, one per gap, whatever the spacing."""
    token, space = Counting(expr._TOKEN), Counting(expr._SPACE)
    monkeypatch.setattr(expr, "_TOKEN", token)
    monkeypatch.setattr(expr, "_SPACE", space)
    text = "   ".join(["a", "or", "b", "or", "(", "c", "==", "1", ")"]) + " " * 400
    tokens = len(parse_condition(text).refs) + 6
    assert token.calls == tokens and space.calls == tokens + 1


def test_bad_characters_are_reported_at_their_offset() -> None:
    for text, offset in [("t == \x00", 5), ("t == \x1b[2J", 5), ("\u202et", 0), ("t @ 1", 2)]:
        assert refused(text).offset == offset


# -- evaluation never recurses --------------------------------------------------------------


def test_a_hand_built_deep_tree_evaluates_without_recursion() -> None:
    tree: Any = ("ref", "t", None)
    for _ in range(100_000):
        tree = ("or", ("lit", False), ("not", ("not", tree)))
    assert Condition("built", tree, ()).holds(lambda n, p: True)


def test_comparisons_of_mixed_types_are_false_not_errors() -> None:
    cond = parse_condition("t < 3 or t > 'x' or t == true")
    assert not cond.holds(lambda n, p: [1])
    assert not cond.holds(lambda n, p: None)


# -- the loader and the command line ------------------------------------------------------------

HOSTILE_WHENS = [
    "(" * 300 + "temp.a" + ")" * 300,
    "not " * 120 + "temp.a",
    "temp.a > " + "1" * 400,
    chain(MAX_TERMS + 1).replace("t", "temp.a"),
    " or ".join(f"temp.a == {i}" for i in range(2000)),
]


@pytest.mark.parametrize("when", HOSTILE_WHENS, ids=["parens", "nots", "digits", "terms", "or"])
def test_the_loader_gives_e042(when: str) -> None:
    file = load_flow_text(FLOW.format(when=when))
    assert [(d.code, d.line) for d in file.diagnostics] == [("E042", 15)]
    assert not file.ok


def test_the_command_line_gives_one_line(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(FLOW.format(when="(" * 900 + "temp.a" + ")" * 900), encoding="utf-8")
    assert main(["flows", "validate", "--quiet", str(path)]) == 1
    out = capsys.readouterr()
    assert f"{path}:15:" in out.out and "error[E042]" in out.out
    assert "Traceback" not in out.out + out.err and "RecursionError" not in out.out


# -- valid conditions mean what they meant ----------------------------------------------------

ANSWERS: dict[tuple[str, str | None], Any] = {("t", "a"): 3, ("t", "b"): 8, ("m", None): "calm"}
atoms = st.sampled_from(
    [("t.a", 3), ("t.b", 8), ("m", "calm"), ("x", None), ("1", 1), ("8", 8), ("2.5", 2.5),
     ('"calm"', "calm"), ("'x'", "x"), ("true", True), ("false", False)]
)  # fmt: skip


OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
       ">": operator.gt, ">=": operator.ge}  # fmt: skip


def _compare(op: str, x: Any, y: Any) -> bool:
    if x is None or y is None:
        return False
    try:
        return bool(OPS[op](x, y))
    except TypeError:
        return False


def _leaf() -> st.SearchStrategy[tuple[str, Any]]:
    ops = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    compared = st.tuples(atoms, ops, atoms).map(
        lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", _compare(t[1], t[0][1], t[2][1]))
    )
    return st.one_of(atoms, compared)


def _both(pair: tuple[tuple[str, Any], tuple[str, Any]]) -> tuple[str, bool]:
    (x, vx), (y, vy) = pair
    return f"({x}) and ({y})", bool(vx) and bool(vy)


def _either(pair: tuple[tuple[str, Any], tuple[str, Any]]) -> tuple[str, bool]:
    (x, vx), (y, vy) = pair
    return f"({x}) or ({y})", bool(vx) or bool(vy)


conditions = st.recursive(
    _leaf(),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map(_both),
        st.tuples(inner, inner).map(_either),
        inner.map(lambda c: (f"not ({c[0]})", not c[1])),
    ),
    max_leaves=8,
)


@settings(max_examples=400, deadline=None)
@given(conditions)
def test_valid_conditions_evaluate_as_written(case: tuple[str, Any]) -> None:
    text, expected = case
    try:
        cond = parse_condition(text)
    except ConditionError as err:  # only a drawn case beyond the limits may be refused
        assert re.search("too long|too deeply|too many", str(err))
        assume(False)
    assert cond.holds(lambda n, p: ANSWERS.get((n, p))) is bool(expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_any_text_parses_or_gives_a_condition_error(text: str) -> None:
    try:
        parse_condition(text).holds(lambda n, p: 1)
    except ConditionError as err:
        assert 0 <= err.offset <= max(len(text), MAX_LENGTH)
