"""``coach flows new | edit | schema``: write flows safely, like ``crontab -e``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coach.atomic import write_atomic
from coach.cli.common import SubParsers, say

CHOICES = "What now? [e]dit again, [k]eep it as it is (it stays invalid), [d]iscard your changes: "


def register(fsub: SubParsers) -> None:
    p = fsub.add_parser("new", help="start a flow of your own (valid as created)")
    p.add_argument("name", metavar="NAME", help="its id, like evening-talk")
    p.add_argument("--from", dest="source", metavar="FLOW_ID", help="copy an existing flow")
    p.set_defaults(handler=_new)

    p = fsub.add_parser(
        "edit",
        help="edit a flow in $VISUAL or $EDITOR; it is checked when you close the editor",
        description="Opens the flow in your editor. A bundled flow is copied to your flows "
        "folder first. When the editor closes, the flow is checked; the previous version is "
        "kept as NAME.toml.bak.",
    )
    p.add_argument("flow_id", metavar="FLOW_ID")
    p.set_defaults(handler=_edit)

    p = fsub.add_parser("schema", help="print the JSON Schema for flow files")
    p.set_defaults(handler=_schema)


def _new(args: argparse.Namespace) -> int:
    from coach.flows.authoring import AuthoringError, new_flow
    from coach.flows.library import default_catalog, find
    from coach.flows.load import load_flow_text

    source = None
    if args.source:
        entry = find(args.source)
        if entry is None:
            say(f"coach: there is no flow `{args.source}` to copy", err=True)
            return 1
        source = entry.path.read_text(encoding="utf-8")
    try:
        path = new_flow(args.name, source)
    except AuthoringError as exc:
        say(f"coach: {exc}", err=True)
        return 1
    problems = load_flow_text(path.read_text(), path, default_catalog()).diagnostics
    for d in problems:
        say(d.format(str(path)))
    say(f"Created {path}\nEdit it with:  coach flows edit {args.name}")
    return 1 if any(d.is_error for d in problems) else 0


def _edit(args: argparse.Namespace) -> int:
    from coach.flows.authoring import AuthoringError, editor_command, user_copy_path
    from coach.flows.library import find

    entry = find(args.flow_id)
    if entry is None:
        say(f"coach: there is no flow `{args.flow_id}`", err=True)
        return 1
    target = entry.path
    if entry.origin == "bundled":
        target = user_copy_path(entry.id)
        if not target.exists():
            write_atomic(target, entry.path.read_text(encoding="utf-8"), 0o600)
            say(f"Copied the bundled flow to {target}; your copy is used from now on.")
    try:
        return edit_file(target, editor_command())
    except AuthoringError as exc:
        say(f"coach: {exc}", err=True)
        return 1


def edit_file(target: Path, editor: list[str]) -> int:
    """Edit a working copy; the real file changes only when the couple says so."""
    from coach.flows.authoring import ExternalEdit, backup_path, save_flow
    from coach.flows.library import default_catalog
    from coach.flows.load import load_flow_text

    original = target.read_text(encoding="utf-8")
    edit = ExternalEdit(target.name, original)
    catalog = default_catalog()
    while True:
        status = edit.run(editor)
        if status != 0:
            say(f"The editor exited with status {status}; {target} is unchanged "
                  f"(your edits are kept in {edit.path}).")  # fmt: skip
            return 1
        text = edit.text()
        if text == original:
            edit.done()
            say("No changes.")
            return 0
        problems = load_flow_text(text, target, catalog).diagnostics
        for d in problems:
            say(d.format(str(target)))
        if not any(d.is_error for d in problems):
            save_flow(target, text)
            edit.done()
            say(f"Saved {target} (the previous version is in {backup_path(target).name}).")
            return 0
        answer = _ask()
        if answer == "e":
            continue
        if answer == "k":
            save_flow(target, text)
            edit.done()
            say(f"Kept as it is. {target} is marked invalid and not used until it is fixed.")
            return 1
        if answer == "d":
            edit.done()
            say(f"Discarded your changes; {target} is unchanged.")
            return 0
        say(f"No answer, so nothing was changed; your edits are kept in {edit.path}.")
        return 1


def _ask() -> str | None:
    """e, k or d from the keyboard (asked again on anything else); None when input ends."""
    while True:
        say(CHOICES, end="")
        line = sys.stdin.readline()
        if not line:
            say()
            return None
        choice = line.strip().lower()[:1]
        if choice in ("e", "k", "d"):
            return choice


def _schema(args: argparse.Namespace) -> int:
    from coach.flows.json_schema import flow_schema

    say(json.dumps(flow_schema(), indent=2))
    return 0
