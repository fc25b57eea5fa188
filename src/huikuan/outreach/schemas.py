"""Typed inputs and outputs of the outreach API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, Schema


class ReasonOut(Schema):
    rule_id: str
    explanation: str
    source: str
    detail: str = ""


class DecisionOut(Schema):
    id: int
    case_id: int
    channel: str
    recipient_id: int
    recipient_name: str
    listed_contact_id: int | None = Field(None, description="set when addressed to a contact the debtor listed")
    relation: str
    outcome: str = Field(..., description="allow, block or defer")
    rule_ids: list[str]
    reasons: list[ReasonOut]
    next_allowed_at: datetime | None
    decided_at: datetime
    local_time: str
    policy: str
    source: str
    message_id: int | None

    @staticmethod
    def resolve_recipient_name(obj) -> str:
        return obj.recipient.name

    @staticmethod
    def resolve_message_id(obj) -> int | None:
        message = getattr(obj, "message", None)  # a missing one-to-one raises an AttributeError subclass
        return message.pk if message else None


class MessageIn(Schema):
    channel: str = Field(..., description="email, sms or letter")
    body: str = Field(..., max_length=20000)
    subject: str = Field("", max_length=200)
    recipient_id: int | None = Field(None, description="the debtor (default) or a guarantor")
    contact_id: int | None = Field(
        None, description="instead of recipient_id: a contact the debtor listed (see GET /cases/{id}/recipients)"
    )
    message_kind: str = Field("follow_up", description="first_notice, follow_up or reply")
    is_demand: bool = Field(False, description="a demand for payment: its delivery interrupts limitation")


class LintIn(Schema):
    body: str = Field(..., max_length=20000)
    message_kind: str = "follow_up"


class FindingOut(Schema):
    rule_id: str
    severity: str
    explanation: str
    source: str
    excerpt: str


class ReceiptOut(Schema):
    kind: str
    delivered: bool
    occurred_at: datetime
    reference: str


class MessageOut(Schema):
    id: int
    uid: str
    case_id: int
    decision_id: int
    channel: str
    message_kind: str
    is_demand: bool
    subject: str
    body: str
    content_sha256: str
    address_masked: str
    status: str
    reference: str
    tracking_number: str
    error: str
    created_at: datetime
    sent_at: datetime | None
    dispatched_at: datetime | None
    delivered_at: datetime | None
    receipts: list[ReceiptOut]

    @staticmethod
    def resolve_uid(obj) -> str:
        return str(obj.uid)

    @staticmethod
    def resolve_receipts(obj):
        return list(obj.receipts.all())


class DispatchIn(Schema):
    tracking_number: str = Field(..., max_length=60)


class DeliveryIn(Schema):
    signed_at: datetime
    signed_by: str = Field("", max_length=100)


class ClearanceIn(Schema):
    channel: str = Field(..., description="call or visit")
    recipient_id: int | None = None
    contact_id: int | None = None
    staff_count: int | None = Field(None, description="visits: how many staff will attend")


class CallIn(Schema):
    started_at: datetime
    outcome: str
    duration_seconds: int = 0
    connected: bool = False
    recording_ref: str = Field("", max_length=300)
    notes: str = Field("", max_length=5000)


class CallOut(Schema):
    id: int
    case_id: int
    decision_id: int
    started_at: datetime
    duration_seconds: int
    connected: bool
    outcome: str
    recording_ref: str


class VisitIn(Schema):
    started_at: datetime
    participants: list[str]
    agent_checkin_location: str = Field(
        ..., max_length=300, description="the visiting agent's own check-in location; never the debtor's"
    )
    outcome: str = Field("", max_length=200)
    notes: str = Field("", max_length=5000)


class VisitOut(Schema):
    id: int
    case_id: int
    decision_id: int
    started_at: datetime
    participants: list[str]
    agent_checkin_location: str
    outcome: str


class PreferenceIn(Schema):
    recipient_id: int | None = None
    cease_contact: bool = False
    opted_out_channels: list[str] = []


class PreferenceOut(Schema):
    recipient_id: int
    recipient_name: str
    cease_contact: bool
    opted_out_channels: list[str]


class TemplateIn(Schema):
    name: str = Field(..., max_length=100)
    channel: str
    body: str = Field(..., max_length=20000)
    subject: str = Field("", max_length=200)
    message_kind: str = "follow_up"
    is_demand: bool = False
    organisation_id: int | None = None


class TemplateOut(Schema):
    id: int
    organisation_id: int
    name: str
    channel: str
    message_kind: str
    is_demand: bool
    subject: str
    body: str


class StepIn(Schema):
    day: int
    template_id: int


class StepOut(Schema):
    day: int
    template_id: int
    template_name: str

    @staticmethod
    def resolve_template_name(obj) -> str:
        return obj.template.name


class PlanIn(Schema):
    name: str = Field(..., max_length=100)
    steps: list[StepIn]
    organisation_id: int | None = None


class PlanOut(Schema):
    id: int
    organisation_id: int
    name: str
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class RunStartIn(Schema):
    plan_id: int


class RunStepOut(Schema):
    day: int
    template_name: str
    channel: str
    due_at: datetime
    status: str
    reason: str
    decision_id: int | None

    @staticmethod
    def resolve_template_name(obj) -> str:
        return obj.template.name

    @staticmethod
    def resolve_channel(obj) -> str:
        return obj.template.channel


class RunOut(Schema):
    id: int
    case_id: int
    plan_id: int
    plan_name: str
    status: str
    started_at: datetime
    stopped_reason: str
    steps: list[RunStepOut]

    @staticmethod
    def resolve_plan_name(obj) -> str:
        return obj.plan.name

    @staticmethod
    def resolve_steps(obj):
        return list(obj.steps.all())


class StopIn(Schema):
    reason: str = Field("", max_length=300)


class RuleCountOut(Schema):
    rule_id: str
    count: int
    explanation: str


class ChannelCountOut(Schema):
    channel: str
    allowed: int
    blocked: int
    deferred: int


class ReportOut(Schema):
    organisation_id: int
    organisation: str
    date_from: date | None
    date_to: date | None
    attempts: int
    allowed: int
    blocked: int
    deferred: int
    complaints: int
    blocked_by_rule: list[RuleCountOut]
    by_channel: list[ChannelCountOut]


class SmsReportIn(Schema):
    id: str = Field(..., max_length=200, description="the gateway's message id")
    status: str = Field(..., description="delivered or failed")
    at: datetime | None = None
    error: str = Field("", max_length=500)


class SmsReportOut(Schema):
    recorded: bool


class RecipientOut(Schema):
    """Someone a contact may be addressed to: the debtor, a guarantor or a contact the debtor listed."""

    recipient_id: int | None = Field(None, description="for the debtor or a guarantor: pass as recipient_id")
    contact_id: int | None = Field(None, description="for a listed contact: pass as contact_id")
    name: str
    relation: str = Field(..., description="debtor, guarantor or listed_contact")


class ListedContactIn(Schema):
    name: str = Field(..., max_length=100)
    mobile: str = Field("", max_length=30)
    email: str = Field("", max_length=254)
    listed_on: date


class ListedContactOut(Schema):
    id: int
    case_id: int
    name: str
    mobile_masked: str
    email_masked: str
    listed_on: date
    relation: str = "listed_contact"
    source_note: str


class ReachabilityIn(Schema):
    unreachable: bool
    reason: str = Field("", max_length=500)


class ReachabilityOut(Schema):
    case_id: int
    unreachable: bool
    reason: str
