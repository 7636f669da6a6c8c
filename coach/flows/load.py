"""Load a flow script: read -> parse TOML -> check shape -> build the model -> validate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.flows.catalog import ID_HINT, ID_PATTERN, Catalog, check_format
from coach.flows.diagnostics import Diagnostic
from coach.flows.expr import ConditionError, parse_condition
from coach.flows.locate import KeyPath, Locator
from coach.flows.model import (
    ANSWER_KINDS,
    AUDIENCES,
    CATALOG_SOURCES,
    RECORDS,
    STEP_KINDS,
    Branch,
    Breathe,
    Choice,
    Draw,
    Flow,
    Step,
)
from coach.flows.shape import TABLES, Checker
from coach.flows.shape import Field as F
from coach.flows.source import parse_toml, read_text
from coach.flows.validate import validate
from coach.plain import shorten

NAME_PATTERN = r"[A-Za-z_][A-Za-z0-9_]*"

FLOW_SHAPE = {
    "format": F(int, required=True),
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, max_len=64),
    "title": F(str, required=True, max_len=120),
    "summary": F(str, required=True, max_len=300),
    "minutes": F(int, required=True, minimum=1, maximum=240),
    "start": F(str),
    "first": F(str, allowed=("a", "b")),
    "step": F(TABLES, required=True),
}
STEP_SHAPE = {
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, max_len=64),
    "kind": F(str, required=True, allowed=STEP_KINDS),
    "to": F(str, allowed=AUDIENCES),
    "text": F(str),
    "next": F(str),
    "back": F(bool),
    "save": F(
        str,
        pattern=NAME_PATTERN,
        pattern_hint="answer names use letters, digits and `_`, like `feeling` or `temp_now`",
    ),
    "answer": F(str, allowed=ANSWER_KINDS),
    "private": F(bool),
    "optional": F(bool),
    "gentle": F(bool),
    "long": F(bool),
    "low": F(str, max_len=80),
    "high": F(str, max_len=80),
    "choices_from": F(str, allowed=CATALOG_SOURCES),
    "record": F(str, allowed=RECORDS),
    "hurt": F(str),
    "seconds": F(int, minimum=1, maximum=24 * 60 * 60),
    "breathe": F(dict),
    "draw": F(dict),
    "repeat": F(str),
    "choice": F(TABLES),
    "branch": F(TABLES),
}
CHOICE_SHAPE = {
    "label": F(str, required=True, max_len=300),
    "value": F(str),
    "next": F(str),
    "about": F(str),
    "floor": F(str, allowed=("a", "b")),
}
BRANCH_SHAPE = {
    "when": F(str, required=True, max_len=1 << 20),  # conditions have limits of their own
    "next": F(str, required=True),
}
DRAW_SHAPE = {
    "theme": F(str, pattern=ID_PATTERN, pattern_hint="a theme is a word like `week`", max_len=40),
    "themes": F(list, pattern=ID_PATTERN, pattern_hint="a theme is a word like `week`", max_len=40),
    "depth": F(str, allowed=("light", "deeper", "any")),
    "hurt": F(str),
}
BREATHE_SHAPE = {
    "in": F(int, required=True, minimum=1, maximum=30),
    "out": F(int, required=True, minimum=1, maximum=30),
    "hold": F(int, minimum=0, maximum=30),
}

_COMMON = {"id", "kind", "to", "text", "next", "back", "branch", "hurt"}
KIND_KEYS: dict[str, set[str]] = {
    "say": _COMMON,
    "ask": _COMMON
    | {"save", "answer", "private", "optional", "gentle", "long", "low", "high", "choice"}
    | {"draw"}
    | {"choices_from", "record"},
    "acknowledge": _COMMON | {"save", "choice", "choices_from", "record"},
    "pause": _COMMON - {"branch", "hurt"} | {"seconds", "breathe"},
    "swap": {"id", "kind", "next", "repeat"},
    "end": {"id", "kind", "to", "text", "hurt"},
}
KIND_NEEDS: dict[str, tuple[str, ...]] = {
    "say": ("text",),
    "ask": ("text", "answer"),
    "acknowledge": ("text",),
    "pause": (),  # without `seconds`, the couple's own reset length
    "swap": ("repeat",),
    "end": (),
}
KIND_DEFAULT_TO = {"acknowledge": "speaker"}


@dataclass
class FlowFile:
    """The result of loading one flow file."""

    path: Path
    flow: Flow | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.flow is not None and not any(d.is_error for d in self.diagnostics)

    @property
    def first_error(self) -> Diagnostic | None:
        return next((d for d in self.diagnostics if d.is_error), None)


def load_flow(path: Path, catalog: Catalog | None = None) -> FlowFile:
    """Load and validate the flow at ``path``. Never raises for a bad file."""
    text, problem = read_text(path)
    if problem:
        return FlowFile(path, None, [problem])
    assert text is not None
    return load_flow_text(text, path, catalog)


def load_flow_text(
    text: str, path: Path | str = "<text>", catalog: Catalog | None = None
) -> FlowFile:
    """Load and validate a flow from its source text."""
    path = Path(path)
    data, problem = parse_toml(text)
    if problem:
        return FlowFile(path, None, [problem])
    assert data is not None
    checker = Checker(Locator(text))
    flow = build_flow(data, checker, catalog, text)
    if flow is not None and not checker.diagnostics:
        validate(flow, checker, catalog)
    diagnostics = sorted(checker.diagnostics, key=lambda d: (not d.is_error, d.line, d.col))
    return FlowFile(path, flow, diagnostics)


def build_flow(
    data: dict[str, Any], checker: Checker, catalog: Catalog | None, source: str = ""
) -> Flow | None:
    """Check the shape of ``data`` and build a Flow (None when it is too broken to use)."""
    top = checker.table(data, FLOW_SHAPE, (), "the flow header")
    if not check_format(checker, data):
        return None
    steps = tuple(
        s
        for i, raw in enumerate(top.get("step", []))
        if (s := _build_step(raw, i, checker, catalog)) is not None
    )
    if "step" in top and not top["step"]:
        checker.report("E022", "the flow has no steps", ("step",), "add a [[step]] table")
    if not all(k in top for k in ("id", "title", "summary", "minutes")) or not steps:
        return None
    return Flow(
        id=top["id"],
        title=top["title"],
        summary=top["summary"],
        minutes=top["minutes"],
        steps=steps,
        start=top.get("start", steps[0].id),
        first=top.get("first", "a"),
        source=source,
    )


def _build_step(
    raw: dict[str, Any], i: int, checker: Checker, catalog: Catalog | None
) -> Step | None:
    path = ("step", i)
    label = f"step `{raw['id']}`" if isinstance(raw.get("id"), str) else f"step #{i + 1}"
    good = checker.table(raw, STEP_SHAPE, path, label)
    kind = good.get("kind")
    if "id" not in good or kind is None:
        return None
    for key in good:
        if key not in KIND_KEYS[kind]:
            checker.report(
                "E013",
                f"`{key}` has no meaning in a `{kind}` step ({label})",
                (*path, key),
                f"remove it, or change `kind`; a `{kind}` step may have: "
                + ", ".join(sorted(KIND_KEYS[kind] - {"id", "kind"})),
            )
    for key in KIND_NEEDS[kind]:
        if key not in raw:
            article = "an" if kind[0] in "aeiou" else "a"
            checker.report(
                "E012",
                f"{label} is missing `{key}`",
                path,
                f"{article} `{kind}` step needs `{key}`",
            )
    choices = _choices(good, path, label, checker, catalog)
    branches = _branches(good.get("branch", []), path, label, checker)
    breathe = None
    if "breathe" in good:
        b = checker.table(
            good["breathe"], BREATHE_SHAPE, (*path, "breathe"), f"`breathe` in {label}"
        )
        if "in" in b and "out" in b:
            breathe = Breathe(b["in"], b["out"], b.get("hold", 0))
    draw = None
    if "draw" in good:
        d = checker.table(good["draw"], DRAW_SHAPE, (*path, "draw"), f"`draw` in {label}")
        themes = tuple(d.get("themes", ())) + ((d["theme"],) if "theme" in d else ())
        depth = d.get("depth")
        draw = Draw(themes, None if depth == "any" else depth, d.get("hurt"))
    return Step(
        id=good["id"],
        kind=kind,
        index=i,
        to=good.get("to", KIND_DEFAULT_TO.get(kind, "both")),
        text=good.get("text", ""),
        next=good.get("next"),
        save=good.get("save"),
        answer=good.get("answer"),
        private=good.get("private", False),
        choices=choices,
        choices_from=good.get("choices_from"),
        hurt=good.get("hurt"),
        record=good.get("record"),
        seconds=good.get("seconds"),
        breathe=breathe,
        low=good.get("low", ""),
        high=good.get("high", ""),
        optional=good.get("optional", False),
        gentle=good.get("gentle", False),
        long=good.get("long", False),
        draw=draw,
        back=good.get("back", True),
        repeat=good.get("repeat"),
        branches=branches,
    )


def _choices(
    good: dict[str, Any], path: KeyPath, label: str, checker: Checker, catalog: Catalog | None
) -> tuple[Choice, ...]:
    out: list[Choice] = []
    for j, raw in enumerate(good.get("choice", [])):
        c = checker.table(raw, CHOICE_SHAPE, (*path, "choice", j), f"choice #{j + 1} of {label}")
        if "label" in c:
            out.append(
                Choice(
                    c["label"],
                    c.get("value", c["label"]),
                    c.get("next"),
                    c.get("about", ""),
                    c.get("floor"),
                )
            )
    source = good.get("choices_from")
    if source and out:
        checker.report(
            "E014",
            f"{label} has both `choice` tables and `choices_from`",
            (*path, "choices_from"),
            "keep one: your own [[step.choice]] list, or the catalog's",
        )
    elif source and catalog is not None:
        entries = catalog.section(source)
        if not entries:
            checker.report(
                "E041", f"the catalog has no {source} to choose from", (*path, "choices_from")
            )
        out = [
            Choice(e.name, e.id, None, e.about, example=e.examples[0] if e.examples else "")
            for e in entries
        ]
    return tuple(out)


def _branches(
    raw: list[dict[str, Any]], path: KeyPath, label: str, checker: Checker
) -> tuple[Branch, ...]:
    out: list[Branch] = []
    for j, table in enumerate(raw):
        where = (*path, "branch", j)
        b = checker.table(table, BRANCH_SHAPE, where, f"branch #{j + 1} of {label}")
        if "when" not in b or "next" not in b:
            continue
        try:
            out.append(Branch(parse_condition(b["when"]), b["next"]))
        except ConditionError as exc:
            checker.report_at(
                "E042",
                f"the condition `{shorten(b['when'], 60)}` cannot be read: {exc}",
                checker.locator.in_value((*where, "when"), b["when"], exc.offset),
                'conditions look like `temp.a >= 7 or feeling == "calm"`',
            )
    return tuple(out)
