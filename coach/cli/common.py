"""What the command groups share: the subparser type, printing people's text safely, names."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, NoReturn, TypeAlias

if TYPE_CHECKING:
    from coach.history.store import HistoryStore


class CoachParser(argparse.ArgumentParser):
    """argparse with a friendlier error line (still exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"coach: {message}\nTry `{self.prog} --help` for what it accepts.\n")


SubParsers: TypeAlias = "argparse._SubParsersAction[CoachParser]"


def say(text: str = "", *, end: str = "\n", err: bool = False) -> None:
    """Print for a person: whatever the words came from (a file, a note, a file name), no
    escape sequence or control character reaches the terminal."""
    from coach.plain import printable

    print(printable(text), end=end, file=sys.stderr if err else sys.stdout, flush=True)


def fail(message: str, code: int = 1) -> int:
    """Say what went wrong on stderr, as one line starting `coach:`; return ``code``."""
    say(f"coach: {message}", err=True)
    return code


def names() -> dict[str, str]:
    """The partners' names (placeholders if the settings cannot be read)."""
    from coach import settings as settings_io

    try:
        return settings_io.load().names
    except settings_io.SettingsError:
        return {"a": "Partner A", "b": "Partner B"}


def open_store() -> HistoryStore:
    """The history, or exit 1 with the reason."""
    from coach.history import HistoryError, HistoryStore

    try:
        return HistoryStore()
    except HistoryError as exc:
        raise SystemExit(fail(str(exc))) from exc
