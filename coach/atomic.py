"""Write a file so that a crash leaves either the old or the new version, never half of one."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def write_atomic(path: Path, data: str | bytes, mode: int = 0o600) -> None:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def load_saved(path: Path, build: Callable[..., T]) -> T | None:
    """A small JSON state file read back as ``build(**data)``, or None if there is none.

    A damaged file is moved aside (``*.damaged.json``), never silently reused or lost."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return build(**data)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError):
        path.replace(path.with_suffix(".damaged.json"))
        return None
