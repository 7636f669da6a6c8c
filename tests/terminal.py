"""Drive the real ``coach`` command inside tmux, in a throwaway XDG home."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

COACH = str(Path(sys.executable).with_name("coach"))
#: A tmux server of our own, so tests never touch (or get touched by) anyone's tmux.
TMUX = ["tmux", "-L", f"coach-tests-{os.getpid()}"]


class Terminal:
    """One tmux session running one command."""

    def __init__(self, home: Path, width: int = 80, height: int = 24) -> None:
        if shutil.which("tmux") is None:
            pytest.fail("tmux is needed for the terminal tests (apt-get install tmux)")
        self.home = home
        self.size = (width, height)
        self.name = f"coach-test-{uuid.uuid4().hex[:8]}"
        self.env = {
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "TERM": "xterm-256color",
        }

    def start(self, *args: str) -> None:
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        # COLUMNS and LINES (pytest-xdist workers have them) would override the pane's size.
        unset = "-u COLUMNS -u LINES"
        command = (
            f"env {unset} {exports} {shlex.join([COACH, *args])}; echo COACH-EXITED $?; sleep 60"
        )
        width, height = (str(n) for n in self.size)
        new = [*TMUX, "new-session", "-d", "-s", self.name, "-x", width, "-y", height, command]
        for attempt in range(3):
            done = subprocess.run(
                new, capture_output=True, text=True, env={**os.environ, "TMUX": ""}
            )
            # The previous test's last session closed and the server is exiting: try again.
            if done.returncode == 0 or "server exited unexpectedly" not in done.stderr:
                break
            time.sleep(0.05 * (attempt + 1))
        if done.returncode != 0:
            raise AssertionError(f"tmux could not start coach: {done.stderr.strip()}")

    def send(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self, styled: bool = False) -> str:
        """The visible text; ``styled`` keeps colours, so a focus change shows too."""
        flags = ["-p", "-e"] if styled else ["-p"]
        return subprocess.run(
            [*TMUX, "capture-pane", *flags, "-t", self.name],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip

    def settle(self, quiet: float = 0.15, timeout: float = 5.0) -> str:
        """Wait until the screen has stopped changing (the app is ready for a key)."""
        deadline = time.monotonic() + timeout
        last = self.screen(styled=True)
        still_since = time.monotonic()
        while time.monotonic() - still_since < quiet and time.monotonic() < deadline:
            time.sleep(0.03)
            now = self.screen(styled=True)
            if now != last:
                last, still_since = now, time.monotonic()
        return last

    def press(self, *keys: str, timeout: float = 10.0) -> None:
        """Press keys one at a time, each once the screen has answered the one before."""
        for key in keys:
            before = self.settle()
            self.send(key)
            deadline = time.monotonic() + timeout
            while self.screen(styled=True) == before:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the screen did not change after {key!r}")
                time.sleep(0.02)

    def enter_text(self, text: str) -> None:
        """Type text and wait until the screen shows it (as typed, or masked)."""
        before = self.settle()
        self.type(text)
        deadline = time.monotonic() + 10
        while self.screen(styled=True) == before and time.monotonic() < deadline:
            time.sleep(0.02)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        """Poll the screen until ``text`` shows (waiting for the UI, not for a timer)."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.05)

    def pid(self) -> int:
        """The coach process inside the session."""
        out = subprocess.run(
            [*TMUX, "list-panes", "-t", self.name, "-F", "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        ).stdout.split()[0]  # fmt: skip
        children = subprocess.run(
            ["pgrep", "-P", out], capture_output=True, text=True
        ).stdout.split()
        for child in children:
            if "coach" in Path(f"/proc/{child}/cmdline").read_text(errors="replace"):
                return int(child)
        raise AssertionError("no coach process found")

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)
