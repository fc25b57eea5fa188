"""Enums for debtors, debts and cases, with the colours their badges use, and the case pipeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DebtorKind(models.TextChoices):
    PERSON = "person", _("Person")
    COMPANY = "company", _("Company")


class DebtType(models.TextChoices):
    GOODS = "goods", _("Sale of goods")
    CONSTRUCTION = "construction", _("Construction")
    SERVICES = "services", _("Services")
    PRIVATE_LOAN = "private_loan", _("Private loan")
    RENT = "rent", _("Rent")
    OTHER = "other", _("Other")


class GuaranteeKind(models.TextChoices):
    # Civil Code art. 686: where the contract is unclear the guarantee is general.
    GENERAL = "general", _("General guarantee")
    JOINT = "joint", _("Joint and several guarantee")


class DayCountBasis(models.IntegerChoices):
    ACTUAL_365 = 365, _("Actual days / 365")
    ACTUAL_360 = 360, _("Actual days / 360")


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSESSING = "assessing", _("Assessing")
    NEGOTIATING = "negotiating", _("Negotiating")
    MEDIATION = "mediation", _("Mediation")
    PAYMENT_ORDER = "payment_order", _("Payment order")
    LITIGATION = "litigation", _("Litigation")
    ENFORCEMENT = "enforcement", _("Enforcement")
    PAUSED = "paused", _("Paused")
    CLOSED_RECOVERED = "closed_recovered", _("Closed: recovered")
    CLOSED_PARTIAL = "closed_partial", _("Closed: partly recovered")
    CLOSED_UNRECOVERABLE = "closed_unrecoverable", _("Closed: unrecoverable")
    WITHDRAWN = "withdrawn", _("Withdrawn")


STATUS_COLOURS: dict[str, str] = {
    CaseStatus.REGISTERED: "grey",
    CaseStatus.ASSESSING: "indigo",
    CaseStatus.NEGOTIATING: "blue",
    CaseStatus.MEDIATION: "teal",
    CaseStatus.PAYMENT_ORDER: "purple",
    CaseStatus.LITIGATION: "orange",
    CaseStatus.ENFORCEMENT: "red",
    CaseStatus.PAUSED: "amber",
    CaseStatus.CLOSED_RECOVERED: "green",
    CaseStatus.CLOSED_PARTIAL: "olive",
    CaseStatus.CLOSED_UNRECOVERABLE: "black",
    CaseStatus.WITHDRAWN: "slate",
}

_CLOSINGS = frozenset({CaseStatus.CLOSED_RECOVERED, CaseStatus.CLOSED_PARTIAL, CaseStatus.CLOSED_UNRECOVERABLE})
TERMINAL = _CLOSINGS | {CaseStatus.WITHDRAWN}
ACTIVE = frozenset(CaseStatus) - TERMINAL

# The one table of allowed moves. PAUSED returns only to the status it paused (see case_transition).
TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.ASSESSING, CaseStatus.NEGOTIATING, CaseStatus.WITHDRAWN}),
    CaseStatus.ASSESSING: frozenset(
        {
            CaseStatus.NEGOTIATING,
            CaseStatus.MEDIATION,
            CaseStatus.PAYMENT_ORDER,
            CaseStatus.LITIGATION,
            CaseStatus.CLOSED_UNRECOVERABLE,
            CaseStatus.WITHDRAWN,
        }
    ),
    CaseStatus.NEGOTIATING: frozenset(
        {CaseStatus.MEDIATION, CaseStatus.PAYMENT_ORDER, CaseStatus.LITIGATION, CaseStatus.WITHDRAWN} | _CLOSINGS
    ),
    CaseStatus.MEDIATION: frozenset(
        {CaseStatus.PAYMENT_ORDER, CaseStatus.LITIGATION, CaseStatus.WITHDRAWN} | _CLOSINGS
    ),
    # A debtor's written objection ends a payment order; the creditor then sues (CPL art. 228).
    CaseStatus.PAYMENT_ORDER: frozenset(
        {CaseStatus.LITIGATION, CaseStatus.ENFORCEMENT, CaseStatus.WITHDRAWN} | _CLOSINGS
    ),
    CaseStatus.LITIGATION: frozenset({CaseStatus.ENFORCEMENT, CaseStatus.MEDIATION, CaseStatus.WITHDRAWN} | _CLOSINGS),
    CaseStatus.ENFORCEMENT: _CLOSINGS,
    CaseStatus.PAUSED: frozenset({CaseStatus.WITHDRAWN}),
    CaseStatus.CLOSED_RECOVERED: frozenset(),
    CaseStatus.CLOSED_PARTIAL: frozenset(),
    CaseStatus.CLOSED_UNRECOVERABLE: frozenset(),
    CaseStatus.WITHDRAWN: frozenset(),
}
# Any active, unpaused case may be paused (a dispute, a cease-contact request, the creditor's choice).
PAUSABLE = ACTIVE - {CaseStatus.PAUSED}


def allowed_targets(status: str, paused_from: str = "") -> frozenset[str]:
    targets = set(TRANSITIONS.get(status, frozenset()))
    if status in PAUSABLE:
        targets.add(CaseStatus.PAUSED)
    if status == CaseStatus.PAUSED and paused_from:
        targets.add(paused_from)
    return frozenset(targets)


class EventKind(models.TextChoices):
    CASE_REGISTERED = "case_registered", _("Case registered")
    STATUS_CHANGED = "status_changed", _("Status changed")
    DEBTOR_UPDATED = "debtor_updated", _("Debtor updated")
    NOTE_ADDED = "note_added", _("Note added")


# Event kinds whose records are evidence (they go into the evidence log).
EVIDENTIAL_EVENTS = frozenset({EventKind.CASE_REGISTERED, EventKind.STATUS_CHANGED})
