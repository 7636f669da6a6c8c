"""A real 60-second reset pause (with the breathing pacer) in tmux: CPU used by coach,
and the largest gap between the time shown and the true time left."""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

from tests.bench.bench_launch import compile_like_an_install
from tests.bench.timing import report
from tests.terminal import Terminal

SECONDS = 60
_LEFT = re.compile(r"(?:(\d+) min)?\s*(?:(\d+) s)? left")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def shown_seconds(screen: str) -> int | None:
    m = _LEFT.search(screen)
    if not m or not (m.group(1) or m.group(2)):
        return None
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def display_error(shown: int, left: float) -> float:
    """How far the true time left is outside what ``shown`` stands for: (shown-1, shown]."""
    return max(0.0, (shown - 1) - left, left - shown)


def main() -> None:
    compile_like_an_install()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        (home / "config" / "coach").mkdir(parents=True)
        (home / "config" / "coach" / "config.toml").write_text(
            'partner_a = "Sam"\npartner_b = "Alex"\n'
        )
        term = Terminal(home)
        try:
            term.start("reset", f"{SECONDS + 15}s")
            term.wait_for(" s left")
            time.sleep(1)  # let start-up finish before measuring the steady state
            deadline = json.loads((home / "state" / "coach" / "reset.json").read_text())[
                "deadline_wall"
            ]
            pid = term.pid()
            cpu0, t0 = cpu_seconds(pid), time.monotonic()
            worst, samples, slowest_capture = 0.0, 0, 0.0
            while time.monotonic() - t0 < SECONDS:
                before = time.time()
                screen = term.screen()
                after = time.time()
                shown = shown_seconds(screen)
                if shown is not None:
                    # The capture happened somewhere in [before, after]: judge it fairly.
                    err = min(
                        display_error(shown, deadline - before),
                        display_error(shown, deadline - after),
                    )
                    worst = max(worst, err)
                    samples += 1
                    slowest_capture = max(slowest_capture, after - before)
                time.sleep(0.02)
            cpu = (cpu_seconds(pid) - cpu0) / (time.monotonic() - t0) * 100
        finally:
            term.close()
    slowest = f"slowest capture {slowest_capture * 1000:.0f} ms"
    print(f"{samples} screen samples over {SECONDS} s ({slowest})")
    report("CPU used by coach during the pause", cpu, 1.0, "% core")
    report("largest gap, shown vs true time left", worst, 0.25, "s")
