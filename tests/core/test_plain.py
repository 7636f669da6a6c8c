"""Text is data: escapes, controls and bidi never reach a terminal, a file or a spreadsheet."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from coach.plain import csv_cell, one_line, printable, shorten
from tests.hostile import HOSTILE_TEXTS, unsafe, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain words", "plain words"),
        ("\x1b]0;title\x07after", "after"),
        ("\x1b]0;title\x1b\\after", "after"),
        ("\x1b[2Jcleared", "cleared"),
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[38;2;255;0;0mtrue colour", "true colour"),
        ("\x9b31m8-bit", "8-bit"),
        ("\x9d0;title\x9cafter", "after"),
        ("\x9d0;title\x07after", "after"),
        ("\x1bP+q544e\x1b\\after", "after"),  # DCS
        ("\x1b_apc\x1b\\after", "after"),
        ("\x1b^pm\x1b\\after", "after"),
        ("\x1bXsos\x1b\\after", "after"),
        ("\x90dcs\x9cafter", "after"),
        ("\x1b]8;;https://evil/\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("a\x1b(Bb", "ab"),  # charset designation
        ("a\x1bcb", "ab"),  # full reset
        ("a\x1b7b\x1b8", "ab"),
        ("tail\x1b", "tail"),
        ("tail\x1b[", "tail"),
        ("tail\x1b[12;", "tail"),
        ("x\x1b]never closed", "x"),
        ("bell\x07 back\x08space", "bell backspace"),
        ("del\x7fete", "delete"),
        ("cr\rlf\n", "crlf\n"),
        ("tab\tstays", "tab\tstays"),
        ("nul\x00", "nul"),
        ("\u202eevil.exe", "evil.exe"),
        ("a\u2066b\u2069c\u202ad\u202ce", "abcde"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("café 😀 e\u0301", "café 😀 e\u0301"),
        ("[@click=app.quit]x[/]", "[@click=app.quit]x[/]"),  # markup is data, kept
        ("\u200bzero width", "\u200bzero width"),  # invisible, but harmless
    ],
)
def test_printable(text: str, expected: str) -> None:
    assert printable(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  two\n\nlines  ", "two lines"),
        ("a\t\tb", "a b"),
        ("a\u2028b\u2029c\xa0d", "a b c d"),
        ("\x1b[2J  \n", ""),
        ("x\r\ny", "x y"),
        ("# heading\n- item", "# heading - item"),
    ],
)
def test_one_line(text: str, expected: str) -> None:
    assert one_line(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2", "'-2"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\tplain", "'\tplain"),  # a leading tab alone is enough (OWASP)
        (" \t", " \t"),
        ("\r=1", "'=1"),  # the carriage return is dropped, the formula still caught
        ("  =1", "'  =1"),
        ("\n=1", "'\n=1"),
        ("\x1b[0m=1", "'=1"),  # an escape hides nothing
        ("a=1", "a=1"),
        ("'=1", "'=1"),
        ("", ""),
        (None, ""),
        (7, "7"),
        (-7, "'-7"),
        (True, "True"),
    ],
)
def test_csv_cell(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_csv_cell_of_a_number_too_long_to_write_is_empty() -> None:
    assert csv_cell(10**5000) == ""


def test_shorten() -> None:
    assert shorten("a\nb", 10) == "a b"
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    assert shorten("\x1b]0;t\x07" * 1000 + "ok", 10) == ""  # bounded work, nothing harmful


@pytest.mark.parametrize("text", ["[/]", "[@click=app.quit]x[/]", "[bold]b[/bold]", "a\\"])
def test_markup_is_kept_as_data_and_shows_as_typed_in_a_text(text: str) -> None:
    """plain never escapes markup: screens show words as Text/Content, never as markup."""
    console = Console(record=True, width=80, color_system=None, force_terminal=False)
    console.print(Text(printable("\x1b]0;t\x07" + text + "\x1b[2J")))
    assert console.export_text().rstrip("\n") == text


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_texts_come_out_clean(text: str) -> None:
    assert unsafe(printable(text)) == []
    assert unsafe(one_line(text), newline_ok=False) == []
    cell = csv_cell(text)
    assert not cell.lstrip().startswith(("=", "+", "-", "@")) or cell.startswith("'")


def test_the_hostile_list_is_long_enough() -> None:
    assert len(HOSTILE_TEXTS) >= 30


@settings(max_examples=500)
@given(st.one_of(st.text(), words()))
def test_printable_properties(text: str) -> None:
    out = printable(text)
    assert unsafe(out) == []
    assert printable(out) == out  # idempotent
    assert len(out) <= len(text)
    assert set(out) <= set(text)  # only ever removes


@settings(max_examples=500)
@given(st.one_of(st.text(), words()))
def test_one_line_properties(text: str) -> None:
    out = one_line(text)
    assert "\n" not in out and "\t" not in out and out == out.strip()
    assert "  " not in out
    assert one_line(out) == out


@settings(max_examples=500)
@given(st.one_of(st.text(), words(), st.integers(), st.floats(), st.none()))
def test_csv_cell_properties(value: object) -> None:
    cell = csv_cell(value)
    assert unsafe(cell) == []
    assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r")) or cell[0] == "'"
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert csv_cell(cell) == cell


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=50))
def test_printable_keeps_printable_text(text: str) -> None:
    if text.isprintable():
        assert printable(text) == text


@pytest.mark.parametrize(
    ("piece", "left"),
    [("\x1b]", ""), ("\x1bP", ""), ("\x1b[", "nd"), ("\x1b", "nd"), ("\x9b0;", "nd")],
)
def test_many_unterminated_sequences(piece: str, left: str) -> None:
    """200,000 open sequences: one pass (a quadratic regex would never finish this)."""
    assert printable(piece * 200_000 + "end") == left  # a sequence's final byte is eaten
