"""Conditions on earlier answers, e.g. ``temp.a >= 7 or temp.b >= 7``.

Grammar: ``or`` / ``and`` / ``not``, parentheses, comparisons ``== != < <= > >=``, numbers,
quoted text, ``true``/``false`` and answer references ``name`` or ``name.part`` where part
is ``a``, ``b``, ``speaker``, ``listener``, ``max`` or ``min``. A reference to an answer
not given yet is empty: comparisons with it are false.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REF_PARTS = ("a", "b", "speaker", "listener", "max", "min")
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>-?\d+(?:\.\d+)?)
    | (?P<str>"[^"]*"|'[^']*')
    | (?P<op>==|!=|<=|>=|<|>|\(|\))
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
    )""",
    re.VERBOSE,
)
_COMPARE = {
    "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
    "<": lambda x, y: x < y,
    "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y,
    ">=": lambda x, y: x >= y,
}

Resolve = Callable[[str, str | None], Any]


class ConditionError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Ref:
    name: str
    part: str | None
    offset: int


@dataclass(frozen=True)
class Condition:
    """A parsed condition; ``refs`` are the answers it reads."""

    source: str
    tree: Any
    refs: tuple[Ref, ...]

    def holds(self, resolve: Resolve) -> bool:
        return bool(_eval(self.tree, resolve))


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    i = 0
    while i < len(text):
        if text[i:].strip() == "":
            break
        m = _TOKEN.match(text, i)
        if not m or m.end() == i:
            j = i + len(text[i:]) - len(text[i:].lstrip())
            raise ConditionError(f"unexpected `{text[j]}`", j)
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind), m.start(kind)))
        i = m.end()
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.refs: list[Ref] = []

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise ConditionError("the condition ends too soon", len(self.text))
        self.i += 1
        return tok

    def word(self, w: str) -> bool:
        tok = self.peek()
        if tok and tok[0] == "word" and tok[1] == w:
            self.i += 1
            return True
        return False

    def parse(self) -> Any:
        if not self.toks:
            raise ConditionError("the condition is empty", 0)
        tree = self.or_()
        if (tok := self.peek()) is not None:
            raise ConditionError(f"unexpected `{tok[1]}`", tok[2])
        return tree

    def or_(self) -> Any:
        node = self.and_()
        while self.word("or"):
            node = ("or", node, self.and_())
        return node

    def and_(self) -> Any:
        node = self.not_()
        while self.word("and"):
            node = ("and", node, self.not_())
        return node

    def not_(self) -> Any:
        if self.word("not"):
            return ("not", self.not_())
        return self.compare()

    def compare(self) -> Any:
        left = self.atom()
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in _COMPARE:
            self.i += 1
            return ("cmp", tok[1], left, self.atom())
        return left

    def atom(self) -> Any:
        kind, value, at = self.take()
        if kind == "num":
            return ("lit", float(value) if "." in value else int(value))
        if kind == "str":
            return ("lit", value[1:-1])
        if kind == "op" and value == "(":
            node = self.or_()
            close = self.take()
            if close[1] != ")":
                raise ConditionError("expected `)`", close[2])
            return node
        if kind == "word" and value in ("true", "false"):
            return ("lit", value == "true")
        if kind == "word" and value not in ("and", "or", "not"):
            name, _, part = value.partition(".")
            if part and part not in REF_PARTS:
                raise ConditionError(
                    f"`.{part}` is not a part of an answer (use one of {', '.join(REF_PARTS)})",
                    at + len(name),
                )
            self.refs.append(Ref(name, part or None, at))
            return ("ref", name, part or None)
        raise ConditionError(f"unexpected `{value}`", at)


def parse_condition(text: str) -> Condition:
    """Parse a condition. Raises ConditionError with the offset of the problem."""
    parser = _Parser(text)
    tree = parser.parse()
    return Condition(text, tree, tuple(parser.refs))


def _eval(node: Any, resolve: Resolve) -> Any:
    op = node[0]
    if op == "lit":
        return node[1]
    if op == "ref":
        return resolve(node[1], node[2])
    if op == "not":
        return not _eval(node[1], resolve)
    if op == "and":
        return bool(_eval(node[1], resolve)) and bool(_eval(node[2], resolve))
    if op == "or":
        return bool(_eval(node[1], resolve)) or bool(_eval(node[2], resolve))
    left, right = _eval(node[2], resolve), _eval(node[3], resolve)
    if left is None or right is None:
        return False
    try:
        return _COMPARE[node[1]](left, right)
    except TypeError:
        return False
