"""Shared fixtures: a throwaway home for every test, and the bundled flows."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from coach import paths
from coach.flows.catalog import Catalog, load_catalog
from coach.flows.load import load_flow
from coach.flows.model import Flow

# The same examples on every run, so a test run (and CI) is repeatable; HYPOTHESIS_PROFILE=
# explore looks for new ones (run it now and then, and keep what it finds as a test).
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parent.parent
BUNDLED_FLOWS = tuple(
    sorted(p.stem for p in (REPO / "scripts").glob("*.toml") if p.stem not in
           ("micro-hurts", "gentle-phrases") and not p.name.endswith(".deck.toml"))
)  # fmt: skip


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every XDG directory into a temporary folder, so no test touches real files."""
    root = tmp_path / "home"
    for var, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(root / sub))
    monkeypatch.setenv("HOME", str(root))
    return root


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    loaded = load_catalog(REPO / "scripts" / paths.MICRO_HURTS_FILE)
    assert loaded.ok, loaded.diagnostics
    return loaded.value


@pytest.fixture(scope="session")
def bundled(catalog: Catalog) -> dict[str, Flow]:
    flows = {}
    for name in BUNDLED_FLOWS:
        file = load_flow(REPO / "scripts" / f"{name}.toml", catalog)
        assert file.ok and file.flow, [d.format(name) for d in file.diagnostics]
        flows[name] = file.flow
    return flows
