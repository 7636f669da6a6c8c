"""Text that people typed (a pause topic, names), made safe to put somewhere else.

Used before such text goes into a terminal escape sequence, a notification, a calendar
file or a chart. Control characters (C0, DEL and C1, which include ESC, BEL and the
8-bit ST/CSI/OSC bytes), lone surrogates and bidirectional overrides are removed.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

#: Bidirectional embeddings, overrides and isolates: they can make text read differently.
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACES = re.compile(r"\s+")


def _keep(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _BIDI


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with an ellipsis when cut."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def clean_line(text: str, limit: int = 200) -> str:
    """One line: any run of whitespace (line breaks too) becomes a space; no controls."""
    spaced = "".join(" " if ch.isspace() else ch for ch in text)
    kept = "".join(ch for ch in spaced if _keep(ch))
    return clip(_SPACES.sub(" ", kept).strip(), limit)


def clean_text(text: str, limit: int = 2000) -> str:
    """Several lines: line breaks become ``\\n``, tabs a space, other controls go."""
    unified = re.sub(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]", "\n", text)
    lines = ["".join(" " if ch == "\t" else ch for ch in line if ch == "\t" or _keep(ch))
             for line in unified.split("\n")]  # fmt: skip
    return clip("\n".join(line.rstrip() for line in lines).strip(), limit)
