"""Pilot: steer a sales team's commercial performance from the terminal."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pilot-tui")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
