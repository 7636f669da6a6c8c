"""coach flows new / edit: safe as crontab -e, with a fake editor and scripted answers."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from coach import paths
from coach.atomic import write_atomic
from coach.cli import main
from coach.flows.authoring import new_flow
from coach.flows.library import find
from coach.flows.load import load_flow
from tests.conftest import REPO
from tests.core.test_runner import walk

FAKE = REPO / "tests" / "fake_editor.py"


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Queue the texts the 'editor' will write, one per time it is opened."""
    queue = tmp_path / "queue.json"
    monkeypatch.setenv("EDITOR", f"{sys.executable} {FAKE}")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("FAKE_EDITOR_QUEUE", str(queue))

    def plan(*texts: str | None, answers: str = "") -> None:
        queue.write_text(json.dumps(list(texts)))
        monkeypatch.setattr(sys, "stdin", io.StringIO(answers))

    return plan


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    return status, out.out + out.err


def test_new_is_valid_as_created_and_plays_to_its_end(capsys) -> None:
    status, out = run(capsys, "flows", "new", "evening")
    path = paths.user_flows_dir() / "evening.toml"
    assert status == 0 and str(path) in out
    text = path.read_text()
    assert text.startswith("#:schema file://") and "flow.schema.json" in text.splitlines()[0]
    file = load_flow(path)
    assert file.ok and file.diagnostics == []
    assert walk(file.flow).finished
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_new_refuses_bad_names_and_existing_files(capsys) -> None:
    assert run(capsys, "flows", "new", "Not OK")[0] == 1
    assert run(capsys, "flows", "new", "ours")[0] == 0
    status, out = run(capsys, "flows", "new", "ours")
    assert status == 1 and "already exists" in out


def test_new_from_a_bundled_flow(capsys) -> None:
    status, _ = run(capsys, "flows", "new", "our-check-in", "--from", "check-in")
    assert status == 0
    entry = find("our-check-in")
    assert entry is not None and entry.ok and entry.flow.title == "Check-in"
    assert find("check-in").origin == "bundled"  # the original is untouched


def good_edit(path: Path) -> str:
    return path.read_text().replace('title = "Evening"', 'title = "Our evening"')


def test_edit_valid_change_is_saved_with_a_backup(capsys, editor) -> None:
    path = new_flow("evening")
    before = path.read_text()
    editor(good_edit(path))
    status, out = run(capsys, "flows", "edit", "evening")
    assert status == 0 and "Saved" in out
    assert 'title = "Our evening"' in path.read_text()
    assert Path(str(path) + ".bak").read_text() == before


def broken(path: Path) -> str:
    return path.read_text().replace('kind = "end"', 'kind = "ending"')


def test_edit_errors_then_edit_again_then_fixed(capsys, editor) -> None:
    path = new_flow("evening")
    editor(broken(path), good_edit(path), answers="e\n")
    status, out = run(capsys, "flows", "edit", "evening")
    assert "error[E014]" in out and "[e]dit again" in out
    assert status == 0 and 'title = "Our evening"' in path.read_text()


def test_edit_errors_then_keep_marks_it_invalid(capsys, editor) -> None:
    path = new_flow("evening")
    editor(broken(path), answers="what?\nk\n")  # an unclear answer is asked again
    status, out = run(capsys, "flows", "edit", "evening")
    assert status == 1 and "marked invalid" in out and out.count("What now?") == 2
    assert 'kind = "ending"' in path.read_text()
    entry = find("evening")
    assert entry is not None and not entry.ok and entry.flow is None  # never loaded


def test_edit_errors_then_discard_keeps_the_old_file(capsys, editor) -> None:
    path = new_flow("evening")
    before = path.read_text()
    editor(broken(path), answers="d\n")
    status, out = run(capsys, "flows", "edit", "evening")
    assert status == 0 and "Discarded" in out and path.read_text() == before


def test_edit_with_no_answer_changes_nothing_and_keeps_the_edits(capsys, editor) -> None:
    path = new_flow("evening")
    before = path.read_text()
    editor(broken(path), answers="")
    status, out = run(capsys, "flows", "edit", "evening")
    assert status == 1 and path.read_text() == before and "nothing was changed" in out
    assert (paths.state_dir() / "editing" / "evening.toml").read_text() == broken(path)


def test_edit_a_bundled_flow_copies_it_first(capsys, editor) -> None:
    bundled = (REPO / "scripts" / "temperature.toml").read_text()
    editor(bundled.replace('title = "Temperature"', 'title = "Our temperature"'))
    status, out = run(capsys, "flows", "edit", "temperature")
    assert status == 0 and "Copied the bundled flow" in out
    assert (REPO / "scripts" / "temperature.toml").read_text() == bundled
    entry = find("temperature")
    assert entry.origin == "user" and entry.flow.title == "Our temperature"


def test_edit_without_changes_and_unknown_flow(capsys, editor) -> None:
    new_flow("evening")
    editor(None)
    assert run(capsys, "flows", "edit", "evening") == (0, "No changes.\n")
    status, out = run(capsys, "flows", "edit", "nope")
    assert status == 1 and "no flow `nope`" in out


def test_an_interrupted_write_leaves_the_old_file_intact(monkeypatch) -> None:
    path = new_flow("evening")
    before = path.read_text()

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt  # the power went out between writing and renaming

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "half a fl")
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir()] == ["evening.toml"]  # no temp file left


def test_schema_command_prints_the_committed_schema(capsys) -> None:
    status, out = run(capsys, "flows", "schema")
    assert status == 0
    assert json.loads(out) == json.loads((REPO / "scripts" / "flow.schema.json").read_text())
