"""Short and multi-line clean text, for escape sequences, files and charts."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from coach.plain import clean_text, clip, shorten


def test_clean_line_drops_controls_and_joins_lines() -> None:
    assert shorten("\x1b]0;pwned\x07 hi") == "hi"  # the whole sequence goes
    assert shorten("a\nb\r\nc\td\u2028e\x85f") == "a b c d e f"
    assert shorten("\x9c\x9b\x90\x9d\x7f\x00") == ""
    assert shorten("\u202eevil\u202c ok \ud800") == "evil ok"
    assert shorten("Zoë 💙 [/]") == "Zoë 💙 [/]"  # letters, emoji and brackets stay


def test_clean_text_keeps_line_breaks_only() -> None:
    assert clean_text("one\r\ntwo\rthree\x1b[2J\n\tfour  ") == "one\ntwo\nthree\n four"


def test_clip_marks_a_cut() -> None:
    assert clip("abcdef", 4) == "abc…" and clip("abc", 4) == "abc" and clip("abc", 0) == ""
    assert len(shorten("x" * 10_000, 50)) == 50


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_never_a_control_character(text: str, limit: int) -> None:
    for cleaned in (shorten(text, limit), clean_text(text, limit)):
        assert len(cleaned) <= limit
        assert all(unicodedata.category(c) not in ("Cc", "Cs") or c in "\n" for c in cleaned)
        cleaned.encode("utf-8")
    assert "\n" not in shorten(text, limit)
