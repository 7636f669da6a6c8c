"""The runner: a pure state machine from state + event to the next state."""

from __future__ import annotations

import json

import pytest

from coach.flows import runner
from coach.flows.load import load_flow_text
from coach.flows.model import Flow
from coach.flows.runner import Answer, Back, Event, Next, Recorded, RunError, RunState
from tests.conftest import BUNDLED_FLOWS

NAMES = {"a": "Sam", "b": "Alex"}


def answer_for(flow: Flow, state: RunState, pick: int = 0) -> object:
    step = flow.step(state.step)
    if state.visits[step.id] > 1:
        pick = 0  # a choice that loops back is taken once, then the walk moves on
    if step.choices:
        return step.choices[pick % len(step.choices)].value
    if step.answer == "scale":
        return 3
    return "words from " + str(runner.awaiting(flow, state))


def walk(flow: Flow, pick: int = 0, limit: int = 200) -> RunState:
    """Play a flow to its end, answering every question the same simple way."""
    return walk_events(flow, pick, limit)[0]


def walk_events(flow: Flow, pick: int = 0, limit: int = 200) -> tuple[RunState, list[Event]]:
    """Play a flow to its end; the final state and every event given on the way."""
    state = runner.start(flow)
    events: list[Event] = []
    for _ in range(limit):
        if state.finished:
            return state, events
        who = runner.awaiting(flow, state)
        event: Event = Next() if who is None else Answer(who, answer_for(flow, state, pick))
        events.append(event)
        state = runner.apply(flow, state, event)
    raise AssertionError(f"{flow.id} did not finish: stuck at {state.step}")


@pytest.mark.parametrize("flow_id", BUNDLED_FLOWS)
@pytest.mark.parametrize("pick", [0, 1, 2])
def test_every_bundled_flow_reaches_an_end(bundled: dict[str, Flow], flow_id: str, pick: int):
    flow = bundled[flow_id]
    state, events = walk_events(flow, pick)
    assert state.finished
    assert flow.step(state.trail[-1].step).kind == "end"
    # A finished run replays to the same place from its events alone.
    assert runner.replay(flow, events) == state


def test_check_in_gives_each_partner_the_floor(bundled: dict[str, Flow]) -> None:
    flow = bundled["check-in"]
    state, events = walk_events(flow)
    askers = [e.who for e in events if isinstance(e, Answer)]
    # temperature (a, b), question by a, reply by b, reflect by b; then swapped.
    assert askers == ["a", "b", "a", "b", "b", "b", "a", "a"]
    assert state.answers["question"] == {"a": "words from a", "b": "words from b"}
    assert state.speaker == "a"  # roles come back after both turns


def test_private_answers_are_revealed_only_when_both_are_in(bundled: dict[str, Flow]) -> None:
    flow = bundled["temperature"]
    state = runner.start(flow)
    view = runner.prompt(flow, state, NAMES)
    assert view.phase == "answer" and view.awaiting == "a" and view.revealed == {}
    state = runner.apply(flow, state, Answer("a", 9))
    view = runner.prompt(flow, state, NAMES)
    assert view.awaiting == "b" and view.revealed == {}
    state = runner.apply(flow, state, Answer("b", 2))
    view = runner.prompt(flow, state, NAMES)
    assert view.phase == "reveal" and view.revealed == {"a": 9, "b": 2}
    state = runner.apply(flow, state, Next())
    assert state.step == "hot"  # temp.max >= 8
    assert state.recorded == [
        Recorded("rate", "temperature", "a", 9),
        Recorded("rate", "temperature", "b", 2),
    ]


def test_back_undoes_a_step_and_its_answers(bundled: dict[str, Flow]) -> None:
    flow = bundled["acknowledge"]
    state = runner.apply(flow, runner.start(flow), Next())
    state = runner.apply(flow, state, Answer("a", "b"))
    assert state.step == "kind" and state.speaker == "b"  # Alex felt hurt: the floor is theirs
    state = runner.apply(flow, state, Answer("b", "phone"))
    assert state.step == "moment" and state.recorded[0].value == "phone"
    assert runner.can_go_back(flow, state)
    state = runner.apply(flow, state, Back())
    assert state.step == "kind" and state.recorded == [] and "hurt" not in state.answers
    state = runner.apply(flow, state, Back())
    assert state.step == "who" and state.speaker == "a"
    state = runner.apply(flow, state, Back())
    assert state.step == "welcome" and not runner.can_go_back(flow, state)
    with pytest.raises(RunError):
        runner.apply(flow, state, Back())


def test_back_during_a_shared_question_clears_the_first_answer(bundled: dict[str, Flow]):
    flow = bundled["temperature"]
    state = runner.apply(flow, runner.start(flow), Answer("a", 4))
    state = runner.apply(flow, state, Back())
    assert state.step == "rate" and state.pending == {} and runner.awaiting(flow, state) == "a"


def test_events_survive_json_and_replay_to_the_same_state(bundled: dict[str, Flow]) -> None:
    flow = bundled["check-in"]
    events: list[Event] = [Next(), Answer("a", 2), Answer("b", 3), Next()]
    state = runner.replay(flow, events)
    saved = json.loads(json.dumps([runner.event_to_dict(e) for e in events]))
    resumed = runner.replay(flow, [runner.event_from_dict(e) for e in saved])
    assert resumed == state
    resumed = runner.apply(flow, resumed, Answer("a", "How are we?"))
    assert resumed.step == "answer"
    text = runner.prompt(flow, resumed, NAMES).text
    assert 'Alex, Sam asked: "How are we?"' in text


@pytest.mark.parametrize(
    "data",
    [None, [], {"type": "jump"}, {"type": "answer", "who": "z", "value": 1},
     {"type": "answer", "who": "a", "value": True}, {"type": "answer", "who": "a"},
     {"type": "answer", "who": "a", "value": [1]}, {"type": "answer", "who": "a", "value": None}],
)  # fmt: skip
def test_saved_events_that_cannot_be_read_are_refused(data: object) -> None:
    with pytest.raises(RunError):
        runner.event_from_dict(data)


@pytest.mark.parametrize(
    ("event", "message"),
    [
        (Answer("b", 3), "not waiting"),
        (Answer("a", 11), "1 to 10"),
        (Answer("a", True), "1 to 10"),
        (Next(), "waiting for an answer"),
    ],
)
def test_events_that_do_not_fit_are_refused(bundled, event, message) -> None:
    flow = bundled["temperature"]
    with pytest.raises(RunError, match=message):
        runner.apply(flow, runner.start(flow), event)


def test_choices_and_text_answers_are_checked(bundled: dict[str, Flow]) -> None:
    flow = bundled["check-in"]
    step = flow.step("ask")
    with pytest.raises(RunError, match="needs an answer"):
        runner.check_answer(step, "   ")
    assert runner.check_answer(step, "  hi ") == "hi"
    with pytest.raises(RunError, match="not one of"):
        runner.check_answer(flow.step("reflect"), "maybe")


def test_finished_run_takes_no_more_events(bundled: dict[str, Flow]) -> None:
    flow = bundled["temperature"]
    state = walk(flow)
    with pytest.raises(RunError, match="ended"):
        runner.apply(flow, state, Next())
    assert runner.phase(flow, state) == "finished" and not runner.can_go_back(flow, state)


def test_placeholders_fill_names_roles_answers_and_braces() -> None:
    src = """
format = 1
id = "fill"
title = "Fill"
summary = "s"
minutes = 1

[[step]]
id = "pick"
kind = "ask"
to = "b"
answer = "choice"
save = "mood"
text = "{{literal}} {b}?"
  [[step.choice]]
  label = "Fine, {speaker}"
  value = "fine"

[[step]]
id = "done"
kind = "end"
text = "{speaker} to {listener}: {mood} / {mood.b} / {mood.a} / {{x}}"
"""
    file = load_flow_text(src)
    assert file.ok, file.diagnostics
    flow = file.flow
    state = runner.start(flow)
    view = runner.prompt(flow, state, NAMES)
    assert view.text == "{literal} Alex?"
    assert view.choices[0].label == "Fine, Sam"
    state = runner.apply(flow, state, Answer("b", "fine"))
    view = runner.prompt(flow, state, NAMES)
    assert view.text == "Sam to Alex: Fine, Sam / Fine, Sam / … / {x}"
    assert runner.prompt(flow, state, {}).text.startswith("A to B")


def test_progress_counts_down_along_the_usual_path(bundled: dict[str, Flow]) -> None:
    flow = bundled["check-in"]
    state = runner.start(flow)
    seen = []
    while not state.finished:
        view = runner.prompt(flow, state, NAMES)
        seen.append((view.done, view.remaining))
        who = runner.awaiting(flow, state)
        event: Event = Next() if who is None else Answer(who, answer_for(flow, state))
        state = runner.apply(flow, state, event)
    # welcome, temperature (2 answers, then the reveal), then each partner's turn, then end.
    totals = {done + remaining for done, remaining in seen}
    assert totals == {len({d for d, _ in seen}) - 1}, seen
    assert seen[-1][1] == 0


def test_words_typed_are_shown_as_typed_and_labels_are_filled() -> None:
    src = """
format = 1
id = "words"
title = "Words"
summary = "s"
minutes = 1

[[step]]
id = "say"
kind = "ask"
to = "a"
answer = "text"
save = "said"
text = "Say it."

[[step]]
id = "pick"
kind = "ask"
to = "both"
private = true
answer = "choice"
save = "who"
text = "Who goes first?"
  [[step.choice]]
  label = "{b} first"
  value = "b"
  [[step.choice]]
  label = "{a} first"
  value = "a"

[[step]]
id = "done"
kind = "end"
text = "{said} / {who.a} / {who.b}"
"""
    file = load_flow_text(src)
    assert file.ok, file.diagnostics
    flow = file.flow
    typed = "I said {a} and {card} and {said} {{x}}"
    state = runner.apply(flow, runner.start(flow), Answer("a", typed))
    state = runner.apply(flow, state, Answer("a", "b"))
    state = runner.apply(flow, state, Answer("b", "a"))
    view = runner.prompt(flow, state, NAMES)
    assert view.phase == "reveal"
    shown = {w: runner.answer_shown(flow, state, "who", v, NAMES) for w, v in view.revealed.items()}
    assert shown == {"a": "Alex first", "b": "Sam first"}
    state = runner.apply(flow, state, Next())
    assert runner.prompt(flow, state, NAMES).text == f"{typed} / Alex first / Sam first"
