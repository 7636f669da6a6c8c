"""The examples in the docs are real: they validate and play to their end."""

from __future__ import annotations

import re

from coach.flows.load import load_flow_text
from tests.conftest import REPO
from tests.test_runner import walk

DOC = REPO / "docs" / "flow-format.md"


def toml_blocks(text: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", text, re.S)


def test_complete_example_validates_clean_and_runs(catalog) -> None:
    example = toml_blocks(DOC.read_text())[0]
    file = load_flow_text(example, "example.toml", catalog)
    assert file.ok and file.diagnostics == [], [d.format("example") for d in file.diagnostics]
    state = walk(file.flow)
    assert state.finished and state.answers["day"].keys() == {"a", "b"}


def test_every_error_code_is_documented() -> None:
    from coach.flows.diagnostics import CODES

    text = DOC.read_text()
    for code in CODES:
        assert f"| {code} |" in text, code
