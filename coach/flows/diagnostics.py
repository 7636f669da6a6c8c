"""Messages for people who write flow scripts: ``path:line:col: error[CODE]: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from coach.plain import printable

Severity = Literal["error", "warning"]

#: Every code the loader and validator can give, with a short name (documented in docs/).
CODES: dict[str, str] = {
    "E001": "file cannot be read",
    "E002": "file is not UTF-8 text",
    "E003": "TOML syntax error",
    "E004": "file is empty",
    "E005": "file needs a newer coach",
    "E006": "unknown format version",
    "E007": "file is too large",
    "E008": "not a regular file",
    "E009": "nested too deeply",
    "E010": "unknown key",
    "E011": "wrong type",
    "E012": "missing required field",
    "E013": "key does not apply to this step kind",
    "E014": "value not allowed",
    "E020": "duplicate step id",
    "E021": "step id not found",
    "E022": "flow has no steps",
    "E023": "duplicate card",
    "E030": "unreachable step",
    "E031": "no end can be reached",
    "E032": "step has nowhere to go",
    "E040": "undefined name",
    "E041": "unknown catalog reference",
    "E042": "condition cannot be read",
    "E043": "broken placeholder",
    "E044": "private answer needs both partners",
    "W001": "answer saved but never used",
    "W002": "step reached only by falling through",
}


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a file, with where it is and how to fix it."""

    code: str
    message: str
    line: int = 1
    col: int = 1
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return "warning" if self.code.startswith("W") else "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self, path: str, *, hint: bool = True) -> str:
        """Render as ``path:line:col: severity[CODE]: message`` with an optional hint line."""
        where = printable(path)  # a file name can hold anything a file name can
        head = f"{where}:{self.line}:{self.col}: {self.severity}[{self.code}]: {self.message}"
        if hint and self.hint:
            return f"{head}\n  hint: {self.hint}"
        return head


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """A 'did you mean' hint for a misspelt word, or None if nothing is close."""
    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


def one_of(options: Iterable[str]) -> str:
    """'`a`, `b` or `c`' for hints."""
    items = [f"`{o}`" for o in options]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]
