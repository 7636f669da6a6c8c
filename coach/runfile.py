"""The flow in progress, saved after every step so nothing typed is lost to a crash."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coach import paths
from coach.atomic import write_atomic


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
    """The saved run, or None. A damaged file is kept aside, never silently reused."""
    path = run_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return SavedRun(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        path.replace(path.with_suffix(".damaged.json"))
        return None


def clear() -> None:
    run_file().unlink(missing_ok=True)
