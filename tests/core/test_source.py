"""Files that are not TOML at all still get one clear line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.flows.load import load_flow
from tests.conftest import REPO


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["flows", "validate", "--quiet", str(path)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1, lines
    return lines


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("empty.toml", b"", "E004"),
        ("blank.toml", b"  \n\n", "E004"),
        ("binary.toml", bytes(range(256)), "E002"),
        ("latin1.toml", 'title = "café"\n'.encode("latin-1"), "E002"),
    ],
)
def test_bad_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (line,) = _validate(path, capsys)
    assert f"error[{code}]" in line and line.startswith(str(path))


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (line,) = _validate(tmp_path, capsys)
    assert "error[E001]" in line and "folder" in line


def test_missing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (line,) = _validate(tmp_path / "nope.toml", capsys)
    assert "error[E001]" in line and "no such file" in line


def test_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.toml"
    path.write_text("format = 1\n")

    def deny(*args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("coach.files.os.open", deny)  # as root, chmod would not stop us
    (line,) = _validate(path, capsys)
    assert "error[E001]" in line and "permission" in line


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    src = (REPO / "scripts" / "temperature.toml").read_text()
    path.write_bytes(b"\xef\xbb\xbf" + src.encode())
    assert load_flow(path).ok


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe garbage [[[")
    run = subprocess.run(
        [sys.executable, "-m", "coach", "flows", "validate", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert f"{bad}:1:1: error[E002]" in run.stdout
