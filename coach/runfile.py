"""The flow in progress, saved after every step so nothing typed is lost to a crash."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coach import paths
from coach.atomic import load_saved, write_atomic


@dataclass
class SavedRun:
    """A run that has not finished yet."""

    flow_id: str
    started_at: str
    state: dict[str, Any]
    saved_at: str = ""


def run_file() -> Path:
    return paths.state_dir() / "run.json"


def save(run: SavedRun) -> None:
    paths.ensure_private_dir(run_file().parent)
    write_atomic(run_file(), json.dumps(asdict(run), ensure_ascii=False))


def load() -> SavedRun | None:
    """The saved run, or None; a damaged file is kept aside."""
    return load_saved(run_file(), SavedRun)


def clear() -> None:
    run_file().unlink(missing_ok=True)
