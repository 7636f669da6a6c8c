"""Every malformed flow in tests/corpus gives its expected code at the expected line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.cli import main
from tests.conftest import REPO

CORPUS = REPO / "tests" / "corpus"
FILES = sorted(CORPUS.glob("*.toml"))
EXPECT = re.compile(r"# expect: (?P<code>[EW]\d{3}) line (?P<line>\d+)")


def test_corpus_is_big_enough() -> None:
    assert len(FILES) >= 40
    codes = {EXPECT.match(f.read_text(encoding="utf-8")).group("code") for f in FILES}
    # Every error code a flow file can trigger is exercised at least once.
    assert codes >= {
        "E003", "E005", "E006", "E010", "E011", "E012", "E013", "E014", "E020", "E021",
        "E022", "E030", "E031", "E032", "E040", "E041", "E042", "E043", "E044",
    }  # fmt: skip


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_malformed_flow_reports_code_and_line(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expect = EXPECT.match(path.read_text(encoding="utf-8"))
    assert expect, f"{path.name} lacks an '# expect:' header"
    code, line = expect["code"], expect["line"]

    status = main(["flows", "validate", "--quiet", str(path)])

    out = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in out.out + out.err
    wanted = re.compile(rf"^{re.escape(str(path))}:{line}:\d+: error\[{code}\]: \S", re.M)
    assert wanted.search(out.out), out.out
