"""Bridges between services and forms: a ServiceError lands beside its field."""

from collections.abc import Callable

from django import forms
from django.contrib import messages

from huikuan.core.errors import ServiceError


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    for field, field_messages in error.errors.items():
        target = field if field in form.fields else None
        for message in field_messages:
            form.add_error(target, message)


def run_service(request, call: Callable[[], object], *, success: str = "") -> bool:
    """Run a service for a button-style POST: its refusal becomes an error message, never a 500."""
    try:
        call()
    except ServiceError as exc:
        messages.error(request, exc.message)
        return False
    if success:
        messages.success(request, success)
    return True
