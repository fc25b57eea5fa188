"""Filters for document templates: amounts typed into a field, in figures and in capitals."""

from decimal import Decimal, InvalidOperation

from django import template

from huikuan.core.law.errors import LawInputError
from huikuan.core.law.money import amount_in_capitals, fen

register = template.Library()


def _amount(value) -> Decimal | None:
    text = str(value or "").strip().replace(",", "").replace("，", "").removeprefix("¥").removesuffix("元")
    try:
        return fen(text, allow_negative=False)
    except (LawInputError, InvalidOperation, ValueError):
        return None


@register.filter
def capitals(value) -> str:
    """120000 → 壹拾贰万元整 (empty when the text is not an amount)."""
    amount = _amount(value)
    try:
        return amount_in_capitals(amount) if amount is not None else ""
    except LawInputError:
        return ""


@register.filter
def yuan(value) -> str:
    """120000 → 120,000.00 (the text unchanged when it is not an amount)."""
    amount = _amount(value)
    return f"{amount:,.2f}" if amount is not None else str(value or "")


@register.filter
def lines(value) -> list[str]:
    """A multi-line field as a list of its non-empty lines."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]
