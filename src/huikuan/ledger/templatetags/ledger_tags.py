"""Labels for the codes core.law returns (event kinds, interest kinds, statuses, answers)."""

from django import template
from django.utils.translation import gettext_lazy as _

from huikuan.ledger.choices import Component

register = template.Library()

LABELS = {
    # limitation chain
    "start": _("Period starts"),
    "demand": _("Demand delivered"),
    "acknowledgement": _("Debtor acknowledged the debt"),
    "partial_payment": _("Partial payment"),
    "repayment_plan": _("Repayment plan agreed"),
    "extension_request": _("Debtor asked for an extension"),
    "security_provided": _("Security provided"),
    "signed_collection_notice": _("Collection notice signed"),
    "mediation_request": _("Mediation requested"),
    "payment_order": _("Payment order applied for"),
    "preservation": _("Preservation applied for"),
    "enforcement_application": _("Enforcement applied for"),
    "suit": _("Lawsuit filed"),
    "arbitration": _("Arbitration filed"),
    "absolute limit": _("20-year limit"),
    "obstacle": _("Obstacle to claiming"),
    # chain effects and statuses
    "started": _("started"),
    "interrupted": _("interrupted"),
    "suspended": _("suspended"),
    "waived": _("defence waived"),
    "no effect": _("no effect"),
    "capped": _("capped"),
    "running": _("running"),
    "expired": _("expired"),
    "open": _("open"),
    "preserved": _("preserved"),
    "released": _("guarantor released"),
    "general": _("general guarantee"),
    "joint": _("joint and several guarantee"),
    # interest
    "contract_interest": _("Agreed interest"),
    "overdue_interest": _("Overdue interest"),
    "statutory_late_interest": _("Statutory late-payment interest"),
    "penalty": _("Penalty at a rate"),
    "penalty_fixed": _("Penalty"),
    "fees": _("Other agreed charges"),
    "double_interest": _("Double interest after the judgment deadline"),
    # eligibility
    "yes": _("yes"),
    "no": _("no"),
    "unknown": _("unknown"),
    # ledger entries
    "charge": _("Charge"),
    "payment": _("Payment"),
    "write_off": _("Write-off"),
    **{c.value: c.label for c in Component},
}


@register.filter
def law_label(code) -> str:
    return str(LABELS.get(str(code), code))
