"""The locator finds keys in TOML source, including arrays of tables and long strings."""

from __future__ import annotations

from coach.flows.locate import Locator

SRC = '''\
format = 1  # the version
title = "A [tricky] # title"
note = """
line one
[[step]] not a header
"""

[[step]]
id = "one"
  [[step.choice]]
  label = "x = y"
  [[step.choice]]
  label = 'second'

[[step]]
id = "two"
breathe = { in = 4, out = 6 }
list = [
  "a",
  "b",
]
after = true
"quoted.key" = 1
'''


def test_top_level_keys() -> None:
    loc = Locator(SRC)
    assert loc.at(("format",)) == (1, 1)
    assert loc.at(("title",)) == (2, 1)


def test_multiline_string_body_is_not_scanned() -> None:
    loc = Locator(SRC)
    assert loc.at(("step", 0)) == (8, 1)
    assert loc.at(("step", 1)) == (15, 1)


def test_arrays_of_tables_are_counted() -> None:
    loc = Locator(SRC)
    assert loc.at(("step", 0, "id")) == (9, 1)
    assert loc.at(("step", 0, "choice", 0, "label")) == (11, 3)
    assert loc.at(("step", 0, "choice", 1, "label")) == (13, 3)
    assert loc.at(("step", 1, "id")) == (16, 1)


def test_nested_paths_fall_back_to_the_nearest_key() -> None:
    loc = Locator(SRC)
    assert loc.at(("step", 1, "breathe", "in")) == (17, 1)
    assert loc.at(("step", 1, "list", 1)) == (18, 1)
    assert loc.at(("step", 1, "after")) == (22, 1)
    assert loc.at(("step", 1, "quoted.key")) == (23, 1)
    assert loc.at(("nothing", "here")) == (1, 1)


def test_offsets_inside_values() -> None:
    loc = Locator(SRC)
    # title = "A [tricky] # title": offset 3 is the 't' of tricky, column 13.
    assert loc.in_value(("title",), "A [tricky] # title", 3) == (2, 13)
    # note starts on the line below its opening quotes.
    assert loc.in_value(("note",), "line one\n[[step]] not a header\n", 9) == (5, 1)
    assert loc.in_value(("note",), "line one\n", 5) == (4, 6)
