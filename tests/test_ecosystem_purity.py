"""The new non-UI modules import without Textual (only coach.tui may use it)."""

from __future__ import annotations

import subprocess
import sys

from tests.test_core_purity import BLOCK

MODULES = ["coach.calendar", "coach.notify", "coach.flows.watch", "coach.completion",
           "coach.untrusted", "coach.history.patterns"]  # fmt: skip


def test_new_modules_import_without_textual() -> None:
    code = BLOCK + "".join(f"import {m}\n" for m in MODULES)
    code += "assert not any(m.startswith('textual') for m in sys.modules)\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
