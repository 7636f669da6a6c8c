"""Shell completion scripts: made from the real parser, valid, and completing live ids."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coach import paths
from coach.cli import build_parser
from coach.cli import completion as C

FAKE_COACH = """#!/bin/sh
case "$*" in
  "flows list --ids") printf 'check-in\\nevening-talk\\nreset\\n' ;;
  "note --kinds --ids") printf 'dismissing\\nphone\\n' ;;
  *) exit 2 ;;
esac
"""


def parser_with_completion() -> argparse.ArgumentParser:
    """The real parser, ``completion`` command included."""
    return build_parser()


@pytest.fixture(scope="module")
def scripts() -> dict[str, str]:
    return {shell: C.script(parser_with_completion(), shell) for shell in C.SHELLS}


@pytest.fixture
def fake_bin(tmp_path: Path) -> Path:
    """A folder with a stand-in ``coach`` that prints ids like the hidden commands will."""
    folder = tmp_path / "bin"
    folder.mkdir()
    exe = folder / "coach"
    exe.write_text(FAKE_COACH)
    exe.chmod(0o755)
    return folder


def run(args: list[str], bin_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin" if bin_dir else "/usr/bin:/bin", "HOME": "/tmp"}
    return subprocess.run(args, capture_output=True, text=True, timeout=60, env=env, check=False)


def test_completers_attached_by_metavar() -> None:
    parser = parser_with_completion()
    C.add_completers(parser)
    specs = C.completers()
    found = {
        (" ".join(path), a.metavar or a.dest): getattr(a, "complete", None)
        for path, sub in C.subparsers(parser)
        for a in sub._actions
    }
    for where in [("run", "FLOW_ID"), ("flows show", "FLOW_ID"), ("flows edit", "FLOW_ID"),
                  ("flows new", "FLOW_ID")]:  # fmt: skip
        assert found[where] is specs["flow_ids"], where
    assert found[("note", "KIND")] is specs["kind_ids"]
    assert C.FLOW_IDS_COMMAND in specs["flow_ids"]["zsh"]
    assert found[("flows validate", "PATH")] is specs["flow_files"]
    assert found[("history import", "FILE")] is specs["export_files"]
    assert found[("history export", "FILE")] is specs["file"]
    assert found[("reset", "FILE")] is specs["file"]  # --ics: any file name
    assert found[("remind", "FILE")] is specs["file"]
    untyped = [
        k for path, sub in C.subparsers(parser) for a in sub._actions
        if a.type is Path and not hasattr(a, "complete")
        for k in [(" ".join(path), a.dest)]
    ]  # fmt: skip
    assert untyped == []  # every file argument completes files


def test_scripts_name_every_command_and_the_id_commands(scripts: dict[str, str]) -> None:
    commands = {path[-1] for path, _ in C.subparsers(parser_with_completion()) if path}
    assert {"run", "flows", "show", "edit", "new", "note", "completion", "fresh-start",
            "remind"} <= commands  # fmt: skip
    for shell, text in scripts.items():
        missing = [c for c in commands if c not in text]
        assert not missing, (shell, missing)
        assert C.FLOW_IDS_COMMAND in text and C.KIND_IDS_COMMAND in text, shell
        assert "--ids" not in text.replace(C.FLOW_IDS_COMMAND, "").replace(
            C.KIND_IDS_COMMAND, ""
        )  # the hidden flags are never offered themselves


def test_unknown_shell_is_refused() -> None:
    with pytest.raises(ValueError, match="bash, zsh, fish"):
        C.script(build_parser(), "tcsh")


def test_bash_syntax(tmp_path: Path, scripts: dict[str, str]) -> None:
    file = tmp_path / "coach.bash"
    file.write_text(scripts["bash"])
    result = run(["bash", "-n", str(file)])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("line", "expected"), [
    ("coach run ", ["check-in", "evening-talk", "reset"]),
    ("coach run ev", ["evening-talk"]),
    ("coach flows edit r", ["reset"]),
    ("coach flows new mine --from ", ["check-in", "evening-talk", "reset"]),
    ("coach note ", ["dismissing", "phone"]),
    ("coach completion ", ["bash", "fish", "zsh"]),
])  # fmt: skip
def test_bash_completes_live_ids(
    tmp_path: Path, fake_bin: Path, scripts: dict[str, str], line: str, expected: list[str]
) -> None:
    file = tmp_path / "coach.bash"
    file.write_text(scripts["bash"])
    words = line.split(" ")
    driver = (
        f"source {file}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\nCOMP_LINE={line!r}\nCOMP_POINT=${{#COMP_LINE}}\n"
        "_shtab_coach\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = run(["bash", "-c", driver], fake_bin)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == expected


@pytest.mark.parametrize("line", ["coach reset 20m --ics ", "coach remind --ics "])
def test_bash_completes_files_for_ics(tmp_path: Path, scripts: dict[str, str], line: str) -> None:
    file = tmp_path / "coach.bash"
    file.write_text(scripts["bash"])
    here = tmp_path / "here"
    here.mkdir()
    (here / "back.ics").write_text("")
    words = line.split(" ")
    driver = (
        f"cd {here} && source {file}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\nCOMP_LINE={line!r}\nCOMP_POINT=${{#COMP_LINE}}\n"
        "_shtab_coach\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    result = run(["bash", "-c", driver])
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["back.ics"]


def test_zsh_syntax(tmp_path: Path, scripts: dict[str, str]) -> None:
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed (apt-get install zsh)")
    file = tmp_path / "_coach"
    file.write_text(scripts["zsh"])
    result = run(["zsh", "-n", str(file)])
    assert result.returncode == 0, result.stderr


def test_fish_syntax_and_live_ids(tmp_path: Path, fake_bin: Path, scripts: dict[str, str]) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed (apt-get install fish)")
    file = tmp_path / "coach.fish"
    file.write_text(scripts["fish"])
    result = run(["fish", "--no-execute", str(file)])
    assert result.returncode == 0, result.stderr
    asked = run(["fish", "-c", f"source {file}; complete -C 'coach run '"], fake_bin)
    assert asked.returncode == 0, asked.stderr
    assert {line.split("\t")[0] for line in asked.stdout.splitlines()} == {
        "check-in", "evening-talk", "reset",
    }  # fmt: skip
    kinds = run(["fish", "-c", f"source {file}; complete -C 'coach note '"], fake_bin)
    assert {line.split("\t")[0] for line in kinds.stdout.splitlines()} == {"dismissing", "phone"}


def test_ids_need_no_shtab() -> None:
    code = "import sys; from coach.cli.completion import flow_ids, kind_ids; flow_ids(); kind_ids()"
    code += "; assert 'shtab' not in sys.modules and 'textual' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_safe_words_keep_shells_out_of_trouble() -> None:
    hostile = ["$(touch /tmp/pwned)", "`id`", "a b", "-rf", "ok-id", "UPPER", "x" * 65, "", "ok"]
    assert C.safe_words(hostile) == ["ok", "ok-id"]


def test_id_commands_read_the_real_library() -> None:
    flows = paths.user_flows_dir()
    flows.mkdir(parents=True)
    (flows / "$(touch pwned).toml").write_text("not = [valid")  # listed by its file name
    (flows / "our-talk.toml").write_text("not = [valid")
    ids = C.flow_ids()
    assert "check-in" in ids and "our-talk" in ids
    assert all(C.safe_words([i]) == [i] for i in ids) and not any("$" in i for i in ids)
    kinds = C.kind_ids()
    assert "phone" in kinds and kinds == sorted(kinds)


def test_completion_command_prints_a_script(capsys: pytest.CaptureFixture[str]) -> None:
    args = parser_with_completion().parse_args(["completion", "fish"])
    assert args.handler(args) == 0
    assert "complete -c coach" in capsys.readouterr().out
    assert C.print_ids(["a", "b"]) == 0 and capsys.readouterr().out == "a\nb\n"
