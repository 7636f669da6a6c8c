"""Placeholders in flow text: ``{a}``, ``{speaker}``, ``{feeling.b}``; ``{{`` and ``}}`` escape."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: Names that are always defined: the partners and the current roles.
ROLE_NAMES = ("a", "b", "speaker", "listener")
#: What may follow a dot after an answer name: whose answer to show.
ANSWER_PARTS = ("a", "b", "speaker", "listener")
#: What may follow a dot after an answer chosen from a list: what the choice means
#: (``{repair.about}``) or, from the catalog, a way to say it (``{hurt.example}``).
CHOICE_PARTS = ("about", "example")
#: The question card an ``ask`` step with ``draw`` shows.
CARD = "card"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?")


@dataclass(frozen=True)
class Placeholder:
    name: str
    part: str | None
    offset: int  # where the ``{`` is in the text


class TemplateError(ValueError):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse(text: str) -> list[str | Placeholder]:
    """Split text into literal pieces and placeholders. Raises TemplateError."""
    out: list[str | Placeholder] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text.startswith("{{", i) or text.startswith("}}", i):
            buf.append(ch)
            i += 2
            continue
        if ch == "}":
            raise TemplateError("a `}` with no `{` before it (write `}}` for a literal brace)", i)
        if ch != "{":
            buf.append(ch)
            i += 1
            continue
        close = text.find("}", i)
        if close < 0:
            raise TemplateError("a `{` that is never closed (write `{{` for a literal brace)", i)
        inner = text[i + 1 : close].strip()
        if not _NAME.fullmatch(inner):
            raise TemplateError(
                f"`{{{text[i + 1 : close]}}}` is not a name (names look like `a` or `feeling.b`)",
                i,
            )
        if buf:
            out.append("".join(buf))
            buf = []
        name, _, part = inner.partition(".")
        out.append(Placeholder(name, part or None, i))
        i = close + 1
    if buf:
        out.append("".join(buf))
    return out


def render(text: str, lookup: Callable[[str, str | None], str]) -> str:
    """Fill placeholders using ``lookup(name, part)``; broken text is shown as written."""
    try:
        pieces = parse(text)
    except TemplateError:
        return text
    return "".join(p if isinstance(p, str) else lookup(p.name, p.part) for p in pieces)
