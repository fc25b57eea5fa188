"""Bridges between services and forms: a ServiceError lands beside its field."""

from django import forms

from huikuan.core.errors import ServiceError


def add_service_error(form: forms.Form, error: ServiceError) -> None:
    for field, messages in error.errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
