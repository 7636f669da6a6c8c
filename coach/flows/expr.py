"""Conditions on earlier answers, e.g. ``temp.a >= 7 or temp.b >= 7``.

Grammar: ``or`` / ``and`` / ``not``, parentheses, comparisons ``== != < <= > >=``, numbers,
quoted text, ``true``/``false`` and answer references ``name`` or ``name.part`` where part
is ``a``, ``b``, ``speaker``, ``listener``, ``max`` or ``min``. A reference to an answer
not given yet is empty: comparisons with it are false.

A condition comes from a file anyone may write, so its size is bounded before any work is
done: at most ``MAX_LENGTH`` characters, ``MAX_DEPTH`` levels of parentheses and ``not``,
``MAX_TERMS`` terms joined by ``and``/``or``, and numbers of at most ``MAX_DIGITS`` digits.
Tokenizing is linear, parsing recurses at most ``MAX_DEPTH`` levels and evaluation uses
an explicit stack, so no condition can exhaust the stack, the memory or the clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REF_PARTS = ("a", "b", "speaker", "listener", "max", "min")
MAX_LENGTH = 500
MAX_DEPTH = 32
MAX_TERMS = 50
MAX_DIGITS = 9

_SPACE = re.compile(r"\s*")
_TOKEN = re.compile(
    r"""
      (?P<num>-?\d+(?:\.\d+)?)
    | (?P<str>"[^"]*"|'[^']*')
    | (?P<op>==|!=|<=|>=|<|>|\(|\))
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
    """,
    re.VERBOSE,
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda x, y: bool(x == y),
    "!=": lambda x, y: bool(x != y),
    "<": lambda x, y: bool(x < y),
    "<=": lambda x, y: bool(x <= y),
    ">": lambda x, y: bool(x > y),
    ">=": lambda x, y: bool(x >= y),
}

Resolve = Callable[[str, str | None], Any]
Token = tuple[str, str, int]


class ConditionError(ValueError):
    """A condition that cannot be read; ``offset`` is where in its text the problem is."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class Ref:
    """An answer a condition reads, and where in the condition it is named."""

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
        """Whether the condition is true for the answers ``resolve`` looks up."""
        return bool(_eval(self.tree, resolve))


def _tokens(text: str) -> list[Token]:
    """The tokens of ``text`` as (kind, text, offset), in one left-to-right pass."""
    out: list[Token] = []
    end = len(text)
    i = _skip_space(text, 0)
    while i < end:
        m = _TOKEN.match(text, i)
        if not m:
            raise ConditionError(f"unexpected `{text[i]}`", i)
        kind = m.lastgroup or ""
        value = m.group(kind)
        if kind == "num" and max(len(p) for p in value.lstrip("-").split(".")) > MAX_DIGITS:
            raise ConditionError(
                f"this number is too long: numbers here have at most {MAX_DIGITS} digits", i
            )
        out.append((kind, value, i))
        i = _skip_space(text, m.end())
    return out


def _skip_space(text: str, i: int) -> int:
    m = _SPACE.match(text, i)
    return m.end() if m else i


class _Parser:
    """Recursive descent; every way down passes ``deeper``, so the depth is bounded."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0
        self.terms = 0
        self.refs: list[Ref] = []

    def peek(self) -> Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> Token:
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

    def deeper(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(
                f"the condition is nested too deeply (at most {MAX_DEPTH} levels of "
                "parentheses and `not`)",
                at,
            )

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
        nots = 0
        while (tok := self.peek()) is not None and self.word("not"):
            self.deeper(tok[2])
            nots += 1
        node = self.compare()
        self.depth -= nots
        for _ in range(nots):
            node = ("not", node)
        return node

    def compare(self) -> Any:
        tok = self.peek()
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise ConditionError(
                f"the condition has too many parts (at most {MAX_TERMS} joined by `and`/`or`)",
                tok[2] if tok else len(self.text),
            )
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
            self.deeper(at)
            node = self.or_()
            close = self.take()
            if close[1] != ")":
                raise ConditionError("expected `)`", close[2])
            self.depth -= 1
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
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            f"the condition is too long ({len(text)} characters; at most {MAX_LENGTH})",
            MAX_LENGTH,
        )
    parser = _Parser(text)
    tree = parser.parse()
    return Condition(text, tree, tuple(parser.refs))


def _eval(tree: Any, resolve: Resolve) -> Any:
    """Evaluate without recursion: ``todo`` holds (node, stage), ``done`` the values."""
    todo: list[tuple[Any, int]] = [(tree, 0)]
    done: list[Any] = []
    while todo:
        node, stage = todo.pop()
        op = node[0]
        if op == "lit":
            done.append(node[1])
        elif op == "ref":
            done.append(resolve(node[1], node[2]))
        elif op == "not":
            if stage == 0:
                todo += [(node, 1), (node[1], 0)]
            else:
                done.append(not done.pop())
        elif op in ("and", "or"):
            if stage == 0:
                todo += [(node, 1), (node[1], 0)]
            elif stage == 1:
                left = bool(done.pop())
                if left is (op == "or"):  # short cut: `false and ...`, `true or ...`
                    done.append(left)
                else:
                    todo += [(node, 2), (node[2], 0)]
            else:
                done.append(bool(done.pop()))
        elif stage == 0:  # ("cmp", op, left, right): left first, as before
            todo += [(node, 1), (node[3], 0), (node[2], 0)]
        else:
            right, left = done.pop(), done.pop()
            done.append(_compare(node[1], left, right))
    return done.pop()


def _compare(op: str, left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    try:
        return _COMPARE[op](left, right)
    except TypeError:
        return False
