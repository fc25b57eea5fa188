"""Reads with rules: everything starts from what the actor may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from huikuan.accounts.actors import is_platform_staff, org_ids
from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Organisation
from huikuan.cases.models import Case, Dispute
from huikuan.core import outreach as gate
from huikuan.ledger.choices import COST_KINDS, ChargeKind
from huikuan.ledger.models import Charge

from .choices import Outcome
from .models import (
    CallLog,
    ContactPlan,
    ContactPreference,
    DebtorReachability,
    GateDecision,
    ListedContact,
    MessageTemplate,
    OutboundMessage,
    PlanRun,
    SenderProfile,
    Visit,
)


def decision_list(*, case: Case) -> QuerySet[GateDecision]:
    return (
        GateDecision.objects.filter(case=case)
        .select_related("recipient", "listed_contact", "message", "call_log", "visit")
        .order_by("-decided_at", "-pk")
    )


def decision_qs(*, actor) -> QuerySet[GateDecision]:
    return GateDecision.objects.visible_to(actor).select_related("case", "recipient")


def message_qs(*, actor) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.visible_to(actor).select_related("case", "recipient", "decision")


def message_list(*, case: Case) -> QuerySet[OutboundMessage]:
    return case.outbound_messages.select_related("recipient", "decision").prefetch_related("receipts")


def call_list(*, case: Case) -> QuerySet[CallLog]:
    return case.call_logs.select_related("recipient")


def visit_list(*, case: Case) -> QuerySet[Visit]:
    return case.visits.select_related("recipient")


def run_list(*, case: Case) -> QuerySet[PlanRun]:
    return case.plan_runs.select_related("plan").prefetch_related("steps__template", "steps__decision")


def run_qs(*, actor) -> QuerySet[PlanRun]:
    return PlanRun.objects.visible_to(actor).select_related("case", "plan")


def template_list(*, actor) -> QuerySet[MessageTemplate]:
    return MessageTemplate.objects.visible_to(actor).order_by("name", "pk")


def plan_list(*, actor) -> QuerySet[ContactPlan]:
    return ContactPlan.objects.visible_to(actor).prefetch_related("steps__template").order_by("name", "pk")


def preference_of(*, debtor) -> ContactPreference | None:
    return ContactPreference.objects.filter(debtor=debtor).first()


def sender_profile_of(*, organisation: Organisation) -> SenderProfile | None:
    return SenderProfile.objects.filter(organisation=organisation).first()


# Ledger charges a message may ask for: the costs of realising the claim and a recorded penalty.
FEE_CHARGE_KINDS = frozenset(COST_KINDS | {ChargeKind.PENALTY})


def ledger_fee_items(*, case: Case) -> tuple[str, ...]:
    """The fee items of the case's ledger, as the linter's `allowed_fees` (core.outreach.lint):
    each live (not reversed) cost or penalty charge gives its kind — a FEE_LEXICON key such as
    "court_fee" — and its description, so an "other cost" named e.g. "公证费" in the ledger is
    allowed under that name. A fee named in a message and in neither is refused (lint.fee)."""
    items: list[str] = []
    rows = (
        Charge.objects.filter(case=case, kind__in=FEE_CHARGE_KINDS, reversal__isnull=True)
        .order_by("date", "pk")
        .values_list("kind", "description")
    )
    for kind, description in rows:
        for item in (kind, description.strip()):
            if item and item not in items:
                items.append(item)
    return tuple(items)


def listed_contact_list(*, case: Case) -> QuerySet[ListedContact]:
    return case.listed_contacts.order_by("name", "pk")


def debtor_unreachable(*, case: Case) -> DebtorReachability | None:
    """The case's reachability record when the debtor is marked unreachable, else None."""
    return DebtorReachability.objects.filter(case=case, unreachable=True).first()


def message_lint(
    *, case: Case, organisation: Organisation, body: str, message_kind: str, relation: str = "debtor"
) -> list[gate.Finding]:
    """What the gate's content rules will say about a draft (shown before sending)."""
    from .services import policy_for

    policy = policy_for(case.organisation)
    profile = sender_profile_of(organisation=organisation)
    to_party = relation in ("debtor", "guarantor")
    kind = message_kind if message_kind in policy.required_elements else "follow_up"
    if not to_party and "locate" in policy.required_elements:
        kind = "locate"
    names = tuple(n for n in ((profile.display_name if profile else ""), organisation.name) if n)
    return gate.lint(
        body or "",
        addressed_to_debtor=to_party,
        allowed_fees=ledger_fee_items(case=case),
        required=policy.required_elements[kind],
        sender_names=names,
    )


# ---- compliance report -------------------------------------------------------------------------


def report_organisations(*, actor) -> QuerySet[Organisation]:
    """The sending organisations whose report the actor may read."""
    qs = Organisation.objects.filter(kind__in=[OrgKind.CREDITOR, OrgKind.PROVIDER])
    if is_platform_staff(actor):
        return qs.order_by("name", "pk")
    return qs.filter(pk__in=org_ids(actor, OrgKind.CREDITOR) + org_ids(actor, OrgKind.PROVIDER)).order_by("name", "pk")


@dataclass
class ComplianceReport:
    organisation: Organisation
    date_from: date | None
    date_to: date | None
    attempts: int = 0
    allowed: int = 0
    blocked: int = 0
    deferred: int = 0
    complaints: int = 0
    by_rule: list[tuple[str, int, str]] = field(default_factory=list)  # (rule id, count, explanation)
    by_channel: list[tuple[str, int, int, int]] = field(default_factory=list)  # (channel, allowed, blocked, deferred)


def _bounds(date_from: date | None, date_to: date | None) -> tuple[datetime | None, datetime | None]:
    tz = timezone.get_default_timezone()
    # Dates at the ends of the calendar mean "no bound" (and would overflow once made aware).
    if date_from and date_from <= date(1900, 1, 1):
        date_from = None
    if date_to and date_to >= date(9999, 12, 30):
        date_to = None
    start = datetime.combine(date_from, time.min, tzinfo=tz) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=tz) if date_to else None
    return start, end


def compliance_report(
    *, organisation: Organisation, date_from: date | None = None, date_to: date | None = None
) -> ComplianceReport:
    """Attempts, outcomes, blocks by rule and complaints for one sending organisation.

    Works by the organisation that sent (a creditor or, once cases are assigned, a provider).
    Complaints are disputes opened in the period on cases the organisation owns or contacted.
    """
    start, end = _bounds(date_from, date_to)
    qs = GateDecision.objects.filter(organisation=organisation)
    disputes = Dispute.objects.all()
    if start:
        qs = qs.filter(decided_at__gte=start)
        disputes = disputes.filter(created_at__gte=start)
    if end:
        qs = qs.filter(decided_at__lt=end)
        disputes = disputes.filter(created_at__lt=end)
    report = ComplianceReport(organisation, date_from, date_to)
    counts = dict(qs.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    report.allowed = counts.get(Outcome.ALLOW, 0)
    report.blocked = counts.get(Outcome.BLOCK, 0)
    report.deferred = counts.get(Outcome.DEFER, 0)
    report.attempts = report.allowed + report.blocked + report.deferred
    rules: Counter[str] = Counter()
    explanations: dict[str, str] = {}
    for rule_ids, reasons in qs.exclude(outcome=Outcome.ALLOW).values_list("rule_ids", "reasons").iterator():
        rules.update(rule_ids)
        for r in reasons:
            explanations.setdefault(r["rule_id"], r["explanation"])
    report.by_rule = [
        (rule, n, explanations.get(rule, "")) for rule, n in sorted(rules.items(), key=lambda x: (-x[1], x[0]))
    ]
    per_channel: dict[str, Counter[str]] = {}
    for channel, outcome, n in (
        qs.values_list("channel", "outcome").annotate(n=Count("pk")).values_list("channel", "outcome", "n")
    ):
        per_channel.setdefault(channel, Counter())[outcome] += n
    report.by_channel = [
        (ch, c[Outcome.ALLOW], c[Outcome.BLOCK], c[Outcome.DEFER]) for ch, c in sorted(per_channel.items())
    ]
    contacted = GateDecision.objects.filter(organisation=organisation).values("case_id")
    owned = Case.objects.filter(organisation=organisation).values("pk")
    report.complaints = (disputes.filter(case_id__in=contacted) | disputes.filter(case_id__in=owned)).distinct().count()
    return report
