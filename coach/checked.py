"""One validation layer for anything read back from disk or imported (JSON or TOML values).

Describe the shape once, then check untrusted data against it::

    NOTE = Record({"uid": Text(max_len=64), "felt_by": Text(allowed=("a", "b")),
                   "words": Opt(Text(), default="")})
    note = check(row, NOTE, "notes #3 (uid 1f2e…)")

``check`` returns a cleaned copy (only known fields, defaults filled in) or raises
``CheckError`` listing every problem, each naming the entry and the field::

    notes #3 (uid 1f2e…): `created_at` is the text `yesterday`, not a date and time

Whatever the data (any JSON or TOML value, nested however deep), nothing but CheckError
is ever raised: checks follow the spec, never the data, and a message quotes at most a
short, printable piece of a value.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Generic, Literal, TypeVar

from coach.plain import shorten

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Loc = tuple[str | int, ...]
MAX_PROBLEMS = 20  # kept in full; any more are only counted
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The ``Opt`` default: a missing field stays missing.
OMIT: Any = object()


class CheckError(ValueError):
    """Data that does not fit its spec; ``problems`` says what is wrong, one line each."""

    def __init__(self, problems: Sequence[str], more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        shown = list(self.problems[:5])
        hidden = len(self.problems) - len(shown) + more
        if hidden:
            shown.append(f"(and {hidden} more problem{'s' if hidden > 1 else ''})")
        super().__init__("\n".join(shown))


class _Fail(Exception):
    """One value failed its own check; the container around it notes where."""

    def __init__(self, message: str) -> None:
        self.message = message


@dataclass
class Context:
    """Problems found so far while checking one entry named ``where``."""

    where: str
    problems: list[str] = field(default_factory=list)
    more: int = 0

    def note(self, loc: Loc, message: str) -> None:
        """Record a problem with the value at ``loc``."""
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{self.where}: {_loc(loc)} {message}")
        else:
            self.more += 1

    def child(self, spec: Spec[T], value: object, loc: Loc) -> T | None:
        """Check a value inside a container; None (and a note) if it fails."""
        try:
            return spec.run(value, self, loc)
        except _Fail as fail:
            self.note(loc, fail.message)
            return None


def _loc(loc: Loc) -> str:
    if not loc:
        return "it"
    return " ".join(f"#{p + 1}" if isinstance(p, int) else f"`{shorten(p, 40)}`" for p in loc)


def describe(value: object) -> str:
    """A short, printable description of any value, for messages."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, int):
        return f"`{value}`" if value.bit_length() <= 64 else "a very large number"
    if isinstance(value, float):
        return f"`{value:g}`"
    if isinstance(value, str):
        return f"the text `{shorten(value, 30)}`" if value.strip() else "empty text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, date | time):
        return f"the date/time `{value.isoformat()}`"
    return f"a {type(value).__name__}"


class Spec(Generic[T_co]):
    """A rule for one value; ``run`` returns the checked value or raises ``_Fail``."""

    def run(self, value: object, ctx: Context, loc: Loc) -> T_co:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Spec[str]):
    """A string of ``min_len`` to ``max_len`` characters; optionally one of ``allowed``,
    or matching ``pattern`` (``hint`` says what it should be, e.g. "not an id")."""

    max_len: int = 10_000
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    hint: str = "not in the expected form"
    min_len: int = 0

    def run(self, value: object, ctx: Context, loc: Loc) -> str:
        if not isinstance(value, str):
            raise _Fail(f"is {describe(value)}, not text")
        if len(value) > self.max_len:
            raise _Fail(f"is too long ({len(value)} characters; at most {self.max_len})")
        if len(value) < self.min_len:
            raise _Fail("is empty" if not value else f"is shorter than {self.min_len}")
        if not value.isascii() and _SURROGATE.search(value):
            raise _Fail("holds characters that cannot be stored (broken UTF-16 surrogates)")
        if self.allowed is not None and value not in self.allowed:
            raise _Fail(f"is {describe(value)}, not {_one_of(self.allowed)}")
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            raise _Fail(f"is {describe(value)}, {self.hint}")
        return value


def _one_of(options: Sequence[object]) -> str:
    shown = [f"`{o}`" for o in options]
    return shown[0] if len(shown) == 1 else "one of " + ", ".join(shown[:-1]) + " or " + shown[-1]


def _range(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"from {minimum} to {maximum}"
    return f"at least {minimum}" if minimum is not None else f"at most {maximum}"


@dataclass(frozen=True)
class Int(Spec[int]):
    """A whole number (true/false are not numbers), optionally within ``min``..``max``."""

    min: int | None = None
    max: int | None = None

    def run(self, value: object, ctx: Context, loc: Loc) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Fail(f"is {describe(value)}, not a whole number")
        if (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        ):
            raise _Fail(f"is {describe(value)}, not {_range(self.min, self.max)}")
        return value


@dataclass(frozen=True)
class Float(Spec[float]):
    """A finite number (a whole number is fine too), optionally within ``min``..``max``."""

    min: float | None = None
    max: float | None = None

    def run(self, value: object, ctx: Context, loc: Loc) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Fail(f"is {describe(value)}, not a number")
        try:
            number = float(value)
        except OverflowError:
            raise _Fail("is a number too large to use") from None
        if not math.isfinite(number):
            raise _Fail(f"is {describe(value)}, not a finite number")
        if (self.min is not None and number < self.min) or (
            self.max is not None and number > self.max
        ):
            raise _Fail(f"is {describe(value)}, not {_range(self.min, self.max)}")
        return number


@dataclass(frozen=True)
class Bool(Spec[bool]):
    """true or false."""

    def run(self, value: object, ctx: Context, loc: Loc) -> bool:
        if not isinstance(value, bool):
            raise _Fail(f"is {describe(value)}, not true or false")
        return value


@dataclass(frozen=True)
class DateTime(Spec[str]):
    """An ISO 8601 date and time as text (what ``datetime.fromisoformat`` reads), or a
    TOML date-time; checked as text of at most ``max_len`` characters."""

    max_len: int = 64

    def run(self, value: object, ctx: Context, loc: Loc) -> str:
        if isinstance(value, date):  # a TOML date or date-time (datetime is a date)
            return value.isoformat()
        if not isinstance(value, str):
            raise _Fail(f"is {describe(value)}, not a date and time")
        if len(value) > self.max_len:
            raise _Fail(f"is too long for a date and time ({len(value)} characters)")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise _Fail(f"is {describe(value)}, not a date and time") from None
        return value


@dataclass(frozen=True)
class ListOf(Spec[list[T]]):
    """A list of at most ``max_items`` values, each checked by ``item``."""

    item: Spec[T]
    max_items: int = 10_000

    def run(self, value: object, ctx: Context, loc: Loc) -> list[T]:
        if not isinstance(value, list | tuple):
            raise _Fail(f"is {describe(value)}, not a list")
        if len(value) > self.max_items:
            raise _Fail(f"has {len(value)} items; at most {self.max_items}")
        out: list[T] = []
        for i, item in enumerate(value):
            checked = ctx.child(self.item, item, (*loc, i))
            if checked is not None:
                out.append(checked)
        return out


@dataclass(frozen=True)
class Opt(Generic[T]):
    """A field that may be missing or null: then it is left out, or set to ``default``."""

    spec: Spec[T]
    default: object = OMIT


@dataclass(frozen=True)
class Record(Spec[dict[str, Any]]):
    """A table with the given ``fields`` (a Spec is required, an Opt is not).

    Unknown keys are reported (``extra="refuse"``), dropped (``"ignore"``) or kept as they
    are, unchecked (``"keep"``).
    """

    fields: Mapping[str, Spec[Any] | Opt[Any]]
    extra: Literal["refuse", "ignore", "keep"] = "refuse"

    def run(self, value: object, ctx: Context, loc: Loc) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _Fail(f"is {describe(value)}, not a table")
        out: dict[str, Any] = {}
        for key, rule in self.fields.items():
            raw = value.get(key)
            if raw is None and isinstance(rule, Opt):
                if rule.default is not OMIT:
                    out[key] = copy.copy(rule.default)  # never share a mutable default
            elif raw is None:
                ctx.note((*loc, key), "is missing" if key not in value else "is empty (null)")
            else:
                spec = rule.spec if isinstance(rule, Opt) else rule
                out[key] = ctx.child(spec, raw, (*loc, key))
        if self.extra != "ignore":
            for key in value:
                if not isinstance(key, str) or key not in self.fields:
                    if self.extra == "keep" and isinstance(key, str):
                        out[key] = value[key]
                    else:
                        ctx.note((*loc, str(key)), "is not a known field")
        return out


@dataclass(frozen=True)
class AnyOf(Spec[Any]):
    """The first of ``options`` that the value fits; ``what`` names them for messages."""

    options: tuple[Spec[Any], ...]
    what: str

    def run(self, value: object, ctx: Context, loc: Loc) -> Any:
        for option in self.options:
            trial = Context(ctx.where)
            try:
                result = option.run(value, trial, loc)
            except _Fail:
                continue
            if not trial.problems and not trial.more:
                return result
        raise _Fail(f"is {describe(value)}, not {self.what}")


def problems(data: object, spec: Spec[T], where: str) -> tuple[T | None, list[str]]:
    """The checked value and no problems, or None and every problem (at most 20 listed)."""
    ctx = Context(where)
    value = ctx.child(spec, data, ())
    if ctx.more:
        ctx.problems.append(f"{where}: (and {ctx.more} more problems)")
    return (value, []) if not ctx.problems else (None, ctx.problems)


def check(data: object, spec: Spec[T], where: str) -> T:
    """The checked, cleaned value; raises CheckError naming ``where`` and every problem."""
    ctx = Context(where)
    value = ctx.child(spec, data, ())
    if ctx.problems or ctx.more:
        raise CheckError(ctx.problems, ctx.more)
    if value is None:  # cannot happen: a spec that fails always says why
        raise CheckError([f"{where}: it cannot be read"])
    return value
