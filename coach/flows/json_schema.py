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

_DOCS = {
    "format": "The flow format version: 1.",
    "id": "The flow's name for `coach run ID`.",
    "title": "Shown in the app.",
    "summary": "One line, shown under the title.",
    "minutes": "About how long the flow takes.",
    "start": "The id of the first step (default: the first step written).",
    "first": "Who holds the floor first: a or b.",
    "kind": "say, ask, acknowledge, pause, swap or end.",
    "to": "Who the step speaks to.",
    "text": "What to show; may use {a}, {b}, {speaker}, {listener} and saved answers.",
    "next": "The step to go to afterwards.",
    "save": "A name for the answer, for placeholders and conditions.",
    "answer": "text, choice or scale (1-10).",
    "private": "Hide each answer until both have answered.",
    "record": "What the history keeps of the answer.",
    "when": "A condition on earlier answers, e.g. temp.max >= 8.",
    "draw": "Draw a question card from the decks, shown as {card}: theme(s), depth, hurt.",
    "long": "A box of several lines, for an answer of a few sentences.",
}


def _field(name: str, spec: Field, nested: dict[str, Any]) -> dict[str, Any]:
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
        out = dict(simple[spec.type])
    if spec.allowed:
        out["enum"] = list(spec.allowed)
    if spec.minimum is not None:
        out["minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    if spec.pattern:
        out["pattern"] = f"^(?:{spec.pattern})$"
    if spec.type is str:
        out["maxLength"] = spec.max_len
    if name in _DOCS:
        out["description"] = _DOCS[name]
    return out


def _object(shape: dict[str, Field], nested: dict[str, Any] | None = None) -> dict[str, Any]:
    nested = nested or {}
    return {
        "type": "object",
        "properties": {k: _field(k, v, nested) for k, v in shape.items()},
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
    choice = _object(CHOICE_SHAPE)
    branch = _object(BRANCH_SHAPE)
    breathe = _object(BREATHE_SHAPE)
    draw = _object(DRAW_SHAPE)
    step = _object(
        STEP_SHAPE, {"choice": choice, "branch": branch, "breathe": breathe, "draw": draw}
    )
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
        {
            "if": {"properties": {"record": {"const": "temperature"}}, "required": ["record"]},
            "then": {"properties": {"answer": {"const": "scale"}}, "required": ["answer"]},
        },
    ]
    flow = _object(FLOW_SHAPE, {"step": step})
    flow["properties"]["format"]["const"] = FORMAT_VERSION
    flow["properties"]["step"]["minItems"] = 1
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "coach flow script",
        "description": "A short scripted conversation for coach (format 1).",
        **flow,
    }
