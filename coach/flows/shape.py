"""Check raw TOML tables against a declared shape, reporting problems with positions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from coach.flows.diagnostics import Diagnostic, did_you_mean, one_of
from coach.flows.locate import KeyPath, Locator
from coach.plain import printable, shorten

TABLES = "tables"  # an array of tables: [[name]]


@dataclass(frozen=True)
class Field:
    """One key a table may hold."""

    type: type | str
    required: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None  # a compiled-on-use regex the text must match
    pattern_hint: str = ""
    max_len: int = 4000  # for text: longer than this is a mistake, or an attack


_TYPE_NAMES: dict[Any, str] = {
    str: "text in quotes",
    int: "a whole number",
    bool: "true or false",
    list: 'a list of text, like ["one", "two"]',
    dict: "a table, like { in = 4, out = 6 }",
    TABLES: "a list of tables, written [[name]]",
}


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _matches(value: Any, kind: type | str) -> bool:
    if kind is TABLES:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    if kind is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, kind)  # type: ignore[arg-type]  # kind is a type here, not TABLES


def _clean(value: Any) -> Any:
    """Text from a file is data: no escape sequences or control characters get through."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [printable(v) if isinstance(v, str) else v for v in value]
    return value


class Checker:
    """Collects diagnostics for one file while its tables are checked."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, message: str, path: KeyPath, hint: str | None = None) -> None:
        self.report_at(code, message, self.locator.at(path), hint)

    def report_at(
        self, code: str, message: str, where: tuple[int, int], hint: str | None = None
    ) -> None:
        """Keep a problem; its words may quote the file, so they are made printable."""
        self.diagnostics.append(
            Diagnostic(code, printable(message), where[0], where[1], hint and printable(hint))
        )

    def table(
        self, data: dict[str, Any], shape: dict[str, Field], path: KeyPath, what: str
    ) -> dict[str, Any]:
        """Check ``data``; return only its well-formed values."""
        good: dict[str, Any] = {}
        for key, value in data.items():
            spec = shape.get(key)
            where = (*path, key)
            if spec is None:
                hint = did_you_mean(key, shape) or f"{what} may have: {one_of(shape)}"
                self.report("E010", f"unknown key `{shorten(key, 40)}` in {what}", where, hint)
                continue
            if not _matches(value, spec.type):
                self.report(
                    "E011",
                    f"`{key}` in {what} should be {_TYPE_NAMES[spec.type]}, not {_type_of(value)}",
                    where,
                )
                continue
            if self._value_ok(key, value, spec, where, what):
                good[key] = _clean(value)
        for key, spec in shape.items():
            if spec.required and key not in data:
                example = f"`{key} = ...` ({_TYPE_NAMES[spec.type]})"
                if spec.allowed:
                    example = f'`{key} = "{spec.allowed[0]}"` (or {one_of(spec.allowed[1:])})'
                self.report("E012", f"{what} is missing `{key}`", path, f"add {example}")
        return good

    def _value_ok(self, key: str, value: Any, spec: Field, where: KeyPath, what: str) -> bool:
        if isinstance(value, str) and len(value) > spec.max_len:
            self.report(
                "E014",
                f"`{key}` in {what} is too long ({len(value)} characters; at most {spec.max_len})",
                where,
                "shorten it, or split it over several steps",
            )
            return False
        shown = shorten(str(value), 40)
        if spec.allowed is not None and value not in spec.allowed:
            hint = did_you_mean(str(value), spec.allowed) or f"use {one_of(spec.allowed)}"
            self.report("E014", f"`{key}` in {what} cannot be `{shown}`", where, hint)
            return False
        if spec.minimum is not None and value < spec.minimum:
            self.report("E014", f"`{key}` in {what} must be at least {spec.minimum}", where)
            return False
        if spec.maximum is not None and value > spec.maximum:
            self.report("E014", f"`{key}` in {what} must be at most {spec.maximum}", where)
            return False
        if spec.pattern is not None:  # text, or each item of a list of text
            items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for i, item in items:
                if len(item) > spec.max_len or not re.fullmatch(spec.pattern, item):
                    at = where if i is None else (*where, i)
                    shown = shorten(item, 40)
                    self.report("E014", f"`{key}` in {what} cannot be `{shown}`", at,
                                spec.pattern_hint)  # fmt: skip
                    return False
        return True
