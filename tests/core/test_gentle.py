"""The gentle-phrasing helper speaks to the writer's own phrasing, in all its word forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import paths
from coach.flows.catalog import GentlePhrase, load_gentle_phrases
from coach.flows.gentle import phrase_pattern, quoted_spans, spot, word_forms
from tests.hostile import HOSTILE_TEXTS, words

PHRASES_FILE = paths.bundled_scripts_dir() / paths.GENTLE_PHRASES_FILE


def bundled_phrases() -> tuple[GentlePhrase, ...]:
    loaded = load_gentle_phrases(PHRASES_FILE)
    assert loaded.ok, loaded.diagnostics
    return loaded.value


PHRASES = bundled_phrases()


def found(text: str, phrases: tuple[GentlePhrase, ...] = PHRASES) -> list[tuple[str, str]]:
    """(phrase as shown, the words matched) for every spot in ``text``."""
    return [(s.phrase.match, text[s.start : s.end]) for s in spot(text, phrases)]


def one(match: str) -> tuple[GentlePhrase, ...]:
    return (GentlePhrase(match, "instead"),)


# -- the writer's own words are pointed out ---------------------------------------------

FLAGGED = [
    ("You always say I never listen.", "you always"),  # the accusation comes first
    ("You never ask how my day was.", "you never"),
    ("YOU NEVER LISTEN", "you never"),
    ("you\n  always", "you always"),
    ("You're too sensitive about this.", "too sensitive"),
    ("Honestly, it's not a big deal.", "not a big deal"),
    ("You're overreacting again.", "overreact"),
    ("You overreacted at dinner.", "overreact"),
    ("I think you're overreacting.", "overreact"),
    ("Calm down, please.", "calm down"),
    ("Can you just calm down?", "calm down"),
    ("What's wrong with you?", "what's wrong with you"),
    ("What’s wrong with you", "what's wrong with you"),
    ("Whatever.", "whatever"),
    ("We're fine, whatever you think.", "whatever"),
    ("You made me late again.", "you made me"),
    ("I felt ignored all evening.", "ignore"),
    ("You keep ignoring my messages.", "ignore"),
    ("You ignore me when your phone buzzes.", "ignore"),
    ("I was ignored at the party.", "ignore"),  # "be" + not -ing: not owning
    ("I'm ignored when your friends are here.", "ignore"),
    ("Just get over it.", "get over it"),
    ("You're being dramatic.", "dramatic"),
    ("Spare me the dramatics.", "dramatic"),
    ("It was just a joke, relax.", "just a joke"),
    ("It's your fault we were late.", "your fault"),
    ("Why did you say that?", "why did you"),
    ("You said sorry, but you always do this.", "you always"),  # "but" ends the report
    ("You said you'd call and you never did.", "you never"),  # a new clause with "you"
    ("You told me about your day. You never asked about mine.", "you never"),
    ("You said you were fine… you always say that.", "you always"),
    ("You were like whatever. Then you ignored me.", "ignore"),
    ("My sister said you always do this.", "you always"),  # unquoted: the writer's words
    ('He said "hi" and you ignored him.', "ignore"),  # the quote closed before
    ("Don't 'cause a scene, just calm down.", "calm down"),  # an apostrophe, not a quote
    ("I don't think it's that dramatic.", "dramatic"),
    ("Whatever I do you always find something.", "you always"),
    ("Oh, grow up and calm down.", "calm down"),
    ("When you said that, I felt ignored.", "ignore"),  # the report ends where "I" begins
    ("You said no and I felt ignored.", "ignore"),
    ("You said 'whatever' and I felt ignored.", "ignore"),
]


@pytest.mark.parametrize(("text", "phrase"), FLAGGED)
def test_the_writers_own_phrasing_is_pointed_out(text: str, phrase: str) -> None:
    assert phrase in [match for match, _ in found(text)], found(text)


def test_an_accusation_before_a_report_is_still_pointed_out() -> None:
    text = "You always tell me I'm too sensitive"
    assert found(text) == [("you always", "You always")]  # "too sensitive" is reported


# -- quoting, reporting and owning are left alone ---------------------------------------

LEFT_ALONE = [
    # reported: "you" said it, the writer is telling what was said to them
    "you said I was too sensitive",
    "when you told me I'm overreacting",
    "you called me dramatic",
    "You told me to calm down.",
    "You keep saying it's not a big deal.",
    "you said you always hated mornings",
    "You kept telling me I was overreacting.",
    "You've told me I'm too sensitive before.",
    "You'd said it was not a big deal.",
    "You asked what's wrong with you, and I froze.",
    "you were like, whatever",
    "you're always like, calm down",
    "When you texted me whatever, I felt small.",
    "I heard you say I was being dramatic.",
    "Did you mean I'm overreacting?",
    "you thought I was too sensitive",
    "when you called it not a big deal",
    # quoted
    'he said "you always"',
    "Last night you went 'whatever' and left.",
    "“You never listen” is what I heard.",
    "«you always» hurt",
    "»you always« hurt",
    "'you always' isn't fair",
    "‘you never’ stung",
    'He told me "it was just a joke".',
    'You said: "calm down".',
    "I'm sorry I said “whatever”.",
    'and then "you never',  # still typing the quote
    "„Du bist“ … „you never“",
    "「you always」",
    # owned: the writer's own part
    "I'm sorry I ignored your text.",
    "I overreacted last night, I'm sorry.",
    "We both overreacted.",
    "Let's calm down and talk later.",
    "I was ignoring you and I'm sorry.",
    "I've been ignoring the dishes.",
    "Am I overreacting?",
    "I tried to get over it",
    "I didn't ignore you, I promise.",
    "I wasn't ignoring you.",
    "Let's not overreact.",
    "you said I was too sensitive, and I was hurt",
    # no match at all: other words, other forms of exact phrases, parts of words
    "After a walk, things calmed down.",
    "I got over it quickly.",
    "The calm-down corner helped.",
    "It got dramatically better.",
    "Unignorable, that smile.",
    "you-always-know-best",
    "",
]


@pytest.mark.parametrize("text", LEFT_ALONE)
def test_quotes_reports_and_owned_words_are_left_alone(text: str) -> None:
    assert found(text) == []


def test_there_are_plenty_of_examples_each_way() -> None:
    assert len(FLAGGED) >= 25 and len(LEFT_ALONE) >= 25


def test_a_report_ends_at_its_clause() -> None:
    text = "You said I'm too sensitive; too sensitive is not how I'd put it."
    assert [(s.start, s.end) for s in spot(text, PHRASES)] == [(28, 41)]


# -- word forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("ignore", {"ignore", "ignores", "ignored", "ignoring"}),
        ("overreact", {"overreact", "overreacts", "overreacted", "overreacting"}),
        ("brush", {"brushes", "brushed", "brushing"}),
        ("stop", {"stops", "stopped", "stopping"}),
        ("cry", {"cry", "cries", "cried"}),
        ("joke", {"jokes", "joked", "joking"}),
        ("dramatic", {"dramatic", "dramatics"}),
    ],
)
def test_word_forms(word: str, forms: set[str]) -> None:
    assert forms <= set(word_forms(word))


def test_small_and_odd_words_keep_their_form() -> None:
    for word in ("you", "me", "it", "a", "not", "too", "what's", "whatever", "über", "x1"):
        assert word_forms(word) == [word]


@pytest.mark.parametrize(
    ("match", "text", "hits"),
    [
        ("ignore", "ignored, ignores, ignoring, IGNORE", 4),
        ("overreact", "overreacting and overreacted", 2),
        ("brush off", "you brushed off", 1),
        ("brush off", "brushing it off", 1),
        ("brush off", "she brushes me off", 1),
        ("wave away", "you waved it away", 1),
        ("brush off", "brush the whole thing off", 0),  # only one short object fits
        ("ignore", "signore reignored ignorance", 0),  # whole words only
        ("you always", "yous always", 0),  # small words never bend
        ("what's wrong", "what’s wrong", 1),  # either apostrophe
    ],
)
def test_phrases_match_their_forms(match: str, text: str, hits: int) -> None:
    assert len(spot(text, one(match))) == hits


def test_a_quoted_phrase_matches_exactly_and_is_shown_without_the_marks() -> None:
    exact = one('"calm down"')
    assert [s.phrase.match for s in spot("please calm down", exact)] == ["calm down"]
    assert spot("we calmed down", exact) == [] and spot("calming down", exact) == []
    assert spot("Calm   Down", one("“calm down”"))  # curly marks, spacing and case
    loose = one("calm down")
    assert len(spot("once things calmed down", loose)) == 1
    assert spot("please calm down", loose)[0].phrase is loose[0]


@pytest.mark.parametrize("match", ["", "   ", '""', '" "', "“”"])
def test_a_phrase_without_words_matches_nothing(match: str) -> None:
    assert phrase_pattern(match) is None
    assert spot("you always, whatever", one(match)) == []


def test_spots_come_in_order_of_appearance() -> None:
    text = "Whatever. You never listen and it's not a big deal to you. Calm down."
    assert [m for m, _ in found(text)] == ["whatever", "you never", "not a big deal", "calm down"]


# -- quotes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ('a "b" c', [(2, 5)]),
        ("a “b” c «d»", [(2, 5), (8, 11)]),
        ("don't 'b' c", [(6, 9)]),
        ("'cause it's fine", []),
        ("kids' toys", []),
        ('a "b\nc"', [(2, 4), (6, 7)]),  # a quote stays on its line; an open one runs to its end
        ("don’t ‘b’ c", [(6, 9)]),
    ],
)
def test_quoted_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert quoted_spans(text) == spans


# -- never raises, stays fast -----------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_text_never_raises(text: str) -> None:
    for s in spot(text + " you always " + text, PHRASES):
        assert 0 <= s.start < s.end <= len(text) * 2 + 12


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(), words(30)), extra=st.sampled_from(["", " you always", "'\""]))
def test_any_text_never_raises(text: str, extra: str) -> None:
    whole = text + extra
    spots = spot(whole, PHRASES)
    assert all(0 <= s.start < s.end <= len(whole) for s in spots)
    assert [s.start for s in spots] == sorted(s.start for s in spots)


@settings(max_examples=150, deadline=None)
@given(match=st.one_of(st.text(max_size=30), words(4)), text=words(20))
def test_any_phrase_never_raises(match: str, text: str) -> None:
    spot(text, one(match))


def test_long_awkward_text_is_handled() -> None:
    nasty = ["'a " * 20_000, '"\n' * 20_000, "you said " * 10_000 + "calm down", "I " * 30_000]
    for text in nasty:
        spot(text, PHRASES)
    assert spot("you always " * 5_000, PHRASES)[-1].start == 11 * 4_999


# -- the bundled list -------------------------------------------------------------------


def test_every_bundled_phrase_finds_itself() -> None:
    for phrase in PHRASES:
        shown = phrase.match.strip('"“”')
        assert phrase_pattern(phrase.match) is not None
        assert [s.phrase.match for s in spot(shown, (phrase,))] == [shown], phrase
        assert phrase.instead and phrase.why, phrase


def test_the_suggested_words_are_gentle_themselves() -> None:
    for phrase in PHRASES:
        unquoted = phrase.instead.translate(str.maketrans("", "", "\"“”'"))
        assert spot(unquoted, PHRASES) == [], phrase.instead


def test_the_list_has_the_common_harsh_phrases() -> None:
    matches = {p.match.strip('"') for p in PHRASES}
    expected = {"calm down", "whatever", "get over it", "dramatic", "just a joke"}
    assert expected <= matches
