"""Drawing cards: no repeat until the pool is used up, then it starts over; the memory is
in the history (it survives a restart, an export and an import); skip, keep, favourites."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from coach import paths
from coach.cards import CardDrawer, choose, matching
from coach.flows.deck import Card, Deck, Depth
from coach.history import HistoryStore, exchange
from coach.history.migrations import MIGRATIONS, SCHEMA_VERSION
from coach.session import Session
from tests.pilot import couple


def card(n: int, theme: str = "week", depth: Depth = "light", hurt: str | None = None) -> Card:
    return Card(f"c{n}", "test", f"Question number {n}?", theme, depth, hurt)


POOL = [card(i) for i in range(6)]
MIXED = [
    card(1, "week", "light"),
    card(2, "week", "deeper"),
    card(3, "appreciation", "light", "phone"),
    card(4, "hopes-plans", "deeper", "phone"),
    card(5, "appreciation", "deeper"),
]
DECK = Deck("test", "Test", "", tuple(MIXED))


def rounds(pool: list[Card], n: int, seed: int = 7) -> list[list[str]]:
    """Draw ``n`` rounds of ``len(pool)`` cards with the pure chooser."""
    rng, drawn = random.Random(seed), []
    for _ in range(n * len(pool)):
        drawn.append(choose(pool, drawn, rng).key)
    return [drawn[i : i + len(pool)] for i in range(0, len(drawn), len(pool))]


# -- the chooser ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 2, 3, 6])
def test_no_repeat_until_the_pool_is_used_up_then_it_starts_over(size: int) -> None:
    pool = POOL[:size]
    for each in rounds(pool, 4):
        assert sorted(each) == sorted(c.key for c in pool)  # every card once per round


def test_a_new_round_prefers_the_cards_drawn_longest_ago() -> None:
    for seed in range(20):
        drawn = [c for r in rounds(POOL, 3, seed) for c in r]
        for end in (6, 12):  # the first card of a new round is from the older half
            assert drawn[end] in drawn[end - 6 : end - 3]


def test_the_chooser_is_deterministic_with_a_seed() -> None:
    assert rounds(POOL, 3, seed=1) == rounds(POOL, 3, seed=1)
    assert any(rounds(POOL, 1, seed=s) != rounds(POOL, 1, seed=1) for s in range(2, 6))


def test_each_pool_keeps_its_own_round() -> None:
    rng = random.Random(3)
    light = POOL[:4]
    drawn = [light[0].key, light[1].key, light[2].key]  # part way through a round of 4
    assert choose(light, drawn, rng) == light[3]
    wider = [*light, POOL[4]]  # a wider pool: only its undrawn cards
    assert choose(wider, drawn, rng) in (light[3], POOL[4])
    assert choose(POOL[:1], [*drawn, POOL[0].key], rng) == POOL[0]


def test_unknown_keys_in_the_memory_are_ignored_and_an_empty_pool_is_an_error() -> None:
    assert choose(POOL[:2], ["gone/x", POOL[0].key, "other/y"], random.Random(1)) == POOL[1]
    with pytest.raises(ValueError):
        choose([], [], random.Random(1))


def test_filters() -> None:
    assert matching(MIXED) == MIXED
    assert [c.id for c in matching(MIXED, themes="week")] == ["c1", "c2"]
    assert [c.id for c in matching(MIXED, themes=["week", "hopes-plans"])] == ["c1", "c2", "c4"]
    assert [c.id for c in matching(MIXED, depth="deeper")] == ["c2", "c4", "c5"]
    assert matching(MIXED, depth="any") == MIXED
    assert [c.id for c in matching(MIXED, hurt="phone", depth="light")] == ["c3"]
    assert matching(MIXED, themes=[]) == [] and matching(MIXED, themes="none") == []


# -- the drawer and the history ------------------------------------------------------------------


def drawer(
    store: HistoryStore | None, seed: int = 5, decks: list[Deck] | None = None
) -> CardDrawer:
    return CardDrawer(decks if decks is not None else [DECK], lambda: store, random.Random(seed))


def test_the_memory_is_in_the_history_and_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as store:
        first = [drawer(store).draw(themes=["week", "appreciation"]) for _ in range(2)]
    with HistoryStore(path) as store:  # coach was closed and opened again
        again = drawer(store, seed=5)  # the same seed: only the memory keeps it from repeating
        second = [again.draw(themes=["week", "appreciation"]) for _ in range(2)]
        assert {c.key for c in first + second if c} == {"test/c1", "test/c2", "test/c3", "test/c5"}
        assert store.count("card_draws") == 4


def test_draw_returns_none_when_nothing_matches() -> None:
    assert drawer(None).draw(themes="week", hurt="phone") is None
    assert CardDrawer([]).draw() is None


def test_skip_is_remembered_and_draws_another_with_the_same_filter() -> None:
    with HistoryStore() as store:
        d = drawer(store)
        shown = d.draw(depth="deeper")
        assert shown is not None
        other = d.skip(shown)
        assert other is not None and other != shown and other.depth == "deeper"
        rows = store.db.execute("SELECT card_id, skipped FROM card_draws ORDER BY id").fetchall()
        assert [tuple(r) for r in rows] == [(shown.id, 1), (other.id, 0)]


def test_keep_is_idempotent_and_favourites_outlive_their_deck() -> None:
    with HistoryStore() as store:
        d = drawer(store)
        assert d.keep(MIXED[3]) is True and d.keep(MIXED[3]) is False
        assert d.keep(MIXED[0]) is True
        assert d.favourites() == [MIXED[3], MIXED[0]] and d.is_kept(MIXED[0])
        assert store.count("card_favourites") == 2
        gone = drawer(store, decks=[])  # the deck was removed: the words are still kept
        assert [c.text for c in gone.favourites()] == [MIXED[3].text, MIXED[0].text]
        assert gone.favourites()[0].key == MIXED[3].key


def test_without_a_history_draws_and_favourites_last_until_coach_closes() -> None:
    d = drawer(None)
    drawn = [d.draw() for _ in range(len(MIXED))]
    assert sorted(c.key for c in drawn if c) == sorted(c.key for c in MIXED)
    assert d.keep(MIXED[1]) and not d.keep(MIXED[1]) and d.favourites() == [MIXED[1]]
    assert "history" in d.problem


def test_a_history_that_fails_to_write_does_not_stop_drawing() -> None:
    with HistoryStore() as store:
        store.db.execute("DROP TABLE card_draws")
        d = drawer(store)
        assert d.draw() is not None and "could not be written" in d.problem


def test_recall_finds_a_card_or_keeps_its_words() -> None:
    d = drawer(None)
    assert d.recall("test", "c3", "old words") == MIXED[2]
    lost = d.recall("test", "c9", "A question since removed?")
    assert (lost.key, lost.text) == ("test/c9", "A question since removed?")
    assert d.find("test", "c9") is None


def test_themes_in_order_and_in_words() -> None:
    d = drawer(None, decks=[DECK, Deck("week", "Our week", "", ())])
    assert d.themes() == ["week", "appreciation", "hopes-plans"]
    assert d.theme_name("week") == "Our week"  # the deck named like the theme
    assert d.theme_name("hopes-plans") == "Hopes plans"


def test_the_migration_adds_the_card_tables_to_an_older_history(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + ";" + MIGRATIONS[1] + "; PRAGMA user_version = 2;")
    db.execute("INSERT INTO notes (uid, created_at, felt_by, kind) VALUES ('n', '2026', 'a', 'x')")
    db.commit()
    db.close()
    with HistoryStore(path) as store:
        assert store.version == SCHEMA_VERSION >= 3
        assert store.count("notes") == 1 and store.count("card_draws") == 0
        plan = store.db.execute(
            "EXPLAIN QUERY PLAN SELECT deck_id, card_id FROM card_draws ORDER BY drawn_at, id"
        ).fetchall()
        assert "card_draws_drawn" in " ".join(str(tuple(r)) for r in plan)


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_export_and_import_carry_draws_and_favourites(fmt: str, tmp_path: Path) -> None:
    with HistoryStore() as store:
        d = drawer(store)
        shown = d.draw()
        assert shown is not None
        d.skip(shown)
        d.keep(MIXED[4])
        text = exchange.export(store, fmt)
        before = exchange.snapshot(store)
    assert [r["skipped"] for r in before["card_draws"]] == [True, False]
    assert before["card_favourites"][0]["text"] == MIXED[4].text
    with HistoryStore(tmp_path / "other.sqlite3") as other:
        added = exchange.merge(other, exchange.parse(text, fmt))
        assert (added["card_draws"], added["card_favourites"]) == (2, 1)
        assert exchange.snapshot(other) == before
        again = exchange.merge(other, exchange.parse(text, fmt))
        assert sum(again.values()) == 0  # nothing twice
        mine = drawer(other)  # the memory came along: the two cards drawn are not drawn next
        next_card = mine.draw()
        assert next_card is not None and next_card.key not in _drawn(before)
        assert mine.favourites() == [MIXED[4]]


def _drawn(snapshot: dict[str, list[dict[str, object]]]) -> set[str]:
    return {f"{r['deck_id']}/{r['card_id']}" for r in snapshot["card_draws"]}


def test_a_favourite_kept_on_both_machines_imports_once() -> None:
    with HistoryStore() as store:
        drawer(store).keep(MIXED[0])
        row = exchange.snapshot(store)["card_favourites"][0]
        data = {"format": 1, "card_favourites": [{**row, "uid": "another-machine"}]}
        assert (
            exchange.merge(store, exchange.parse(json.dumps(data), "json"))["card_favourites"] == 0
        )
        assert store.count("card_favourites") == 1


def test_session_reads_the_decks_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from coach.flows import library

    calls = []
    real = library.discover_decks

    def counting(*args: object) -> list[library.DeckEntry]:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "discover_decks", counting)
    session = Session(couple())
    try:
        assert calls == []  # lazy: nothing is read until cards are wanted
        cards = session.cards()
        assert session.cards() is cards and calls == [1]
        assert len(cards.cards) == 353 and cards.draw() is not None
        assert paths.history_file().exists()
    finally:
        session.close()
