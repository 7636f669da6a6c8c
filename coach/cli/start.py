"""``coach run``, ``coach reset`` and ``coach paths``: open the app somewhere, or say where
things are kept."""

from __future__ import annotations

import argparse

from coach.cli.common import SubParsers, fail, say
from coach.cli.remind import add_ics_option


def register(sub: SubParsers) -> None:
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
    add_ics_option(
        p,
        "also save the time to come back (when the pause ends) as a calendar event in "
        "FILE, like come-back.ics (- prints it)",
    )
    p.set_defaults(handler=_reset)

    p = sub.add_parser("paths", help="show where settings, flows and history are kept")
    p.set_defaults(handler=_paths)


def _run(args: argparse.Namespace) -> int:
    from coach.flows.library import discover, find

    entries = discover()
    entry = find(args.flow_id, entries)
    if entry is None and args.flow_id == "reset":  # the reset pause is not a flow
        from coach.tui.app import run_app

        return run_app(start_reset=0)
    if entry is None or entry.flow is None:
        known = ", ".join(sorted({e.id for e in entries if e.ok}))
        problem = "has errors (see `coach flows validate`)" if entry else "does not exist"
        return fail(f"the flow `{args.flow_id}` {problem}. Flows you can run: {known}")
    from coach.tui.app import run_app

    return run_app(start_flow=entry.id)


def _reset(args: argparse.Namespace) -> int:
    from coach import settings as settings_io
    from coach.pause import DurationError, gentle_note, parse_duration

    try:
        if args.duration is None:
            seconds = settings_io.load().reset_minutes * 60
        else:
            seconds = parse_duration(args.duration)
    except DurationError as exc:
        return fail(str(exc), 2)
    except settings_io.SettingsError as exc:
        return fail(str(exc))
    if args.ics is not None:  # before the app takes the terminal; no pause if it fails
        from coach.cli.remind import save_come_back

        if code := save_come_back(args.ics, seconds):
            return code
    if note := gentle_note(seconds):
        say(note, err=args.ics == "-")  # stdout may be the calendar file
    return open_reset(seconds)


def open_reset(seconds: int) -> int:
    """The app, straight into a reset pause of ``seconds`` (tests put a stand-in here)."""
    from coach.tui.app import run_app

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
        say(f"{name:<{width}}  {path}")
    return 0
