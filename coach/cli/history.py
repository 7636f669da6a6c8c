"""``coach note`` and ``coach history ...``: notes, the history table, export and import."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.cli.common import SubParsers, fail, names, open_store, say
from coach.history.exchange import FORMATS

EPILOG = """\
examples:
  coach note phone "at dinner" --by Sam
  coach history --search holidays
  coach history export --format md -o notes-for-our-therapist.md
  coach history import backup.json"""


def register(sub: SubParsers) -> None:
    p = sub.add_parser(
        "note",
        help="note a small hurt from the shell, e.g. `coach note phone --by Sam`",
        description="Keep a quick note of a moment when one of you felt hurt. KIND is a "
        "micro-hurt kind from the catalog (see `coach note --kinds`).",
    )
    p.add_argument("kind", nargs="?", metavar="KIND")
    p.add_argument("words", nargs="*", metavar="WORDS", help="a few words, if you like")
    p.add_argument("--by", metavar="WHO", help="who felt hurt: a name, or a / b")
    p.add_argument("--kinds", action="store_true", help="list the kinds and exit")
    p.add_argument("--ids", action="store_true", help=argparse.SUPPRESS)  # for completion
    p.set_defaults(handler=_note)

    h = sub.add_parser(
        "history",
        help="recent entries; export, import, fresh-start",
        description="Your history, newest first.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    h.add_argument("-n", "--limit", type=int, default=20, help="how many (default 20)")
    h.add_argument("--type", choices=("conversation", "note", "reset"), help="only this type")
    h.add_argument("--search", default="", metavar="TEXT", help="only entries with this text")
    h.set_defaults(handler=_table)
    hsub = h.add_subparsers(title="history commands", metavar="ACTION")

    e = hsub.add_parser("export", help="write the whole history as toml, json, csv or md")
    e.add_argument("--format", choices=FORMATS, default="json")
    e.add_argument("-o", "--output", type=Path, metavar="FILE", help="a file (default: print)")
    e.set_defaults(handler=_export)

    i = hsub.add_parser("import", help="add a json or toml export; nothing is added twice")
    i.add_argument("file", type=Path, metavar="FILE")
    i.set_defaults(handler=_import)

    f = hsub.add_parser("fresh-start", help="keep an unreadable history aside and start a new one")
    f.set_defaults(handler=_fresh_start)


def _note(args: argparse.Namespace) -> int:
    if args.kinds and args.ids:
        from coach.cli.completion import kind_ids, print_ids

        return print_ids(kind_ids())
    from coach.flows.diagnostics import did_you_mean
    from coach.flows.library import default_catalog

    catalog = default_catalog()
    kinds = {h.id: h for h in catalog.hurts}
    if args.kinds or not args.kind:
        for h in catalog.hurts:
            say(f"{h.id:<24} {h.name}")
        return 0 if args.kinds else 2
    kind = args.kind.lower()
    by_name = {h.name.lower(): h.id for h in catalog.hurts}
    kind = by_name.get(kind, kind)
    if kind not in kinds:
        hint = did_you_mean(kind, kinds) or "see `coach note --kinds`"
        say(f"coach: `{args.kind}` is not a kind of small hurt I know; {hint}", err=True)
        return 2
    couple = names()
    who = _who(args.by, couple)
    if who is None:
        return fail(f"say who felt hurt with --by ({couple['a']} or {couple['b']}, or a / b)", 2)
    with open_store() as history:
        history.add_note(who, kind, " ".join(args.words))
    say(f"Noted: {couple[who]} felt hurt ({kinds[kind].name}).")
    return 0


def _who(by: str | None, names: dict[str, str]) -> str | None:
    if not by:
        return None
    by = by.strip().casefold()
    for key, name in names.items():
        if by in (key, name.casefold()):
            return key
    return None


def _table(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from coach.dates import short_date
    from coach.flows.library import default_catalog
    from coach.history import entries as E
    from coach.plain import printable

    catalog, couple = default_catalog(), names()
    filt = E.Filter(types=frozenset({args.type} if args.type else ()), text=args.search)
    with open_store() as history:
        rows = E.entries(history, filt, limit=max(1, args.limit))
    if not rows:
        say("Nothing in your history yet." if not args.search and not args.type
              else "Nothing matches.")  # fmt: skip
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("when", "what", "felt hurt", "words", "mended"):
        table.add_column(col, overflow="fold")
    for e in rows:
        words = e.words if e.type != "reset" else ""
        cells = (short_date(e.at), E.describe(e, catalog), couple.get(e.who or "", ""), words,
                 E.mended(e))  # fmt: skip
        table.add_row(*(Text(printable(c)) for c in cells))  # words are text, not markup
    Console().print(table)
    return 0


def _export(args: argparse.Namespace) -> int:
    from coach.atomic import write_atomic
    from coach.flows.library import default_catalog
    from coach.history import exchange

    catalog = default_catalog()
    with open_store() as history:
        text = exchange.export(history, args.format, catalog.name_of, names())
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(args.output, text)
    except OSError as exc:
        say(f"coach: cannot write {args.output}: {exc.strerror or exc}", err=True)
        return 1
    say(f"Wrote {args.output} (readable only by you).")
    return 0


def _import(args: argparse.Namespace) -> int:
    from coach.history import exchange
    from coach.plain import printable

    path: Path = args.file
    fmt = "toml" if path.suffix.lower() == ".toml" else "json"
    try:
        data = exchange.parse(exchange.read_import(path), fmt)
        with open_store() as history:
            added = exchange.merge(history, data)
    except exchange.ImportError_ as exc:
        return fail(f"{printable(str(path))}: {exc}")
    total = sum(added.values())
    detail = ", ".join(f"{n} {t}" for t, n in added.items() if n)
    say(f"Imported {total} new entr{'y' if total == 1 else 'ies'}" +
          (f" ({detail})." if detail else "; everything was already there."))  # fmt: skip
    return 0


def _fresh_start(args: argparse.Namespace) -> int:
    from coach import paths
    from coach.history import HistoryError, HistoryStore
    from coach.history.store import set_aside

    path = paths.history_file()
    try:
        HistoryStore().close()
        say("Your history opens fine; nothing was changed.")
        return 0
    except HistoryError:
        kept = set_aside(path)
    HistoryStore().close()
    say(f"The unreadable history was kept at {kept}.\nA fresh, empty history has begun.")
    return 0
