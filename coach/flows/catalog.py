"""The micro-hurt catalog (``scripts/micro-hurts.toml``) and the gentle-phrasing list."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from coach.flows.diagnostics import Diagnostic
from coach.flows.locate import Locator
from coach.flows.model import FORMAT_VERSION
from coach.flows.shape import TABLES, Checker
from coach.flows.shape import Field as F
from coach.flows.source import parse_toml, read_text

ID_PATTERN = r"[a-z0-9][a-z0-9-]*"
ID_HINT = "ids use lower-case letters, digits and dashes, like `phone` or `solo-decision`"


@dataclass(frozen=True)
class CatalogItem:
    """A micro-hurt kind or a repair family."""

    id: str
    name: str
    about: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalog:
    hurts: tuple[CatalogItem, ...] = ()
    repairs: tuple[CatalogItem, ...] = ()

    def section(self, name: str) -> tuple[CatalogItem, ...]:
        return self.hurts if name == "micro-hurts" else self.repairs

    def hurt(self, hurt_id: str) -> CatalogItem | None:
        return next((h for h in self.hurts if h.id == hurt_id), None)

    def name_of(self, value: str) -> str:
        """The readable name for a hurt or repair id (the id itself if unknown)."""
        for entry in (*self.hurts, *self.repairs):
            if entry.id == value:
                return entry.name
        return value


@dataclass(frozen=True)
class GentlePhrase:
    """A harsh phrase to point out while someone writes, and a softer way to say it."""

    match: str
    instead: str
    why: str = ""


T = TypeVar("T")


@dataclass
class Loaded(Generic[T]):
    """What loading a catalog-like file gave: the value and any diagnostics."""

    value: T
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


_ENTRY = {
    "id": F(str, required=True, pattern=ID_PATTERN, pattern_hint=ID_HINT, max_len=64),
    "name": F(str, required=True, max_len=80),
    "about": F(str),
    "examples": F(list),
}
_CATALOG = {
    "format": F(int, required=True),
    "hurt": F(TABLES, required=True),
    "repair": F(TABLES),
}
_PHRASE = {"match": F(str, required=True), "instead": F(str, required=True), "why": F(str)}
_PHRASES = {"format": F(int, required=True), "phrase": F(TABLES, required=True)}


def _read(path: Path) -> tuple[dict[str, Any] | None, Checker | None, list[Diagnostic]]:
    text, problem = read_text(path)
    if problem:
        return None, None, [problem]
    assert text is not None
    data, problem = parse_toml(text)
    if problem:
        return None, None, [problem]
    return data, Checker(Locator(text)), []


def check_format(checker: Checker, data: dict[str, Any]) -> bool:
    """Report a format version this coach cannot read; True when it can."""
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool):
        if version > FORMAT_VERSION:
            checker.report(
                "E005",
                f"this file needs a newer coach (it is format {version}; "
                f"this coach reads format {FORMAT_VERSION})",
                ("format",),
                "update coach, or rewrite the file for format 1",
            )
            return False
        if version < 1:
            checker.report("E006", f"format {version} does not exist", ("format",), "use 1")
            return False
    return True


def _entries(checker: Checker, tables: list[dict[str, Any]], name: str) -> tuple[CatalogItem, ...]:
    out: list[CatalogItem] = []
    seen: set[str] = set()
    for i, raw in enumerate(tables):
        good = checker.table(raw, _ENTRY, (name, i), f"{name} #{i + 1}")
        if "id" not in good or "name" not in good:
            continue
        if good["id"] in seen:
            checker.report("E020", f"{name} id `{good['id']}` is used twice", (name, i, "id"))
            continue
        seen.add(good["id"])
        out.append(
            CatalogItem(
                good["id"], good["name"], good.get("about", ""), tuple(good.get("examples", ()))
            )
        )
    return tuple(out)


def load_catalog(path: Path) -> Loaded[Catalog]:
    """Load a micro-hurt catalog; an unusable file gives an empty catalog and diagnostics."""
    data, checker, problems = _read(path)
    if data is None or checker is None:
        return Loaded(Catalog(), problems)
    good = checker.table(data, _CATALOG, (), "the catalog")
    catalog = Catalog()
    if check_format(checker, data):
        catalog = Catalog(
            _entries(checker, good.get("hurt", []), "hurt"),
            _entries(checker, good.get("repair", []), "repair"),
        )
    return Loaded(catalog, checker.diagnostics)


def load_gentle_phrases(path: Path) -> Loaded[tuple[GentlePhrase, ...]]:
    """Load the gentle-phrasing list."""
    data, checker, problems = _read(path)
    if data is None or checker is None:
        return Loaded((), problems)
    good = checker.table(data, _PHRASES, (), "the phrase list")
    phrases: list[GentlePhrase] = []
    if check_format(checker, data):
        for i, raw in enumerate(good.get("phrase", [])):
            ok = checker.table(raw, _PHRASE, ("phrase", i), f"phrase #{i + 1}")
            if "match" in ok and "instead" in ok:
                phrases.append(GentlePhrase(ok["match"], ok["instead"], ok.get("why", "")))
    return Loaded(tuple(phrases), checker.diagnostics)
