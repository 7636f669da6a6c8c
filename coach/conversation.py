"""A conversation in progress: a flow, its run state, and its saved log.

Each conversation has a file of its own in the state folder: a header line, then one line
per event, appended and flushed as each is given. Saving a step costs the same however
long the flow is, a crash loses nothing that was on screen, and resuming replays the events.
While a coach window has a conversation open it holds a lock on its file, so a second
window cannot take it over.
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
from coach.dates import now_iso, parse
from coach.files import read_bounded
from coach.flows import runner
from coach.flows.model import PARTNERS, Flow, Who
from coach.flows.runner import Event, Refusal, RunError, RunState

try:  # a lock so two windows never share one conversation (POSIX; elsewhere, no lock)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]  # Windows has no fcntl; coach then runs unlocked

LOG_FORMAT = 1
MAX_LOG_BYTES = 32 << 20
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


def _lock(f: IO[Any]) -> bool:
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


def read_log(path: Path) -> tuple[str, str, Who, list[Event]]:
    """The header and events of a saved conversation. Raises ValueError when damaged.

    A last line cut short by a crash is left out: its step was never confirmed on screen."""
    raw = read_bounded(path, MAX_LOG_BYTES)
    lines = raw.split(b"\n")
    torn = lines.pop() if lines else b""
    if not lines:
        raise ValueError("it is empty")
    flow_id, started, first = _header(lines[0])
    events: list[Event] = []
    for n, line in enumerate(lines[1:], start=2):
        try:
            events.append(runner.event_from_dict(json.loads(line.decode("utf-8"))))
        except (ValueError, RunError) as exc:
            raise ValueError(f"line {n} is damaged ({exc})") from exc
    del torn  # an unfinished final line: dropped on purpose
    return flow_id, started, first, events


def find_saved() -> tuple[list[SavedConversation], list[str]]:
    """Unfinished conversations, newest first, and a sentence for each damaged file."""
    found: list[SavedConversation] = []
    problems: list[str] = []
    folder = conversations_dir()
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            flow_id, started, first, _ = read_log(path)
            saved_at = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        except FileNotFoundError:
            continue
        except (OSError, ValueError) as exc:
            problems.append(_set_aside(path, str(exc)))
            continue
        found.append(
            SavedConversation(
                path,
                flow_id,
                started,
                saved_at.isoformat(timespec="seconds"),
                first,
                busy=_busy(path),
            )
        )
    found.sort(key=lambda s: s.saved_at, reverse=True)
    return found, problems


def _busy(path: Path) -> bool:
    """Whether another coach window has this conversation open."""
    try:
        with path.open("rb") as f:
            if not _lock(f):
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


class Conversation:
    """One flow being talked through, saved step by step to its own file (``log``).

    A preview (from the editor) keeps nothing; a conversation whose file cannot be written
    goes on unsaved, with ``problem`` saying so."""

    def __init__(
        self,
        flow: Flow,
        state: RunState,
        started_at: str,
        log: IO[bytes] | None,
        path: Path | None,
        *,
        preview: bool = False,
        problem: str = "",
    ) -> None:
        self.flow = flow
        self.state = state
        self.started_at = started_at
        self._log = log
        self.path = path
        self.preview = preview
        self.problem = problem  # set when a step could not be saved (the talk goes on)

    @classmethod
    def begin(cls, flow: Flow, *, preview: bool = False) -> Conversation:
        """A new conversation; unless it is a preview, its file is created and locked."""
        state = runner.start(flow)
        started = now_iso()
        if preview:
            return cls(flow, state, started, None, None, preview=True)
        folder = conversations_dir()
        stamp = re.sub(r"[^0-9]", "", started)[:14]
        path = folder / f"{stamp}-{flow.id}{SUFFIX}"
        header = {"coach_conversation": LOG_FORMAT, "flow_id": flow.id, "started_at": started,
                  "first": state.speaker}  # fmt: skip
        try:
            paths.ensure_private_dir(folder)
            n = 1
            while path.exists():
                n += 1
                path = folder / f"{stamp}-{flow.id}-{n}{SUFFIX}"
            f = _open_log(path, exclusive=True)
        except OSError as exc:
            problem = (
                f"This conversation cannot be saved in {folder} ({exc.strerror or exc}). It "
                "goes on, but will not survive closing coach."
            )
            return cls(flow, state, started, None, None, problem=problem)
        conversation = cls(flow, state, started, f, path)
        conversation._append(header)
        return conversation

    @classmethod
    def resume(cls, saved: SavedConversation, flow: Flow) -> Conversation:
        """Open a saved conversation again, where it was left."""
        try:
            f = _open_log(saved.path, exclusive=False)
        except OSError as exc:
            raise ConversationError(f"it cannot be opened ({exc.strerror or exc})") from exc
        if not _lock(f):
            f.close()
            raise ConversationError("it is open in another coach window")
        try:
            _, started, first, events = read_log(saved.path)
            state = runner.replay(flow, events, first)
        except (RunError, KeyError) as exc:  # RunError first: it is a ValueError too
            f.close()
            raise ConversationError(
                "its flow has changed since, so it cannot be picked up again"
            ) from exc
        except (OSError, ValueError) as exc:
            f.close()
            raise ConversationError(f"it is damaged ({exc})") from exc
        return cls(flow, state, started, f, saved.path)

    def send(self, event: Event) -> Refusal | None:
        """Apply an event and save it. A refused answer comes back, the state unchanged."""
        try:
            self.state = runner.apply(self.flow, self.state, event)
        except Refusal as refusal:
            return refusal
        self._append(runner.event_to_dict(event))
        return None

    def _append(self, data: dict[str, Any]) -> None:
        if self._log is None:
            return
        try:
            self._log.write(json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n")
            self._log.flush()
            os.fsync(self._log.fileno())
        except (OSError, ValueError) as exc:  # ValueError: the file was closed under us
            reason = getattr(exc, "strerror", None) or exc
            self.problem = (
                f"This step could not be saved ({reason}). The conversation "
                "goes on, but will not survive closing coach."
            )

    def close(self) -> None:
        """Let go of the file (it stays, to be picked up again later)."""
        if self._log is not None:
            with contextlib.suppress(OSError):
                self._log.close()
            self._log = None

    def discard(self) -> None:
        """Remove the saved file: the conversation is over or let go."""
        self.close()
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()


def _open_log(path: Path, *, exclusive: bool) -> IO[bytes]:
    flags = os.O_WRONLY | os.O_APPEND | (os.O_CREAT | os.O_EXCL if exclusive else 0)
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0), 0o600)
    f = os.fdopen(fd, "ab")
    if exclusive:
        _lock(f)
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
