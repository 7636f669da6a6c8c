"""Cleaning text people typed before it goes into escape sequences, files or charts."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from coach.untrusted import clean_line, clean_text, clip


def test_clean_line_drops_controls_and_joins_lines() -> None:
    assert clean_line("\x1b]0;pwned\x07 hi") == "]0;pwned hi"
    assert clean_line("a\nb\r\nc\td\u2028e\x85f") == "a b c d e f"
    assert clean_line("\x9c\x9b\x90\x9d\x7f\x00") == ""
    assert clean_line("\u202eevil\u202c ok \ud800") == "evil ok"
    assert clean_line("Zoë 💙 [/]") == "Zoë 💙 [/]"  # letters, emoji and brackets stay


def test_clean_text_keeps_line_breaks_only() -> None:
    assert clean_text("one\r\ntwo\rthree\x1b[2J\n\tfour  ") == "one\ntwo\nthree[2J\n four"


def test_clip_marks_a_cut() -> None:
    assert clip("abcdef", 4) == "abc…" and clip("abc", 4) == "abc" and clip("abc", 0) == ""
    assert len(clean_line("x" * 10_000, 50)) == 50


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_never_a_control_character(text: str, limit: int) -> None:
    for cleaned in (clean_line(text, limit), clean_text(text, limit)):
        assert len(cleaned) <= limit
        assert all(unicodedata.category(c) not in ("Cc", "Cs") or c == "\n" for c in cleaned)
        cleaned.encode("utf-8")
    assert "\n" not in clean_line(text, limit)
