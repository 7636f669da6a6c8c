"""``coach flows ...``: list, validate and show flow scripts."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from coach.cli.common import SubParsers, say

# Each command imports what it needs when it runs: `coach` itself starts quicker.
if TYPE_CHECKING:
    from coach.flows.diagnostics import Diagnostic


def register(sub: SubParsers) -> None:
    flows = sub.add_parser(
        "flows",
        help="list, check and show the conversation scripts",
        description=(
            "Flows are short TOML scripts. Yours live in the folder `coach paths` shows and "
            "override a bundled flow with the same id."
        ),
    )
    flows.set_defaults(handler=lambda _args: _list(_args))
    fsub = flows.add_subparsers(title="flow commands", metavar="ACTION")

    p = fsub.add_parser("list", help="every flow, where it comes from and whether it is valid")
    p.add_argument("--ids", action="store_true", help=argparse.SUPPRESS)  # for completion
    p.set_defaults(handler=_list)

    p = fsub.add_parser(
        "validate",
        help="check flow files; exit 0 when all are valid, 1 when any has an error",
        description="Check flow files (and question decks, the micro-hurt catalog or the "
        "phrase list). With no PATH, checks every bundled and user flow and deck. "
        "Exit 0: all valid; 1: errors; 2: usage.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", type=Path)
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.set_defaults(handler=_validate)

    p = fsub.add_parser("show", help="a flow's steps as a readable outline")
    p.add_argument("flow_id", metavar="FLOW_ID")
    p.set_defaults(handler=_show)

    from coach.cli import edit

    edit.register(fsub)


def _list(args: argparse.Namespace) -> int:
    if getattr(args, "ids", False):
        from coach.cli.completion import flow_ids, print_ids

        return print_ids(flow_ids())
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from coach.flows.library import discover

    entries = discover()
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("id", "title", "from", "status"):
        table.add_column(col)
    for e in entries:
        if e.ok and e.flow:
            status = Text("valid", "green") + (" (overrides bundled)" if e.overrides else "")
            title = e.flow.title
        else:
            first = e.file.first_error
            status = Text("invalid", "red") + f": {first.message if first else 'unreadable'}"
            title = "-"
        table.add_row(Text(e.id), Text(title), e.origin, status)  # titles are text, not markup
    Console().print(table)
    broken_deck = _deck_summary()
    if broken_deck or any(not e.ok for e in entries):
        say("\nRun `coach flows validate` to see every problem with its line number.")
    return 0


def _deck_summary() -> bool:
    """One line about the question decks (and one per broken deck); True if any is broken."""
    from coach.flows.library import decks_in_use, discover_decks

    entries = discover_decks()
    decks = decks_in_use(entries)
    cards = sum(len(d.cards) for d in decks)
    say(f"\n{len(decks)} question deck{'s' if len(decks) != 1 else ''}, {cards} cards.")
    for e in entries:
        if not e.ok:
            first = e.file.first_error
            why = first.message if first else "unreadable"
            kept = " (the bundled one is used)" if any(d.id == e.id for d in decks) else ""
            say(f"The deck {e.path.name} is invalid{kept}: {why}")
    return any(not e.ok for e in entries)


def check_file(path: Path) -> list[Diagnostic]:
    """Diagnostics for one file: a flow, a question deck, the catalog or the phrase list."""
    from coach import paths
    from coach.flows.catalog import load_catalog, load_gentle_phrases
    from coach.flows.deck import load_deck
    from coach.flows.library import default_catalog
    from coach.flows.load import load_flow

    if path.name == paths.MICRO_HURTS_FILE:
        return load_catalog(path).diagnostics
    if path.name == paths.GENTLE_PHRASES_FILE:
        return load_gentle_phrases(path).diagnostics
    if path.name.endswith(paths.DECK_SUFFIX):
        return load_deck(path, default_catalog()).diagnostics
    return load_flow(path, default_catalog()).diagnostics


def _validate(args: argparse.Namespace) -> int:
    from coach import paths
    from coach.flows.library import deck_files, flow_files

    targets: list[Path] = list(args.paths) or [
        *flow_files(paths.bundled_scripts_dir()),
        *flow_files(paths.user_flows_dir()),
        *deck_files(paths.bundled_scripts_dir()),
        *deck_files(paths.user_flows_dir()),
    ]
    failed = 0
    for path in targets:
        diagnostics = check_file(path)
        for d in diagnostics:
            say(d.format(str(path)))
        if any(d.is_error for d in diagnostics):
            failed += 1
        else:
            if not args.quiet:
                say(f"{path}: ok" + (" (with warnings)" if diagnostics else ""))
    if not args.quiet:
        files = f"{len(targets)} file" + ("s" if len(targets) != 1 else "")
        say(f"\n{failed} of {files} with errors." if failed else f"\nAll {files} valid.")
    return 1 if failed else 0


def _show(args: argparse.Namespace) -> int:
    from coach.flows.library import discover, find
    from coach.flows.outline import outline

    entry = find(args.flow_id)
    if entry is None:
        known = ", ".join(sorted({e.id for e in discover()}))
        say(f"coach: there is no flow `{args.flow_id}`. Flows you have: {known}")
        return 1
    if not entry.ok or entry.flow is None:
        say(f"coach: the flow `{args.flow_id}` in {entry.path} has errors:")
        for d in entry.file.diagnostics:
            say(d.format(str(entry.path)))
        return 1
    say("\n".join(outline(entry.flow)))
    say(f"\n(from {entry.path})")
    return 0
