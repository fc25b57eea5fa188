"""Errors raised by the legal arithmetic."""

from __future__ import annotations

from huikuan.core.i18n import Msg


class LawInputError(ValueError):
    """Bad input to a legal computation; ``field`` names the offending input.

    ``message`` is a translatable ``Msg`` (``str()`` gives English)."""

    def __init__(self, field: str, message: Msg | str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
