"""Run the benchmarks: ``python -m tests.bench`` (all) or ``python -m tests.bench flows``."""

from __future__ import annotations

import importlib
import sys

BENCHES = ["flows", "launch", "countdown", "history"]


def main(argv: list[str]) -> int:
    chosen = argv or BENCHES
    unknown = [name for name in chosen if name not in BENCHES]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    for name in chosen:
        print(f"== {name}")
        importlib.import_module(f"tests.bench.bench_{name}").main()
    return 0


raise SystemExit(main(sys.argv[1:]))
