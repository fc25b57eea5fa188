"""Template helpers shared by every app: ``{% load common %}``."""

from django import template

from huikuan.common.i18n import render

register = template.Library()


@register.filter
def tr(message) -> str:
    """A core message (``Msg``) in the active language; plain text unchanged."""
    return render(message)
