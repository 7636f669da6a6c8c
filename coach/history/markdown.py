"""The history as a readable summary in Markdown, to bring to a therapist.

Every word is one printable line, so no entry can add structure to the document."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.plain import one_line


def summary(data: dict[str, Any], name_of: Callable[[str], str], names: dict[str, str]) -> str:
    """A readable summary; every word is one printable line, so no entry can add structure."""

    def who(key: object) -> str:
        return _t(names.get(key, key) if isinstance(key, str) else key)

    repairs: dict[str, list[dict[str, Any]]] = {}
    for r in data["repairs"]:
        repairs.setdefault(r["note_id"], []).append(r)
    lines = [
        "# Our notes from coach",
        "",
        "Small moments when one of us felt hurt, what we did about them, and our check-ins.",
        "",
        "## Small hurts we noted",
        "",
    ]
    if not data["notes"]:
        lines.append("_None yet._")
    for n in sorted(data["notes"], key=lambda n: str(n["created_at"])):
        line = f"- **{_when(n['created_at'])}**: {who(n['felt_by'])} felt hurt: "
        line += _t(name_of(str(n["kind"])))
        if words := _t(n.get("words")):
            line += f". “{words}”"
        fixes = repairs.get(n["uid"], [])
        line += (
            ". Repaired: " + ", ".join(_t(name_of(str(f["how"]))) for f in fixes)
            if fixes
            else ". Not repaired yet"
        )
        lines.append(line + ".")
    lines += ["", "## Conversations", ""]
    if not data["runs"]:
        lines.append("_None yet._")
    temps: dict[str, list[str]] = {}
    for t in data["temperatures"]:
        temps.setdefault(t.get("run_id", ""), []).append(f"{who(t['who'])} {_t(t['value'])}/10")
    for r in sorted(data["runs"], key=lambda r: str(r["finished_at"])):
        line = f"- **{_when(r['finished_at'])}**: {_t(r.get('title') or r['flow_id'])}"
        if r["uid"] in temps:
            line += " (how stirred up: " + ", ".join(temps[r["uid"]]) + ")"
        lines.append(line)
        for a in r.get("answers", []):
            if a.get("record") != "answer":
                continue
            asked = f"{_t(a['question'])} " if a.get("question") else ""
            said = _t(a.get("shown") or a.get("value"))
            lines.append(f"  - {_t(names.get(a.get('who'), ''))}: {asked}{said}")
    lines += ["", "## Reset pauses", ""]
    if not data["resets"]:
        lines.append("_None yet._")
    for s in sorted(data["resets"], key=lambda s: str(s["started_at"])):
        about = f" about {_t(s['topic'])}" if _t(s.get("topic")) else ""
        back = "came back to it" if s.get("came_back_at") else "did not come back to it yet"
        lines.append(
            f"- **{_when(s['started_at'])}**: paused{about} for {_minutes(s)} min; {back}."
        )
    return "\n".join(lines) + "\n"


def _t(value: object) -> str:
    """Any stored value as one printable line."""
    return "" if value is None else one_line(str(value))


def _when(iso: object) -> str:
    return _t(iso)[:16].replace("T", " ")


def _minutes(reset: dict[str, Any]) -> str:
    seconds = reset.get("actual_s") or reset.get("planned_s")
    return str(round(seconds / 60)) if isinstance(seconds, int | float) else "?"
