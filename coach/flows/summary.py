"""What was said in a conversation, in words: each kept answer with the question it
answered, as the couple saw them (names, choice labels and catalog names filled in, never a
step id or a stored value)."""

from __future__ import annotations

import re
from dataclasses import replace

from coach.flows.catalog import Catalog
from coach.flows.model import Flow
from coach.flows.runner import Names, Recorded, RunState, display, fill
from coach.plain import shorten

KIND_WORDS = {
    "temperature": "How stirred up",
    "micro-hurt": "The small hurt",
    "repair": "The repair",
}
_SENTENCE = re.compile(r"[^.?!\n]*\?")


def question_of(text: str, limit: int = 90) -> str:
    """The question a step asks, from its (filled) text: the last sentence with a question
    mark, else its first line; shortened to fit a summary line."""
    asked = [q.strip(' "“”') for q in _SENTENCE.findall(text) if q.strip(' "“”')]
    chosen = asked[-1] if asked else next((line for line in text.splitlines() if line.strip()), "")
    return shorten(chosen, limit)


def in_words(
    flow: Flow, state: RunState, item: Recorded, names: Names, catalog: Catalog
) -> Recorded:
    """A recorded answer with ``question`` and ``shown`` filled in, worded with ``state``:
    call it right after the answer is given, so the question reads as it was asked."""
    step = flow.step(item.step)
    asked_then = replace(state, speaker=item.speaker, step=item.step)
    if item.record in ("micro-hurt", "repair"):
        shown = catalog.name_of(str(item.value))
    else:
        shown = display(flow, step.save or "", item.value)
        choice = next((c for c in step.choices if c.value == item.value), None)
        if choice is not None:
            shown = fill(flow, asked_then, choice.label, names)
        elif item.record == "temperature":
            shown = f"{item.value} of 10"
    question = question_of(fill(flow, asked_then, step.text, names))
    return replace(item, question=question, shown=shown)


def summary_lines(said: list[Recorded], names: Names) -> list[str]:
    """One line per kept answer: who, the question, and the answer."""
    lines = []
    for item in said:
        who = names.get(item.who, item.who.upper())
        asked = KIND_WORDS.get(item.record) or item.question or "Answer"
        lines.append(f"{who}: {asked} — {item.shown or item.value}")
    return lines
