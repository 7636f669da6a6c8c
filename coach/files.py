"""Files from the couple's disk, read safely: only ordinary files, never more than a
limit, never blocking on a pipe; and set aside (never deleted) when they cannot be used."""

from __future__ import annotations

import errno
import os
import stat
from datetime import datetime
from pathlib import Path

MiB = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError):
    """A path that is not an ordinary file (a pipe, socket or device): never read it."""

    def __init__(self, what: str) -> None:
        super().__init__(f"this is {what}, not an ordinary file")
        self.what = what


class FileTooLarge(OSError):
    """A file over the size limit; ``size`` is its size in bytes (None if it did not say)."""

    def __init__(self, size: int | None, limit: int) -> None:
        super().__init__(f"the file is larger than {size_in_words(limit)}")
        self.size, self.limit = size, limit


def size_in_words(n: int) -> str:
    """A size people read: 512 KiB, 1.5 MiB."""
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


def set_aside(path: Path, tag: str = "damaged", *, keep_suffix: bool = True) -> Path:
    """Move a file out of the way (never delete it); return where it went. With
    ``keep_suffix`` False the file no longer ends as it did, so nothing reads it again."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")

    def name(n: int) -> str:
        extra = f"-{n}" if n > 1 else ""
        if keep_suffix:
            return f"{path.stem}.{tag}-{stamp}{extra}{path.suffix}"
        return f"{path.name}.{tag}-{stamp}{extra}"

    n = 1
    kept = path.with_name(name(n))
    while kept.exists():
        n += 1
        kept = path.with_name(name(n))
    path.replace(kept)
    return kept
