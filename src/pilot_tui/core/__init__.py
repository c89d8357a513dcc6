"""Pilot's core: plain Python, no Textual import anywhere below this package."""
