"""Where conversations are kept: each in a file of its own in the state folder, a header
line then one line per event, appended and flushed as each is given. Saving a step costs
the same however long the flow is, a crash loses nothing that was on screen, and resuming
replays the events. While a coach window has a conversation open it holds a lock on its
file, so a second window cannot take it over. A line may also keep an answer still being
typed (a draft), so closing the terminal loses no words either.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from coach import files, paths, statefile
from coach.dates import parse
from coach.files import read_bounded
from coach.flows import runner
from coach.flows.model import PARTNERS, Who
from coach.flows.runner import Event, RunError
from coach.plain import printable

try:  # a lock so two windows never share one conversation (POSIX; elsewhere, no lock)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]  # Windows has no fcntl; coach then runs unlocked

LOG_FORMAT = 1
MAX_LOG_BYTES = 32 << 20
MAX_DRAFT = 10_000
SUFFIX = ".jsonl"


class ConversationError(RuntimeError):
    """A conversation cannot be opened, resumed or saved; the message says why."""


@dataclass(frozen=True)
class SavedConversation:
    """An unfinished conversation found in the state folder."""

    path: Path
    flow_id: str
    started_at: str
    saved_at: str  # when its last step was saved
    first: Who
    busy: bool = False  # open in another coach window right now


def conversations_dir() -> Path:
    return paths.state_dir() / "conversations"


def lock(f: IO[Any]) -> bool:
    """Take the file's lock without waiting; False when another window holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _header(line: bytes) -> tuple[str, str, Who]:
    data = json.loads(line.decode("utf-8"))
    if not isinstance(data, dict) or data.get("coach_conversation") != LOG_FORMAT:
        raise ValueError("it is not a saved conversation")
    flow_id, started, first = data.get("flow_id"), data.get("started_at"), data.get("first")
    if not isinstance(flow_id, str) or not isinstance(started, str) or first not in PARTNERS:
        raise ValueError("its first line is damaged")
    if parse(started) is None:
        raise ValueError("its start time is damaged")
    return flow_id, started, "a" if first == "a" else "b"


@dataclass(frozen=True)
class Draft:
    """Words being typed when the log was last written: who, at which step, what."""

    step: str
    who: Who
    text: str


@dataclass(frozen=True)
class Log:
    """A saved conversation read back: its header, its events and a draft, if any."""

    flow_id: str
    started_at: str
    first: Who
    events: list[Event]
    draft: Draft | None = None


def _draft(data: dict[str, Any]) -> Draft | None:
    step, who, text = data.get("step"), data.get("who"), data.get("text")
    if isinstance(step, str) and who in PARTNERS and isinstance(text, str):
        return Draft(step, "a" if who == "a" else "b", printable(text)[:MAX_DRAFT])
    return None


def read_log(path: Path) -> Log:
    """A saved conversation. Raises ValueError when it is damaged.

    A last line cut short by a crash is left out: its step was never confirmed on screen.
    A draft counts only if nothing was given after it."""
    raw = read_bounded(path, MAX_LOG_BYTES)
    lines = raw.split(b"\n")
    lines.pop()  # after the last newline: empty, or a line a crash cut short
    if not lines:
        raise ValueError("it is empty")
    flow_id, started, first = _header(lines[0])
    events: list[Event] = []
    draft: Draft | None = None
    for n, line in enumerate(lines[1:], start=2):
        try:
            data = json.loads(line.decode("utf-8"))
            if isinstance(data, dict) and isinstance(data.get("draft"), dict):
                draft = _draft(data["draft"])
                continue
            events.append(runner.event_from_dict(data))
            draft = None
        except (ValueError, RunError) as exc:
            raise ValueError(f"line {n} is damaged ({exc})") from exc
    return Log(flow_id, started, first, events, draft)


def find_saved() -> tuple[list[SavedConversation], list[str]]:
    """Unfinished conversations, newest first, and a sentence for each damaged file."""
    found: list[SavedConversation] = []
    problems: list[str] = []
    folder = conversations_dir()
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            log = read_log(path)
            saved_at = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:
            problems.append(_set_aside(path, str(exc)))
            continue
        found.append(
            SavedConversation(
                path,
                log.flow_id,
                log.started_at,
                saved_at.isoformat(timespec="seconds"),
                log.first,
                busy=_busy(path),
            )
        )
    found.sort(key=lambda s: s.saved_at, reverse=True)
    return found, problems


def _busy(path: Path) -> bool:
    """Whether another coach window has this conversation open."""
    try:
        with path.open("rb") as f:
            if not lock(f):
                return True
            if fcntl is not None:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    except OSError:
        return False
    return False


def _set_aside(path: Path, reason: str) -> str:
    try:
        kept = files.set_aside(path, keep_suffix=False)
    except OSError:
        return f"A saved conversation ({path}) cannot be read: {reason}."
    return f"A saved conversation could not be read ({reason}); it was kept as {kept}."


def open_log(path: Path, *, exclusive: bool) -> IO[bytes]:
    flags = os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if exclusive else 0)
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o600)
    f = os.fdopen(fd, "ab")
    if exclusive:
        lock(f)
    return f


def let_go(saved: SavedConversation) -> None:
    """Remove an unfinished conversation nobody wants to pick up."""
    with contextlib.suppress(FileNotFoundError):
        saved.path.unlink()


def migrate_legacy_run() -> str:
    """coach 0.1 kept one conversation in ``run.json``: turn it into a log file.

    Returns a sentence when the old file could not be used (it is then kept aside)."""
    old = paths.state_dir() / "run.json"
    if not old.exists():
        return ""
    data, problem = statefile.read_state(old, _legacy, "the saved conversation")
    if data is None:
        return problem
    flow_id, started, events = data
    folder = paths.ensure_private_dir(conversations_dir())
    stamp = re.sub(r"[^0-9]", "", started)[:14] or "0"
    path = folder / f"{stamp}-{flow_id}{SUFFIX}"
    header = {"coach_conversation": LOG_FORMAT, "flow_id": flow_id, "started_at": started,
              "first": "a"}  # fmt: skip
    lines = [json.dumps(header)] + [json.dumps(runner.event_to_dict(e)) for e in events]
    from coach.atomic import write_atomic

    write_atomic(path, "\n".join(lines) + "\n")
    old.unlink()
    return ""


def _legacy(data: object) -> tuple[str, str, list[Event]]:
    if not isinstance(data, dict) or not isinstance(data.get("state"), dict):
        raise ValueError("it is not a saved conversation")
    flow_id, started = data.get("flow_id"), data.get("started_at")
    if not isinstance(flow_id, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", flow_id):
        raise ValueError("its flow id is damaged")
    if not isinstance(started, str) or parse(started) is None:
        raise ValueError("its start time is damaged")
    raw = data["state"].get("events", [])
    if not isinstance(raw, list):
        raise ValueError("its steps are damaged")
    try:
        return flow_id, started, [runner.event_from_dict(e) for e in raw]
    except RunError as exc:
        raise ValueError(str(exc)) from exc
