"""A plain (non-editable) wheel carries scripts/ and styles/ and finds them from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (found,) = out.glob("coach-*.whl")
    return found


def test_wheel_contains_scripts_and_styles(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for script in (REPO / "scripts").glob("*.toml"):
        assert f"coach/_data/scripts/{script.name}" in names
    for style in (REPO / "styles").glob("*.tcss"):
        assert f"coach/_data/styles/{style.name}" in names


def test_installed_wheel_runs_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    show = subprocess.run(
        [sys.executable, "-m", "coach", "paths"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert show.returncode == 0, show.stderr
    assert str(site / "coach" / "_data" / "scripts") in show.stdout
    assert str(site / "coach" / "_data" / "styles") in show.stdout
    check = subprocess.run(
        [sys.executable, "-m", "coach", "flows", "validate"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "All 17 files valid." in check.stdout  # flows, catalogs and 7 question decks
