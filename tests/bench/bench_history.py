"""A generated ten-year history (~11,000 entries): append, patterns, and launch time."""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from coach.flows.runner import Recorded
from coach.history import HistoryStore
from coach.history import entries as E
from coach.history import patterns as P
from coach.history.store import RunRecord
from tests.bench.bench_launch import compare, compile_like_an_install, seeded_home
from tests.bench.timing import report

KINDS = ("interrupting", "phone", "dismissing", "minimizing", "forgot-follow-through",
         "boundary", "solo-decision")  # fmt: skip


def generate(history: HistoryStore, years: int = 10, seed: int = 1) -> int:
    """About 3 entries a day: notes, repairs, check-ins (with temperatures), resets."""
    rng = random.Random(seed)
    start = datetime.now().astimezone() - timedelta(days=365 * years)
    made = 0
    for day in range(365 * years):
        when = start + timedelta(days=day, hours=rng.randint(7, 22))
        iso = when.isoformat(timespec="seconds")
        for _ in range(rng.choice((0, 1, 1, 2, 1, 2, 1, 2))):
            note = history.add_note(rng.choice("ab"), rng.choice(KINDS), "words " * 3, at=iso)
            made += 1
            if rng.random() < 0.6:
                later = (when + timedelta(hours=rng.randint(1, 30))).isoformat(timespec="seconds")
                E.repair(history, note, "sorry", at=later)
                made += 1
        if rng.random() < 0.8:
            answers = [Recorded("t", "temperature", w, rng.randint(1, 10)) for w in ("a", "b")]
            history.add_run(RunRecord("check-in", "Check-in", iso, iso, answers))
            made += 1
        if rng.random() < 0.2:
            r = history.start_reset(iso, 1200, "a topic")
            history.end_reset(r, 1300)
            made += 1
    return made


def append_ms(history: HistoryStore, n: int = 200) -> float:
    samples = []
    for i in range(n):
        t0 = time.perf_counter()
        history.add_note("a", "phone", f"bench {i}")
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def main() -> None:
    compile_like_an_install()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        empty_env, big_env = seeded_home(root / "empty"), seeded_home(root / "big")
        os.environ["XDG_DATA_HOME"] = big_env["XDG_DATA_HOME"]
        with HistoryStore() as big:
            t0 = time.perf_counter()
            made = generate(big)
            print(f"generated {made} entries in {time.perf_counter() - t0:.1f} s")
            big_append = append_ms(big)
            runs = [P.compute(big, d) for d in (30, 90, 365)]
            patterns_ms = max(
                statistics.median(_timed(lambda d=d: P.compute(big, d)) for _ in range(15))
                for d in (30, 90, 365)
            )
            del runs
        os.environ["XDG_DATA_HOME"] = empty_env["XDG_DATA_HOME"]
        with HistoryStore() as empty:
            empty_append = append_ms(empty)
        launch = compare(empty_env, big_env, ("coach:empty", "coach:big"))
    report("one append, 10-year history (median)", big_append, 5, "ms")
    report("one append, big / empty store", big_append / empty_append, 1.2, "x")
    report("patterns, slowest of 30/90/365 days (median)", patterns_ms, 150, "ms")
    (empty_t, _), (big_t, _) = launch["coach:empty"], launch["coach:big"]
    print(f"launch to home: empty {empty_t * 1000:.0f} ms, 10 years {big_t * 1000:.0f} ms")
    report("launch, 10-year history / empty", big_t / empty_t, 1.1, "x")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000
