"""The browser fixtures live in tests/browser.py (loaded for the whole suite); constants re-exported."""

from tests.browser import ARGS, CHROMIUM

__all__ = ["ARGS", "CHROMIUM"]
