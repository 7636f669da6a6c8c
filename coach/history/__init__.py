"""The local history: a private SQLite store of check-ins, notes, repairs and resets.

Pure Python: nothing here imports Textual. All SQL lives in this package.
"""

from coach.history.store import History, HistoryError, now

__all__ = ["History", "HistoryError", "now"]
