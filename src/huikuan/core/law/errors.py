"""Errors raised by the legal arithmetic."""

from __future__ import annotations


class LawInputError(ValueError):
    """Bad input to a legal computation; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
