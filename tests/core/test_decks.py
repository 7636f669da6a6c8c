"""Question decks: the bundled ones are clean and varied; bad decks are reported with a
code and a line; user decks replace bundled ones by id; `flows validate` checks decks."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from coach import paths
from coach.cli import main
from coach.flows.catalog import Catalog
from coach.flows.deck import DEPTHS, MAX_CARD_TEXT, Deck, card_id, load_deck, load_deck_text
from coach.flows.library import decks_in_use, discover_decks
from tests.conftest import REPO

SCRIPTS = REPO / "scripts"
BUNDLED = sorted(SCRIPTS.glob("*.deck.toml"))
CORPUS = sorted((REPO / "tests" / "corpus" / "decks").glob("*.deck.toml"))
EXPECT = re.compile(r"# expect: (?P<code>[EW]\d{3}) line (?P<line>\d+)")
THEMES = {"noticed", "inner-world", "appreciation", "stress-support", "hopes-plans", "week",
          "after-repair"}  # fmt: skip
#: Near-copies: two cards this alike would feel like the same question twice.
MAX_RATIO = 0.75
MAX_JACCARD = 0.6

MINI = """\
format = 1
id = "mini"
title = "Mini"
theme = "week"

[[card]]
text = "What was the best part of your week?"

[[card]]
id = "ahead"
depth = "deeper"
theme = "hopes-plans"
hurt = "phone"
text = "What are you  looking forward to?"
"""


@pytest.fixture(scope="module")
def bundled_decks(catalog: Catalog) -> list[Deck]:
    decks = []
    for path in BUNDLED:
        file = load_deck(path, catalog)
        assert file.ok and file.diagnostics == [], [d.format(path.name) for d in file.diagnostics]
        assert file.deck is not None
        decks.append(file.deck)
    return decks


# -- the bundled decks ------------------------------------------------------------------------


def test_bundled_decks_are_clean_and_big_enough(bundled_decks: list[Deck]) -> None:
    cards = [c for d in bundled_decks for c in d.cards]
    assert len(bundled_decks) == 7 and len(cards) >= 300
    assert {c.theme for c in cards} == THEMES
    for card in cards:
        assert card.theme and card.depth in DEPTHS
        assert 0 < len(card.text) <= MAX_CARD_TEXT
    assert {c.depth for c in cards} == set(DEPTHS)
    assert len({c.key for c in cards}) == len(cards)  # every card can be remembered apart


def words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z']+", text.lower()))


def test_no_two_bundled_cards_are_near_copies(bundled_decks: list[Deck]) -> None:
    texts = [c.text.lower() for d in bundled_decks for c in d.cards]
    sets = [words(t) for t in texts]
    worst_ratio = worst_jaccard = 0.0
    close: list[tuple[float, str, str]] = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for j, b in enumerate(texts):
        matcher.set_seq2(b)  # b's index is built once for every a
        for i in range(j):
            a = texts[i]
            jaccard = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            worst_jaccard = max(worst_jaccard, jaccard)
            if jaccard >= MAX_JACCARD:
                close.append((jaccard, a, b))
            matcher.set_seq1(a)
            # Both quick ratios are upper bounds of ratio(): most pairs stop here.
            if matcher.real_quick_ratio() < MAX_RATIO or matcher.quick_ratio() < MAX_RATIO:
                continue
            ratio = matcher.ratio()
            worst_ratio = max(worst_ratio, ratio)
            if ratio >= MAX_RATIO:
                close.append((ratio, a, b))
    assert not close, close[:5]
    assert worst_ratio < MAX_RATIO and worst_jaccard < MAX_JACCARD


def test_cli_validates_every_bundled_deck(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "validate", *map(str, BUNDLED)]) == 0
    assert f"All {len(BUNDLED)} files valid." in capsys.readouterr().out


# -- the format ---------------------------------------------------------------------------------


def test_defaults_overrides_and_ids(catalog: Catalog) -> None:
    file = load_deck_text(MINI, "mini.deck.toml", catalog)
    assert file.ok and file.deck is not None
    first, second = file.deck.cards
    assert (first.theme, first.depth, first.hurt, first.deck) == ("week", "light", None, "mini")
    assert (second.id, second.theme, second.depth, second.hurt) == (
        "ahead", "hopes-plans", "deeper", "phone"
    )  # fmt: skip
    assert second.text == "What are you looking forward to?"  # spaces made single
    assert re.fullmatch(r"mini-[0-9a-f]{8}", first.id)
    assert first.key == f"mini/{first.id}"


def test_a_derived_id_follows_the_words_not_their_case_or_spacing() -> None:
    assert card_id("week", "What was best?") == card_id("week", "  what WAS   best? ")
    assert card_id("week", "What was best?") != card_id("week", "What was worst?")
    assert card_id("week", "What was best?") != card_id("month", "What was best?")
    again = load_deck_text(MINI.replace('title = "Mini"', 'title = "Renamed"'))
    assert again.deck is not None and load_deck_text(MINI).deck is not None
    assert again.deck.cards == load_deck_text(MINI).deck.cards  # stable across edits


def test_hurts_are_checked_only_with_a_catalog() -> None:
    text = MINI.replace('hurt = "phone"', 'hurt = "phones"')
    assert load_deck_text(text).ok
    assert load_deck_text(text, catalog=Catalog()).first_error is not None


def test_text_from_a_deck_is_data() -> None:
    file = load_deck_text(MINI.replace("best part", "best \\u001b[31mpart"))
    assert file.deck is not None
    assert "\x1b" not in file.deck.cards[0].text


def test_the_example_in_the_docs_is_a_clean_deck(catalog: Catalog) -> None:
    doc = (REPO / "docs" / "flow-format.md").read_text(encoding="utf-8")
    example = re.findall(r"```toml\n(.*?)```", doc[doc.index("## Question decks") :], re.S)[0]
    file = load_deck_text(example, "evenings.deck.toml", catalog)
    assert file.ok and file.diagnostics == [] and file.deck is not None
    cards = file.deck.cards
    assert [(c.theme, c.depth, c.hurt) for c in cards] == [
        ("evenings", "light", None), ("hopes-plans", "deeper", None), ("evenings", "light", "phone")
    ]  # fmt: skip
    assert cards[2].id == "phone-dinner" and cards[0].id.startswith("evenings-")


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 20
    codes = {EXPECT.match(p.read_text(encoding="utf-8")).group("code") for p in CORPUS}
    assert codes >= {"E003", "E005", "E006", "E010", "E011", "E012", "E014", "E023", "E041"}


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name.removesuffix(".deck.toml"))
def test_malformed_deck_reports_code_and_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = EXPECT.match(path.read_text(encoding="utf-8"))
    assert expect, f"{path.name} lacks an '# expect:' header"
    status = main(["flows", "validate", "--quiet", str(path)])
    out = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out.out + out.err
    wanted = rf"^{re.escape(str(path))}:{expect['line']}:\d+: error\[{expect['code']}\]: \S"
    assert re.search(wanted, out.out, re.M), out.out
    assert "\n  hint: " in out.out or expect["code"] in ("E011",)  # a hint says what to do


# -- bundled and user decks -----------------------------------------------------------------


def user_deck(name: str, text: str) -> Path:
    folder = paths.user_flows_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.deck.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_deck_replaces_the_bundled_one_with_its_id() -> None:
    user_deck("our-week", MINI.replace('id = "mini"', 'id = "week"'))
    entries = discover_decks()
    mine = next(e for e in entries if e.origin == "user")
    assert mine.id == "week" and mine.ok and mine.overrides
    week = next(d for d in decks_in_use(entries) if d.id == "week")
    assert week.cards[0].text == "What was the best part of your week?"
    assert len(week.cards) == 2 and len(decks_in_use(entries)) == 7


def test_a_new_user_deck_adds_its_cards() -> None:
    user_deck("mini", MINI)
    decks = decks_in_use(discover_decks())
    assert len(decks) == 8 and any(d.id == "mini" for d in decks)


def test_a_broken_user_deck_is_reported_and_the_bundled_one_kept(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(SCRIPTS / "week.deck.toml", user_deck("week", ""))
    path = paths.user_flows_dir() / "week.deck.toml"
    path.write_text(path.read_text().replace('depth = "deeper"', 'depth = "deep"', 1))
    entries = discover_decks()
    broken = next(e for e in entries if e.origin == "user")
    assert broken.id == "week" and not broken.ok and broken.deck is None
    assert broken.file.first_error is not None and broken.file.first_error.code == "E014"
    week = next(d for d in decks_in_use(entries) if d.id == "week")
    assert week == load_deck(SCRIPTS / "week.deck.toml").deck
    assert main(["flows", "list"]) == 0
    out = capsys.readouterr().out
    assert "7 question decks, 353 cards." in out
    assert "The deck week.deck.toml is invalid (the bundled one is used)" in out
    assert main(["flows", "validate"]) == 1
    assert f"{path}:" in capsys.readouterr().out


def test_validate_exit_codes_for_decks(capsys: pytest.CaptureFixture[str]) -> None:
    good = user_deck("mini", MINI)
    bad = user_deck("bad", MINI.replace('theme = "week"', ""))
    assert main(["flows", "validate", str(good)]) == 0
    assert main(["flows", "validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:1:1: error[E012]: the deck header is missing `theme`" in out
    with pytest.raises(SystemExit) as usage:
        main(["flows", "validate", "--no-such-option", str(good)])
    assert usage.value.code == 2
