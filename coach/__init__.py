"""coach: a calm terminal companion for repairing small, everyday hurts between two partners."""

__version__ = "0.1.0"
