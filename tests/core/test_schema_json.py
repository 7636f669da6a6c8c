"""The JSON Schema accepts every bundled flow and rejects the corpus's schema errors."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import jsonschema
import pytest

from coach.flows.json_schema import flow_schema
from tests.conftest import BUNDLED_FLOWS, REPO

SCHEMA_FILE = REPO / "scripts" / "flow.schema.json"
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))
SCHEMA_CODES = {"E005", "E006", "E010", "E011", "E012", "E013", "E014", "E022"}


def schema_error_files() -> list:
    out = []
    for path in sorted((REPO / "tests" / "corpus").glob("*.toml")):
        code = re.match(r"# expect: (\w+)", path.read_text()).group(1)
        try:
            tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError:
            continue
        if code in SCHEMA_CODES:
            out.append(path)
    return out


def test_committed_schema_is_generated_from_the_validator_shapes() -> None:
    assert json.loads(SCHEMA_FILE.read_text()) == flow_schema(), (
        "regenerate scripts/flow.schema.json with `coach flows schema > scripts/flow.schema.json`"
    )
    jsonschema.Draft202012Validator.check_schema(flow_schema())


@pytest.mark.parametrize("name", BUNDLED_FLOWS)
def test_accepts_every_bundled_flow(name: str) -> None:
    data = tomllib.loads((REPO / "scripts" / f"{name}.toml").read_text())
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []


@pytest.mark.parametrize("path", schema_error_files(), ids=lambda p: p.stem)
def test_rejects_the_corpus_schema_errors(path) -> None:
    assert list(VALIDATOR.iter_errors(tomllib.loads(path.read_text())))


def test_there_are_enough_schema_cases() -> None:
    assert len(schema_error_files()) >= 30


def doc_table_keys(doc: str, heading: str) -> set[str]:
    """The keys named in the first column of the first table after ``heading``."""
    part = doc[doc.index(heading) :]
    rows = re.search(r"\n(\|.*\|\n)+", part)
    assert rows, heading
    keys: set[str] = set()
    for row in rows.group(0).strip().splitlines()[2:]:
        keys |= set(re.findall(r"`([a-z_]+)`", row.split("|")[1]))
    return keys


def test_every_key_the_docs_name_is_in_the_schema() -> None:
    doc = (REPO / "docs" / "flow-format.md").read_text(encoding="utf-8")
    schema = flow_schema()
    step = schema["properties"]["step"]["items"]
    header = doc_table_keys(doc, "## The header")
    step_keys = doc_table_keys(doc, "Keys a step may have")
    draw_keys = doc_table_keys(doc, "### A question card in a flow")
    assert header == set(schema["properties"]) - {"step"}
    assert step_keys == set(step["properties"]) - {"id", "kind"}
    assert draw_keys == set(step["properties"]["draw"]["properties"])
    choice = set(step["properties"]["choice"]["items"]["properties"])
    example = doc[doc.index("### Choices") : doc.index("### Branches")]
    assert choice == set(re.findall(r"^  ([a-z_]+) = ", example, re.M))
    assert set(step["properties"]["breathe"]["properties"]) == {"in", "hold", "out"}
    assert "breathe = { in = 4, hold = 0, out = 6 }" in doc


def test_a_long_box_is_for_words_only() -> None:
    head = {"format": 1, "id": "x", "title": "X", "summary": "S", "minutes": 1}
    ask = {"id": "q", "kind": "ask", "text": "?", "long": True}
    for answer, ok in (("text", True), ("scale", False), ("choice", False)):
        data = {**head, "step": [{**ask, "answer": answer, "choices_from": "repairs"}]}
        if answer != "choice":
            del data["step"][0]["choices_from"]
        assert (list(VALIDATOR.iter_errors(data)) == []) == ok, answer


@pytest.mark.parametrize(
    "path", sorted((REPO / "tests" / "corpus" / "held-out").glob("*.toml")), ids=lambda p: p.stem
)
def test_accepts_every_held_out_flow(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in VALIDATOR.iter_errors(data)] == []
