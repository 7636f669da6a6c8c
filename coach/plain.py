"""Text is data: make words from a person or a file safe to print, export or display.

Anything typed, imported or read from a flow file may hold terminal escape sequences
(which can retitle a window, clear the screen or fake a prompt), other control characters,
bidi overrides that make text read differently than it is, or lone surrogates that cannot
be written out. These functions drop all of that; they never raise and run in linear time.
"""

from __future__ import annotations

import re

# One pass, left to right. Every alternative consumes at least one character and never
# fails after it has started, so the regex cannot backtrack into quadratic time.
_UNSAFE = re.compile(
    r"""
      (?:\x1b\[|\x9b) [0-?]* [ -/]* [@-~]?              # CSI: ESC [ params final (or 8-bit CSI)
    | (?:\x1b[\]P_^X]|[\x90\x98\x9d\x9e\x9f])            # OSC, DCS, APC, PM, SOS strings ...
      [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?             # ... up to BEL or ST (or the end)
    | \x1b [ -/]* [0-~]?                                 # any other ESC sequence
    | [\x00-\x08\x0b-\x1f\x7f-\x9f]                      # C0 (but \t \n), DEL, C1
    | [\u202a-\u202e\u2066-\u2069]                       # bidi embeddings, overrides, isolates
    | [\ud800-\udfff]                                    # lone surrogates (cannot be encoded)
    """,
    re.VERBOSE,
)
_SPACE = re.compile(r"\s+")
#: Every way of breaking a line, the control-character ones included.
_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
#: What a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_SET = frozenset(FORMULA_STARTS)


def printable(text: str) -> str:
    """``text`` without escape sequences, control characters (but newline and tab), bidi
    overrides and lone surrogates."""
    if text.isprintable():  # the common case: nothing to drop (all of it is Cc, Cf or Cs)
        return text
    return _UNSAFE.sub("", text)


def one_line(text: str) -> str:
    """Printable text on one line: every run of whitespace becomes one space, ends trimmed."""
    return _SPACE.sub(" ", printable(_BREAKS.sub(" ", text))).strip()


def csv_cell(value: object) -> str:
    """A value as a spreadsheet cell that cannot start a formula (quoting is csv's job)."""
    if isinstance(value, str):
        text = printable(value)
    else:
        try:
            text = "" if value is None else printable(str(value))
        except ValueError:  # an int too long to write out
            text = ""
    first = text[:1]
    if first in _FORMULA_SET or (first.isspace() and text.lstrip()[:1] in _FORMULA_SET):
        return "'" + text
    return text


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with an ellipsis when cut."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten(text: str, limit: int = 60) -> str:
    """One printable line of at most ``limit`` characters (an ellipsis marks a cut), for
    messages, titles, notifications and labels."""
    return clip(one_line(text[: limit * 4 + 8]), limit)


def clean_text(text: str, limit: int = 2000) -> str:
    """Printable text of several lines: every kind of line break becomes ``\\n``, tabs a
    space, trailing spaces go; at most ``limit`` characters."""
    lines = printable(_BREAKS.sub("\n", text[: limit * 4 + 8]).replace("\t", " ")).split("\n")
    return clip("\n".join(line.rstrip() for line in lines).strip(), limit)
