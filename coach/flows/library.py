"""Find the flows a couple can run: bundled ones, and their own (which override by id)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coach import paths
from coach.flows.catalog import Catalog, load_catalog
from coach.flows.load import FlowFile, load_flow
from coach.flows.model import Flow

if TYPE_CHECKING:  # decks are read when a card is first drawn, not for home
    from coach.flows.deck import Deck, DeckFile

Origin = Literal["bundled", "user"]


@dataclass(frozen=True)
class FlowEntry:
    """One flow file as the app lists it."""

    id: str
    origin: Origin
    file: FlowFile
    overrides: bool = False
    #: A newer version on disk that does not validate; ``file`` is the last one that did.
    broken: FlowFile | None = None

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def ok(self) -> bool:
        return self.file.ok

    @property
    def flow(self) -> Flow | None:
        return self.file.flow if self.file.ok else None


def flow_files(folder: Path) -> list[Path]:
    """The flow scripts in ``folder`` (catalogs and word lists left out)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.glob("*.toml")
        if p.name not in paths.CATALOG_FILES and not p.name.endswith(paths.DECK_SUFFIX)
    )


def deck_files(folder: Path) -> list[Path]:
    """The question decks (``*.deck.toml``) in ``folder``."""
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{paths.DECK_SUFFIX}"))


def default_catalog() -> Catalog:
    """The micro-hurt catalog in use (the couple's copy if they made one)."""
    loaded = load_catalog(paths.catalog_file(paths.MICRO_HURTS_FILE))
    return (
        loaded.value
        if loaded.ok
        else load_catalog(paths.bundled_scripts_dir() / paths.MICRO_HURTS_FILE).value
    )


def discover(catalog: Catalog | None = None, cache: Path | None = None) -> list[FlowEntry]:
    """Every flow, sorted by id. A broken user file is listed, never hides the others.

    With ``cache`` (a file), the bundled flows are read and validated once and kept there
    for next time (see ``coach.flows.cache``)."""
    catalog = catalog if catalog is not None else default_catalog()
    files = flow_files(paths.bundled_scripts_dir())
    if cache is not None:
        from coach.flows.cache import load_all

        loaded = load_all(files, catalog, cache, load_flow)
    else:
        loaded = [load_flow(p, catalog) for p in files]
    bundled = [_entry(file, "bundled") for file in loaded]
    user = [_entry(load_flow(p, catalog), "user") for p in flow_files(paths.user_flows_dir())]
    user_ids = {e.id for e in user if e.ok}
    entries = [e for e in bundled if e.id not in user_ids]
    bundled_ids = {e.id for e in bundled}
    entries += [
        FlowEntry(e.id, e.origin, e.file, overrides=e.ok and e.id in bundled_ids) for e in user
    ]
    return sorted(entries, key=lambda e: (e.id, e.origin))


def _entry(file: FlowFile, origin: Origin) -> FlowEntry:
    flow_id = file.flow.id if file.ok and file.flow else file.path.stem
    return FlowEntry(flow_id, origin, file)


def find(flow_id: str, entries: list[FlowEntry] | None = None) -> FlowEntry | None:
    """The runnable flow with ``flow_id`` (a valid user flow wins), else any match."""
    entries = entries if entries is not None else discover()
    matches = [e for e in entries if e.id == flow_id]
    return next((e for e in matches if e.ok), matches[0] if matches else None)


def keep_last_valid(entries: list[FlowEntry], last_valid: dict[Path, FlowEntry]) -> list[FlowEntry]:
    """When a user flow stops validating, keep using its last valid version (and say why).

    ``last_valid`` is updated in place; it remembers one entry per file."""
    out = []
    for entry in entries:
        if entry.ok:
            last_valid[entry.path] = entry
            out.append(entry)
        elif entry.origin == "user" and entry.path in last_valid:
            out.append(replace(last_valid[entry.path], broken=entry.file))
        else:
            out.append(entry)
    return out


def snapshot(folder: Path) -> dict[Path, float]:
    """Modification times of the flow files in a folder (to notice changes cheaply)."""
    out: dict[Path, float] = {}
    for path in flow_files(folder):
        try:
            out[path] = path.stat().st_mtime
        except OSError:
            continue
    return out


@dataclass(frozen=True)
class DeckEntry:
    """One deck file as coach lists it."""

    id: str
    origin: Origin
    file: DeckFile
    overrides: bool = False

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def ok(self) -> bool:
        return self.file.ok

    @property
    def deck(self) -> Deck | None:
        return self.file.deck if self.file.ok else None


def discover_decks(catalog: Catalog | None = None) -> list[DeckEntry]:
    """Every deck file, bundled and the couple's own, sorted by id (broken ones too)."""
    from coach.flows.deck import load_deck

    catalog = catalog if catalog is not None else default_catalog()
    bundled = [_deck_entry(load_deck(p, catalog), "bundled")
               for p in deck_files(paths.bundled_scripts_dir())]  # fmt: skip
    user = [_deck_entry(load_deck(p, catalog), "user") for p in deck_files(paths.user_flows_dir())]
    bundled_ids = {e.id for e in bundled}
    user = [replace(e, overrides=e.ok and e.id in bundled_ids) for e in user]
    return sorted(bundled + user, key=lambda e: (e.id, e.origin))


def _deck_entry(file: DeckFile, origin: Origin) -> DeckEntry:
    deck_id = file.deck.id if file.ok and file.deck else file.path.name[: -len(paths.DECK_SUFFIX)]
    return DeckEntry(deck_id, origin, file)


def decks_in_use(entries: list[DeckEntry]) -> list[Deck]:
    """One deck per id: a valid user deck replaces the bundled one; broken files are left out."""
    chosen: dict[str, Deck] = {}
    for entry in sorted(entries, key=lambda e: e.origin == "user"):  # user decks last: they win
        if entry.deck is not None:
            chosen[entry.id] = entry.deck
    return [chosen[k] for k in sorted(chosen)]
