"""Flow files that are not files, too big, binary or nested without end: one calm line each."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from coach import files
from coach.cli import main
from coach.files import read_bounded
from coach.flows import source
from coach.flows.catalog import load_catalog
from coach.flows.load import load_flow, load_flow_text
from coach.flows.source import MAX_FILE_BYTES, MAX_NESTING, parse_toml, read_text
from tests.conftest import REPO

GOOD = (REPO / "scripts" / "temperature.toml").read_text(encoding="utf-8")


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """The one diagnostic `coach flows validate --quiet` prints for ``path`` (and its hint)."""
    assert main(["flows", "validate", "--quiet", str(path)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    line, *hint = out.out.strip().splitlines()
    assert line.startswith(f"{path}:") and len(hint) <= 1
    return line


def code_of(path: Path) -> str | None:
    _, problem = read_text(path)
    return problem.code if problem else None


# -- not regular files --------------------------------------------------------------------


def test_fifo_without_a_writer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "error[E008]" in validate(fifo, capsys) and "named pipe" in validate(fifo, capsys)


def test_fifo_with_a_writer_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so the writer can open
    writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    try:
        os.write(writer, GOOD.encode()[:1000])
        assert code_of(fifo) == "E008"
    finally:
        os.close(writer)
        os.close(reader)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_symlink_to_a_device(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if not os.path.exists(target):
        pytest.skip(f"{target} is missing here")
    link = tmp_path / "endless.toml"
    link.symlink_to(target)
    line = validate(link, capsys)
    assert "error[E008]" in line and "device" in line


def test_a_device_itself() -> None:
    assert code_of(Path("/dev/zero")) == "E008"


def test_unix_socket(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.toml"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        line = validate(path, capsys)
    assert "error[E008]" in line and "socket" in line


def test_symlink_to_a_regular_flow_is_fine(tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text(GOOD, encoding="utf-8")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    assert load_flow(link).ok


def test_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    assert "error[E001]" in validate(loop, capsys)


def test_dangling_symlink(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "gone.toml"
    link.symlink_to(tmp_path / "nowhere.toml")
    assert "error[E001]" in validate(link, capsys)


def test_permission_denied_on_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(GOOD, encoding="utf-8")

    def deny(*args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "open", deny)
    _, problem = read_text(path)
    assert problem and problem.code == "E001" and "permission" in problem.message


def test_a_catalog_that_is_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "micro-hurts.toml"
    os.mkfifo(fifo)
    loaded = load_catalog(fifo)
    assert not loaded.ok and [d.code for d in loaded.diagnostics] == ["E008"]


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_the_real_command_never_hangs(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.toml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    run = subprocess.run(
        [sys.executable, "-m", "coach", "flows", "validate", str(path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"{path}:1:1: error[E008]" in run.stdout


# -- size ----------------------------------------------------------------------------------


def padded(size: int) -> bytes:
    """A valid flow padded with a comment to exactly ``size`` bytes."""
    body = GOOD.encode() + b"\n#"
    return body + b"x" * (size - len(body))


def test_exactly_the_limit_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(padded(MAX_FILE_BYTES))
    assert load_flow(path).ok


def test_one_byte_over_the_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(padded(MAX_FILE_BYTES + 1))
    line = validate(path, capsys)
    assert "error[E007]" in line and "at most 1 MiB" in line


def test_a_huge_sparse_file_is_refused_from_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as f:
        f.truncate(10 * 2**30)  # 10 GiB, no disk used: it must never be read
    _, problem = read_text(path)
    assert problem and problem.code == "E007" and "10 MiB" not in problem.message
    assert "10240 MiB" in problem.message


def test_a_file_that_lies_about_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like /proc files or a file still growing: st_size says 0, reading stops at limit + 1."""
    path = tmp_path / "liar.toml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES * 3))
    real_fstat = os.fstat

    def small(fd: int) -> os.stat_result:
        st = list(real_fstat(fd))
        st[6] = 0  # st_size
        return os.stat_result(st)

    reads: list[int] = []
    real_read = os.read

    def counted(fd: int, n: int) -> bytes:
        reads.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(files.os, "fstat", small)
    monkeypatch.setattr(files.os, "read", counted)
    _, problem = read_text(path)
    assert problem and problem.code == "E007"
    assert sum(reads) == MAX_FILE_BYTES + 1


def test_read_bounded_reads_small_files_whole(tmp_path: Path) -> None:
    path = tmp_path / "x"
    path.write_bytes(b"abc")
    assert read_bounded(path, 3) == b"abc"
    with pytest.raises(source.FileTooLarge):
        read_bounded(path, 2)


def test_text_over_the_limit_from_the_editor() -> None:
    _, problem = parse_toml("#" * (MAX_FILE_BYTES + 1))
    assert problem and problem.code == "E007"


def test_a_long_single_line_under_the_limit() -> None:
    file = load_flow_text(GOOD.replace('title = "', 'title = "' + "x" * 500_000, 1))
    assert file.ok or all(d.code != "E007" for d in file.diagnostics)


# -- bytes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"\x00" * 100, GOOD.encode()[:100] + b"\x00" + GOOD.encode()[100:], os.urandom(4096),
     b"\x7fELF\x02\x01\x01" + bytes(100), b"\xff\xfe" + "title".encode("utf-16-le")],
    ids=["zeros", "one-nul", "random", "elf", "utf16"],
)  # fmt: skip
def test_binary(tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(content)
    assert "error[E002]" in validate(path, capsys)


def test_escape_sequences_in_a_flow_are_never_echoed(capsys: pytest.CaptureFixture[str]) -> None:
    """A syntax error message quotes tomllib, which names characters, never raw escapes."""
    file = load_flow_text('title = "\x1b]0;pwned\x07\n')
    assert file.diagnostics[0].code == "E003"
    assert "\x1b" not in file.diagnostics[0].message


# -- nesting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 10_000 + "]" * 10_000,
        "x = " + "{a = " * 5_000 + "1" + "}" * 5_000,
        "x = " + "[" * 10_000,
        "x = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1),
        "[" + ".".join(["a"] * 200) + "]\nb = 1\n",
        "x." + ".".join(["a"] * 200) + " = 1\n",
        "[[" + ".".join(["a"] * 40) + "]]\n",
    ],
    ids=["arrays", "inline-tables", "unclosed", "just-over", "header", "dotted-key", "aot"],
)
def test_deep_nesting(text: str) -> None:
    _, problem = parse_toml(text)
    assert problem and problem.code in ("E003", "E009"), problem


def test_deep_nesting_in_a_real_flow_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(GOOD + "\nextra = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert "error[E009]" in validate(path, capsys)


def test_nesting_up_to_the_limit_is_not_refused_for_depth() -> None:
    depth = MAX_NESTING - 1  # the top table is one level
    data, problem = parse_toml("x = " + "[" * depth + "]" * depth)
    assert problem is None and data is not None


def test_a_number_with_thousands_of_digits() -> None:
    _, problem = parse_toml("minutes = " + "9" * 5000)
    assert problem and problem.code == "E003"
