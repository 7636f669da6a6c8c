"""Shell completion for ``coach`` (bash, zsh, fish), generated from its argparse parser.

``shtab`` writes the scripts. Flow ids and micro-hurt kinds change as the couple edits
their files, so they are completed by running a hidden, quick ``coach`` command at
completion time (``FLOW_IDS_COMMAND``, ``KIND_IDS_COMMAND``), through shtab's per-shell
completers (``shtab.cmd``). Those commands print only ids that match the id pattern:
bash expands the words it completes (``$(...)`` included), so an id read from a file
must never reach it unchecked.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from coach.cli.common import SubParsers
from coach.flows.catalog import ID_PATTERN

SHELLS = ("bash", "zsh", "fish")
FLOW_IDS_COMMAND = "coach flows list --ids"
KIND_IDS_COMMAND = "coach note --kinds --ids"
MAX_ID = 64
_ID = re.compile(ID_PATTERN)
Spec = dict[str, Any]  # shtab's per-shell completer: {"bash": ..., "zsh": ..., "fish": ...}


@cache
def completers() -> dict[str, Spec]:
    """shtab completers by purpose. shtab is imported only here: ``--ids`` stays quick."""
    import shtab

    return {
        "flow_ids": shtab.cmd(f"{FLOW_IDS_COMMAND} 2>/dev/null"),
        "kind_ids": shtab.cmd(f"{KIND_IDS_COMMAND} 2>/dev/null"),
        "flow_files": shtab.glob("*.toml"),
        "export_files": shtab.glob("*.json", "*.toml"),
        "file": dict(shtab.FILE),
    }


def safe_words(words: Iterable[str]) -> list[str]:
    """The ids that are safe to hand to a shell's completion, sorted, each once."""
    return sorted({w for w in words if len(w) <= MAX_ID and _ID.fullmatch(w)})


def flow_ids() -> list[str]:
    """Every flow id (runnable or not: ``flows edit`` mends broken ones), for ``--ids``."""
    from coach.flows.library import discover

    return safe_words(entry.id for entry in discover())


def kind_ids() -> list[str]:
    """Every micro-hurt kind in the catalog in use, for ``note --kinds --ids``."""
    from coach.flows.library import default_catalog

    return safe_words(hurt.id for hurt in default_catalog().hurts)


def subparsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """The parser and every (sub)command parser below it, with its command path."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from subparsers(sub, (*path, name))


def _completer(path: tuple[str, ...], action: argparse.Action) -> Spec | None:
    """What completes this argument, chosen by its metavar (or dest) and command."""
    meta = action.metavar if isinstance(action.metavar, str) else action.dest.upper()
    specs = completers()
    if meta == "FLOW_ID":  # run, flows show, flows edit, flows new --from
        return specs["flow_ids"]
    if meta == "KIND" and path == ("note",):
        return specs["kind_ids"]
    if path == ("flows", "validate") and meta == "PATH":
        return specs["flow_files"]
    if path == ("history", "import") and meta == "FILE":
        return specs["export_files"]
    if meta == "FILE":
        return specs["file"]
    return None


def add_completers(parser: argparse.ArgumentParser) -> None:
    """Attach shtab completers to the arguments that take flow ids, kinds or files."""
    for path, sub in subparsers(parser):
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
                continue
            if (spec := _completer(path, action)) is not None:
                action.complete = spec  # type: ignore[attr-defined]  # read by shtab


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (bash, zsh or fish)."""
    if shell not in SHELLS:
        raise ValueError(f"no completion for {shell!r}: choose one of {', '.join(SHELLS)}")
    import shtab

    add_completers(parser)
    return str(shtab.complete(parser, shell=shell))


INSTALL = {
    "bash": "coach completion bash > ~/.local/share/bash-completion/completions/coach",
    "zsh": "coach completion zsh > ~/.zfunc/_coach  (with fpath+=~/.zfunc before compinit)",
    "fish": "coach completion fish > ~/.config/fish/completions/coach.fish",
}


def register(sub: SubParsers) -> None:
    """Add ``coach completion SHELL`` to the command's subparsers."""
    p = sub.add_parser(
        "completion",
        help="print a shell completion script: bash, zsh or fish",
        description="Print a script that lets your shell complete coach's commands, flow "
        "ids and kinds of hurt. Install it once:\n  " + "\n  ".join(INSTALL.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    p.set_defaults(handler=_print_script)


def _print_script(args: argparse.Namespace) -> int:
    from coach.cli import build_parser

    sys.stdout.write(script(build_parser(), args.shell))
    return 0


def print_ids(ids: Iterable[str]) -> int:
    """Write ids one per line, for the hidden ``--ids`` flags; exit code 0."""
    sys.stdout.write("".join(f"{i}\n" for i in ids))
    return 0
