"""The command line, fed hostile names, notes, flows, file names and folders: a calm line,
never a traceback, and nothing on the terminal that is not plain text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coach import paths
from coach.cli import main
from tests.hostile import HOSTILE_TEXTS, hostile_flow, hostile_history, unsafe

HOSTILE_NAMES = 'partner_a = "[@click=app.quit]Sam[/]"\npartner_b = "Al[/]ex\\u001b]0;t\\u0007"\n'


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit:  # some commands exit directly, as the real command would
        status = int(exit.code or 0)
    out = capsys.readouterr()
    return status, out.out + out.err


def write_settings(text: str) -> None:
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text(text, encoding="utf-8")


@pytest.fixture
def hostile_home() -> None:
    write_settings(HOSTILE_NAMES)
    hostile_flow()
    hostile_history()


@pytest.mark.parametrize(
    "argv",
    [
        ("history",),
        ("history", "-n", "200"),
        ("history", "--search", "[/]"),
        ("history", "--type", "note"),
        ("history", "export", "--format", "md"),
        ("history", "export", "--format", "csv"),
        ("flows", "list"),
        ("flows", "show", "hostile"),
        ("flows", "validate"),
        ("note", "phone", "[/] \x1b]0;pwned\x07 \udcff", "--by", "a"),
        ("note", "\x1b[2J", "--by", "a"),
        ("note", "phone", "x", "--by", "\x1b[2J"),
        ("flows", "show", "\x1b]0;t\x07"),
        ("run", "[/]\x1b[2J"),
        ("paths",),
    ],
)
def test_hostile_data_gives_plain_output(
    hostile_home: None, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    status, out = run(capsys, *argv)
    assert status in (0, 1, 2)
    out = out.replace("\r\n", "\n")  # csv's own line ends
    assert not unsafe(out), unsafe(out)
    assert "Traceback" not in out


def test_names_print_as_written(hostile_home: None, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "note", "phone", "at dinner", "--by", "a")
    assert status == 0 and "[@click=app.quit]Sam[/] felt hurt" in out


def test_csv_cells_never_start_a_formula(capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("=1+1", "+cmd", "-2", "@SUM(A1)", " =x"):
        assert main(["note", "phone", text, "--by", "a"]) == 0
    capsys.readouterr()
    assert main(["history", "export", "--format", "csv"]) == 0
    cells = [row.split(",")[5] for row in capsys.readouterr().out.splitlines()[1:]]
    assert all(c.lstrip('"').startswith("'") for c in cells), cells


def test_a_file_name_with_escapes_is_shown_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "evil\x1b]0;x\x07.toml"
    path.write_text("format = 1\n")
    status, out = run(capsys, "flows", "validate", str(path))
    assert status == 1 and not unsafe(out) and "evil" in out


@pytest.mark.parametrize("text", HOSTILE_TEXTS[:20])
def test_settings_of_any_shape_never_stop_a_command(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    write_settings(f"partner_a = {text!r}\nreset_minutes = {text!r}\nbell = [[1]]\n")
    status, out = run(capsys, "note", "phone", "--by", "b")
    assert status in (0, 1, 2) and "Traceback" not in out and not unsafe(out)


@pytest.mark.parametrize(
    ("what", "argv"),
    [
        ("data", ("note", "phone", "--by", "a")),
        ("data", ("history",)),
        ("config", ("flows", "new", "evening")),
    ],
)
def test_a_folder_coach_cannot_use_gives_one_line_and_exit_1(
    what: str, argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    # Running as root, permissions would not stop us: a file where the folder should be does.
    folder = paths.data_dir() if what == "data" else paths.config_dir()
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("not a folder")
    status, out = run(capsys, *argv)
    assert status == 1 and "Traceback" not in out
    assert out.startswith("coach: ") and len(out.strip().splitlines()) == 1, out


def test_an_import_that_is_a_pipe_or_huge_is_refused_calmly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "backup.json"
    os.mkfifo(fifo)
    status, out = run(capsys, "history", "import", str(fifo))
    assert status == 1 and "named pipe" in out
    status, out = run(capsys, "history", "import", "/dev/zero")
    assert status == 1 and "Traceback" not in out
