"""State files read back at start (the pause, a saved conversation): untrusted input.

A file that cannot be used is moved aside, never silently reused or lost, and the reader
gets a sentence to show the couple.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
MAX_STATE_BYTES = 1 << 20


class Unreadable(ValueError):
    """A file that exists but cannot be used; the message says why."""


def read_regular(path: Path, limit: int = MAX_STATE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Never blocks on a FIFO or device, never reads more than ``limit`` + 1 bytes.
    Raises FileNotFoundError, PermissionError, or Unreadable."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError as exc:
        raise Unreadable("it is a folder") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("it is not a regular file")
        if info.st_size > limit:
            raise Unreadable(f"it is larger than {limit // 1024} KB")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise Unreadable(f"it is larger than {limit // 1024} KB")
    return data


def set_aside(path: Path, tag: str = "damaged") -> Path:
    """Move a file out of the way (never delete it); return where it went."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.{tag}-{stamp}{path.suffix}")
    n = 1
    while kept.exists():
        n += 1
        kept = path.with_name(f"{path.stem}.{tag}-{stamp}-{n}{path.suffix}")
    path.replace(kept)
    return kept


def read_state(path: Path, parse: Callable[[object], T], what: str) -> tuple[T | None, str]:
    """``parse(json of path)``; (None, "") if there is no file.

    ``parse`` raises ValueError, TypeError or KeyError for data it cannot use; then the file
    is set aside and the second value says so, naming ``what`` it was."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return None, ""
    except PermissionError:
        return None, f"coach may not read {path} ({what}): check its permissions."
    except Unreadable as exc:
        return None, _aside(path, what, str(exc))
    except OSError as exc:
        return None, f"{path} ({what}) cannot be read: {exc.strerror or exc}."
    try:
        return parse(json.loads(raw.decode("utf-8"))), ""
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        return None, _aside(path, what, _reason(exc))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnicodeDecodeError | json.JSONDecodeError):
        return "it is not readable text"
    if isinstance(exc, RecursionError):
        return "it is nested too deeply"
    return str(exc)[:200] or type(exc).__name__


def _aside(path: Path, what: str, reason: str) -> str:
    try:
        kept = set_aside(path)
    except OSError as exc:
        return (
            f"{what.capitalize()} in {path} cannot be used ({reason}), and could not be "
            f"moved aside ({exc.strerror or exc}). Move it away by hand."
        )
    return f"{what.capitalize()} could not be used ({reason}); it was kept as {kept}."
