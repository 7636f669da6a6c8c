"""A readable outline of a flow, for ``coach flows show``."""

from __future__ import annotations

from coach.flows.model import Flow, Step

_WHO = {
    "a": "partner A",
    "b": "partner B",
    "both": "both",
    "together": "both, one answer",
    "speaker": "speaker",
    "listener": "listener",
}


def _describe(step: Step) -> str:
    if step.kind == "ask":
        what = {"text": "words", "choice": "a choice", "scale": "1-10"}[step.answer or "text"]
        private = "private " if step.private else ""
        return f"ask {_WHO[step.to]}: {private}{what}"
    if step.kind == "pause":
        length = f"{step.seconds}s" if step.seconds else "your usual length"
        return f"pause {length}" + (
            f", breathe in {step.breathe.inhale}s out {step.breathe.exhale}s"
            if step.breathe
            else ""
        )
    if step.kind == "swap":
        return "swap speaker and listener"
    if step.kind == "acknowledge":
        return f"acknowledge, said by the {_WHO[step.to]}"
    return f"{step.kind} to {_WHO[step.to]}" if step.kind != "end" else "end"


def _short(text: str, width: int = 68) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def outline(flow: Flow) -> list[str]:
    """One line per step, with its branches indented beneath it."""
    lines = [
        f"{flow.title} ({flow.id}), about {flow.minutes} min",
        f"  {flow.summary}",
        "",
    ]
    width = len(str(len(flow.steps)))
    for n, step in enumerate(flow.steps, start=1):
        start = "  <- start" if step.id == flow.start else ""
        lines.append(f"{n:>{width}}. {step.id}  [{_describe(step)}]{start}")
        if step.text:
            lines.append(f'{"":>{width}}    "{_short(step.text)}"')
        pad = f"{'':>{width}}    "
        for c in step.choices:
            lines.append(f"{pad}- {c.label}" + (f"  -> {c.next}" if c.next else ""))
        for b in step.branches:
            lines.append(f"{pad}if {b.when.source}  -> {b.next}")
        if step.kind == "swap":
            lines.append(
                f"{pad}first time -> {step.repeat}; second time -> {step.next or 'the step below'}"
            )
        elif step.next:
            lines.append(f"{pad}then -> {step.next}")
        if step.record:
            lines.append(f"{pad}recorded as: {step.record}")
    return lines
