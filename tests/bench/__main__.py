"""Run the benchmarks: ``python -m tests.bench`` (all) or ``python -m tests.bench flows``.

Options after the name go to that benchmark: ``python -m tests.bench first-frame --json``.
"""

from __future__ import annotations

import importlib
import sys

BENCHES = ["flows", "launch", "countdown", "history", "first-frame"]


def main(argv: list[str]) -> int:
    split = next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv))
    chosen, options = argv[:split] or BENCHES, argv[split:]
    unknown = [name for name in chosen if name not in BENCHES]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    if options and len(chosen) != 1:
        print("options go to one benchmark: name it, e.g. `first-frame --rounds 5`")
        return 2
    for name in chosen:
        print(f"== {name}", file=sys.stderr if options else sys.stdout, flush=True)
        module = importlib.import_module(f"tests.bench.bench_{name.replace('-', '_')}")
        if options:
            module.main(options)
        else:
            module.main()
    return 0


raise SystemExit(main(sys.argv[1:]))
