"""Small helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(fn: Callable[[], object], repeat: int = 30, warmup: int = 3) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def report(name: str, value: float, target: float, unit: str = "ms") -> None:
    verdict = "ok" if value <= target else "OVER TARGET"
    print(f"{name:<48} {value:9.2f} {unit}   (target <= {target:g} {unit}: {verdict})")
