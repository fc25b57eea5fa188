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


def service_error_messages(request, error: ServiceError) -> None:
    """Every message of a refusal, for pages that answer with a redirect rather than a form."""
    for field_messages in error.errors.values():
        for message in field_messages:
            messages.error(request, message)


def run_service(request, call: Callable[[], object], *, success: str = "") -> bool:
    """Run a service for a button-style POST: its refusal becomes error messages, never a 500."""
    try:
        call()
    except ServiceError as exc:
        service_error_messages(request, exc)
        return False
    if success:
        messages.success(request, success)
    return True
