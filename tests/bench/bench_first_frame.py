"""Start to first frame in a real terminal (tmux): coach's home against a bare Textual app.

Each round starts a program in a fresh, detached tmux session of its own tmux server
(80x24, ``TERM=xterm-256color``) and times it from just before ``tmux new-session`` until
``capture-pane`` first shows the program's marker texts, which only appear once its first
frame is drawn. Both programs pay the same tmux overhead; nothing is subtracted. Rounds
alternate the two programs (bare, coach, then coach, bare, ...) so machine noise hits
both alike. After the first frame each program sits for a while (1 s to settle, then
``--idle`` seconds) and the CPU it uses then is its idle cost on the first screen: from
``/proc/<pid>/task/*/schedstat`` (nanoseconds) and, as a cross-check, ``/proc/<pid>/stat``
(utime + stime, in 10 ms ticks: too coarse for a few seconds of an idle app on its own).

Run: ``python -m tests.bench first-frame [--rounds N] [--idle SECONDS] [--json]``;
``--coach-command "..."`` measures another coach command (a variant, another checkout).
The goals: first frame coach / bare <= 1.25x (medians), idle CPU coach / bare <= 1.5x.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.bench.bench_launch import compile_like_an_install, seeded_home
from tests.bench.launch_target import BARE_TEXT

TIMEOUT = 10.0  # seconds a program may take to show its first frame
POLL = 0.003  # seconds between two captures of the pane
SETTLE = 1.0  # seconds after the first frame before idle CPU is measured
GOAL_TIME, GOAL_IDLE = 1.25, 1.5  # coach / bare


class BenchError(RuntimeError):
    """A round could not be measured; the message says what was on the screen."""


@dataclass(frozen=True)
class Program:
    name: str
    argv: list[str]
    #: Every one of these is on the screen once the first frame is drawn (and not before).
    markers: tuple[str, ...]


@dataclass
class Samples:
    first_frame: list[float] = field(default_factory=list)  # seconds
    idle_cpu: list[float] = field(default_factory=list)  # CPU seconds used while idle...
    idle_ticks: list[float] = field(default_factory=list)  # ...the same from utime+stime
    idle_wall: list[float] = field(default_factory=list)  # ...over this many seconds


def programs(coach_command: Sequence[str] | None = None) -> tuple[Program, Program]:
    python = sys.executable
    target = Path(__file__).with_name("launch_target.py")
    bare = Program("bare", [python, str(target), "bare-terminal"], (BARE_TEXT, "palette"))
    # The real `coach` command; "Check-in" is a bundled flow on home, "n Note" a footer key.
    command = list(coach_command or [str(Path(python).with_name("coach"))])
    coach = Program("coach", command, ("Check-in", "n Note"))
    return bare, coach


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds; 10 ms steps."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds_precise(pid: int) -> float:
    """Time on CPU of a process's threads, from ``schedstat`` (nanoseconds, not ticks).

    An idle Textual app uses a few milliseconds of CPU in a few seconds, under one clock
    tick of ``/proc/<pid>/stat``; this is what makes the idle figures comparable."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            continue  # a thread that ended just now
    return total / 1e9


class Tmux:
    """One tmux server of our own (``tmux -L``) with one session running one program."""

    _count = 0
    live: set[str] = set()  # servers not yet killed, cleaned up on the way out

    def __init__(self, server: str | None = None) -> None:
        Tmux._count += 1
        self.server = server or f"coach-bench-{os.getpid()}-{Tmux._count}"
        self.base = ["tmux", "-L", self.server, "-f", "/dev/null"]

    def start(self, program: Program, env: dict[str, str]) -> None:
        exports = {k: env[k] for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}
        exports["TERM"] = "xterm-256color"
        words = " ".join(f"{k}={shlex.quote(v)}" for k, v in exports.items())
        # After the program the pane stays, so a crash can be read from the screen.
        command = f"env {words} {shlex.join(program.argv)}; echo BENCH-EXITED $?; sleep 60"
        Tmux.live.add(self.server)
        subprocess.run(
            [*self.base, "new-session", "-d", "-s", "bench", "-x", "80", "-y", "24", command],
            check=True, env={**os.environ, "TMUX": ""}, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def screen(self) -> str:
        return subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "bench"],
            capture_output=True, text=True, check=False,
        ).stdout  # fmt: skip

    def program_pid(self) -> int:
        """The program itself: the one child of the pane's shell."""
        shell = subprocess.run(
            [*self.base, "list-panes", "-t", "bench", "-F", "#{pane_pid}"],
            capture_output=True, text=True, check=True,
        ).stdout.split()[0]  # fmt: skip
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        if len(children) != 1:
            raise BenchError(f"expected one program under the pane's shell, found {children}")
        return int(children[0])

    def kill(self) -> None:
        """Stop the server, and remove its socket (tmux leaves it behind)."""
        socket = subprocess.run(
            [*self.base, "display-message", "-p", "#{socket_path}"],
            capture_output=True, text=True, check=False,
        ).stdout.strip()  # fmt: skip
        if not socket:  # no session left to ask: where tmux puts it by default
            tmpdir = os.environ.get("TMUX_TMPDIR", "/tmp")
            socket = os.path.join(tmpdir, f"tmux-{os.getuid()}", self.server)
        subprocess.run([*self.base, "kill-server"], capture_output=True, check=False)
        if socket.endswith(self.server):
            Path(socket).unlink(missing_ok=True)
        Tmux.live.discard(self.server)


@contextmanager
def tmux_servers() -> Iterator[None]:
    """Kill every tmux server this benchmark started, however it ends (even on SIGTERM)."""

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)  # so the clean-up below runs

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        for server in list(Tmux.live):
            Tmux(server).kill()


@dataclass(frozen=True)
class Round:
    first_frame: float  # seconds
    idle_wall: float = 0.0  # seconds idle CPU was measured over
    idle_cpu: float = 0.0  # CPU seconds used then (schedstat)
    idle_ticks: float = 0.0  # the same from utime+stime (10 ms steps)


def one_round(program: Program, env: dict[str, str], idle: float, poll: float = POLL) -> Round:
    """Time to the first frame; then the CPU used over ``idle`` seconds on that screen."""
    tmux = Tmux()
    try:
        t0 = time.perf_counter()
        tmux.start(program, env)
        while True:
            shown = tmux.screen()
            if all(m in shown for m in program.markers):
                elapsed = time.perf_counter() - t0
                break
            if "BENCH-EXITED" in shown or time.perf_counter() - t0 > TIMEOUT:
                why = "exited" if "BENCH-EXITED" in shown else f"timed out after {TIMEOUT:g} s"
                raise BenchError(
                    f"{program.name} {why} before showing {program.markers}; "
                    f"the screen shows:\n{shown}"
                )
            time.sleep(poll)
        if idle <= 0:
            return Round(elapsed)
        pid = tmux.program_pid()
        time.sleep(SETTLE)
        w0, fine0, ticks0 = time.monotonic(), cpu_seconds_precise(pid), cpu_seconds(pid)
        time.sleep(idle)
        w1, fine1, ticks1 = time.monotonic(), cpu_seconds_precise(pid), cpu_seconds(pid)
        return Round(elapsed, w1 - w0, fine1 - fine0, ticks1 - ticks0)
    finally:
        tmux.kill()


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile (``q`` in 0..1)."""
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass(frozen=True)
class Figures:
    """One program's results."""

    median_ms: float
    p10_ms: float
    p90_ms: float
    min_ms: float
    max_ms: float
    all_ms: list[float]
    #: All idle CPU over all idle time (pooled: steadier than a median of rounds, whose
    #: CPU is a few ms each); from schedstat, and from utime+stime. None: not measured.
    idle_cpu_s_per_min: float | None
    idle_cpu_s_per_min_stat: float | None
    idle_seconds_measured: float

    @classmethod
    def of(cls, s: Samples) -> Figures:
        ms = [t * 1000 for t in s.first_frame]
        wall = sum(s.idle_wall)
        return cls(
            statistics.median(ms), quantile(ms, 0.1), quantile(ms, 0.9), min(ms), max(ms),
            [round(x, 2) for x in ms], sum(s.idle_cpu) / wall * 60 if wall else None,
            sum(s.idle_ticks) / wall * 60 if wall else None, wall,
        )  # fmt: skip


@dataclass(frozen=True)
class Result:
    rounds: int
    idle_seconds: float
    bare: Figures
    coach: Figures
    #: coach / bare, of the medians; and the median of the rounds' own ratios.
    first_frame_ratio: float
    first_frame_ratio_per_round: float
    idle_cpu_ratio: float | None
    idle_cpu_ratio_stat: float | None
    first_frame_goal: float = GOAL_TIME
    idle_cpu_goal: float = GOAL_IDLE


def summarise(samples: dict[str, Samples], rounds: int, idle: float) -> Result:
    bare, coach = Figures.of(samples["bare"]), Figures.of(samples["coach"])
    pairs = zip(samples["bare"].first_frame, samples["coach"].first_frame, strict=True)
    return Result(
        rounds, idle, bare, coach, coach.median_ms / bare.median_ms,
        statistics.median(c / b for b, c in pairs),
        ratio(coach.idle_cpu_s_per_min, bare.idle_cpu_s_per_min),
        ratio(coach.idle_cpu_s_per_min_stat, bare.idle_cpu_s_per_min_stat),
    )  # fmt: skip


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b; None when either was not measured, or b is 0 (too few clock ticks)."""
    if a is None or not b:
        return None
    return a / b


def verdict(value: float, goal: float) -> str:
    return f"goal <= {goal:g}x: {'ok' if value <= goal else 'OVER GOAL'}"


def print_table(r: Result) -> None:
    print(f"first frame in tmux 80x24, {r.rounds} interleaved rounds; {os.cpu_count()} CPUs, "
          f"load average now {os.getloadavg()[0]:.2f}")  # fmt: skip
    head = ["median", "p10", "p90", "min", "max"]
    print(f"{'':<6} " + " ".join(f"{h:>8}" for h in head) + "   idle CPU-s/min (stat ticks)")
    for name, f in (("bare", r.bare), ("coach", r.coach)):
        idle = ""
        if f.idle_cpu_s_per_min is not None and f.idle_cpu_s_per_min_stat is not None:
            idle = f"{f.idle_cpu_s_per_min:>8.4f} ({f.idle_cpu_s_per_min_stat:.3f})"
        times = [f.median_ms, f.p10_ms, f.p90_ms, f.min_ms, f.max_ms]
        print(f"{name:<6} " + " ".join(f"{t:>6.0f}ms" for t in times) + f"   {idle}")
    print(f"first frame, coach / bare: {r.first_frame_ratio:.2f}x of the medians "
          f"({verdict(r.first_frame_ratio, GOAL_TIME)}); "
          f"median of per-round ratios {r.first_frame_ratio_per_round:.2f}x")  # fmt: skip
    if r.idle_cpu_ratio is not None:
        ticks = "n/a" if r.idle_cpu_ratio_stat is None else f"{r.idle_cpu_ratio_stat:.2f}x"
        print(
            f"idle CPU on the first screen, coach / bare: {r.idle_cpu_ratio:.2f}x "
            f"({verdict(r.idle_cpu_ratio, GOAL_IDLE)}; from stat ticks {ticks}) "
            f"over {r.coach.idle_seconds_measured:.0f} s each"
        )


def run(
    rounds: int, idle: float, coach_command: Sequence[str] | None = None, poll: float = POLL
) -> Result:
    if shutil.which("tmux") is None:
        raise BenchError("tmux is needed for this benchmark (apt-get install tmux)")
    compile_like_an_install()
    bare, coach = programs(coach_command)
    samples = {"bare": Samples(), "coach": Samples()}
    with tempfile.TemporaryDirectory() as tmp, tmux_servers():
        env = seeded_home(Path(tmp))
        for program in (bare, coach):  # warm the file cache; coach creates its history
            one_round(program, env, 0)
        for i in range(rounds):
            order = (bare, coach) if i % 2 == 0 else (coach, bare)
            shown = []
            for program in order:
                r = one_round(program, env, idle, poll)
                s = samples[program.name]
                s.first_frame.append(r.first_frame)
                if r.idle_wall:
                    s.idle_wall.append(r.idle_wall)
                    s.idle_cpu.append(r.idle_cpu)
                    s.idle_ticks.append(r.idle_ticks)
                shown.append(f"{program.name} {r.first_frame * 1000:.0f} ms")
            print(f"round {i + 1}/{rounds}: {', '.join(shown)}", file=sys.stderr, flush=True)
    return summarise(samples, rounds, idle)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench first-frame")
    parser.add_argument("--rounds", type=int, default=15, help="rounds of bare + coach")
    parser.add_argument(
        "--idle", type=float, default=5.0, metavar="SECONDS",
        help="idle CPU is measured this long after each first frame (0: not at all)",
    )  # fmt: skip
    parser.add_argument(
        "--poll", type=float, default=POLL * 1000, metavar="MS",
        help="pause between two captures of the pane (each capture itself takes a few ms)",
    )  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--coach-command", metavar="COMMAND",
        help="run this instead of the `coach` next to this Python (e.g. another checkout's, "
        "or a variant to try an idea); it must open coach's home",
    )  # fmt: skip
    args = parser.parse_args(argv or [])
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    try:
        command = shlex.split(args.coach_command) if args.coach_command else None
        result = run(args.rounds, args.idle, command, args.poll / 1000)
    except BenchError as exc:
        print(f"first-frame benchmark failed: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    except KeyboardInterrupt:
        print("first-frame benchmark interrupted (its tmux servers are gone)", file=sys.stderr)
        raise SystemExit(130) from None
    if args.json:
        print(json.dumps(asdict(result), indent=2))
    else:
        print_table(result)
