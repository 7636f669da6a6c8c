"""The examples in the docs are real: they validate and play to their end."""

from __future__ import annotations

import re
import tomllib

import pytest

from coach.flows.catalog import Catalog
from coach.flows.load import load_flow_text
from tests.conftest import REPO
from tests.core.test_runner import walk

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


def tutorial_pieces() -> tuple[str, list[str]]:
    text = DOC.read_text()
    part = text[text.index("## Writing your own flow") : text.index("## Error codes")]
    blocks = toml_blocks(part)
    return blocks[-1], blocks[:-1]


def test_the_tutorial_flow_built_step_by_step_validates_and_plays(catalog) -> None:
    from coach.flows import runner
    from coach.flows.authoring import new_flow

    complete, steps = tutorial_pieces()
    # Follow the tutorial: new, then the header, the question, the branch, the rest.
    path = new_flow("evening-talk")
    assert path.exists()
    built = "\n".join(steps)
    assert built.split() == complete.split()  # the steps add up to the complete file
    file = load_flow_text(built, "evening-talk.toml", catalog)
    assert file.ok and file.diagnostics == [], [d.format("tutorial") for d in file.diagnostics]
    flow = file.flow
    # Calm evening: straight to sharing.
    assert walk(flow).finished
    # A stirred-up evening: the branch leads to the pause, then back to sharing.
    state = runner.start(flow)
    state = runner.apply(flow, state, runner.Answer("a", 8))
    state = runner.apply(flow, state, runner.Answer("b", 2))
    state = runner.apply(flow, state, runner.Next())  # after the reveal
    assert state.step == "breathe"
    state = runner.apply(flow, state, runner.Next())
    assert state.step == "share"


# -- every example in the reference, checked by what its marker says it is -----------------

MARKED = re.compile(
    r"<!-- check: (?P<what>[a-z]+)(?: (?P<code>[EW]\d{3}))? -->\n```toml\n(.*?)```", re.S
)
HEADER = """\
format = 1
id = "doc-example"
title = "An example from the docs"
summary = "A few steps from the flow format's reference."
minutes = 5

"""


def marked_blocks() -> list[tuple[str, str | None, str]]:
    return [(m["what"], m["code"], m[3]) for m in MARKED.finditer(DOC.read_text())]


def as_flow(steps: str) -> str:
    """A fragment of steps as a whole flow: a header above, and an end below if it has none."""
    last_kind = tomllib.loads(steps)["step"][-1]["kind"]
    end = "" if last_kind == "end" else '\n[[step]]\nid = "doc-example-end"\nkind = "end"\n'
    return HEADER + steps + end


def test_every_toml_block_in_the_docs_says_what_it_is() -> None:
    text = DOC.read_text()
    assert len(marked_blocks()) == len(toml_blocks(text))
    kinds = {what for what, _, _ in marked_blocks()}
    assert kinds <= {"flow", "steps", "error", "tutorial", "deck"}, kinds


def examples(kind: str) -> list[tuple[str | None, str]]:
    return [(code, block) for what, code, block in marked_blocks() if what == kind]


def first_step_id(example: tuple[str | None, str]) -> str:
    return str(tomllib.loads(example[1])["step"][0]["id"])


@pytest.mark.parametrize("example", examples("steps"), ids=first_step_id)
def test_each_example_of_steps_loads_clean_and_plays(
    example: tuple[str | None, str], catalog: Catalog
) -> None:
    file = load_flow_text(as_flow(example[1]), "example.toml", catalog)
    assert file.ok and file.diagnostics == [], [d.format("example") for d in file.diagnostics]
    assert file.flow is not None
    for pick in (0, 1, 2):
        assert walk(file.flow, pick).finished


@pytest.mark.parametrize("example", examples("error"), ids=first_step_id)
def test_each_example_of_an_error_gives_its_code(
    example: tuple[str | None, str], catalog: Catalog
) -> None:
    code, block = example
    file = load_flow_text(as_flow(block), "example.toml", catalog)
    assert code is not None
    assert [d.code for d in file.diagnostics] == [code], [d.format("x") for d in file.diagnostics]
    # The comment in the example quotes the message coach gives.
    assert f"error[{code}]: {file.diagnostics[0].message}" in block


def test_there_are_examples_of_each_new_key() -> None:
    steps = "\n".join(block for _, block in examples("steps"))
    for key in ("long = true", "draw = ", "{card}", ".about}", ".example}", 'record = "promise"',
                "floor = ", "about = ", "hurt = "):  # fmt: skip
        assert key in steps, key
    pauses = [b for b in steps.split("[[step]]") if 'kind = "pause"' in b]
    assert any("seconds" not in b for b in pauses)  # a pause of the couple's own length


def test_the_floor_example_cannot_give_one_partner_both_turns(catalog: Catalog) -> None:
    from coach.flows import runner

    block = next(b for what, _, b in marked_blocks() if 'repeat = "who"' in b)
    flow = load_flow_text(as_flow(block), "floor.toml", catalog).flow
    assert flow is not None
    state = runner.start(flow)
    turns = []
    for _ in range(20):
        if state.finished:
            break
        who = runner.awaiting(flow, state)
        if state.step == "share":
            turns.append(state.speaker)
        value = "b" if state.step == "who" else "words"  # B is picked both times
        event = runner.Next() if who is None else runner.Answer(who, value)
        state = runner.apply(flow, state, event)
    assert turns == ["b", "a"]  # the second pick of B does not give B the floor again


def test_the_placeholder_example_shows_the_catalog_words(catalog: Catalog) -> None:
    from coach.flows import runner

    block = next(b for what, _, b in marked_blocks() if "{hurt.example}" in b)
    flow = load_flow_text(as_flow(block), "parts.toml", catalog).flow
    assert flow is not None
    state = runner.start(flow)
    state = runner.apply(flow, state, runner.Answer("a", "phone"))
    shown = runner.prompt(flow, state, {"a": "Sam", "b": "Alex"}).text
    phone = catalog.hurt("phone")
    assert phone is not None
    assert phone.about in shown and f'"{phone.examples[0]}"' in shown


def test_readme_installs_completion_the_way_the_command_says() -> None:
    from coach.cli.completion import INSTALL

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("### Shell completion") :]
    for shell, line in INSTALL.items():
        command = line.split("  (")[0]  # zsh's line adds where its folder must be named
        assert command in part, f"README's {shell} completion differs from `coach completion -h`"
    assert "fpath+=~/.zfunc" in part and "compinit" in part
