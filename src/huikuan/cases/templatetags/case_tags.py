"""Labels for enum values stored as plain strings (timeline event data)."""

from django import template

from huikuan.cases.choices import CaseStatus, DebtType
from huikuan.ledger.choices import Filing
from huikuan.outreach.choices import Channel

register = template.Library()


def _label(enum, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


@register.filter
def status_label(value: str) -> str:
    return _label(CaseStatus, value)


@register.filter
def debt_type_label(value: str) -> str:
    return _label(DebtType, value)


@register.filter
def filing_label(value: str) -> str:
    return _label(Filing, value)


@register.filter
def channel_label(value: str) -> str:
    return _label(Channel, value)
