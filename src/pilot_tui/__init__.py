"""Pilot: steer a sales team's commercial performance from the terminal."""

__version__ = "0.1.0"
"""The one place the version is written; pyproject.toml reads it (a literal, not
``importlib.metadata``, which costs the first frame tens of milliseconds)."""
