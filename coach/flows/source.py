"""Read a TOML file into a table, turning every way it can fail into one diagnostic."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from coach.files import FileTooLarge, MiB, NotRegularFile, read_bounded, size_in_words
from coach.flows.diagnostics import Diagnostic

#: A flow or catalog file is a few KiB; anything over this is a mistake or an attack.
MAX_FILE_BYTES = MiB
#: Flows nest 5 levels (file, steps, step, branches, branch); a little room for more.
MAX_NESTING = 16
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
        size = f" ({size_in_words(exc.size)})" if exc.size else ""
        return None, Diagnostic(
            "E007",
            f"the file is too large{size}: a flow file may be at most {size_in_words(exc.limit)}",
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
            "E007",
            f"the text is too large: a flow file may be at most {size_in_words(MAX_FILE_BYTES)}",
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
