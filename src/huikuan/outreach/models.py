"""Outreach records. Decisions, messages, receipts, calls and visits are evidence: append-only,
never deleted through the application, kept at least two years (CBRC credit-card measures
art. 68; PIPL art. 56 asks three for impact records, so nothing here expires on its own)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huikuan.accounts.actors import is_platform_staff, org_ids
from huikuan.accounts.choices import OrgKind
from huikuan.cases.models import Case, CaseScopedQuerySet
from huikuan.common import pii
from huikuan.common.models import TimeStamped
from huikuan.core.identifiers import mask

from .choices import (
    MESSAGE_STATUS_COLOURS,
    OUTCOME_COLOURS,
    RUN_STATUS_COLOURS,
    STEP_STATUS_COLOURS,
    CallOutcome,
    Channel,
    MessageKind,
    MessageStatus,
    Outcome,
    ReceiptKind,
    RunStatus,
    Source,
    StepStatus,
)

RETENTION = timedelta(days=2 * 366)


class Evidence(models.Model):
    """Rows that are evidence: written once, never deleted by the application."""

    class Meta:
        abstract = True

    def delete(self, *args, **kwargs):
        raise ValueError("outreach records are evidence and are never deleted")


class OrgScopedQuerySet(models.QuerySet):
    """Rows owned by an organisation of any kind (creditor or provider)."""

    def visible_to(self, actor):
        if is_platform_staff(actor):
            return self
        return self.filter(organisation_id__in=org_ids(actor, OrgKind.CREDITOR) + org_ids(actor, OrgKind.PROVIDER))


class SenderProfile(TimeStamped):
    """Who a sending organisation is, as shown in every message. Staff verify it; the gate blocks
    unverified senders (no impersonation: GB/T 45251-2025; CBA guideline 2026)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="sender_profile"
    )
    display_name = models.CharField(
        _("display name"), max_length=100, help_text=_("Shown in every message, e.g. 金华明律律师事务所 王敏.")
    )
    reply_email = models.EmailField(_("reply-to email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    verified_at = models.DateTimeField(_("identity verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sender profile")
        verbose_name_plural = _("sender profiles")

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class PolicyOverride(TimeStamped):
    """A creditor's stricter settings on top of a policy pack (core.outreach.tighten_policy)."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="outreach_policy"
    )
    pack_id = models.CharField(_("policy pack"), max_length=40, default="cn-2025")
    overrides = models.JSONField(
        _("overrides"),
        default=dict,
        blank=True,
        help_text=_('Dotted keys, e.g. {"window.end": "20:00", "limits.CN-CALLS-CONNECTED.limit": 2}.'),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("outreach policy")
        verbose_name_plural = _("outreach policies")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.pack_id}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from huikuan.core.outreach import PolicyError, load_policy, tighten_policy

        try:
            tighten_policy(load_policy(self.pack_id), self.overrides or {}, label=str(self.organisation_id))
        except PolicyError as exc:
            raise ValidationError(
                {"overrides" if exc.field != "id" else "pack_id": f"{exc.field}: {exc.message}"}
            ) from None


class ContactPreference(TimeStamped):
    """A debtor's (or guarantor's) wishes about contact, set by the creditor on their behalf until
    the debtor portal exists."""

    debtor = models.OneToOneField("cases.Debtor", on_delete=models.PROTECT, related_name="contact_preference")
    cease_contact = models.BooleanField(_("cease all contact"), default=False)
    opted_out_channels = models.JSONField(_("opted-out channels"), default=list, blank=True)

    class Meta:
        verbose_name = _("contact preference")
        verbose_name_plural = _("contact preferences")

    def __str__(self) -> str:
        return str(self.debtor)


class ListedContact(TimeStamped):
    """A person the debtor named as a contact for this case. The gate lets a message reach them only
    to ask the debtor to get in touch, only while the debtor is unreachable, and never disclosing
    the debt (GB/T 45251-2025; 12 CFR 1006.10). Relatives, employers, schools and references are
    not stored anywhere: only what the debtor listed. Number and email are encrypted at rest with a
    blind index, like a debtor's number (PIPL art. 51)."""

    RELATION = "listed_contact"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="listed_contacts")
    name = models.CharField(_("name"), max_length=100)
    mobile_enc = models.TextField(blank=True)
    mobile_index = models.CharField(max_length=64, blank=True, db_index=True)
    mobile_masked = models.CharField(_("mobile"), max_length=11, blank=True)
    email_enc = models.TextField(blank=True)
    email_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_masked = models.CharField(_("email"), max_length=300, blank=True)
    listed_on = models.DateField(_("listed by the debtor on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact listed by the debtor")
        verbose_name_plural = _("contacts listed by the debtor")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def mobile(self) -> str:
        return pii.decrypt(self.mobile_enc) if self.mobile_enc else ""

    @property
    def email(self) -> str:
        return pii.decrypt(self.email_enc) if self.email_enc else ""

    def set_mobile(self, value: str) -> None:
        self.mobile_enc = pii.encrypt(value) if value else ""
        self.mobile_index = pii.blind_index(value) if value else ""
        self.mobile_masked = mask(value) if value else ""

    def set_email(self, value: str) -> None:
        self.email_enc = pii.encrypt(value) if value else ""
        self.email_index = pii.blind_index(value.lower()) if value else ""
        local, _sep, domain = value.partition("@")
        self.email_masked = f"{local[:1]}***@{domain}" if value else ""

    @property
    def source_note(self) -> str:
        from django.utils.translation import gettext

        return gettext("listed by the debtor on %(date)s") % {"date": self.listed_on.isoformat()}


class DebtorReachability(TimeStamped):
    """The creditor's statement that the debtor cannot be reached on any known channel, with the
    reason. Only while it is set may a listed contact be asked to pass on a request to get in touch."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="debtor_reachability")
    unreachable = models.BooleanField(_("debtor unreachable"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("debtor reachability")
        verbose_name_plural = _("debtor reachability")

    def __str__(self) -> str:
        return f"{self.case} unreachable={self.unreachable}"


class GateDecision(Evidence):
    """One answer of the contact gate, with every rule that blocked or deferred the contact."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="gate_decisions")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="gate_decisions", verbose_name=_("sender")
    )
    # The person the debt concerns; for a message to a listed contact, the debtor being located.
    recipient = models.ForeignKey("cases.Debtor", on_delete=models.PROTECT, related_name="gate_decisions")
    listed_contact = models.ForeignKey(
        ListedContact, on_delete=models.PROTECT, null=True, blank=True, related_name="gate_decisions"
    )
    relation = models.CharField(_("relation to the debt"), max_length=20)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    message_kind = models.CharField(_("message kind"), max_length=20, blank=True)
    # A keyed blind index of the number or address, so "per number" limits work without plain text.
    address_index = models.CharField(max_length=64, db_index=True)
    address_masked = models.CharField(_("address"), max_length=300, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, db_index=True)
    rule_ids = models.JSONField(_("rules"), default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    next_allowed_at = models.DateTimeField(_("next allowed"), null=True, blank=True)
    local_time = models.CharField(_("debtor's local time"), max_length=40, blank=True)
    policy = models.CharField(_("policy"), max_length=200)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PAGE)
    content = models.TextField(_("content checked"), blank=True)
    decided_at = models.DateTimeField(_("decided"), db_index=True)
    retain_until = models.DateTimeField(_("keep until"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    # A call or visit clearance is used by at most one log entry.
    used_at = models.DateTimeField(null=True, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("gate decision")
        verbose_name_plural = _("gate decisions")
        ordering = ["-decided_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "decided_at"]),
            models.Index(fields=["recipient", "decided_at"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.channel} {self.outcome}"

    def save(self, *args, **kwargs):
        if self.retain_until is None and self.decided_at is not None:
            self.retain_until = self.decided_at + RETENTION
        super().save(*args, **kwargs)

    @property
    def allowed(self) -> bool:
        return self.outcome == Outcome.ALLOW

    @property
    def addressee_name(self) -> str:
        return self.listed_contact.name if self.listed_contact_id else self.recipient.name

    @property
    def outcome_colour(self) -> str:
        return OUTCOME_COLOURS.get(self.outcome, "grey")


class OutboundMessage(Evidence):
    """An email, SMS or letter that passed the gate, with its rendered content."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="outbound_messages")
    decision = models.OneToOneField(GateDecision, on_delete=models.PROTECT, related_name="message")
    recipient = models.ForeignKey("cases.Debtor", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    message_kind = models.CharField(_("message kind"), max_length=20, choices=MessageKind.choices)
    is_demand = models.BooleanField(_("demand for payment"), default=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("content"))
    content_sha256 = models.CharField(max_length=64)
    address_masked = models.CharField(_("address"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    reference = models.CharField(_("reference"), max_length=200, blank=True, db_index=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    document = models.FileField(_("letter PDF"), upload_to="outreach/letters/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("posted"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.uid}"

    # Where the channel delivers: the listed contact the gate cleared, else the recipient.
    @property
    def to_name(self) -> str:
        return self.decision.addressee_name

    @property
    def to_email(self) -> str:
        contact = self.decision.listed_contact
        return contact.email if contact else self.recipient.email

    @property
    def to_mobile(self) -> str:
        contact = self.decision.listed_contact
        return contact.mobile if contact else self.recipient.mobile

    @property
    def status_colour(self) -> str:
        return MESSAGE_STATUS_COLOURS.get(self.status, "grey")


class DeliveryReceipt(Evidence):
    message = models.ForeignKey(OutboundMessage, on_delete=models.PROTECT, related_name="receipts")
    kind = models.CharField(_("kind"), max_length=20, choices=ReceiptKind.choices)
    delivered = models.BooleanField(_("delivered"), default=True)
    occurred_at = models.DateTimeField(_("time"))
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery receipt")
        verbose_name_plural = _("delivery receipts")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference}"


class CallLog(Evidence):
    """A call made under a gate clearance, recorded by the person who made it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="call_logs")
    decision = models.OneToOneField(GateDecision, on_delete=models.PROTECT, related_name="call_log")
    recipient = models.ForeignKey("cases.Debtor", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("started"))
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    connected = models.BooleanField(_("connected"), default=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallOutcome.choices)
    recording_ref = models.CharField(
        _("recording file reference"), max_length=300, blank=True, help_text=_("Where the call recording is kept.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("call log")
        verbose_name_plural = _("call logs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} call {self.started_at:%Y-%m-%d %H:%M}"


class Visit(Evidence):
    """A visit made under a gate clearance. The location is the visiting agent's own check-in,
    proof that the visit happened — never the debtor's location (PIPL arts. 28-29)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="visits")
    decision = models.OneToOneField(GateDecision, on_delete=models.PROTECT, related_name="visit")
    recipient = models.ForeignKey("cases.Debtor", on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(_("time of the visit"))
    participants = models.JSONField(_("participants"), default=list)
    agent_checkin_location = models.CharField(
        _("agent's own check-in location"),
        max_length=300,
        help_text=_("Where the visiting agent checked in, as proof of the visit. Never record the debtor's location."),
    )
    outcome = models.CharField(_("outcome"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} visit {self.started_at:%Y-%m-%d}"


class MessageTemplate(TimeStamped):
    """Message text with {variables}; rendering refuses a template whose variables are unknown."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    channel = models.CharField(
        _("channel"), max_length=10, choices=[(c.value, c.label) for c in (Channel.EMAIL, Channel.SMS, Channel.LETTER)]
    )
    message_kind = models.CharField(
        _("message kind"), max_length=20, choices=MessageKind.choices, default=MessageKind.FOLLOW_UP
    )
    is_demand = models.BooleanField(_("demand for payment"), default=False)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class ContactPlan(TimeStamped):
    """A sequence of templated steps, each fired on a day offset from the start."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact plan")
        verbose_name_plural = _("contact plans")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class PlanStep(models.Model):
    plan = models.ForeignKey(ContactPlan, on_delete=models.CASCADE, related_name="steps")
    day = models.PositiveSmallIntegerField(_("day"))
    template = models.ForeignKey(MessageTemplate, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("plan step")
        verbose_name_plural = _("plan steps")
        ordering = ["day", "pk"]

    def __str__(self) -> str:
        return f"day {self.day}: {self.template}"


class PlanRun(TimeStamped):
    """A contact plan running on one case. The steps are copied at start, so editing the plan later
    does not change what a running sequence sends."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="plan_runs")
    plan = models.ForeignKey(ContactPlan, on_delete=models.PROTECT, related_name="runs")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("started"))
    stopped_reason = models.CharField(_("stopped because"), max_length=300, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("running contact plan")
        verbose_name_plural = _("running contact plans")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="running"), name="one_running_plan_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.plan}"

    @property
    def status_colour(self) -> str:
        return RUN_STATUS_COLOURS.get(self.status, "grey")


class RunStep(models.Model):
    run = models.ForeignKey(PlanRun, on_delete=models.PROTECT, related_name="steps")
    day = models.PositiveSmallIntegerField(_("day"))
    template = models.ForeignKey(MessageTemplate, on_delete=models.PROTECT, related_name="+")
    due_at = models.DateTimeField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.PENDING)
    decision = models.ForeignKey(GateDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "day", "pk"]

    def __str__(self) -> str:
        return f"{self.run} day {self.day}"

    @property
    def status_colour(self) -> str:
        return STEP_STATUS_COLOURS.get(self.status, "grey")


__all__ = [
    "CallLog",
    "ContactPlan",
    "ContactPreference",
    "DebtorReachability",
    "DeliveryReceipt",
    "GateDecision",
    "ListedContact",
    "MessageTemplate",
    "OutboundMessage",
    "PlanRun",
    "PlanStep",
    "PolicyOverride",
    "RunStep",
    "SenderProfile",
    "Visit",
]
