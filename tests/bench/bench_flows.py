"""Load + validate: all bundled flows, and a generated 2,000-step flow."""

from __future__ import annotations

from coach import paths
from coach.flows.catalog import load_catalog
from coach.flows.library import flow_files
from coach.flows.load import load_flow, load_flow_text
from tests.bench.timing import median_ms, report


def generated_flow(steps: int) -> str:
    """A long flow using every step kind, branches and placeholders."""
    out = ['format = 1\nid = "big"\ntitle = "Big"\nsummary = "Generated."\nminutes = 60\n']
    for i in range(steps - 1):
        kind = i % 4
        if kind == 0:
            out.append(
                f'[[step]]\nid = "s{i}"\nkind = "ask"\nto = "both"\nanswer = "scale"\n'
                f'save = "t{i}"\ntext = "How warm, {{speaker}}?"\n'
                f'  [[step.branch]]\n  when = "t{i}.max > 11"\n  next = "s{i + 1}"\n'
            )
        elif kind == 1:
            out.append(f'[[step]]\nid = "s{i}"\nkind = "say"\ntext = "You said {{t{i - 1}.a}}."\n')
        elif kind == 2:
            out.append(
                f'[[step]]\nid = "s{i}"\nkind = "ask"\nanswer = "choice"\ntext = "Pick."\n'
                f'  [[step.choice]]\n  label = "On"\n  next = "s{i + 1}"\n'
                f'  [[step.choice]]\n  label = "Also on"\n'
            )
        else:
            out.append(f'[[step]]\nid = "s{i}"\nkind = "pause"\nseconds = 5\n')
    out.append(f'[[step]]\nid = "s{steps - 1}"\nkind = "end"\ntext = "Done."\n')
    return "\n".join(out)


def main() -> None:
    folder = paths.bundled_scripts_dir()
    files = flow_files(folder)

    def bundled() -> None:
        catalog = load_catalog(folder / paths.MICRO_HURTS_FILE).value
        for f in files:
            assert load_flow(f, catalog).ok

    report(f"load + validate {len(files)} bundled flows + catalog", median_ms(bundled), 30)
    big = generated_flow(2000)
    assert load_flow_text(big).ok, load_flow_text(big).diagnostics[:3]
    report(
        "load + validate a generated 2,000-step flow",
        median_ms(lambda: load_flow_text(big), 10),
        250,
    )
