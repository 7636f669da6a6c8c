"""Launch to the first frame of the home screen, against a bare Textual app, in one run."""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.timing import report

ROUNDS = 25


def sample(kind: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one fresh process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.launch_target", kind],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    if status != 0:
        raise RuntimeError(f"{kind} exited with {status}")
    return elapsed, usage.ru_maxrss / 1024


def seeded_home(root: Path) -> dict[str, str]:
    """An XDG home with names set, so coach opens straight on the home screen."""
    env = {**os.environ}
    for var, sub in (("XDG_CONFIG_HOME", "c"), ("XDG_DATA_HOME", "d"), ("XDG_STATE_HOME", "s")):
        env[var] = str(root / sub)
    config = root / "c" / "coach"
    config.mkdir(parents=True)
    (config / "config.toml").write_text('partner_a = "Sam"\npartner_b = "Alex"\n')
    return env


def compare(env_a: dict[str, str], env_b: dict[str, str], kinds: tuple[str, str]):
    """Alternate two launches ROUNDS times; return medians of time and memory for each."""
    samples: dict[str, list[tuple[float, float]]] = {kinds[0]: [], kinds[1]: []}
    for kind, env in ((kinds[0], env_a), (kinds[1], env_b)):  # warm the file cache
        sample(kind.split(":")[0], env)
    for _ in range(ROUNDS):
        for kind, env in ((kinds[0], env_a), (kinds[1], env_b)):
            samples[kind].append(sample(kind.split(":")[0], env))
    medians = {
        k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v))
        for k, v in samples.items()
    }
    return medians | {f"{k}:all": v for k, v in samples.items()}


def compile_like_an_install() -> None:
    """pip byte-compiles a package when it installs it; a checkout may not be (e.g. when
    PYTHONDONTWRITEBYTECODE is set), which would charge compile time to coach alone."""
    import coach

    compileall.compile_dir(Path(coach.__file__).parent, quiet=1)


def main() -> None:
    compile_like_an_install()
    with tempfile.TemporaryDirectory() as tmp:
        env = seeded_home(Path(tmp))
        result = compare(env, env, ("bare", "coach"))
    (bare_t, bare_m), (coach_t, coach_m) = result["bare"], result["coach"]
    print(f"bare Textual app: first frame {bare_t * 1000:.0f} ms, peak {bare_m:.1f} MiB")
    print(f"coach home:       first frame {coach_t * 1000:.0f} ms, peak {coach_m:.1f} MiB")
    ratios = sorted(
        c / b for (b, _), (c, _) in zip(result["bare:all"], result["coach:all"], strict=True)
    )
    q1, q3 = ratios[len(ratios) // 4], ratios[3 * len(ratios) // 4]
    print(f"per-round ratio: median {statistics.median(ratios):.2f}, middle half {q1:.2f}-{q3:.2f}")
    report("launch time, coach / bare", coach_t / bare_t, 1.25, "x")
    report("peak memory, coach / bare", coach_m / bare_m, 1.3, "x")
