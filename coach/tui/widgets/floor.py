"""The floor badge: whose turn it is, in words and in that partner's colour."""

from __future__ import annotations

from textual.widgets import Static

from coach.flows.runner import Prompt


def floor_text(view: Prompt, names: dict[str, str]) -> tuple[str, str]:
    """The badge's words and its CSS class (who it belongs to)."""
    step = view.step
    if view.phase == "reveal":
        return "Both answers are in", "both"
    if view.awaiting is not None:
        who = names[view.awaiting]
        other = names["b" if view.awaiting == "a" else "a"]
        if step.private:
            return f"{who}'s turn, in private ({other}, please look away)", view.awaiting
        if step.to == "together":
            return f"Together: decide, then {who} types it", "both"
        if step.kind == "acknowledge" and view.addressed and view.addressed[0] != view.awaiting:
            speaker = names[view.addressed[0]]
            return f"{speaker} speaks, then {who} answers", view.addressed[0]
        return f"{who}'s turn", view.awaiting
    if step.to in ("speaker", "listener", "a", "b") and len(view.addressed) == 1:
        who = view.addressed[0]
        return f"{names[who]} has the floor", who
    return "For both of you", "both"


class FloorBadge(Static):
    """A one-line badge at the top of the runner."""

    DEFAULT_CSS = """
    FloorBadge { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    FloorBadge.partner-a { background: $partner-a 35%; }
    FloorBadge.partner-b { background: $partner-b 35%; }
    FloorBadge.partner-both { background: $panel; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)  # names are text, not markup

    def show(self, view: Prompt, names: dict[str, str]) -> None:
        text, owner = floor_text(view, names)
        self.update(text)
        self.set_class(owner == "a", "partner-a")
        self.set_class(owner == "b", "partner-b")
        self.set_class(owner == "both", "partner-both")
