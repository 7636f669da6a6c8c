"""The gentle-phrasing helper: spot harsh phrases in what someone is writing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.flows.catalog import GentlePhrase


@dataclass(frozen=True)
class Spotted:
    phrase: GentlePhrase
    start: int
    end: int


def spot(text: str, phrases: tuple[GentlePhrase, ...]) -> list[Spotted]:
    """Every harsh phrase in ``text`` (whole words, any case), in order of appearance."""
    found: list[Spotted] = []
    for phrase in phrases:
        words = r"\s+".join(re.escape(w) for w in phrase.match.split())
        for m in re.finditer(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE):
            found.append(Spotted(phrase, m.start(), m.end()))
    return sorted(found, key=lambda s: s.start)
