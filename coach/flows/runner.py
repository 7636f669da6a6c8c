"""Run a flow: ``apply(flow, state, event) -> state``. Pure; the state is plain data.

Events are small typed values (``Answer``, ``Next``, ``Back``) that can be written down
one per line, so a run can be saved step by step, resumed after a crash and replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeAlias

from coach.flows.model import PARTNERS, Choice, Flow, RecordKind, Step, Who, other
from coach.flows.text import CARD, CHOICE_PARTS, render
from coach.plain import printable

StepPhase = Literal["answer", "continue", "reveal", "finished"]
Value: TypeAlias = str | int
Names = Mapping[str, str]
MISSING = "…"
MAX_ANSWER = 10_000  # characters: a few sentences, with plenty of room
MAX_CARD = 500


class RunError(ValueError):
    """An event that does not fit the current state."""


class Refusal(RunError):
    """An answer the step cannot take; ``reason`` says which rule it broke."""

    def __init__(self, reason: Literal["choice", "scale", "text", "empty"], message: str) -> None:
        super().__init__(message)
        self.reason = reason


# -- events ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """A partner answers the current step."""

    who: Who
    value: Value


@dataclass(frozen=True)
class Next:
    """Go on from a step that shows something (or from a reveal)."""


@dataclass(frozen=True)
class Back:
    """Undo the last answer, or go back a step."""


@dataclass(frozen=True)
class Drawn:
    """A question card drawn for the current step (kept so a resumed talk shows it again)."""

    text: str
    deck: str = ""
    card: str = ""


Event: TypeAlias = Answer | Next | Back | Drawn


def event_to_dict(event: Event) -> dict[str, Any]:
    """An event as plain JSON-ready data."""
    if isinstance(event, Answer):
        return {"type": "answer", "who": event.who, "value": event.value}
    if isinstance(event, Drawn):
        return {"type": "drawn", "text": event.text, "deck": event.deck, "card": event.card}
    return {"type": "next" if isinstance(event, Next) else "back"}


def event_from_dict(data: object) -> Event:
    """Read an event back (from a saved run, so untrusted). Raises RunError."""
    if not isinstance(data, dict):
        raise RunError("an event is not an object")
    kind = data.get("type")
    if kind == "next":
        return Next()
    if kind == "back":
        return Back()
    if kind == "drawn":
        text, deck, card = data.get("text"), data.get("deck", ""), data.get("card", "")
        if not all(isinstance(x, str) for x in (text, deck, card)):
            raise RunError("a drawn card that is not text")
        return Drawn(printable(str(text))[:MAX_CARD], str(deck)[:64], str(card)[:64])
    if kind == "answer":
        who, value = data.get("who"), data.get("value")
        if who not in PARTNERS:
            raise RunError(f"an answer from {who!r}, who is neither partner")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise RunError("an answer that is neither words nor a number")
        return Answer(who, value)
    raise RunError(f"unknown event {kind!r}")


# -- state -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """One answer the history keeps: which step, as what, whose, and what was said."""

    step: str
    record: RecordKind
    who: Who
    value: Value
    speaker: Who = "a"  # who held the floor then (to word the question as it was asked)
    question: str = ""  # the question in words, filled in when the conversation ends
    shown: str = ""  # the answer as people read it (a choice's label, a kind's name)


@dataclass(frozen=True)
class Mark:
    """Where a run was when it entered a step: what ``Back`` returns to."""

    step: str
    speaker: Who
    answers: dict[str, dict[Who, Value]]
    latest: dict[str, Who]
    visits: dict[str, int]
    hurt: str | None
    recorded: int  # how many answers were recorded by then
    floor_locked: bool = False


@dataclass
class RunState:
    """Everything about a run in progress."""

    flow_id: str
    step: str | None = None
    speaker: Who = "a"
    answers: dict[str, dict[Who, Value]] = field(default_factory=dict)
    latest: dict[str, Who] = field(default_factory=dict)
    pending: dict[Who, Value] = field(default_factory=dict)
    revealing: bool = False
    visits: dict[str, int] = field(default_factory=dict)
    hurt: str | None = None
    recorded: list[Recorded] = field(default_factory=list)
    finished: bool = False
    trail: list[Mark] = field(default_factory=list)
    #: Between a swap's first and second visit the floor is the swap's: a choice that
    #: names who speaks cannot give one partner both turns.
    floor_locked: bool = False
    #: The question card drawn for each step that draws one (the latest, if drawn again).
    cards: dict[str, str] = field(default_factory=dict)


def _copy(state: RunState) -> RunState:
    return replace(
        state,
        answers={k: dict(v) for k, v in state.answers.items()},
        latest=dict(state.latest),
        pending=dict(state.pending),
        visits=dict(state.visits),
        recorded=list(state.recorded),
        trail=list(state.trail),
        cards=dict(state.cards),
    )


def start(flow: Flow, first: Who | None = None) -> RunState:
    """A fresh run at the flow's start step."""
    state = RunState(flow_id=flow.id, speaker=first or flow.first)
    _enter(flow, state, flow.start)
    return state


def addressed(step: Step, speaker: Who) -> tuple[Who, ...]:
    """The partners a step speaks to, speaker first."""
    if step.to == "a" or step.to == "b":
        return (step.to,)
    if step.to == "speaker":
        return (speaker,)
    if step.to == "listener":
        return (other(speaker),)
    return (speaker, other(speaker))


def respondents(step: Step, speaker: Who) -> tuple[Who, ...]:
    """Who answers a step, in order: the addressed partners; for an acknowledgment, the other."""
    people = addressed(step, speaker)
    if step.to == "together":
        return (speaker,)
    if step.kind == "acknowledge" and len(people) == 1:
        return (other(people[0]),)
    return people


def current(flow: Flow, state: RunState) -> Step:
    """The step the run is at. Raises RunError once it has finished."""
    if state.step is None or state.finished:
        raise RunError("the flow has already ended")
    return flow.step(state.step)


def phase(flow: Flow, state: RunState) -> StepPhase:
    if state.finished or state.step is None:
        return "finished"
    if state.revealing:
        return "reveal"
    return "answer" if flow.step(state.step).waits_for_answer else "continue"


def awaiting(flow: Flow, state: RunState) -> Who | None:
    """The partner whose answer is expected now, if any."""
    if phase(flow, state) != "answer":
        return None
    step = current(flow, state)
    return next((w for w in respondents(step, state.speaker) if w not in state.pending), None)


def can_go_back(flow: Flow, state: RunState) -> bool:
    if state.finished or state.step is None:
        return False
    if state.pending and not state.revealing:
        return True
    return len(state.trail) >= 2 and flow.step(state.step).back


def apply(flow: Flow, state: RunState, event: Event) -> RunState:
    """The state after ``event``. The given state is left unchanged."""
    if state.finished:
        raise RunError("the flow has already ended")
    new = _copy(state)
    if isinstance(event, Answer):
        _answer(flow, new, event.who, event.value)
    elif isinstance(event, Next):
        _next(flow, new)
    elif isinstance(event, Back):
        _back(flow, new)
    elif isinstance(event, Drawn):
        step = current(flow, new)
        if step.draw is None:
            raise RunError(f"step `{step.id}` draws no question card")
        new.cards[step.id] = event.text
    else:  # pragma: no cover - the type says this cannot happen
        raise RunError(f"unknown event {event!r}")
    return new


def replay(flow: Flow, events: Iterable[Event], first: Who | None = None) -> RunState:
    """Run the recorded events from the start again. Raises RunError if one does not fit."""
    state = start(flow, first)
    for event in events:
        state = apply(flow, state, event)
    return state


def check_answer(step: Step, value: object) -> Value:
    """The value as stored, or Refusal if the step cannot take it."""
    if step.kind == "acknowledge" or step.answer == "choice":
        if not isinstance(value, str) or value not in {c.value for c in step.choices}:
            raise Refusal("choice", f"{value!r} is not one of the choices")
        return value
    if step.answer == "scale":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise Refusal("scale", "a scale answer is a whole number from 1 to 10")
        return value
    if not isinstance(value, str):
        raise Refusal("text", "a text answer is text")
    value = printable(value).strip()[:MAX_ANSWER]
    if not value and not step.optional:
        raise Refusal("empty", "this question needs an answer")
    return value


def _answer(flow: Flow, state: RunState, who: Who, value: Value) -> None:
    expected = awaiting(flow, state)
    if expected is None or who != expected:
        raise RunError(f"not waiting for an answer from {who!r} (waiting for {expected!r})")
    step = current(flow, state)
    state.pending[who] = check_answer(step, value)
    if awaiting(flow, state) is not None:
        return
    if step.save:
        state.answers.setdefault(step.save, {}).update(state.pending)
        state.latest[step.save] = who
    if step.record not in (None, "none"):
        state.recorded += [
            Recorded(step.id, step.record, w, v, state.speaker) for w, v in state.pending.items()
        ]
    if step.private:
        state.revealing = True
    else:
        _leave(flow, state, step, state.pending[who])


def _next(flow: Flow, state: RunState) -> None:
    if phase(flow, state) not in ("continue", "reveal"):
        raise RunError("this step is waiting for an answer")
    step = current(flow, state)
    if step.kind == "end":
        state.finished = True
        return
    _leave(flow, state, step, None)


def _back(flow: Flow, state: RunState) -> None:
    if not can_go_back(flow, state):
        raise RunError("cannot go back from here")
    if state.pending and not state.revealing:
        state.pending = {}
        return
    state.trail.pop()
    mark = state.trail[-1]
    state.step, state.speaker, state.hurt = mark.step, mark.speaker, mark.hurt
    state.floor_locked = mark.floor_locked
    state.answers = {k: dict(v) for k, v in mark.answers.items()}
    state.latest, state.visits = dict(mark.latest), dict(mark.visits)
    del state.recorded[mark.recorded :]
    state.pending = {}
    state.revealing = False


def _leave(flow: Flow, state: RunState, step: Step, chosen: Value | None) -> None:
    target: str | None = None
    choice = next((c for c in step.choices if c.value == chosen), None)
    if choice is not None:
        target = choice.next
        if choice.floor and not state.floor_locked:
            state.speaker = choice.floor
    if target is None:
        resolve = resolver(state)
        target = next((b.next for b in step.branches if b.when.holds(resolve)), None)
    if target is None:
        target = step.next
    if target is None and (below := flow.below(step)):
        target = below.id
    if target is None:
        state.finished = True
        return
    _enter(flow, state, target)


def _enter(flow: Flow, state: RunState, step_id: str) -> None:
    step = flow.step(step_id)
    for _ in range(len(flow.steps) * 2 + 2):  # swaps chain at most through every step
        step = flow.step(step_id)
        state.visits[step_id] = state.visits.get(step_id, 0) + 1
        if step.kind != "swap":
            break
        state.speaker = other(state.speaker)
        below = flow.below(step)
        if state.visits[step_id] % 2 == 1 and step.repeat:
            state.floor_locked = True
            step_id = step.repeat
        else:
            state.floor_locked = False
            step_id = step.next or (below.id if below else step_id)
    state.step = step_id
    state.pending = {}
    state.revealing = False
    if step.hurt:
        state.hurt = step.hurt
    state.trail.append(
        Mark(
            step_id,
            state.speaker,
            {k: dict(v) for k, v in state.answers.items()},
            dict(state.latest),
            dict(state.visits),
            state.hurt,
            len(state.recorded),
            state.floor_locked,
        )
    )


Resolve = Callable[[str, str | None], Value | None]


def resolver(state: RunState) -> Resolve:
    """Look up ``name.part`` for conditions: raw answer values."""

    def resolve(name: str, part: str | None) -> Value | None:
        given = state.answers.get(name, {})
        if part in ("max", "min"):
            numbers = [v for v in given.values() if isinstance(v, int)]
            return (max if part == "max" else min)(numbers) if numbers else None
        who: Who | None
        if part is None:
            who = state.latest.get(name)
        elif part == "speaker":
            who = state.speaker
        elif part == "listener":
            who = other(state.speaker)
        else:
            who = "a" if part == "a" else "b"
        return given.get(who) if who else None

    return resolve


def display(flow: Flow, name: str, value: Value | None) -> str:
    """An answer as people read it: a choice's label, a number, the words."""
    if value is None:
        return MISSING
    for step in flow.steps:
        if step.save == name:
            for choice in step.choices:
                if choice.value == value:
                    return choice.label
    return str(value)


def needs_card(flow: Flow, state: RunState) -> bool:
    """Whether the current step draws a question card and has none yet."""
    if state.finished or state.step is None:
        return False
    return flow.step(state.step).draw is not None and state.step not in state.cards


def _chosen(flow: Flow, name: str, value: Value | None) -> Choice | None:
    """The choice an answer saved as ``name`` was, if it was one."""
    for step in flow.steps:
        if step.save == name:
            for choice in step.choices:
                if choice.value == value:
                    return choice
    return None


ROLES = ("speaker", "listener", "a", "b")


def _person(state: RunState, names: Names) -> Callable[[str, str | None], str]:
    """Names for the roles (``{a}``, ``{speaker}``...); any other placeholder is kept."""
    roles: dict[str, Who] = {
        "speaker": state.speaker,
        "listener": other(state.speaker),
        "a": "a",
        "b": "b",
    }

    def person(name: str, part: str | None) -> str:
        if name in roles and part is None:
            return names.get(roles[name], roles[name].upper())
        return "{" + name + ("." + part if part else "") + "}"

    return person


def answer_shown(flow: Flow, state: RunState, name: str, value: Value | None, names: Names) -> str:
    """An answer as people read it. A chosen label has its names filled in, and the card
    drawn where it was chosen; words are shown exactly as they were typed."""
    choice = _chosen(flow, name, value) if value is not None else None
    if choice is None:
        return display(flow, name, value)
    person = _person(state, names)
    asked_at = next((s.id for s in flow.steps if s.save == name), None)

    def in_label(inner: str, part: str | None) -> str:
        if inner == CARD and part is None and asked_at in state.cards:
            return state.cards[asked_at]
        return person(inner, part)

    return render(choice.label, in_label)


def fill(flow: Flow, state: RunState, text: str, names: Names) -> str:
    """Fill placeholders in ``text`` with names, roles, earlier answers and the current
    step's question card."""
    resolve = resolver(state)
    person = _person(state, names)

    def lookup(name: str, part: str | None) -> str:
        if name == CARD and part is None and state.step in state.cards:
            return state.cards[state.step]  # a card's words are shown as they are
        if part in CHOICE_PARTS:
            choice = _chosen(flow, name, resolve(name, None))
            return (choice.about if part == "about" else choice.example) if choice else MISSING
        if name in ROLES and part is None:
            return person(name, part)
        return answer_shown(flow, state, name, resolve(name, part), names)

    return render(text, lookup)


@dataclass(frozen=True)
class Prompt:
    """What the screen shows for the current step."""

    step: Step
    phase: StepPhase
    text: str
    addressed: tuple[Who, ...]
    awaiting: Who | None
    choices: tuple[Choice, ...]
    revealed: dict[Who, Value]
    done: int
    remaining: int
    #: What the partner answering said here before (coming back to add something), if any.
    previous: Value | None = None


def prompt(flow: Flow, state: RunState, names: Names) -> Prompt:
    """The current step, ready to show."""
    if state.step is None:
        raise RunError("the run has not started")
    step = flow.step(state.step)
    choices = tuple(replace(c, label=fill(flow, state, c.label, names)) for c in step.choices)
    who = awaiting(flow, state)
    previous = state.answers.get(step.save, {}).get(who) if step.save and who else None
    return Prompt(
        step=step,
        phase=phase(flow, state),
        text=fill(flow, state, step.text, names),
        addressed=addressed(step, state.speaker),
        awaiting=awaiting(flow, state),
        choices=choices,
        revealed=dict(state.pending) if state.revealing else {},
        done=len(state.trail) - 1,
        remaining=steps_to_end(flow, state),
        previous=previous if step.answer == "text" else None,
    )


def steps_to_end(flow: Flow, state: RunState, limit: int = 500) -> int:
    """Steps left on the usual path: first choices, no branches, swaps as they will go."""
    visits = dict(state.visits)
    step = flow.step(state.step) if state.step else None
    count = 0
    while step is not None and step.kind != "end" and count < limit:
        target: str | None = step.choices[0].next if step.choices else None
        if step.kind == "swap":
            visits[step.id] = visits.get(step.id, 0) + 1
            target = step.repeat if visits[step.id] % 2 == 1 else step.next
        below = flow.below(step)
        following = target or step.next
        step = flow.step(following) if following else below
        if step is not None and step.kind != "swap":
            count += 1
    return count
