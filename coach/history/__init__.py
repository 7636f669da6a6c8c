"""The local history: a private SQLite store of check-ins, notes, repairs and resets.

Pure Python: nothing here imports Textual. All SQL lives in this package.
"""

from coach.history.store import HistoryError, HistoryStore

__all__ = ["HistoryError", "HistoryStore"]
