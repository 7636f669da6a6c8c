"""The JSON Schema accepts every bundled flow and rejects the corpus's schema errors."""

from __future__ import annotations

import json
import re
import tomllib

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
