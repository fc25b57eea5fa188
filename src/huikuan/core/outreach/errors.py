"""Errors raised for bad input or a bad policy; both name the offending field."""

from __future__ import annotations


class OutreachValueError(ValueError):
    """A value the outreach engine refuses; `field` is a dotted path to it."""

    def __init__(self, message: str, *, field: str):
        super().__init__(f"{field}: {message}")
        self.message = message
        self.field = field


class ContactInputError(OutreachValueError):
    """A proposed contact, history entry or case state is malformed."""


class PolicyError(OutreachValueError):
    """A policy pack is malformed, or an override would loosen it."""
