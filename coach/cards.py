"""Drawing question cards: a pure chooser, and the drawer that remembers in the history
which cards were drawn (so none repeats until its pool is used up) and which were kept.

If the history cannot be used, draws and favourites are remembered until coach closes.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import cast

from coach.flows.deck import DEPTHS, Card, Deck, Depth
from coach.history.store import HistoryStore

StoreFactory = Callable[[], HistoryStore | None]
Themes = str | Collection[str] | None


def _theme_set(themes: Themes) -> frozenset[str] | None:
    """None means any theme; a single word is one theme."""
    if themes is None:
        return None
    return frozenset((themes,) if isinstance(themes, str) else themes)


def matching(
    cards: Iterable[Card], themes: Themes = None, depth: str | None = None, hurt: str | None = None
) -> list[Card]:
    """The cards of any of ``themes`` (None: any), of ``depth`` (None or "any": any), and
    about ``hurt`` (None: any), in their order."""
    wanted = _theme_set(themes)
    depth = None if depth == "any" else depth
    return [
        c
        for c in cards
        if (wanted is None or c.theme in wanted)
        and (depth is None or c.depth == depth)
        and (hurt is None or c.hurt == hurt)
    ]


def choose(cards: Sequence[Card], drawn_ids: Sequence[str], rng: random.Random) -> Card:
    """A card of the pool ``cards`` not drawn since the pool was last used up.

    ``drawn_ids`` are the keys (``Card.key``) of every card drawn, the longest ago first.
    Once every card of the pool has been drawn, it starts over, with the half drawn
    longest ago (so the last card of a round never comes straight back)."""
    if not cards:
        raise ValueError("there is no card to choose from")
    pool = {c.key for c in cards}
    seen: set[str] = set()
    last: dict[str, int] = {}
    for n, key in enumerate(drawn_ids):
        if key in pool:
            last[key] = n
            seen.add(key)
            if len(seen) == len(pool):
                seen = set()  # the pool was used up: a new round begins
    if seen or not last:
        return rng.choice([c for c in cards if c.key not in seen])
    oldest_first = sorted(cards, key=lambda c: last.get(c.key, -1))
    return rng.choice(oldest_first[: (len(oldest_first) + 1) // 2])


class CardDrawer:
    """Draws cards from ``decks``; ``store_factory`` gives the history (or None)."""

    def __init__(
        self,
        decks: Sequence[Deck],
        store_factory: StoreFactory = lambda: None,
        rng: random.Random | None = None,
    ) -> None:
        self.decks = tuple(decks)
        self.cards = tuple(c for d in self.decks for c in d.cards)
        self.rng = rng if rng is not None else random.Random()
        self.problem = ""  # why the history could not be used, if it could not
        self._store_factory = store_factory
        self._by_key = {c.key: c for c in self.cards}
        self._unsaved_draws: list[str] = []
        self._unsaved_kept: dict[str, Card] = {}
        self._filter: tuple[Themes, str | None, str | None] = (None, None, None)

    # -- what there is ---------------------------------------------------------------------

    def themes(self) -> list[str]:
        """Every theme, in the order the decks bring them."""
        return list(dict.fromkeys(c.theme for c in self.cards))

    def theme_name(self, theme: str) -> str:
        """A theme in words: the title of the deck named like it, else the word itself."""
        deck = next((d for d in self.decks if d.id == theme), None)
        return deck.title if deck is not None else theme.replace("-", " ").capitalize()

    def find(self, deck_id: str, card_id: str) -> Card | None:
        """The card with this id in this deck, if the decks still have it."""
        return self._by_key.get(f"{deck_id}/{card_id}")

    def recall(self, deck_id: str, card_id: str, text: str) -> Card:
        """A card drawn earlier (say, in a conversation log): the deck's card if it is
        still there, else one made from the words kept. Nothing is recorded."""
        found = self.find(deck_id, card_id)
        if found is not None:
            return found
        return Card(card_id, deck_id, text, "", "light")

    # -- drawing ---------------------------------------------------------------------------

    def draw(
        self, themes: Themes = None, depth: str | None = None, hurt: str | None = None
    ) -> Card | None:
        """A card matching the filter that was not drawn lately (None when none matches);
        the draw is remembered."""
        self._filter = (themes, depth, hurt)
        pool = matching(self.cards, themes, depth, hurt)
        if not pool:
            return None
        card = choose(pool, self._drawn(), self.rng)
        if not self._save(lambda s: s.add_draw(card.deck, card.id)):
            self._unsaved_draws.append(card.key)
        return card

    def skip(self, card: Card) -> Card | None:
        """Not this one: it is remembered as skipped, and another card (same filter) drawn."""
        self._save(lambda s: s.skip_draw(card.deck, card.id))
        return self.draw(*self._filter)

    def keep(self, card: Card) -> bool:
        """Keep a card as a favourite; False if it already was one."""
        store = self._store()
        if store is not None:
            try:
                return store.add_favourite(card.deck, card.id, card.text, card.theme, card.depth)
            except sqlite3.Error as exc:
                self.problem = f"The history could not be written ({exc})."
        if card.key in self._unsaved_kept:
            return False
        self._unsaved_kept[card.key] = card
        return True

    def is_kept(self, card: Card) -> bool:
        return any(f.key == card.key for f in self.favourites())

    def favourites(self) -> list[Card]:
        """The cards kept, the first kept first (a card no deck has any more is kept too)."""
        out: list[Card] = []
        store = self._store()
        rows = []
        if store is not None:
            try:
                rows = store.favourite_cards()
            except sqlite3.Error as exc:
                self.problem = f"The history cannot be read ({exc})."
        for deck_id, card_id, text, theme, depth in rows:
            if not all(isinstance(v, str) for v in (deck_id, card_id, text, theme, depth)):
                continue  # read back defensively: a damaged row is left out
            depth = depth if depth in DEPTHS else "light"
            out.append(self.find(deck_id, card_id) or
                       Card(card_id, deck_id, text, theme, cast(Depth, depth)))  # fmt: skip
        known = {c.key for c in out}
        return out + [c for k, c in self._unsaved_kept.items() if k not in known]

    # -- the history -----------------------------------------------------------------------

    def _store(self) -> HistoryStore | None:
        return self._store_factory()

    def _drawn(self) -> list[str]:
        store = self._store()
        saved: list[tuple[str, str]] = []
        if store is not None:
            try:
                saved = store.drawn_cards()
            except sqlite3.Error as exc:
                self.problem = f"The history cannot be read ({exc})."
        return [f"{d}/{c}" for d, c in saved] + self._unsaved_draws

    def _save(self, write: Callable[[HistoryStore], object]) -> bool:
        """Run one write on the history; False (and ``problem`` says why) if it failed."""
        store = self._store()
        if store is None:
            self.problem = "The history cannot be used: draws are remembered until coach closes."
            return False
        try:
            write(store)
        except sqlite3.Error as exc:
            self.problem = f"The history could not be written ({exc})."
            return False
        return True
