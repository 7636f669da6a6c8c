"""The command line: version, help, flows list/validate/show, paths, user overrides."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coach import __version__, paths
from coach.cli import main
from tests.conftest import REPO

SCRIPTS = REPO / "scripts"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    out = capsys.readouterr()
    return status, out.out, out.err


def test_version(capsys) -> None:
    assert run(capsys, "--version") == (0, f"coach {__version__}\n", "")


def test_help_mentions_commands_and_care(capsys) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0
    for word in ("flows", "paths", "not therapy", "unsafe"):
        assert word in out


def test_help_has_an_example_for_every_command(capsys) -> None:
    from coach.cli import build_parser
    from coach.cli.completion import subparsers

    status, out, _ = run(capsys, "--help")
    assert status == 0
    commands = {path[0] for path, _ in subparsers(build_parser()) if len(path) == 1}
    assert "remind" in commands
    examples = out[out.index("examples:") :]
    assert [c for c in sorted(commands) if f"  coach {c} " not in examples] == []
    listed = out[out.index("commands:") : out.index("examples:")]
    assert [c for c in sorted(commands) if not re.search(rf"^    {c}\b", listed, re.M)] == []


def test_usage_error_exits_2(capsys) -> None:
    status, _, err = run(capsys, "flows", "frobnicate")
    assert status == 2 and "coach:" in err and "--help" in err


def test_validate_bundled_scripts(capsys) -> None:
    files = sorted(str(p) for p in SCRIPTS.glob("*.toml"))
    assert sum(f.endswith(".deck.toml") for f in files) == 7  # the question decks too
    status, out, _ = run(capsys, "flows", "validate", *files)
    assert status == 0, out
    assert f"All {len(files)} files valid." in out
    assert "warning" not in out  # bundled flows and decks are clean, not just valid


def test_validate_without_paths_checks_every_flow(capsys, home: Path) -> None:
    status, out, _ = run(capsys, "flows", "validate")
    assert status == 0 and "check-in.toml: ok" in out and "week.deck.toml: ok" in out


def test_warnings_do_not_fail(capsys, tmp_path: Path) -> None:
    src = (SCRIPTS / "temperature.toml").read_text().replace(
        'id = "rate"', 'id = "rate"\n', 1
    ) + '\n[[step]]\nid = "extra"\nkind = "ask"\nanswer = "text"\nsave = "unused"\ntext = "?"\n'
    src = src.replace('id = "calm"\nkind = "end"', 'id = "calm"\nkind = "say"\nnext = "extra"')
    src += '\n[[step]]\nid = "fin"\nkind = "end"\n'
    path = tmp_path / "warn.toml"
    path.write_text(src)
    status, out, _ = run(capsys, "flows", "validate", str(path))
    assert status == 0, out
    assert "warning[W001]" in out and "ok (with warnings)" in out


def test_list_shows_origin_and_validity(capsys) -> None:
    status, out, _ = run(capsys, "flows", "list")
    assert status == 0
    for flow_id in ("acknowledge", "check-in", "weekly", "temperature"):
        assert flow_id in out
    assert "bundled" in out and "invalid" not in out


def test_user_flow_overrides_and_broken_file_hides_nothing(capsys) -> None:
    user = paths.user_flows_dir()
    user.mkdir(parents=True)
    mine = (
        (SCRIPTS / "check-in.toml")
        .read_text()
        .replace('title = "Check-in"', 'title = "Our check-in"')
    )
    (user / "ours.toml").write_text(mine)
    (user / "broken.toml").write_text("format = 1\nid = [\n")
    status, out, _ = run(capsys, "flows", "list")
    assert status == 0
    assert "Our check-in" in out and "overrides bundled" in out
    assert "broken" in out and "invalid" in out
    assert "temperature" in out  # the others are all still there
    status, out, _ = run(capsys, "flows", "show", "check-in")
    assert status == 0 and "Our check-in" in out and str(user / "ours.toml") in out
    status, out, _ = run(capsys, "flows", "validate")
    assert status == 1 and "broken.toml:3:1: error[E003]" in out


def test_show_outline(capsys) -> None:
    status, out, _ = run(capsys, "flows", "show", "temperature")
    assert status == 0
    assert "1. rate  [ask both: private 1-10]  <- start" in out
    assert "if temp.max >= 8  -> hot" in out


def test_show_unknown_flow(capsys) -> None:
    status, out, _ = run(capsys, "flows", "show", "nope")
    assert status == 1 and "no flow `nope`" in out and "check-in" in out


def test_paths_follow_xdg(capsys, home: Path) -> None:
    status, out, _ = run(capsys, "paths")
    assert status == 0
    assert str(home / "config" / "coach" / "config.toml") in out
    assert str(home / "data" / "coach" / "history.sqlite3") in out
    assert str(home / "state" / "coach") in out


def test_user_catalog_overrides_bundled(capsys) -> None:
    user = paths.user_flows_dir()
    user.mkdir(parents=True)
    shutil.copy(SCRIPTS / "micro-hurts.toml", user / "micro-hurts.toml")
    text = (user / "micro-hurts.toml").read_text()
    text += '\n[[hurt]]\nid = "sarcasm"\nname = "Sharp joke"\n'
    (user / "micro-hurts.toml").write_text(text)
    flow = (
        (SCRIPTS / "temperature.toml")
        .read_text()
        .replace('id = "hot"\nkind = "end"', 'id = "hot"\nkind = "end"\nhurt = "sarcasm"')
    )
    (user / "t.toml").write_text(flow)
    status, out, _ = run(capsys, "flows", "validate", str(user / "t.toml"))
    assert status == 0, out
