"""Random and mutated TOML never makes the loader or validator raise."""

from __future__ import annotations

import tomllib

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.flows.load import load_flow_text
from tests.conftest import REPO

SEEDS = [p.read_text(encoding="utf-8") for p in sorted((REPO / "scripts").glob("*.toml"))]
KEYS = ["id", "kind", "to", "text", "next", "save", "answer", "private", "choice", "branch",
        "when", "seconds", "breathe", "repeat", "record", "format", "step", "start",
        "label"]  # fmt: skip

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 100_000), st.floats(allow_nan=False),
    st.text(max_size=20), st.sampled_from(["ask", "say", "end", "both", "{a}", "{", "temp.a >"]),
)  # fmt: skip
values = st.recursive(
    scalars.filter(lambda v: v is not None),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    load_flow_text(text)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(SEEDS), st.data())
def test_mutated_source(seed: str, data: st.DataObject) -> None:
    """Cut, splice and overwrite pieces of real flow files."""
    text = seed
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(text)))
        j = data.draw(st.integers(i, min(len(text), i + 40)))
        text = text[:i] + data.draw(st.text(max_size=10)) + text[j:]
    load_flow_text(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(SEEDS), st.data())
def test_mutated_structure(seed: str, data: st.DataObject) -> None:
    """Replace values inside real flows with random ones of any type, then re-serialise."""
    doc = tomllib.loads(seed)
    steps = doc.get("step", [])
    for _ in range(data.draw(st.integers(1, 5))):
        target = doc
        if steps and data.draw(st.booleans()):
            target = data.draw(st.sampled_from(steps))
        key = data.draw(st.sampled_from(KEYS))
        target[key] = data.draw(values)
    load_flow_text(tomli_w.dumps(doc))
