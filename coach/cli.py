"""The ``coach`` command: argparse front door. Textual is imported only to open a screen."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach import __version__

if TYPE_CHECKING:  # argparse is imported only when there are arguments to parse
    import argparse

Handler = Callable[["argparse.Namespace"], int]

DESCRIPTION = """\
coach helps the two of you talk through small, everyday hurts before they grow:
check in with curiosity, repair a moment, or press reset when you are both too upset.
Run with no command to open the app. Nothing you write leaves this machine."""

EPILOG = """\
examples:
  coach                       open the app
  coach run check-in          start a check-in straight away
  coach reset 20m             a reset pause, right now
  coach flows list            the conversations you can run
  coach flows validate my.toml
  coach note phone --by Sam   note a small hurt
  coach history               your recent history
  coach paths                 where your settings, flows and history live

coach is not therapy. If either of you feels afraid or unsafe, please reach out to
local emergency or domestic-violence services instead."""


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        """argparse with a friendlier error line (still exit code 2)."""

        def error(self, message: str) -> None:  # type: ignore[override]
            self.print_usage(sys.stderr)
            self.exit(2, f"coach: {message}\nTry `{self.prog} --help` for what it accepts.\n")

    parser = _Parser(
        prog="coach",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.set_defaults(handler=_open_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    from coach import cli_flows, cli_history

    cli_flows.register(sub)
    cli_history.register(sub)

    p = sub.add_parser("run", help="open a flow directly, e.g. `coach run check-in`")
    p.add_argument("flow_id", metavar="FLOW_ID")
    p.set_defaults(handler=_run)

    p = sub.add_parser(
        "reset",
        help="start a reset pause now, e.g. `coach reset 20m`",
        description="Start a calming pause straight away. DURATION looks like 20m, 90s or "
        "1h30m; a bare number means minutes. Without it, your default length is used.",
    )
    p.add_argument("duration", nargs="?", metavar="DURATION")
    p.set_defaults(handler=_reset)

    p = sub.add_parser("paths", help="show where settings, flows and history are kept")
    p.set_defaults(handler=_paths)
    return parser


def _open_app(args: argparse.Namespace | None) -> int:
    from coach.app import run_app

    return run_app()


def _run(args: argparse.Namespace) -> int:
    from coach.flows.library import discover, find

    entries = discover()
    entry = find(args.flow_id, entries)
    if entry is None or entry.flow is None:
        known = ", ".join(sorted(e.id for e in entries if e.ok))
        problem = "has errors (see `coach flows validate`)" if entry else "does not exist"
        print(
            f"coach: the flow `{args.flow_id}` {problem}. Flows you can run: {known}",
            file=sys.stderr,
        )
        return 1
    from coach.app import run_app

    return run_app(start_flow=entry.id)


def _reset(args: argparse.Namespace) -> int:
    from coach import settings as settings_io
    from coach.resets import DurationError, gentle_note, parse_duration

    try:
        if args.duration is None:
            seconds = settings_io.load().reset_minutes * 60
        else:
            seconds = parse_duration(args.duration)
    except DurationError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    except settings_io.SettingsError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 1
    if note := gentle_note(seconds):
        print(note)
    from coach.app import run_app

    return run_app(start_reset=seconds)


def _paths(args: argparse.Namespace) -> int:
    from coach import paths

    rows = [
        ("settings", paths.config_file()),
        ("your flows", paths.user_flows_dir()),
        ("history", paths.history_file()),
        ("state", paths.state_dir()),
        ("bundled flows", paths.bundled_scripts_dir()),
        ("styles", paths.styles_dir()),
    ]
    width = max(len(name) for name, _ in rows)
    for name, path in rows:
        print(f"{name:<{width}}  {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        handler: Handler = _open_app  # plain `coach`: no parser to build, straight in
        args = None
    else:
        args = build_parser().parse_args(argv)
        handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
