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
    """Every kind of timeline entry. Apps write these through `case_event_record`.

    Limitation-relevant kinds carry `data["date"]` (ISO date) — the ledger derives the
    limitation chain from them (SPC 2020 limitation provisions arts. 8, 11, 12, 14).
    """

    CASE_REGISTERED = "case_registered", _("Case registered")
    STATUS_CHANGED = "status_changed", _("Status changed")
    DEBTOR_UPDATED = "debtor_updated", _("Debtor updated")
    NOTE_ADDED = "note_added", _("Note added")
    DISPUTE_OPENED = "dispute_opened", _("Dispute opened")
    DISPUTE_RESOLVED = "dispute_resolved", _("Dispute resolved")
    # evidence
    EVIDENCE_ADDED = "evidence_added", _("Evidence added")
    # ledger and limitation
    CHARGE_RECORDED = "charge_recorded", _("Charge recorded")
    PAYMENT_RECORDED = "payment_recorded", _("Payment recorded")  # data: date, amount
    WRITE_OFF_RECORDED = "write_off_recorded", _("Write-off recorded")
    ENTRY_REVERSED = "entry_reversed", _("Ledger entry reversed")
    ACKNOWLEDGEMENT_RECORDED = "acknowledgement_recorded", _("Debtor acknowledged the debt")  # data: date
    REPAYMENT_PLAN_AGREED = "repayment_plan_agreed", _("Repayment plan agreed")  # data: date
    FILING_RECORDED = "filing_recorded", _("Filing recorded")  # data: date, filing (suit, payment_order, ...)
    JUDGMENT_RECORDED = "judgment_recorded", _("Judgment recorded")  # data: date, performance_date
    DEADLINE_ALERT = "deadline_alert", _("Deadline alert")
    # documents
    DOCUMENT_GENERATED = "document_generated", _("Document generated")
    # outreach
    MESSAGE_SENT = "message_sent", _("Message sent")
    CONTACT_BLOCKED = "contact_blocked", _("Contact blocked")
    CONTACT_DEFERRED = "contact_deferred", _("Contact deferred")
    DEMAND_DELIVERED = "demand_delivered", _("Demand delivered")  # data: date, channel, reference
    CALL_LOGGED = "call_logged", _("Call logged")
    VISIT_LOGGED = "visit_logged", _("Visit logged")
    SEQUENCE_STARTED = "sequence_started", _("Contact plan started")
    SEQUENCE_STOPPED = "sequence_stopped", _("Contact plan stopped")
    CONTACT_PREFERENCE_CHANGED = "contact_preference_changed", _("Contact preference changed")


# Event kinds whose records are evidence: each is hashed into the evidence log.
EVIDENTIAL_EVENTS = frozenset(
    {
        EventKind.CASE_REGISTERED,
        EventKind.STATUS_CHANGED,
        EventKind.DISPUTE_OPENED,
        EventKind.DISPUTE_RESOLVED,
        EventKind.PAYMENT_RECORDED,
        EventKind.CHARGE_RECORDED,
        EventKind.WRITE_OFF_RECORDED,
        EventKind.ENTRY_REVERSED,
        EventKind.ACKNOWLEDGEMENT_RECORDED,
        EventKind.REPAYMENT_PLAN_AGREED,
        EventKind.FILING_RECORDED,
        EventKind.JUDGMENT_RECORDED,
        EventKind.DOCUMENT_GENERATED,
        EventKind.MESSAGE_SENT,
        EventKind.CONTACT_BLOCKED,
        EventKind.CONTACT_DEFERRED,
        EventKind.DEMAND_DELIVERED,
        EventKind.CALL_LOGGED,
        EventKind.VISIT_LOGGED,
        EventKind.CONTACT_PREFERENCE_CHANGED,
    }
)
