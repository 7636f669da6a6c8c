"""Textual parts of coach that are built to be wired into the app."""
