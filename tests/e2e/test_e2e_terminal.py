"""End to end: the real ``coach`` command in tmux, as a couple would use it."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.terminal import Terminal


@pytest.fixture
def term(tmp_path: Path) -> Iterator[Terminal]:
    terminal = Terminal(tmp_path / "xdg")
    yield terminal
    terminal.close()


def test_first_run_then_a_whole_check_in_lands_in_the_history(term: Terminal) -> None:
    term.start()
    term.wait_for("Welcome to coach")
    term.enter_text("Sam")
    term.press("Tab")
    term.enter_text("Alex")
    term.press("Enter")
    term.wait_for("What would help right now?")
    term.press("Down", "Enter")  # the reset pause comes first, then Check-in
    term.wait_for("A check-in is a short, curious talk")
    term.press("Enter")
    term.wait_for("Sam's turn, in private")
    term.enter_text("3")
    term.press("Enter")
    term.wait_for("Alex's turn, in private")
    term.enter_text("4")
    term.press("Enter")
    shown = term.wait_for("Both answers are in")
    assert "Sam: 3" in shown and "Alex: 4" in shown
    term.press("Enter")
    for asker, listener in (("Sam", "Alex"), ("Alex", "Sam")):
        term.wait_for(f"{asker}, start from something you both could have noticed")
        term.enter_text(f"{asker} asks: how are we doing?")
        term.press("Enter")
        term.wait_for(f'{listener}, {asker} asked: "{asker} asks: how are we doing?"')
        term.enter_text(f"{listener} answers: close, and a bit tired")
        term.press("C-s")  # a box for a few sentences: ctrl+s when done
        term.wait_for("how did that land?")
        term.press("Enter")  # "Yes, that's it"
        term.wait_for(f"{asker}, thank {listener}")
        term.press("Enter")
    term.wait_for("You both had the floor")
    term.press("Enter")
    term.wait_for("Check-in: done")
    term.send("C-q")
    term.wait_for("COACH-EXITED 0")

    history = term.home / "data" / "coach" / "history.sqlite3"
    assert oct(history.stat().st_mode & 0o777) == "0o600"
    assert oct(history.parent.stat().st_mode & 0o777) == "0o700"
    with sqlite3.connect(history) as db:
        ((flow_id, answers),) = db.execute("SELECT flow_id, answers FROM runs").fetchall()
        temps = db.execute("SELECT who, value FROM temperatures ORDER BY who").fetchall()
    assert flow_id == "check-in"
    assert temps == [("a", 3), ("b", 4)]
    said = [a["value"] for a in json.loads(answers) if a["step"] == "answer"]
    assert said == ["Alex answers: close, and a bit tired", "Sam answers: close, and a bit tired"]


def seconds_left(screen: str) -> int:
    """Parse '12 min 5 s left' / '45 s left' / '1 min left' from the screen."""
    m = re.search(r"(?:(\d+) min)?\s*(?:(\d+) s)? left", screen)
    assert m and (m.group(1) or m.group(2)), screen
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def test_reset_from_the_shell_survives_a_kill(term: Terminal) -> None:
    term.start("reset", "1m")
    shown = term.wait_for(" s left")  # no names asked first: the pause comes first
    assert "Pausing" in shown and "Breathe" in shown
    saved = json.loads((term.home / "state" / "coach" / "reset.json").read_text())
    os.kill(term.pid(), signal.SIGKILL)
    term.wait_for("COACH-EXITED")
    term.close()

    again = Terminal(term.home)
    try:
        again.start()
        shown = again.wait_for(" s left")
        true_left = saved["deadline_wall"] - time.time()
        assert abs(seconds_left(again.screen()) - true_left) <= 1.5, (shown, true_left)
        assert "Pausing" in shown
    finally:
        again.close()
