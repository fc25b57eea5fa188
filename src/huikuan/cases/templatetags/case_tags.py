from django import template

from huikuan.cases.choices import CaseStatus, DebtType

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    try:
        return CaseStatus(value).label
    except ValueError:
        return value


@register.filter
def debt_type_label(value: str) -> str:
    try:
        return DebtType(value).label
    except ValueError:
        return value
