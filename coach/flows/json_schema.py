"""A JSON Schema for flow files, generated from the same shapes the validator uses.

Editors with TOML schema support (e.g. Taplo / Even Better TOML) read the `#:schema`
line at the top of a flow file and complete and check its keys.
"""

from __future__ import annotations

from typing import Any

from coach.flows.load import (
    BRANCH_SHAPE,
    BREATHE_SHAPE,
    CHOICE_SHAPE,
    DRAW_SHAPE,
    FLOW_SHAPE,
    KIND_KEYS,
    KIND_NEEDS,
    STEP_SHAPE,
)
from coach.flows.model import FORMAT_VERSION
from coach.flows.shape import TABLES, Field

_FLOW_DOCS = {
    "format": "The flow format version: 1.",
    "id": "The flow's name for `coach run ID`.",
    "title": "Shown in the app.",
    "summary": "One line, shown under the title.",
    "minutes": "About how long the flow takes.",
    "start": "The id of the first step (default: the first step written).",
    "first": "Who holds the floor first: a or b.",
}
_STEP_DOCS = {
    "id": "The step's name, unique in the file.",
    "kind": "say, ask, acknowledge, pause, swap or end.",
    "to": "Who the step speaks to.",
    "text": "What to show; may use {a}, {b}, {speaker}, {listener} and saved answers.",
    "next": "The step to go to afterwards.",
    "back": "false stops going back from this step.",
    "save": "A name for the answer, for placeholders and conditions.",
    "answer": "text, choice or scale (1-10).",
    "private": "Hide each answer until both have answered.",
    "optional": "A text answer may be left empty.",
    "gentle": "The gentle-phrasing helper watches this text answer.",
    "long": "A box of several lines, for an answer of a few sentences (ctrl+s sends it).",
    "low": "Words for 1 on the scale.",
    "high": "Words for 10 on the scale.",
    "choices_from": "Take the options from the catalog: micro-hurts or repairs.",
    "record": "What the history keeps of the answer.",
    "hurt": "The kind of small hurt (from the catalog) this flow is about.",
    "seconds": "How long the pause lasts (default: the couple's own reset length).",
    "breathe": "A breathing pace for the pause (default: the couple's own).",
    "draw": "Draw a question card from the decks, shown as {card}: theme(s), depth, hurt.",
    "repeat": "The step where the second partner's turn starts.",
}
_CHOICE_DOCS = {
    "label": "What is shown.",
    "value": "What is stored (default: the label).",
    "next": "Where this choice leads (default: the step's next).",
    "about": "Shown under the label; {name.about} shows it later.",
    "floor": "Choosing this gives that partner the floor (not during a swap's second turn).",
}
_BRANCH_DOCS = {
    "when": "A condition on earlier answers, e.g. temp.max >= 8.",
    "next": "The step to go to when it holds.",
}
_DRAW_DOCS = {
    "theme": "Draw from this theme, e.g. week.",
    "themes": "Draw from any of these themes.",
    "depth": "light, deeper or any (default: any).",
    "hurt": "Only cards about this kind of small hurt.",
}
_BREATHE_DOCS = {
    "in": "Seconds to breathe in.",
    "out": "Seconds to breathe out.",
    "hold": "Seconds to hold in between (default 0).",
}


def _field(name: str, spec: Field, nested: dict[str, Any], docs: dict[str, str]) -> dict[str, Any]:
    if spec.type is TABLES:
        out: dict[str, Any] = {"type": "array", "items": nested[name]}
    elif spec.type is dict:
        out = nested[name]
    else:
        simple: dict[object, dict[str, Any]] = {
            str: {"type": "string"},
            int: {"type": "integer"},
            bool: {"type": "boolean"},
            list: {"type": "array", "items": {"type": "string"}},
        }
        out = {k: dict(v) if isinstance(v, dict) else v for k, v in simple[spec.type].items()}
    if spec.allowed:
        out["enum"] = list(spec.allowed)
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.pattern:
        (out["items"] if spec.type is list else out)["pattern"] = f"^(?:{spec.pattern})$"
    if spec.type in (str, list):
        (out["items"] if spec.type is list else out)["maxLength"] = spec.max_len
    if name in docs:
        out["description"] = docs[name]
    return out


def _object(
    shape: dict[str, Field], docs: dict[str, str], nested: dict[str, Any] | None = None
) -> dict[str, Any]:
    nested = nested or {}
    return {
        "type": "object",
        "properties": {k: _field(k, v, nested, docs) for k, v in shape.items()},
        "required": [k for k, v in shape.items() if v.required],
        "additionalProperties": False,
    }


def _when_answer(value: str, then: dict[str, Any], otherwise: dict[str, Any]) -> dict[str, Any]:
    """For ask steps: rules that depend on whether ``answer`` is ``value``."""
    is_ask = {"properties": {"kind": {"const": "ask"}}, "required": ["kind"]}
    return {
        "if": is_ask,
        "then": {
            "if": {"properties": {"answer": {"const": value}}, "required": ["answer"]},
            "then": then,
            "else": otherwise,
        },
    }


def flow_schema() -> dict[str, Any]:
    choice = _object(CHOICE_SHAPE, _CHOICE_DOCS)
    branch = _object(BRANCH_SHAPE, _BRANCH_DOCS)
    breathe = _object(BREATHE_SHAPE, _BREATHE_DOCS)
    draw = _object(DRAW_SHAPE, _DRAW_DOCS)
    nested = {"choice": choice, "branch": branch, "breathe": breathe, "draw": draw}
    step = _object(STEP_SHAPE, _STEP_DOCS, nested)
    step["allOf"] = [
        {
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": {
                "propertyNames": {"enum": sorted(keys)},
                **({"required": list(KIND_NEEDS[kind])} if KIND_NEEDS[kind] else {}),
            },
        }
        for kind, keys in KIND_KEYS.items()
    ] + [
        {"not": {"required": ["choice", "choices_from"]}},
        _when_answer(
            "choice",
            then={"anyOf": [{"required": ["choice"]}, {"required": ["choices_from"]}]},
            otherwise={
                "not": {"anyOf": [{"required": ["choice"]}, {"required": ["choices_from"]}]}
            },
        ),
        _when_answer(
            "scale",
            then={},
            otherwise={"not": {"anyOf": [{"required": ["low"]}, {"required": ["high"]}]}},
        ),
        _when_answer("text", then={}, otherwise={"not": {"required": ["long"]}}),
        {
            "if": {"properties": {"record": {"const": "temperature"}}, "required": ["record"]},
            "then": {"properties": {"answer": {"const": "scale"}}, "required": ["answer"]},
        },
    ]
    flow = _object(FLOW_SHAPE, _FLOW_DOCS, {"step": step})
    flow["properties"]["format"]["const"] = FORMAT_VERSION
    flow["properties"]["step"]["minItems"] = 1
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coach flow script",
        "description": "A short scripted conversation for coach (format 1).",
        **flow,
    }
