"""The flow model: what a validated flow script means, independent of TOML."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, get_args

from coach.flows.expr import Condition

Who = Literal["a", "b"]
PARTNERS: tuple[Who, Who] = ("a", "b")
StepKind = Literal["say", "ask", "acknowledge", "pause", "swap", "end"]
Audience = Literal["a", "b", "both", "together", "speaker", "listener"]
AnswerKind = Literal["text", "choice", "scale"]
RecordKind = Literal["answer", "temperature", "micro-hurt", "repair", "promise", "none"]
CatalogSource = Literal["micro-hurts", "repairs"]

FORMAT_VERSION = 1
STEP_KINDS: tuple[StepKind, ...] = get_args(StepKind)
AUDIENCES: tuple[Audience, ...] = get_args(Audience)
ANSWER_KINDS: tuple[AnswerKind, ...] = get_args(AnswerKind)
RECORDS: tuple[RecordKind, ...] = get_args(RecordKind)
CATALOG_SOURCES: tuple[CatalogSource, ...] = get_args(CatalogSource)


def other(who: Who) -> Who:
    return "b" if who == "a" else "a"


@dataclass(frozen=True)
class Choice:
    """One option of a choice question, or one response to an acknowledgment."""

    label: str
    value: str
    next: str | None = None
    about: str = ""
    floor: Who | None = None  # choosing this gives that partner the floor
    example: str = ""  # from the catalog: a way to say it (``{name.example}``)


@dataclass(frozen=True)
class Branch:
    """Go to ``next`` when ``when`` holds (checked in order after the step)."""

    when: Condition
    next: str


@dataclass(frozen=True)
class Breathe:
    """A breathing pace in seconds: in, hold, out."""

    inhale: int
    exhale: int
    hold: int = 0


@dataclass(frozen=True)
class Draw:
    """Where an ``ask`` step's question card comes from: themes (none: any), a depth
    (None: any) and, for "I noticed" openers, a kind of hurt."""

    themes: tuple[str, ...] = ()
    depth: str | None = None
    hurt: str | None = None


@dataclass(frozen=True)
class Step:
    """One step of a flow. Which fields matter depends on ``kind``."""

    id: str
    kind: StepKind
    index: int
    to: Audience = "both"
    text: str = ""
    next: str | None = None
    save: str | None = None
    answer: AnswerKind | None = None
    private: bool = False
    choices: tuple[Choice, ...] = ()
    choices_from: CatalogSource | None = None
    hurt: str | None = None
    record: RecordKind | None = None
    seconds: int | None = None
    breathe: Breathe | None = None
    low: str = ""
    high: str = ""
    optional: bool = False
    gentle: bool = False
    long: bool = False  # a few sentences: a box of several lines
    draw: Draw | None = None  # a question card from the decks, shown as ``{card}``
    back: bool = True
    repeat: str | None = None
    branches: tuple[Branch, ...] = ()

    @property
    def waits_for_answer(self) -> bool:
        return self.kind == "ask" or (self.kind == "acknowledge" and bool(self.choices))

    @property
    def recorded_as(self) -> RecordKind:
        """What history keeps of this step's answer."""
        return self.record or "none"

    def targets(self) -> list[str]:
        """Every step id this step names explicitly."""
        named = [c.next for c in self.choices if c.next]
        named += [b.next for b in self.branches]
        named += [t for t in (self.next, self.repeat) if t]
        return named


@dataclass(frozen=True)
class Flow:
    """A whole flow script."""

    id: str
    title: str
    summary: str
    minutes: int
    steps: tuple[Step, ...]
    start: str
    first: Who = "a"
    format: int = FORMAT_VERSION
    source: str = field(default="", compare=False)

    @cached_property
    def by_id(self) -> dict[str, Step]:
        return {s.id: s for s in self.steps}

    def step(self, step_id: str) -> Step:
        return self.by_id[step_id]

    def below(self, step: Step) -> Step | None:
        """The step written right after ``step`` in the file (where it falls through to)."""
        i = step.index + 1
        return self.steps[i] if i < len(self.steps) else None

    def successors(self, step: Step) -> list[str]:
        """Every step id that can follow ``step`` when the flow runs."""
        if step.kind == "end":
            return []
        out = step.targets()
        falls = step.next is None and (
            not step.choices or any(c.next is None for c in step.choices)
        )
        if step.kind == "swap":
            falls = step.next is None
        if falls and (nxt := self.below(step)):
            out.append(nxt.id)
        return list(dict.fromkeys(out))
