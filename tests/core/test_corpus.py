"""Every malformed flow in tests/corpus gives its expected code at the expected line."""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from coach import paths
from coach.cards import CardDrawer
from coach.cli import main
from coach.conversation import Conversation, Wording
from coach.flows import runner
from coach.flows.library import decks_in_use, default_catalog, discover_decks
from coach.flows.load import load_flow
from coach.flows.model import Flow
from coach.flows.runner import Answer, Next
from coach.history import care
from coach.session import Session
from coach.settings import Settings
from tests.conftest import REPO
from tests.core.test_runner import answer_for, walk_events

CORPUS = REPO / "tests" / "corpus"
FILES = sorted(CORPUS.glob("*.toml"))
EXPECT = re.compile(r"# expect: (?P<code>[EW]\d{3}) line (?P<line>\d+)")


def test_corpus_is_big_enough() -> None:
    assert len(FILES) >= 40
    codes = {EXPECT.match(f.read_text(encoding="utf-8")).group("code") for f in FILES}
    # Every error code a flow file can trigger is exercised at least once.
    assert codes >= {
        "E003", "E005", "E006", "E010", "E011", "E012", "E013", "E014", "E020", "E021",
        "E022", "E030", "E031", "E032", "E040", "E041", "E042", "E043", "E044",
    }  # fmt: skip


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_malformed_flow_reports_code_and_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = EXPECT.match(path.read_text(encoding="utf-8"))
    assert expect, f"{path.name} lacks an '# expect:' header"
    code, line = expect["code"], expect["line"]

    status = main(["flows", "validate", "--quiet", str(path)])

    out = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out.out + out.err
    wanted = re.compile(rf"^{re.escape(str(path))}:{line}:\d+: error\[{code}\]: \S", re.M)
    assert wanted.search(out.out), out.out


# -- held out: small flows written from docs/flow-format.md alone, with the newer keys ---

HELD_OUT = sorted((CORPUS / "held-out").glob("*.toml"))
NAMES = {"a": "Sam", "b": "Alex"}


def held_out_flow(path: Path) -> Flow:
    file = load_flow(path, default_catalog())
    assert file.ok and file.diagnostics == [], [d.format(path.name) for d in file.diagnostics]
    assert file.flow is not None
    return file.flow


def test_the_held_out_flows_use_every_newer_key() -> None:
    assert len(HELD_OUT) >= 3
    text = "\n".join(p.read_text(encoding="utf-8") for p in HELD_OUT)
    for key in ("long = true", "draw = ", "{card}", ".about}", ".example}", 'record = "promise"',
                "floor = ", "about = ", "hurt = ", "low = ", "private = true"):  # fmt: skip
        assert key in text, key
    flows = [held_out_flow(p) for p in HELD_OUT]
    pauses = [s for f in flows for s in f.steps if s.kind == "pause"]
    assert any(s.seconds is None for s in pauses) and any(s.breathe for s in pauses)
    swapped = [f for f in flows if any(s.kind == "swap" for s in f.steps)]
    assert any(any(c.floor for s in f.steps for c in s.choices) for f in swapped)


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.stem)
def test_a_held_out_flow_validates(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flows", "validate", str(path)]) == 0
    assert f"{path}: ok" in capsys.readouterr().out
    held_out_flow(path)


@pytest.mark.parametrize("pick", [0, 1, 2])
@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.stem)
def test_a_held_out_flow_plays_to_an_end(path: Path, pick: int) -> None:
    flow = held_out_flow(path)
    state, events = walk_events(flow, pick)
    assert state.finished and flow.step(state.trail[-1].step).kind == "end"
    assert runner.replay(flow, events) == state


@pytest.mark.parametrize(("pick", "number"), [(0, 3), (1, 8)], ids=["calm", "hot"])
@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.stem)
def test_a_held_out_flow_runs_as_a_conversation_with_cards(
    path: Path, pick: int, number: int
) -> None:
    """The core conversation (no screens): cards are drawn where a step asks for one, every
    placeholder is filled, and every kept answer is worded."""
    flow = held_out_flow(path)
    cards = CardDrawer(decks_in_use(discover_decks()), rng=random.Random(7))
    talk = Conversation.begin(flow, Wording(NAMES, default_catalog(), cards), preview=True)
    seen: set[str] = set()
    for _ in range(100):
        if talk.state.finished:
            break
        step = flow.step(talk.state.step or "")
        seen.add(step.kind)
        view = runner.prompt(flow, talk.state, NAMES)
        shown = view.text + " ".join(c.label for c in view.choices)
        assert "{" not in shown and "…" not in shown, shown
        if step.draw is not None:
            card = talk.state.cards[step.id]
            assert card and card in shown
        who = runner.awaiting(flow, talk.state)
        value = number if step.answer == "scale" else answer_for(flow, talk.state, pick)
        assert talk.send(Next() if who is None else Answer(who, value)) is None, step.id
    assert talk.state.finished
    assert all(item.question and item.shown for item in talk.said)
    if path.stem == "cool-down":
        assert ("pause" in seen) == (number >= 7)  # running hot leads to the pauses


def test_a_held_out_flow_about_a_hurt_keeps_the_note_and_the_promise() -> None:
    """Played for real: the repair is filed under a note of the flow's hurt, felt by the
    partner who did not offer it, and the promise waits on home."""
    folder = paths.user_flows_dir()
    folder.mkdir(parents=True)
    shutil.copy(CORPUS / "held-out" / "phone-at-dinner.toml", folder)
    session = Session(Settings(partner_a="Sam", partner_b="Alex", bell=False))
    talk = session.start("phone-at-dinner")
    picks: dict[str, str] = {"hear": "helps", "repair": "act", "promise": "phone away at dinner"}
    for _ in range(20):
        if talk.state.finished:
            break
        who, step = runner.awaiting(talk.flow, talk.state), talk.state.step or ""
        assert talk.send(Next() if who is None else Answer(who, picks.get(step, "words"))) is None
    assert session.finish(talk).saved
    store = session.store()
    assert store is not None
    note = store.db.execute("SELECT felt_by, kind FROM notes").fetchone()
    assert tuple(note) == ("b", "phone")  # B started (first = "b"); A offered the repair
    assert store.count("repairs") == 1
    (promise,) = care.open_promises(store)
    assert (promise.who, promise.words) == ("a", "phone away at dinner")


def test_the_floor_stays_with_the_second_partner_in_a_held_out_flow() -> None:
    flow = held_out_flow(CORPUS / "held-out" / "sunday-walk.toml")
    state = runner.start(flow)
    askers = []
    for _ in range(40):
        if state.finished:
            break
        who = runner.awaiting(flow, state)
        if state.step == "card" and who:
            askers.append(who)
        value = "b" if state.step == "who" else answer_for(flow, state)
        state = runner.apply(flow, state, Next() if who is None else Answer(who, value))
    assert askers == ["b", "a"]  # B picked twice, but the second turn is A's


def test_a_label_with_the_card_shows_the_card_when_the_answer_is_shown_later() -> None:
    flow = held_out_flow(CORPUS / "held-out" / "noticed-it.toml")
    later = flow.step("listen")
    flow = replace(flow, steps=(*flow.steps[:1], replace(later, text="{start}"), flow.steps[2]))
    state = runner.apply(flow, runner.start(flow), runner.Drawn("What was that like?"))
    state = runner.apply(flow, state, Answer(state.speaker, "card"))
    assert runner.prompt(flow, state, NAMES).text == 'Say: "What was that like?"'
