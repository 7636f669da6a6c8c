"""Benchmarks: run by hand with ``python -m tests.bench [NAME...]``. Never part of the suite."""
