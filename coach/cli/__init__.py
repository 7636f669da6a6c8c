"""The ``coach`` command: argparse front door. Textual is imported only to open a screen."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from coach import __version__

if TYPE_CHECKING:  # argparse is imported only when there are arguments to parse
    import argparse

Handler = Callable[["argparse.Namespace | None"], int]


def open_app(args: argparse.Namespace | None) -> int:
    """Plain `coach`: the app on its home screen."""
    from coach.tui.app import run_app

    return run_app()


DESCRIPTION = """\
coach helps the two of you talk through small, everyday hurts before they grow:
check in with curiosity, repair a moment, or press reset when you are both too upset.
Run with no command to open the app. Nothing you write leaves this machine."""

EPILOG = """\
examples:
  coach                       open the app
  coach run check-in          start a check-in straight away
  coach reset 20m             a reset pause, right now
  coach reset --ics back.ics  a pause, and when to come back, for your calendar
  coach flows list            the conversations you can run
  coach flows validate my.toml
  coach note phone --by Sam   note a small hurt
  coach history               your recent history
  coach paths                 where your settings, flows and history live
  coach remind --ics our.ics  a weekly check-in for your calendar (Sundays 19:00)
  coach completion bash       tab completion for your shell (bash, zsh or fish)

coach is not therapy. If either of you feels afraid or unsafe, please reach out to
local emergency or domestic-violence services instead."""


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from coach.cli.common import CoachParser

    parser = CoachParser(
        prog="coach",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    parser.set_defaults(handler=open_app)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=CoachParser)

    from coach.cli import completion, flows, history, remind, start

    flows.register(sub)
    history.register(sub)
    start.register(sub)
    remind.register(sub)
    completion.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        # Plain `coach`: no parser to build, straight in. Start-up makes many objects and
        # no garbage worth a collection; the app turns collection on after its first frame.
        gc.disable()
        handler: Handler = open_app
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
    except OSError as exc:  # a folder coach may not write, a full disk: one line, not a trace
        from coach.cli.common import fail

        where = f"{exc.filename}: " if exc.filename else ""
        return fail(f"{where}{exc.strerror or exc}")
