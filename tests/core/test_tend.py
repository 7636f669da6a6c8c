"""What coach keeps in view: question cards drawn by flows, notes to mend (and mended from
where they are), promises kept until done, and a word about support when patterns persist."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from coach.cards import CardDrawer
from coach.conversation import Conversation, Wording
from coach.flows import runner
from coach.flows.library import decks_in_use, default_catalog, discover_decks, find
from coach.flows.load import load_flow_text
from coach.flows.runner import Answer, Next
from coach.history import HistoryStore, care
from coach.runlog import find_saved
from coach.session import Session
from coach.tend import gather, prefill, set_help_aside
from tests.pilot import couple

NAMES = {"a": "Sam", "b": "Alex"}


def wording(store: HistoryStore | None = None, seed: int = 1) -> Wording:
    decks = decks_in_use(discover_decks())
    cards = CardDrawer(decks, (lambda: store) if store else (lambda: None), random.Random(seed))
    return Wording(NAMES, default_catalog(), cards)


def test_a_check_in_draws_a_card_shows_it_and_keeps_it_on_resume() -> None:
    flow = find("check-in").flow  # type: ignore[union-attr]
    assert flow is not None
    with HistoryStore() as store:
        talk = Conversation.begin(flow, wording(store))
        talk.send(Next())
        talk.send(Answer("a", 3))
        talk.send(Answer("b", 2))
        talk.send(Next())  # after the reveal: the asking step, which draws a card
        card = talk.state.cards["ask"]
        assert card and f'"{card}"' in runner.prompt(flow, talk.state, NAMES).text
        assert talk.another_card() and talk.state.cards["ask"] != card
        second = talk.state.cards["ask"]
        assert talk.keep_card() and not talk.keep_card()
        assert store.count("card_draws") == 2 and store.count("card_favourites") == 1
        talk.close()
        (saved,), _ = find_saved()
        again = Conversation.resume(saved, flow, wording(store, seed=99))
        assert again.state.cards["ask"] == second  # the same question, not a new draw
        assert store.count("card_draws") == 2


def test_card_placeholders_and_choice_parts_are_checked() -> None:
    head = 'format = 1\nid = "x"\ntitle = "X"\nsummary = "S"\nminutes = 1\n'
    no_draw = head + (
        '[[step]]\nid = "a"\nkind = "say"\ntext = "{card}"\n[[step]]\nid = "b"\nkind = "end"\n'
    )
    file = load_flow_text(no_draw, "x.toml", default_catalog())
    assert [d.code for d in file.diagnostics] == ["E040"]
    parts = head + (
        '[[step]]\nid = "k"\nkind = "ask"\nanswer = "choice"\nchoices_from = "micro-hurts"\n'
        'save = "hurt"\ntext = "?"\n[[step]]\nid = "e"\nkind = "end"\n'
        'text = "{hurt.example} / {hurt.about}"\n'
    )
    file = load_flow_text(parts, "x.toml", default_catalog())
    assert file.ok, file.diagnostics
    bad = parts.replace("{hurt.example}", "{hurt.nonsense}")
    assert [d.code for d in load_flow_text(bad, "x.toml", default_catalog()).diagnostics] == [
        "E040"
    ]


def finish(session: Session, talk: Conversation, picks: dict[str, object]) -> None:
    """Answer the mend flow's steps from ``picks`` (by step id) until it ends."""
    for _ in range(40):
        if talk.state.finished:
            break
        who = runner.awaiting(talk.flow, talk.state)
        step = talk.state.step or ""
        value = picks.get(step, "words")
        assert talk.send(Next() if who is None else Answer(who, value)) is None, step  # type: ignore[arg-type]
    assert session.finish(talk).saved


def test_mending_a_note_fills_it_in_links_the_repair_and_keeps_a_promise() -> None:
    session = Session(couple())
    assert session.add_note("b", "phone", "at dinner") == ""
    store = session.store()
    assert store is not None
    (note,) = care.unmended_notes(store)
    talk = session.mend(note)
    assert talk.state.step == "hear" and talk.state.speaker == "b"  # who, kind, words are in
    assert talk.state.answers["moment"] == {"b": "at dinner"}
    picks = {"hear": "landed", "wish": "act", "repair": "act", "promise": "dishes tonight"}
    finish(session, talk, picks)
    assert care.unmended_notes(store) == []  # mended where it was noted
    assert store.count("notes") == 1 and store.count("repairs") == 1
    (promise,) = care.open_promises(store)
    assert (promise.who, promise.words) == ("a", "dishes tonight")
    session.tend_later(promise)
    assert care.open_promises(store) == []


def test_a_flow_about_one_hurt_notes_it_when_a_repair_was_chosen() -> None:
    session = Session(couple())
    talk = session.start("circle-back")
    finish(session, talk, {"who": "a", "invite": "yes", "heard": "heard", "repair": "sorry"})
    store = session.store()
    assert store is not None
    row = store.db.execute("SELECT felt_by, kind FROM notes").fetchone()
    assert tuple(row) == ("b", "dismissing")  # Sam offered the repair: Alex felt it


def test_not_ready_yet_brings_a_note_back_the_next_day() -> None:
    with HistoryStore() as store:
        note_id = store.add_note("a", "phone")
        care.not_ready_yet(store, note_id)
        assert care.unmended_notes(store) == []
        tomorrow = datetime.now().astimezone() + timedelta(days=1, minutes=1)
        assert [n.id for n in care.unmended_notes(store, now=tomorrow)] == [note_id]


def test_the_word_about_support_comes_when_patterns_persist_and_can_rest() -> None:
    settings = couple(help_min_notes=3, help_repair_rate=0.5)
    with HistoryStore() as store:
        assert gather(store, settings).help is None
        for _ in range(3):
            store.add_note("a", "phone")
        assert "therapist" in (gather(store, settings).help or "")
        set_help_aside(store)
        assert gather(store, settings).help is None
        later = datetime.now().astimezone() + timedelta(days=31)
        for _ in range(3):  # a month on, and still so: the word comes back
            store.add_note("b", "boundary", at=(later - timedelta(days=2)).isoformat())
        assert gather(store, settings, later).help is not None


def test_a_summary_to_bring_is_written_privately() -> None:
    session = Session(couple())
    session.add_note("a", "phone", "at dinner")
    path = session.summary_for_therapist()
    assert path is not None and "at dinner" in path.read_text()
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("words", ["", "it stung"])
def test_prefill_stops_at_the_first_step_it_cannot_answer(words: str) -> None:
    session = Session(couple())
    session.add_note("a", "minimizing", words)
    store = session.store()
    assert store is not None
    (note,) = care.unmended_notes(store)
    talk = session.start("acknowledge")
    prefill(talk, note)
    assert talk.state.step == ("hear" if words else "moment")
    talk.discard()
