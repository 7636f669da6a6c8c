"""Checks on a built flow: ids, the step graph, names, placeholders, catalog references."""

from __future__ import annotations

from collections import deque

from coach.flows.catalog import Catalog
from coach.flows.diagnostics import did_you_mean
from coach.flows.expr import REF_PARTS
from coach.flows.locate import KeyPath
from coach.flows.model import Flow, Step
from coach.flows.shape import Checker
from coach.flows.text import ANSWER_PARTS, CARD, CHOICE_PARTS, ROLE_NAMES, TemplateError, parse


def validate(flow: Flow, checker: Checker, catalog: Catalog | None = None) -> None:
    """Report every problem in ``flow`` through ``checker``."""
    ids = _check_ids(flow, checker)
    if not _check_references(flow, ids, checker):
        return
    _check_steps(flow, checker, catalog)
    used = _check_names(flow, checker)
    _check_graph(flow, checker)
    _warn_unused(flow, used, checker)


def _where(step: Step, *key: str | int) -> KeyPath:
    return ("step", step.index, *key)


def _check_ids(flow: Flow, checker: Checker) -> set[str]:
    seen: dict[str, Step] = {}
    for step in flow.steps:
        if step.id in seen:
            first = checker.locator.at(_where(seen[step.id], "id"))[0]
            checker.report(
                "E020",
                f"step id `{step.id}` is used twice (first on line {first})",
                _where(step, "id"),
                "give every step its own id",
            )
        else:
            seen[step.id] = step
    return set(seen)


def _check_references(flow: Flow, ids: set[str], checker: Checker) -> bool:
    ok = True

    def check(target: str | None, path: KeyPath, what: str) -> None:
        nonlocal ok
        if target is not None and target not in ids:
            ok = False
            checker.report(
                "E021",
                f"{what} names step `{target}`, but there is no such step",
                path,
                did_you_mean(target, ids) or "check the spelling, or add that step",
            )

    check(flow.start, ("start",), "`start`")
    for step in flow.steps:
        check(step.next, _where(step, "next"), f"`next` in step `{step.id}`")
        check(step.repeat, _where(step, "repeat"), f"`repeat` in step `{step.id}`")
        for j, c in enumerate(step.choices):
            check(c.next, _where(step, "choice", j, "next"), f"choice `{c.label}`")
        for j, b in enumerate(step.branches):
            check(b.next, _where(step, "branch", j, "next"), f"a branch of step `{step.id}`")
    return ok


def _check_steps(flow: Flow, checker: Checker, catalog: Catalog | None) -> None:
    for step in flow.steps:
        if step.private and step.to != "both":  # "together" gives one shared answer
            checker.report(
                "E044",
                f"step `{step.id}` is private, but only one partner answers it",
                _where(step, "private"),
                'a private answer stays hidden until both have answered: set `to = "both"`',
            )
        if step.kind == "ask":
            if step.answer == "choice" and not step.choices and not step.choices_from:
                checker.report(
                    "E012",
                    f"step `{step.id}` asks for a choice but lists none",
                    _where(step),
                    'add [[step.choice]] tables, or `choices_from = "micro-hurts"`',
                )
            if step.answer != "choice" and (step.choices or step.choices_from):
                checker.report(
                    "E013",
                    f"step `{step.id}` has choices, but its answer is `{step.answer}`",
                    _where(step, "answer"),
                    'set `answer = "choice"`, or remove the choices',
                )
            if step.long and step.answer != "text":
                checker.report(
                    "E013",
                    f"`long` gives a box for a few sentences, but step `{step.id}` asks for "
                    f"{step.answer}",
                    _where(step, "long"),
                    'set `answer = "text"`, or remove `long`',
                )
            if step.answer != "scale" and (step.low or step.high):
                key = "low" if step.low else "high"
                checker.report(
                    "E013",
                    f"`{key}` labels a 1-10 scale, but step `{step.id}` is not one",
                    _where(step, key),
                    'set `answer = "scale"`, or remove it',
                )
        if step.record and step.record != "none" and not step.waits_for_answer:
            checker.report(
                "E013",
                f"step `{step.id}` records an answer but asks for none",
                _where(step, "record"),
                "give it choices, or move `record` to the step that asks",
            )
        if step.record == "temperature" and step.answer != "scale":
            checker.report(
                "E014",
                "a temperature is a 1-10 scale",
                _where(step, "record"),
                'set `answer = "scale"` on this step',
            )
        for hurt, where in (
            (step.hurt, ("hurt",)),
            (step.draw and step.draw.hurt, ("draw", "hurt")),
        ):
            if hurt and catalog is not None and catalog.hurt(hurt) is None:
                checker.report(
                    "E041",
                    f"`{hurt}` is not in the micro-hurt catalog",
                    _where(step, *where),
                    did_you_mean(hurt, [h.id for h in catalog.hurts])
                    or "see scripts/micro-hurts.toml for the kinds",
                )


def _check_names(flow: Flow, checker: Checker) -> set[str]:
    """Check placeholders and condition references; return the answer names used."""
    saved = {s.save for s in flow.steps if s.save}
    chosen = {s.save for s in flow.steps if s.save and (s.choices or s.choices_from)}
    used: set[str] = set()
    for step in flow.steps:
        texts = [("text", step.text)] + [
            (("choice", j, "label"), c.label) for j, c in enumerate(step.choices)
        ]
        for key, text in texts:
            path = _where(step, *(key if isinstance(key, tuple) else (key,)))
            try:
                pieces = parse(text)
            except TemplateError as exc:
                checker.report_at(
                    "E043", str(exc), checker.locator.in_value(path, text, exc.offset)
                )
                continue
            for ph in pieces:
                if isinstance(ph, str):
                    continue
                used.add(ph.name)
                if ph.name == CARD and step.draw is not None and ph.part is None:
                    continue  # the step's own question card
                parts = ANSWER_PARTS + (CHOICE_PARTS if ph.name in chosen else ())
                problem = _name_problem(ph.name, ph.part, saved, parts)
                if problem:
                    checker.report_at(
                        "E040",
                        problem[0],
                        checker.locator.in_value(path, text, ph.offset),
                        problem[1],
                    )
        for j, branch in enumerate(step.branches):
            path = _where(step, "branch", j, "when")
            for ref in branch.when.refs:
                used.add(ref.name)
                problem = _name_problem(ref.name, ref.part, saved, REF_PARTS, roles=False)
                if problem:
                    checker.report_at(
                        "E040",
                        problem[0],
                        checker.locator.in_value(path, branch.when.source, ref.offset),
                        problem[1],
                    )
    return used


def _name_problem(
    name: str, part: str | None, saved: set[str], parts: tuple[str, ...], roles: bool = True
) -> tuple[str, str] | None:
    if roles and name in ROLE_NAMES:
        if part:
            return f"`{name}.{part}`: `{name}` is a partner, not an answer", f"write `{{{name}}}`"
        return None
    if name == CARD and roles:
        return (
            "`{card}` is the question card of a step with `draw`, and this step has none",
            'add `draw = { theme = "week" }` to this step, or remove `{card}`',
        )
    if name not in saved:
        known = saved | (set(ROLE_NAMES) if roles else set())
        return (
            f"`{name}` is not defined: no step saves an answer by that name",
            did_you_mean(name, known) or 'add `save = "' + name + '"` to the step that asks',
        )
    if part and part not in parts:
        return f"`{name}.{part}`: `{part}` is not a part", "use one of " + ", ".join(parts)
    return None


def _check_graph(flow: Flow, checker: Checker) -> None:
    succ = {s.id: flow.successors(s) for s in flow.steps}
    for step in flow.steps:
        if step.kind != "end" and not succ[step.id]:
            checker.report(
                "E032",
                f"step `{step.id}` is the last one and has nowhere to go",
                _where(step),
                'add `next = "..."`, or end the flow with a step of `kind = "end"`',
            )
    reached = _reach(flow.start, succ)
    for step in flow.steps:
        if step.id not in reached:
            checker.report(
                "E030",
                f"step `{step.id}` can never be reached",
                _where(step),
                "point a `next`, choice or branch at it, or remove it",
            )
    back: dict[str, list[str]] = {s.id: [] for s in flow.steps}
    for src, targets in succ.items():
        for t in targets:
            back[t].append(src)
    ends = [s.id for s in flow.steps if s.kind == "end"]
    can_finish = set()
    for end in ends:
        can_finish |= _reach(end, back)
    for step in flow.steps:
        if step.id in reached and step.id not in can_finish and succ[step.id]:
            checker.report(
                "E031",
                f"from step `{step.id}` the flow can never reach an end",
                _where(step),
                'every path needs a way out to a step with `kind = "end"`',
            )


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for nxt in edges.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _warn_unused(flow: Flow, used: set[str], checker: Checker) -> None:
    named = {flow.start} | {t for s in flow.steps for t in s.targets()}
    for step in flow.steps:
        if step.save and step.save not in used and step.recorded_as == "none":
            checker.report(
                "W001",
                f"the answer `{step.save}` is saved but never shown, tested or recorded",
                _where(step, "save"),
                f'use it as `{{{step.save}}}`, add `record = "answer"`, or remove `save`',
            )
        above = flow.steps[step.index - 1] if step.index else None
        if step.id not in named and above and above.branches:
            checker.report(
                "W002",
                f"step `{step.id}` is reached only when no branch of `{above.id}` holds",
                _where(step),
                f"name it in a `next` of `{above.id}` to make the path plain",
            )
