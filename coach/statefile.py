"""State files read back at start (the pause, a saved conversation): untrusted input.

A file that cannot be used is moved aside, never silently reused or lost, and the reader
gets a sentence to show the couple.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from coach.files import MiB, read_bounded, set_aside

T = TypeVar("T")
MAX_STATE_BYTES = MiB


def read_state(path: Path, parse: Callable[[object], T], what: str) -> tuple[T | None, str]:
    """``parse(json of path)``; (None, "") if there is no file.

    ``parse`` raises ValueError, TypeError or KeyError for data it cannot use; then the file
    is set aside and the second value says so, naming ``what`` it was."""
    try:
        raw = read_bounded(path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return None, ""
    except PermissionError:
        return None, f"coach may not read {path} ({what}): check its permissions."
    except IsADirectoryError:
        return None, f"{path} ({what}) is a folder: move it away, and coach starts afresh."
    except OSError as exc:  # not an ordinary file, too large, or a disk problem
        return None, _aside(path, what, str(exc))
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
