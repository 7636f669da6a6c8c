"""The functional core stays free of Textual, imports nothing upward, and has no cycles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "coach"

BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError("textual is blocked in this test")
sys.meta_path.insert(0, Block())
"""


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(where: Path = PACKAGE) -> list[str]:
    return sorted(module_name(p) for p in where.rglob("*.py"))


CORE = [m for m in modules() if not m.startswith("coach.tui") and m != "coach.__main__"]


def imports_of(module: str) -> set[str]:
    """The coach modules a module imports (anywhere in it, not only at the top)."""
    path = REPO / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("coach"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("coach"))
    known = set(modules())
    return {m for m in found if m in known}


def test_every_core_module_imports_with_textual_blocked() -> None:
    assert len(CORE) > 30  # every module outside coach/tui, found on disk, not a chosen few
    code = BLOCK + "".join(f"import {m}\n" for m in CORE)
    code += "bad = [m for m in sys.modules if m.startswith('textual')]\nassert not bad, bad\n"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_blocker_really_blocks() -> None:
    run = subprocess.run(
        [sys.executable, "-c", BLOCK + "import textual"], capture_output=True, text=True, timeout=60
    )
    assert run.returncode != 0 and "blocked" in run.stderr


def test_textual_is_imported_only_in_the_tui_package() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert "import textual" not in text and "from textual" not in text, path


@pytest.mark.parametrize("module", CORE)
def test_the_core_never_imports_the_shell_or_the_command_line(module: str) -> None:
    upward = {m for m in imports_of(module) if m.startswith(("coach.tui", "coach.cli"))}
    if module.startswith("coach.cli"):
        upward = {m for m in upward if not m.startswith("coach.cli")}
        upward -= {"coach.tui.app"}  # the command line opens the app: that is its job
    assert not upward, f"{module} imports {upward}"


def test_the_import_graph_has_no_cycles() -> None:
    graph = {m: imports_of(m) - {m} for m in modules()}
    # a package's __init__ importing its own submodules is how packages export names
    for name, deps in graph.items():
        graph[name] = {d for d in deps if not (d.startswith(name + ".") and d in graph)}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [module])


def test_mypy_strict_passes_from_the_project_config() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=280
    )
    assert run.returncode == 0, run.stdout[-3000:]
