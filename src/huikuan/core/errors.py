"""Errors a user can cause. Framework-free so pure modules can raise them too."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused write: a message for the user (already translated) and the field it concerns.

    Pages show it beside the field; the API answers 422 with it.
    """

    def __init__(self, message: str, *, field: str | None = None, errors: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.errors = errors or {(field or "__all__"): [self.message]}
