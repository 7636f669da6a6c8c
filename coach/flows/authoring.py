"""Create and save flow files safely: a valid starter, copies, atomic writes with a backup."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from coach import paths
from coach.atomic import write_atomic
from coach.flows.catalog import ID_PATTERN

SCHEMA_FILE = "flow.schema.json"

STARTER = """\
#:schema {schema}
# A flow of your own. Check it with:  coach flows validate {path}
# The format, with every key explained: docs/flow-format.md in coach's source,
# or `coach flows show check-in` to see how a bundled flow is built.
format = 1
id = "{id}"
title = "{title}"
summary = "A short conversation of our own."
minutes = 5

[[step]]
id = "hello"
kind = "say"
text = "Hello {{a}} and {{b}}. {{speaker}} goes first."

[[step]]
id = "feeling"
kind = "ask"
to = "speaker"
answer = "text"
save = "feeling"
text = "{{speaker}}, how are you feeling about the two of us today?"

[[step]]
id = "heard"
kind = "say"
to = "listener"
text = "{{listener}}, say back what you heard: \\"{{feeling}}\\"."

[[step]]
id = "done"
kind = "end"
text = "Thank you both."
"""


class AuthoringError(ValueError):
    """Something a person can fix; the message says what."""


def schema_path() -> Path:
    return paths.bundled_scripts_dir() / SCHEMA_FILE


def check_name(name: str) -> str:
    if not re.fullmatch(ID_PATTERN, name):
        raise AuthoringError(
            f"`{name}` cannot be a flow name: use lower-case letters, digits and dashes, "
            "like `evening-talk`"
        )
    return name


def starter(name: str, path: Path) -> str:
    title = name.replace("-", " ").capitalize()
    return STARTER.format(schema=schema_path().as_uri(), path=path, id=name, title=title)


def copy_of(source: str, name: str) -> str:
    """A flow's text with its id changed to ``name`` (comments and layout kept)."""
    text, n = re.subn(r'(?m)^id\s*=\s*"[^"]*"', f'id = "{name}"', source, count=1)
    if n == 0:
        raise AuthoringError('the flow to copy has no `id = "..."` line in its header')
    if not text.startswith("#:schema"):
        text = f"#:schema {schema_path().as_uri()}\n" + text
    return text


def new_flow(name: str, source: str | None = None) -> Path:
    """Create ``<your flows>/<name>.toml``; never overwrite an existing file."""
    check_name(name)
    folder = paths.user_flows_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    if path.exists():
        raise AuthoringError(f"{path} already exists: choose another name, or edit that one")
    write_atomic(path, copy_of(source, name) if source is not None else starter(name, path), 0o600)
    return path


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def save_flow(path: Path, text: str) -> None:
    """Write ``text`` atomically, keeping the previous version as ``<name>.toml.bak``."""
    if path.exists():
        shutil.copy2(path, backup_path(path))
    write_atomic(path, text, 0o600)


def user_copy_path(flow_id: str) -> Path:
    """Where a bundled flow goes when the couple wants to change it."""
    return paths.user_flows_dir() / f"{flow_id}.toml"


def editor_command() -> list[str]:
    """$VISUAL, then $EDITOR, then the first of nano, vim, vi that exists."""
    for var in ("VISUAL", "EDITOR"):
        if value := os.environ.get(var, "").strip():
            try:
                return shlex.split(value)
            except ValueError as exc:
                raise AuthoringError(f"${var} cannot be read as a command: {exc}") from exc
    for name in ("nano", "vim", "vi"):
        if found := shutil.which(name):
            return [found]
    raise AuthoringError("no editor found: set EDITOR, e.g. `export EDITOR=nano`")


class ExternalEdit:
    """One round trip through the couple's own editor, on a private working copy.

    The real file is never touched here: the caller decides what to do with ``text()``."""

    def __init__(self, name: str, text: str) -> None:
        self.path = paths.ensure_private_dir(paths.editing_dir()) / name
        write_atomic(self.path, text, 0o600)

    def run(self, editor: list[str], call: Callable[[list[str]], int] = subprocess.call) -> int:
        """Open the editor and wait for it; its exit status. Raises AuthoringError."""
        try:
            return call([*editor, str(self.path)])
        except OSError as exc:
            raise AuthoringError(
                f"the editor `{editor[0]}` could not be started: {exc.strerror or exc}"
            ) from exc

    def text(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise AuthoringError(f"the edited copy cannot be read back: {exc}") from exc

    def done(self) -> None:
        """Remove the working copy (after its text was saved or deliberately dropped)."""
        self.path.unlink(missing_ok=True)
