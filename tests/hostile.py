"""Nasty text for tests at every boundary: a fixed list and hypothesis strategies.

``HOSTILE_TEXTS`` mixes Rich markup, terminal escape sequences, bidi overrides, formula
starts, control characters, very long and very odd Unicode. The strategies draw names,
words and whole imported history entries built from the same ingredients, so app-level
tests can throw them at any screen or command.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import strategies as st

from coach import paths
from coach.flows.runner import Recorded
from coach.history import HistoryStore
from coach.history.store import RunRecord

MARKUP = [
    "[/]",
    "[@click=app.quit]x[/]",
    "[bold red]loud[/bold red]",
    "[link=https://example.com]click[/link]",
    "[",
    "]",
    "\\[escaped]",
    "trailing backslash \\",
    "[on red]" * 50,
]
ESCAPES = [
    "\x1b]0;pwned title\x07",
    "\x1b]0;title with ST\x1b\\",
    "\x1b[2J\x1b[H",
    "\x1b[31mred\x1b[0m",
    "\x9b31m8-bit CSI",
    "\x9d0;8-bit OSC\x9c",
    "\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\",
    "\x1bP+q544e\x1b\\",
    "\x1b[6n",
    "\x1b[?1049h",
    "\x1b[99999999999999999999C",
    "\x1b]",
    "\x1b",
    "\x07\x08\x0b\x0c\x0e\x7f",
    "before\rafter",
    "nul\x00byte",
]
BIDI = [
    "\u202eevil.exe\u202d",
    "abc\u2066hidden\u2069def",
    "\u202atext\u202c",
    "\u2067rtl isolate\u2069",
]
FORMULAS = [
    "=1+1",
    "+cmd|' /C calc'!A0",
    "-2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    '  =HYPERLINK("http://x")',
    '=cmd|"/c calc"!A1',
]
ODD = [
    "",
    " ",
    "\n\n\n",
    "a" * 10_000,
    "\ufeffbom",
    "zero\u200bwidth",
    "😀👨‍👩‍👧‍👦 emoji",
    "e\u0301\u0301\u0301\u0301\u0301 combining",
    "\u2028line\u2029para",
    "\ud800 lone surrogate",
    "{a} {b} {{ }} {not a name}",
    "'; DROP TABLE notes; --",
    "%s %d {0} ${HOME} $(id) `id`",
    "../../../../etc/passwd",
]

#: At least 30 nasty strings, for any test that shows, stores or exports words.
HOSTILE_TEXTS: list[str] = MARKUP + ESCAPES + BIDI + FORMULAS + ODD

#: Characters that must never reach a terminal, a file or a spreadsheet from words.
UNSAFE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def unsafe(text: str, newline_ok: bool = True) -> list[str]:
    """The unsafe characters in ``text`` (a newline is fine unless ``newline_ok`` is False)."""
    return [c for c in UNSAFE.findall(text) if not (newline_ok and c == "\n")]


_pieces = st.sampled_from(MARKUP + ESCAPES + BIDI + FORMULAS + ODD[:3] + ODD[4:])


def words(max_size: int = 12) -> st.SearchStrategy[str]:
    """Text that mixes ordinary characters with markup, escapes, bidi and formula starts."""
    return st.lists(st.one_of(_pieces, st.text(max_size=8)), max_size=max_size).map("".join)


def names() -> st.SearchStrategy[str]:
    """A partner's name: short, and as nasty as a short name can be."""
    return st.one_of(_pieces, st.text(min_size=1, max_size=20), words(max_size=3))


def _stamps() -> st.SearchStrategy[str]:
    good = st.datetimes(timezones=st.just(None)).map(lambda d: d.isoformat(timespec="seconds"))
    return st.one_of(good, st.sampled_from(["2026-13-01T00:00:00", "yesterday", ""]))


def imported_entries() -> st.SearchStrategy[dict[str, Any]]:
    """A whole exported history (format 1) whose rows are often wrong in some way."""
    uid = st.one_of(st.text("0123456789abcdef", min_size=32, max_size=32), words(3))
    who = st.sampled_from(["a", "b", "c", "", "A"])
    anything: st.SearchStrategy[Any] = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), words(3), st.lists(st.none())
    )
    note = st.fixed_dictionaries(
        {"uid": uid, "created_at": _stamps(), "felt_by": who, "kind": words(3)},
        optional={"words": st.one_of(words(), anything), "run_id": uid},
    )
    temp = st.fixed_dictionaries(
        {"uid": uid, "who": who, "created_at": _stamps(),
         "value": st.one_of(st.integers(-5, 15), anything)},
    )  # fmt: skip
    answer = st.fixed_dictionaries(
        {"step": words(2), "record": st.sampled_from(["answer", "temperature", "x"]),
         "who": who, "value": st.one_of(words(4), st.integers(), anything)},
    )  # fmt: skip
    run = st.fixed_dictionaries(
        {"uid": uid, "flow_id": words(2), "started_at": _stamps(), "finished_at": _stamps()},
        optional={"title": words(3), "answers": st.one_of(st.lists(answer, max_size=3), anything)},
    )
    reset = st.fixed_dictionaries(
        {"uid": uid, "started_at": _stamps(),
         "planned_s": st.one_of(st.integers(-10, 200_000), anything)},
        optional={"topic": words(), "actual_s": st.integers(-10, 10**12)},
    )  # fmt: skip
    return st.fixed_dictionaries(
        {"format": st.sampled_from([1, 1, 1, 2, "1"])},
        optional={
            "runs": st.lists(run, max_size=3),
            "notes": st.lists(note, max_size=3),
            "temperatures": st.lists(temp, max_size=3),
            "resets": st.lists(reset, max_size=3),
            "repairs": st.just([]),
        },
    )


def toml_text(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's too, for these)."""
    return json.dumps(text, ensure_ascii=True)


def hostile_flow() -> None:
    """A user flow whose every text is hostile (the TOML escapes make real ESC bytes)."""
    nasty = " ".join(HOSTILE_TEXTS[:24])[:3000]
    choices = "".join(
        f"\n  [[step.choice]]\n  label = {toml_text(t[:200] or 'empty')}\n  value = 'v{i}'\n"
        for i, t in enumerate(HOSTILE_TEXTS[:6])
    )
    title = toml_text("[b]Loud[/b] \x1b[2J title")
    summary = toml_text("[@click=app.quit]summary[/] \x9b31m")
    question = toml_text("Choose [/] one: \x1b]8;;https://evil/\x1b\\link")
    flow = f"""format = 1
id = "hostile"
title = {title}
summary = {summary}
minutes = 5

[[step]]
id = "hello"
kind = "say"
text = {toml_text(nasty)}

[[step]]
id = "pick"
kind = "ask"
to = "both"
answer = "choice"
save = "pick"
record = "answer"
text = {question}
{choices}
[[step]]
id = "words"
kind = "ask"
to = "speaker"
answer = "text"
gentle = true
save = "words"
record = "answer"
text = "{{speaker}}, say something to {{listener}}"

[[step]]
id = "end"
kind = "end"
text = "{{pick}} / {{words}}"
"""
    folder = paths.user_flows_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.toml").write_text(flow, encoding="utf-8")


def hostile_history() -> None:
    """Rows as an old, unchecked import might have left them."""
    with HistoryStore() as store:
        for i, text in enumerate(HOSTILE_TEXTS):
            when = f"2026-11-{i % 28 + 1:02d}T10:00:00"
            store.add_note("a" if i % 2 else "b", "phone", text, at=when)
        store.add_run(
            RunRecord("hostile", "[b]run[/b]\x1b[2J", "2026-11-20T10:00:00", "2026-11-20T10:10:00",
                      [Recorded("q", "answer", "a", t) for t in HOSTILE_TEXTS[:10]])
        )  # fmt: skip
        store.start_reset("2026-11-21T10:00:00", 1200, "[/] topic \x1b]0;x\x07")
        store.db.execute("UPDATE notes SET words = ? WHERE id = 1", (b"\x00\xff raw bytes",))
