"""Ledger enums: what a charge is for, how money arrived, and which filings interrupt limitation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChargeKind(models.TextChoices):
    PRINCIPAL = "principal", _("Additional principal")
    INTEREST = "interest", _("Interest accrued to a date")
    PENALTY = "penalty", _("Penalty (liquidated damages)")
    COURT_FEE = "court_fee", _("Court fee")
    LAWYER_FEE = "lawyer_fee", _("Lawyer's fee")
    PRESERVATION_FEE = "preservation_fee", _("Preservation fee")
    OTHER_COST = "other_cost", _("Other cost of realising the claim")


# Costs of realising the claim (实现债权的有关费用) come first under Civil Code art. 561.
COST_KINDS = frozenset(
    {ChargeKind.COURT_FEE, ChargeKind.LAWYER_FEE, ChargeKind.PRESERVATION_FEE, ChargeKind.OTHER_COST}
)


class Component(models.TextChoices):
    COSTS = "costs", _("Costs")
    INTEREST = "interest", _("Interest")
    PRINCIPAL = "principal", _("Principal")
    OVERPAYMENT = "overpayment", _("Overpayment (to be returned)")


def component_of(kind: str) -> str:
    if kind in COST_KINDS:
        return Component.COSTS
    if kind in (ChargeKind.INTEREST, ChargeKind.PENALTY):
        return Component.INTEREST
    return Component.PRINCIPAL


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    ALIPAY = "alipay", _("Alipay")
    WECHAT = "wechat", _("WeChat Pay")
    CHEQUE = "cheque", _("Cheque or draft")
    COURT = "court", _("Paid through the court")
    OTHER = "other", _("Other")


class Filing(models.TextChoices):
    """Filings that interrupt limitation (Civil Code art. 195(3); SPC 2020 limitation provisions arts. 11–12)."""

    SUIT = "suit", _("Lawsuit")
    PAYMENT_ORDER = "payment_order", _("Payment order application")
    PRESERVATION = "preservation", _("Preservation application")
    ENFORCEMENT = "enforcement", _("Enforcement application")
    MEDIATION_REQUEST = "mediation_request", _("Request to a mediation organisation")
    ARBITRATION = "arbitration", _("Arbitration")


class EntryType(models.TextChoices):
    CHARGE = "charge", _("Charge")
    PAYMENT = "payment", _("Payment")
    WRITE_OFF = "write_off", _("Write-off")


class Light(models.TextChoices):
    """Traffic light of a deadline: red under 60 days, amber under 180 days."""

    GREEN = "green", _("More than 180 days left")
    AMBER = "amber", _("Less than 180 days left")
    RED = "red", _("Less than 60 days left")
    EXPIRED = "black", _("Expired")


def light_for(days_left: int) -> str:
    if days_left < 0:
        return Light.EXPIRED
    if days_left < 60:
        return Light.RED
    if days_left < 180:
        return Light.AMBER
    return Light.GREEN


ALERT_THRESHOLDS = (180, 90, 30, 7)


class ImportStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    SKIPPED = "skipped", _("Not a credit")


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class Layout(models.TextChoices):
    ICBC = "icbc", _("ICBC corporate online banking export")
    GENERIC = "generic", _("Generic Chinese bank export (交易日期/收入金额/对方户名/摘要)")
    CUSTOM = "custom", _("Custom column mapping")
