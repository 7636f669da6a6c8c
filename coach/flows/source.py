"""Read a TOML file into a table, turning every way it can fail into one diagnostic."""

from __future__ import annotations

import errno
import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from coach.flows.diagnostics import Diagnostic

MiB = 1 << 20
#: A flow or catalog file is a few KiB; anything over this is a mistake or an attack.
MAX_FILE_BYTES = MiB
#: Flows nest 5 levels (file, steps, step, branches, branch); a little room for more.
MAX_NESTING = 16
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")

#: tomllib's wording -> what a person who edits a script needs to hear.
_PLAIN = {
    "illegal character '\\n'": (
        "this line ends inside a quoted text",
        'add the closing `"`, or use `"""` for text over several lines',
    ),
    "invalid value": (
        "the value after `=` cannot be read",
        'text needs quotes (`title = "Evening talk"`); numbers and true/false do not',
    ),
    "cannot overwrite a value": (
        "this key is set twice",
        "keep one of the two lines",
    ),
    "expected '=' after a key in a key/value pair": (
        "expected `=` after the key",
        "write keys as `name = value`",
    ),
}


class NotRegularFile(OSError):
    """A path that is not an ordinary file (a pipe, socket or device): never read it."""

    def __init__(self, what: str) -> None:
        super().__init__(f"this is {what}, not an ordinary file")
        self.what = what


class FileTooLarge(OSError):
    """A file over the size limit; ``size`` is its size in bytes (None if it did not say)."""

    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(f"the file is larger than {_size(limit)}")
        self.size, self.limit = size, limit


def _size(n: int) -> str:
    return f"{n / MiB:.1f} MiB".replace(".0 ", " ") if n >= MiB else f"{(n + 1023) // 1024} KiB"


def _what(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not an ordinary file"


def _mode(path: Path) -> int | None:
    try:
        return os.stat(path).st_mode
    except OSError:
        return None


def read_bounded(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Opens without blocking (a pipe with no writer cannot hang) and checks the opened file
    itself, so a symlink to ``/dev/zero`` or a FIFO is refused before anything is read.
    Raises NotRegularFile, FileTooLarge, IsADirectoryError or another OSError.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened; say what it is
            mode = _mode(path)
            if mode is not None and not stat.S_ISREG(mode):
                raise NotRegularFile(_what(mode)) from exc
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(_what(info.st_mode))
        if info.st_size > limit:
            raise FileTooLarge(info.st_size, limit)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:  # st_size can be 0 or stale (procfs, a growing file)
            chunk = os.read(fd, min(limit + 1 - got, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise FileTooLarge(None, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_text(path: Path) -> tuple[str | None, Diagnostic | None]:
    """The file's text, or a one-line reason it cannot be used."""
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return None, Diagnostic("E001", "no such file: check the name and folder")
    except IsADirectoryError:
        return None, Diagnostic("E001", "this is a folder, not a flow file")
    except PermissionError:
        return None, Diagnostic("E001", "coach may not read this file: check its permissions")
    except NotRegularFile as exc:
        return None, Diagnostic(
            "E008",
            f"this is {exc.what}, not a flow file: coach reads only ordinary files",
        )
    except FileTooLarge as exc:
        size = f" ({_size(exc.size)})" if exc.size else ""
        return None, Diagnostic(
            "E007",
            f"the file is too large{size}: a flow file may be at most {_size(exc.limit)}",
        )
    except OSError as exc:
        return None, Diagnostic("E001", f"the file cannot be read ({exc.strerror or exc})")
    if b"\x00" in raw:
        return None, Diagnostic("E002", "this looks like a binary file, not TOML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Diagnostic(
            "E002", "the file is not UTF-8 text: save it as UTF-8 and try again", line
        )
    return text, None


def too_deep(data: object, limit: int) -> bool:
    """Whether tables and lists in ``data`` nest more than ``limit`` levels (no recursion)."""
    todo: list[tuple[object, int]] = [(data, 1)]
    while todo:
        value, depth = todo.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            items = value.values() if isinstance(value, dict) else value
            todo.extend((item, depth + 1) for item in items)
    return False


def parse_toml(text: str) -> tuple[dict[str, Any] | None, Diagnostic | None]:
    """The parsed table, or a syntax diagnostic at the line tomllib names."""
    if len(text) > MAX_FILE_BYTES:
        return None, Diagnostic(
            "E007", f"the text is too large: a flow file may be at most {_size(MAX_FILE_BYTES)}"
        )
    if not text.strip():
        return None, Diagnostic("E004", "the file is empty: a flow needs a header and steps")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        return None, _too_deep()
    except tomllib.TOMLDecodeError as exc:
        return None, _syntax(text, exc)
    except ValueError as exc:  # e.g. an integer with thousands of digits
        return None, Diagnostic("E003", f"this is not valid TOML: {exc}"[:200])
    if too_deep(data, MAX_NESTING):
        return None, _too_deep()
    return data, None


def _too_deep() -> Diagnostic:
    return Diagnostic(
        "E009",
        f"the file nests tables and lists more than {MAX_NESTING} levels deep",
        hint="look for `[` or `{` opened inside one another",
    )


def _syntax(text: str, exc: tomllib.TOMLDecodeError) -> Diagnostic:
    """A syntax diagnostic at the line tomllib names, in words for a person."""
    msg = str(exc)
    m = _AT.search(msg)
    line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
    if "(at end of document)" in msg:
        line, col = text.count("\n") + 1, 1
        return Diagnostic(
            "E003",
            "this is not valid TOML: the file ends in the middle of a value",
            line,
            col,
            "look for a `[`, `{` or quote above that is never closed",
        )
    reason = _AT.sub("", msg).strip().rstrip(".")
    reason = reason[:1].lower() + reason[1:]
    reason, hint = _PLAIN.get(
        reason, (reason, "check for a missing quote, `=` or bracket here or just above")
    )
    return Diagnostic("E003", f"this is not valid TOML: {reason}", line, col, hint)
