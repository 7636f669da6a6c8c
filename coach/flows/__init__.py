"""The flow engine: TOML flow scripts -> model -> validation -> a runnable state machine.

Pure Python: nothing here imports Textual.
"""
