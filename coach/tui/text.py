"""Text from people and files, ready for widgets: never read as markup, never carrying
control characters. Use these wherever a widget would otherwise parse its string."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape

from coach.plain import printable


def plain(text: str) -> Content:
    """Content that shows ``text`` exactly as written (for labels, options, prompts)."""
    return Content(printable(text))


def literal(text: str) -> str:
    """``text`` as markup that reads back as itself, for APIs that only take markup
    strings (the command palette)."""
    return escape(printable(text))
