"""Question decks (``<name>.deck.toml``): cards with one open question each.

A deck is checked like a flow: every problem is a ``Diagnostic`` with a line and column.
A card's id is written in the file or derived from the deck id and its words, so it stays
the same as long as the words do (the history remembers cards by id).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from coach.flows.catalog import ID_HINT, ID_PATTERN, Catalog, check_format
from coach.flows.diagnostics import Diagnostic, did_you_mean
from coach.flows.locate import Locator
from coach.flows.shape import TABLES, Checker
from coach.flows.shape import Field as F
from coach.flows.source import parse_toml, read_text
from coach.plain import shorten

Depth = Literal["light", "deeper"]
DEPTHS: tuple[Depth, ...] = get_args(Depth)
#: A card is read aloud: one short question.
MAX_CARD_TEXT = 200
THEME_HINT = "themes are short words joined by dashes, like `week` or `inner-world`"

DECK_SHAPE = {
    "format": F(int, required=True),
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, max_len=64),
    "title": F(str, required=True, max_len=120),
    "about": F(str, max_len=300),
    "theme": F(str, required=True, pattern=ID_PATTERN, pattern_hint=THEME_HINT, max_len=40),
    "depth": F(str, allowed=DEPTHS),
    "card": F(TABLES, required=True),
}
CARD_SHAPE = {
    "text": F(str, required=True),  # its own length check, with a hint for cards
    "id": F(str, pattern=ID_PATTERN, pattern_hint=ID_HINT, max_len=64),
    "theme": F(str, pattern=ID_PATTERN, pattern_hint=THEME_HINT, max_len=40),
    "depth": F(str, allowed=DEPTHS),
    "hurt": F(str),
}


@dataclass(frozen=True)
class Card:
    """One question. ``deck`` is the id of the deck it comes from."""

    id: str
    deck: str
    text: str
    theme: str
    depth: Depth
    hurt: str | None = None

    @property
    def key(self) -> str:
        """Unique among all decks: ``deck/id`` (neither can hold a `/`)."""
        return f"{self.deck}/{self.id}"


@dataclass(frozen=True)
class Deck:
    """A checked deck: its cards, each with its theme and depth filled in."""

    id: str
    title: str
    about: str
    cards: tuple[Card, ...]


@dataclass
class DeckFile:
    """The result of loading one deck file."""

    path: Path
    deck: Deck | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.deck is not None and not any(d.is_error for d in self.diagnostics)

    @property
    def first_error(self) -> Diagnostic | None:
        return next((d for d in self.diagnostics if d.is_error), None)


def normalized(text: str) -> str:
    """A card's words for comparing and for its id: lower case, single spaces."""
    return " ".join(text.casefold().split())


def card_id(deck_id: str, text: str) -> str:
    """The id of a card that has none written: the deck id and 8 hex digits of its words."""
    digest = hashlib.sha1(normalized(text).encode("utf-8"), usedforsecurity=False)
    return f"{deck_id}-{digest.hexdigest()[:8]}"


def load_deck(path: Path, catalog: Catalog | None = None) -> DeckFile:
    """Load and check the deck at ``path``. Never raises for a bad file."""
    text, problem = read_text(path)
    if problem:
        return DeckFile(path, None, [problem])
    assert text is not None
    return load_deck_text(text, path, catalog)


def load_deck_text(
    text: str, path: Path | str = "<text>", catalog: Catalog | None = None
) -> DeckFile:
    """Load and check a deck from its source text (hurts are checked when given a catalog)."""
    path = Path(path)
    data, problem = parse_toml(text)
    if problem:
        return DeckFile(path, None, [problem])
    assert data is not None
    checker = Checker(Locator(text))
    deck = build_deck(data, checker, catalog)
    diagnostics = sorted(checker.diagnostics, key=lambda d: (not d.is_error, d.line, d.col))
    return DeckFile(path, deck, diagnostics)


def build_deck(data: dict[str, Any], checker: Checker, catalog: Catalog | None) -> Deck | None:
    """Check the shape of ``data`` and build a Deck (None when it is too broken to use)."""
    top = checker.table(data, DECK_SHAPE, (), "the deck header")
    if not check_format(checker, data):
        return None
    if "card" in top and not top["card"]:
        checker.report("E014", "the deck has no cards", ("card",), "add a [[card]] table")
    if not all(k in top for k in ("id", "title", "theme")):
        return None
    cards: list[Card] = []
    ids: dict[str, int] = {}
    words: dict[str, int] = {}
    for i, raw in enumerate(top.get("card", [])):
        card = _card(raw, i, top, checker, catalog)
        if card is None:
            continue
        for seen, value, what in ((words, normalized(card.text), "words"), (ids, card.id, "id")):
            if value in seen:
                checker.report(
                    "E023",
                    f"card #{i + 1} has the same {what} as card #{seen[value] + 1}",
                    ("card", i, "id" if what == "id" and "id" in raw else "text"),
                    "each card asks its own question: change or remove one of them",
                )
                break
            seen[value] = i
        else:
            cards.append(card)
    if not cards:
        return None
    return Deck(top["id"], top["title"], top.get("about", ""), tuple(cards))


def _card(
    raw: dict[str, Any], i: int, top: dict[str, Any], checker: Checker, catalog: Catalog | None
) -> Card | None:
    path = ("card", i)
    good = checker.table(raw, CARD_SHAPE, path, f"card #{i + 1}")
    text = " ".join(good.get("text", "").split())
    if "text" in good and not text:
        checker.report("E014", f"card #{i + 1} has no words", (*path, "text"), "write a question")
        return None
    if len(text) > MAX_CARD_TEXT:
        checker.report(
            "E014",
            f"card #{i + 1} is too long ({len(text)} characters; at most {MAX_CARD_TEXT})",
            (*path, "text"),
            "a card is read aloud: keep it to one short question",
        )
        return None
    hurt = good.get("hurt")
    if hurt is not None and catalog is not None and catalog.hurt(hurt) is None:
        checker.report(
            "E041",
            f"card #{i + 1} names the hurt `{shorten(hurt, 40)}`, which the catalog does not know",
            (*path, "hurt"),
            did_you_mean(hurt, [h.id for h in catalog.hurts]) or "see scripts/micro-hurts.toml",
        )
        return None
    if not text or len(good) < len(raw):
        return None  # a problem was reported above
    return Card(
        id=good.get("id") or card_id(top["id"], text),
        deck=top["id"],
        text=text,
        theme=good.get("theme", top["theme"]),
        depth=cast(Depth, good.get("depth", top.get("depth", "light"))),
        hurt=hurt,
    )
