"""Export the history (toml, json, csv, md) and import it back without duplicates.

json and toml keep everything and can be imported; csv is one row per entry for
spreadsheets; md is a readable summary to bring to a therapist.
"""

from __future__ import annotations

import csv
import io
import json
import tomllib
from collections.abc import Callable
from typing import Any

from coach.history.store import HistoryStore

FORMATS = ("toml", "json", "csv", "md")
EXCHANGE_VERSION = 1

# table -> (columns exported, foreign keys as (column, table it points at))
TABLES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, str], ...]]] = {
    "runs": (("uid", "flow_id", "title", "started_at", "finished_at", "answers"), ()),
    "notes": (("uid", "created_at", "updated_at", "felt_by", "kind", "words", "run_id"),
              (("run_id", "runs"),)),
    "repairs": (("uid", "note_id", "how", "words", "created_at"), (("note_id", "notes"),)),
    "temperatures": (("uid", "run_id", "who", "value", "created_at"), (("run_id", "runs"),)),
    "resets": (("uid", "started_at", "planned_s", "actual_s", "topic", "came_back_at",
                "dismissed_at"), ()),
}  # fmt: skip


class ImportError_(ValueError):
    """A file that cannot be imported; the message says why."""


def snapshot(history: HistoryStore) -> dict[str, Any]:
    """Every row, with links between rows written as uids (ids differ between machines)."""
    uid_of: dict[str, dict[int, str]] = {}
    for table in TABLES:
        uid_of[table] = dict(history.db.execute(f"SELECT id, uid FROM {table}").fetchall())
    out: dict[str, Any] = {"format": EXCHANGE_VERSION}
    for table, (columns, links) in TABLES.items():
        rows = []
        for row in history.db.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"):
            item = {k: row[k] for k in columns if row[k] is not None}
            for column, target in links:
                if column in item:
                    item[column] = uid_of[target].get(item[column])
            if table == "runs":
                item["answers"] = json.loads(item.get("answers") or "[]")
            rows.append({k: v for k, v in item.items() if v is not None})
        out[table] = rows
    return out


def export(history: HistoryStore, fmt: str, name_of: Callable[[str], str] = str,
           names: dict[str, str] | None = None) -> str:  # fmt: skip
    """The whole history as text in ``fmt``."""
    names = names or {"a": "A", "b": "B"}
    data = snapshot(history)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "toml":
        import tomli_w

        return tomli_w.dumps(_toml_safe(data))
    if fmt == "csv":
        return _csv(history)
    if fmt == "md":
        return _markdown(data, name_of, names)
    raise ValueError(f"unknown format {fmt!r}")


def _toml_safe(data: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null and no mixed arrays: answers are kept as JSON text per run."""
    safe = dict(data)
    safe["runs"] = [
        {**r, "answers": json.dumps(r.get("answers", []), ensure_ascii=False)} for r in data["runs"]
    ]
    return safe


def _csv(history: HistoryStore) -> str:
    from coach.history.entries import entries

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["type", "when", "who_felt_hurt", "kind", "label", "words", "repaired"])
    offset = 0
    while page := entries(history, limit=500, offset=offset):
        for e in page:
            repaired = "" if e.repaired is None else ("yes" if e.repaired else "no")
            writer.writerow([e.type, e.at, e.who or "", e.kind, e.label, e.words, repaired])
        offset += len(page)
    return buf.getvalue()


def _markdown(data: dict[str, Any], name_of: Callable[[str], str], names: dict[str, str]) -> str:
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
    for n in sorted(data["notes"], key=lambda n: n["created_at"]):
        who = names.get(n["felt_by"], n["felt_by"])
        line = f"- **{_when(n['created_at'])}**: {who} felt hurt: {name_of(n['kind'])}"
        if n.get("words"):
            line += f". “{n['words']}”"
        fixes = repairs.get(n["uid"], [])
        line += (
            ". Repaired: " + ", ".join(name_of(f["how"]) for f in fixes)
            if fixes
            else ". Not repaired yet"
        )
        lines.append(line + ".")
    lines += ["", "## Conversations", ""]
    if not data["runs"]:
        lines.append("_None yet._")
    temps: dict[str, list[str]] = {}
    for t in data["temperatures"]:
        temps.setdefault(t.get("run_id", ""), []).append(
            f"{names.get(t['who'], t['who'])} {t['value']}/10"
        )
    for r in sorted(data["runs"], key=lambda r: r["finished_at"]):
        line = f"- **{_when(r['finished_at'])}**: {r['title'] or r['flow_id']}"
        if r["uid"] in temps:
            line += " (how stirred up: " + ", ".join(temps[r["uid"]]) + ")"
        lines.append(line)
        for a in r.get("answers", []):
            if a.get("record") == "answer" and isinstance(a.get("value"), str):
                lines.append(f"  - {names.get(a.get('who'), '')}: {a['value']}")
    lines += ["", "## Reset pauses", ""]
    if not data["resets"]:
        lines.append("_None yet._")
    for s in sorted(data["resets"], key=lambda s: s["started_at"]):
        about = f" about {s['topic']}" if s.get("topic") else ""
        back = "came back to it" if s.get("came_back_at") else "did not come back to it yet"
        minutes = round((s.get("actual_s") or s["planned_s"]) / 60)
        lines.append(f"- **{_when(s['started_at'])}**: paused{about} for {minutes} min; {back}.")
    return "\n".join(lines) + "\n"


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _row_ok(row: object) -> bool:
    return isinstance(row, dict) and isinstance(row.get("uid"), str)


def parse(text: str, fmt: str) -> dict[str, Any]:
    """Read an exported file (json or toml) back into tables."""
    try:
        data = json.loads(text) if fmt == "json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ImportError_(f"the file is not valid {fmt}: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != EXCHANGE_VERSION:
        raise ImportError_("this is not a coach history export (format 1)")
    for table in TABLES:
        rows = data.get(table, [])
        if not isinstance(rows, list) or not all(_row_ok(r) for r in rows):
            raise ImportError_(f"the `{table}` list is damaged")
    for run in data.get("runs", []):
        if isinstance(run.get("answers"), str):
            try:
                run["answers"] = json.loads(run["answers"])
            except ValueError as exc:
                raise ImportError_(f"the answers of run {run['uid']} are damaged") from exc
    return data


def merge(history: HistoryStore, data: dict[str, Any]) -> dict[str, int]:
    """Add every row not already there (matched by uid), in one transaction."""
    added = dict.fromkeys(TABLES, 0)
    db = history.db
    db.execute("BEGIN IMMEDIATE")
    try:
        for table, (columns, links) in TABLES.items():
            for row in data.get(table, []):
                item = {k: row.get(k) for k in columns}
                if table == "runs":
                    item["answers"] = json.dumps(item.get("answers") or [], ensure_ascii=False)
                for column, target in links:
                    if item.get(column) is not None:
                        found = db.execute(
                            f"SELECT id FROM {target} WHERE uid = ?", (item[column],)
                        ).fetchone()
                        item[column] = found[0] if found else None
                item = {k: v for k, v in item.items() if v is not None}
                cur = db.execute(
                    f"INSERT INTO {table} ({', '.join(item)}) VALUES "
                    f"({', '.join('?' * len(item))}) ON CONFLICT(uid) DO NOTHING",
                    tuple(item.values()),
                )
                added[table] += cur.rowcount
        db.execute("COMMIT")
    except Exception as exc:
        db.execute("ROLLBACK")
        raise ImportError_(f"nothing was imported: {exc}") from exc
    return added
