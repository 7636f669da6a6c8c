"""Run a flow: ``apply(flow, state, event) -> state``. Pure; the state is plain data.

Events are dicts so a run can be saved, resumed after a crash and replayed:
``{"type": "answer", "who": "a", "value": ...}``, ``{"type": "next"}``, ``{"type": "back"}``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

from coach.flows.model import PARTNERS, Choice, Flow, Step, Who, other
from coach.flows.text import render

Phase = Literal["answer", "continue", "reveal", "finished"]
Event = dict[str, Any]
Names = Mapping[str, str]
MISSING = "…"


class RunError(ValueError):
    """An event that does not fit the current state (a bug in the caller, not the flow)."""


@dataclass
class RunState:
    """Everything about a run in progress. JSON-serialisable via ``asdict``."""

    flow_id: str
    step: str | None = None
    speaker: Who = "a"
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    latest: dict[str, str] = field(default_factory=dict)
    pending: dict[str, Any] = field(default_factory=dict)
    revealing: bool = False
    visits: dict[str, int] = field(default_factory=dict)
    hurt: str | None = None
    recorded: list[dict[str, Any]] = field(default_factory=list)
    finished: bool = False
    trail: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunState:
        try:
            state = cls(**{k: copy.deepcopy(v) for k, v in data.items()})
        except TypeError as exc:
            raise RunError(f"saved run is not readable: {exc}") from exc
        if state.speaker not in PARTNERS or not isinstance(state.flow_id, str):
            raise RunError("saved run is not readable")
        return state


_ENTRY_KEYS = ("step", "speaker", "answers", "latest", "visits", "hurt", "recorded")


def _snapshot(state: RunState) -> dict[str, Any]:
    return copy.deepcopy({k: getattr(state, k) for k in _ENTRY_KEYS})


def _copy(state: RunState) -> RunState:
    return replace(
        state,
        answers=copy.deepcopy(state.answers),
        latest=dict(state.latest),
        pending=dict(state.pending),
        visits=dict(state.visits),
        recorded=list(state.recorded),
        trail=list(state.trail),
        events=list(state.events),
    )


def start(flow: Flow, first: Who | None = None) -> RunState:
    """A fresh run at the flow's start step."""
    state = RunState(flow_id=flow.id, speaker=first or flow.first)
    _enter(flow, state, flow.start)
    return state


def addressed(step: Step, speaker: Who) -> tuple[Who, ...]:
    """The partners a step speaks to, speaker first."""
    if step.to in PARTNERS:
        return (step.to,)  # type: ignore[return-value]
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


def phase(flow: Flow, state: RunState) -> Phase:
    if state.finished or state.step is None:
        return "finished"
    step = flow.step(state.step)
    if state.revealing:
        return "reveal"
    return "answer" if step.waits_for_answer else "continue"


def awaiting(flow: Flow, state: RunState) -> Who | None:
    """The partner whose answer is expected now, if any."""
    if phase(flow, state) != "answer":
        return None
    step = flow.step(state.step)  # type: ignore[arg-type]
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
    kind = event.get("type")
    if kind == "answer":
        _answer(flow, new, event.get("who"), event.get("value"))
    elif kind == "next":
        _next(flow, new)
    elif kind == "back":
        _back(flow, new)
    else:
        raise RunError(f"unknown event {event!r}")
    new.events.append(dict(event))
    return new


def replay(flow: Flow, events: Iterable[Event], first: Who | None = None) -> RunState:
    """Run the recorded events from the start again."""
    state = start(flow, first)
    for event in events:
        state = apply(flow, state, event)
    return state


def check_answer(step: Step, value: Any) -> Any:
    """The value as stored, or RunError if the step cannot take it."""
    if step.kind == "acknowledge" or step.answer == "choice":
        if value not in {c.value for c in step.choices}:
            raise RunError(f"{value!r} is not one of the choices")
        return value
    if step.answer == "scale":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise RunError("a scale answer is a whole number from 1 to 10")
        return value
    if not isinstance(value, str):
        raise RunError("a text answer is text")
    value = value.strip()
    if not value and not step.optional:
        raise RunError("this question needs an answer")
    return value


def _answer(flow: Flow, state: RunState, who: Any, value: Any) -> None:
    expected = awaiting(flow, state)
    if expected is None or who != expected:
        raise RunError(f"not waiting for an answer from {who!r} (waiting for {expected!r})")
    step = flow.step(state.step)  # type: ignore[arg-type]
    state.pending[who] = check_answer(step, value)
    if awaiting(flow, state) is not None:
        return
    if step.save:
        store = state.answers.setdefault(step.save, {})
        store.update(state.pending)
        state.latest[step.save] = who
    if step.recorded_as != "none":
        state.recorded += [
            {"step": step.id, "record": step.recorded_as, "who": w, "value": v}
            for w, v in state.pending.items()
        ]
    if step.private:
        state.revealing = True
    else:
        _leave(flow, state, step, state.pending[who])


def _next(flow: Flow, state: RunState) -> None:
    current = phase(flow, state)
    if current not in ("continue", "reveal"):
        raise RunError("this step is waiting for an answer")
    step = flow.step(state.step)  # type: ignore[arg-type]
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
    for key, value in copy.deepcopy(state.trail[-1]).items():
        setattr(state, key, value)
    state.pending = {}
    state.revealing = False


def _leave(flow: Flow, state: RunState, step: Step, chosen: Any) -> None:
    target: str | None = None
    choice = next((c for c in step.choices if c.value == chosen), None)
    if choice is not None:
        target = choice.next
        state.speaker = choice.floor or state.speaker
    if target is None:
        resolve = resolver(flow, state)
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
    for _ in range(len(flow.steps) * 2 + 2):  # swaps chain at most through every step
        step = flow.step(step_id)
        state.visits[step_id] = state.visits.get(step_id, 0) + 1
        if step.kind != "swap":
            break
        state.speaker = other(state.speaker)
        if state.visits[step_id] % 2 == 1:
            step_id = step.repeat  # type: ignore[assignment]
        else:
            below = flow.below(step)
            step_id = step.next or (below.id if below else step_id)
    state.step = step_id
    state.pending = {}
    state.revealing = False
    if step.hurt:
        state.hurt = step.hurt
    state.trail.append(_snapshot(state))


def resolver(flow: Flow, state: RunState):
    """Look up ``name.part`` for conditions: raw answer values."""

    def resolve(name: str, part: str | None) -> Any:
        given = state.answers.get(name, {})
        if part in ("max", "min"):
            numbers = [v for v in given.values() if isinstance(v, int | float)]
            return (max if part == "max" else min)(numbers) if numbers else None
        if part is None:
            who = state.latest.get(name)
        elif part == "speaker":
            who = state.speaker
        elif part == "listener":
            who = other(state.speaker)
        else:
            who = part
        return given.get(who) if who else None

    return resolve


def display(flow: Flow, name: str, value: Any) -> str:
    """An answer as people read it: a choice's label, a number, the words."""
    if value is None:
        return MISSING
    for step in flow.steps:
        if step.save == name:
            for choice in step.choices:
                if choice.value == value:
                    return choice.label
    return str(value)


def fill(flow: Flow, state: RunState, text: str, names: Names) -> str:
    """Fill placeholders in ``text`` with names, roles and earlier answers."""
    resolve = resolver(flow, state)
    roles = {"speaker": state.speaker, "listener": other(state.speaker), "a": "a", "b": "b"}

    def person(name: str, part: str | None) -> str:
        if name in roles and part is None:
            return names.get(roles[name], roles[name].upper())
        return "{" + name + ("." + part if part else "") + "}"

    def lookup(name: str, part: str | None) -> str:
        if name in roles and part is None:
            return person(name, part)
        return render(display(flow, name, resolve(name, part)), person)

    return render(text, lookup)


@dataclass(frozen=True)
class Prompt:
    """What the screen shows for the current step."""

    step: Step
    phase: Phase
    text: str
    addressed: tuple[Who, ...]
    awaiting: Who | None
    choices: tuple[Choice, ...]
    revealed: dict[str, Any]
    done: int
    remaining: int


def prompt(flow: Flow, state: RunState, names: Names) -> Prompt:
    """The current step, ready to show."""
    if state.step is None:
        raise RunError("the run has not started")
    step = flow.step(state.step)
    choices = tuple(replace(c, label=fill(flow, state, c.label, names)) for c in step.choices)
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
        step = flow.step(target or step.next) if (target or step.next) else below
        if step is not None and step.kind != "swap":
            count += 1
    return count
