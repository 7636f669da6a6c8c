"""The examples in the docs are real: they validate and play to their end."""

from __future__ import annotations

import re

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


def test_readme_installs_completion_the_way_the_command_says() -> None:
    from coach.cli.completion import INSTALL

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    part = readme[readme.index("### Shell completion") :]
    for shell, line in INSTALL.items():
        command = line.split("  (")[0]  # zsh's line adds where its folder must be named
        assert command in part, f"README's {shell} completion differs from `coach completion -h`"
    assert "fpath+=~/.zfunc" in part and "compinit" in part
