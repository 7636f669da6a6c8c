"""The functional core imports without Textual (it must stay testable without a screen)."""

from __future__ import annotations

import subprocess
import sys

CORE = ["coach.flows.load", "coach.flows.runner", "coach.flows.library", "coach.flows.outline",
        "coach.paths", "coach.cli_flows"]  # fmt: skip

BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked in this test")
sys.meta_path.insert(0, Block())
"""


def test_core_imports_without_textual() -> None:
    code = BLOCK + "".join(f"import {m}\n" for m in CORE)
    code += "assert not any(m.startswith('textual') for m in sys.modules)\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_blocker_really_blocks() -> None:
    run = subprocess.run(
        [sys.executable, "-c", BLOCK + "import textual"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0 and "blocked" in run.stderr
