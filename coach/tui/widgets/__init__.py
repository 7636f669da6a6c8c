"""Reusable Textual widgets, each with its own DEFAULT_CSS."""
