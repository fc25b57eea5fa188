"""Every outreach write. The contact gate is asked here and nowhere else, and each answer is
recorded (a GateDecision row and a timeline event) in the same transaction as what it allowed.

Bad input (unknown channel, template variables missing, a recipient without a valid address)
is refused before anything is written or sent.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass
from datetime import date as date_type
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huikuan.accounts.actors import is_platform_staff, is_token, org_ids, user_of
from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Organisation
from huikuan.cases.choices import CaseStatus, EventKind
from huikuan.cases.models import Case, Debtor
from huikuan.cases.selectors import case_has_open_dispute
from huikuan.cases.services import case_event_record
from huikuan.common import pii
from huikuan.common.scheduling import retrying
from huikuan.core import outreach as gate
from huikuan.core.errors import ServiceError
from huikuan.core.identifiers import IdentifierError, mask, validate_mobile

from .channels import ChannelError, adapter_for, sms_adapter_class
from .choices import (
    CONVERSATION_OUTCOMES,
    MESSAGE_CHANNELS,
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
from .models import (
    RETENTION,
    CallLog,
    ContactPlan,
    ContactPreference,
    DebtorReachability,
    DeliveryReceipt,
    GateDecision,
    ListedContact,
    MessageTemplate,
    OutboundMessage,
    PlanRun,
    PlanStep,
    PolicyOverride,
    RunStep,
    SenderProfile,
    Visit,
)
from .selectors import ledger_fee_items

MAX_BODY = {Channel.SMS: 500, Channel.EMAIL: 20000, Channel.LETTER: 20000}
# A call or visit clearance is good for this long after the gate allowed it.
CLEARANCE_VALID = timedelta(hours=1)


def _actor_label(actor) -> str:
    if is_token(actor):
        return _("API token %(name)s") % {"name": actor.name}
    user = user_of(actor)
    return str(user) if user else _("Platform")


def _errors(errors: dict[str, list[str]]) -> None:
    if errors:
        field, messages = next(iter(errors.items()))
        raise ServiceError(messages[0], field=field, errors=errors)


# ---- policy -------------------------------------------------------------------------------------


def policy_for(organisation: Organisation) -> gate.Policy:
    """The creditor's policy: its pack, tightened by its overrides (never loosened)."""
    override = PolicyOverride.objects.filter(organisation=organisation).first()
    if override is None:
        return gate.load_policy()
    return gate.tighten_policy(
        gate.load_policy(override.pack_id), override.overrides or {}, label=f"org:{organisation.pk}"
    )


@transaction.atomic
def policy_override_set(*, organisation: Organisation, actor, pack_id: str, overrides: dict) -> PolicyOverride:
    """Staff tighten a creditor's policy. A looser value is refused with the key that loosens."""
    if not is_platform_staff(actor):
        raise ServiceError(_("Only platform staff change an organisation's contact policy."))
    if pack_id not in gate.available_policies():
        raise ServiceError(_("Unknown policy pack."), field="pack_id")
    try:
        gate.tighten_policy(gate.load_policy(pack_id), overrides, label=f"org:{organisation.pk}")
    except gate.PolicyError as exc:
        raise ServiceError(
            _("%(field)s: this would loosen or break the policy (%(detail)s).")
            % {"field": exc.field, "detail": exc.message},
            field="overrides",
        ) from None
    override, _created = PolicyOverride.objects.update_or_create(
        organisation=organisation,
        defaults={"pack_id": pack_id, "overrides": overrides, "updated_by": user_of(actor)},
    )
    return override


# ---- sender identity ----------------------------------------------------------------------------


@transaction.atomic
def sender_profile_save(
    *, organisation: Organisation, actor, display_name: str, reply_email: str = "", phone: str = ""
) -> SenderProfile:
    """An organisation states how it is named in messages; any change needs staff verification again."""
    display_name = display_name.strip()
    if not display_name:
        raise ServiceError(_("Enter the name shown in every message."), field="display_name")
    if reply_email:
        try:
            validate_email(reply_email)
        except ValidationError:
            raise ServiceError(_("Enter a valid email address."), field="reply_email") from None
    profile, created = SenderProfile.objects.get_or_create(
        organisation=organisation, defaults={"display_name": display_name, "reply_email": reply_email, "phone": phone}
    )
    if not created and (profile.display_name, profile.reply_email, profile.phone) != (display_name, reply_email, phone):
        profile.display_name, profile.reply_email, profile.phone = display_name, reply_email, phone
        profile.verified_at = None
        profile.verified_by = None
        profile.save()
    return profile


@transaction.atomic
def sender_profile_verify(*, profile: SenderProfile, actor) -> SenderProfile:
    if not is_platform_staff(actor):
        raise ServiceError(_("Only platform staff verify a sender's identity."))
    profile.verified_at = timezone.now()
    profile.verified_by = user_of(actor)
    profile.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return profile


def _sender(organisation: Organisation) -> gate.Sender:
    profile = SenderProfile.objects.filter(organisation=organisation).first()
    if profile is None:
        return gate.Sender("", organisation.name, identity_verified=False)
    return gate.Sender(profile.display_name, organisation.name, identity_verified=profile.is_verified)


# ---- building the gate's input ------------------------------------------------------------------


def sending_organisation(*, actor, case: Case) -> Organisation:
    """The organisation a contact is made for: the case's creditor, when the actor works for it.
    (Providers act once cases are assigned to them, through the same check.)"""
    if case.organisation_id in org_ids(actor, OrgKind.CREDITOR) or case.organisation_id in org_ids(
        actor, OrgKind.PROVIDER
    ):
        return case.organisation
    raise ServiceError(_("Only the creditor or its provider contacts a debtor; platform staff do not."))


def case_parties(case: Case) -> list[tuple[Debtor, str]]:
    """The people who may be contacted about this debt: the debtor, then each guarantor."""
    debt = case.debt
    parties = [(debt.debtor, "debtor")]
    parties += [(g.guarantor, "guarantor") for g in debt.guarantees.select_related("guarantor").order_by("pk")]
    return parties


def relation_of(case: Case, recipient: Debtor) -> str:
    for debtor, relation in case_parties(case):
        if debtor.pk == recipient.pk:
            return relation
    # Anyone else the creditor knows is a third party: the gate refuses them (CN-RECIPIENT).
    return "other"


def resolve_recipient(case: Case, recipient_id: int | None) -> Debtor:
    if recipient_id is None:
        recipient_id = case.debt.debtor_id
    recipient = Debtor.objects.filter(organisation_id=case.organisation_id, pk=recipient_id).first()
    if recipient is None:
        raise ServiceError(_("No such person in your organisation."), field="recipient_id")
    return recipient


def address_of(recipient: Debtor, channel: str) -> str:
    """The recipient's address for a channel, validated; a ServiceError names what is missing."""
    if channel == Channel.EMAIL:
        value = recipient.email.strip()
        try:
            validate_email(value)
        except ValidationError:
            raise ServiceError(
                _("%(name)s has no valid email address.") % {"name": recipient.name}, field="recipient_id"
            ) from None
        return value
    if channel in (Channel.SMS, Channel.CALL):
        try:
            return validate_mobile(recipient.mobile).number
        except IdentifierError:
            raise ServiceError(
                _("%(name)s has no valid mobile number.") % {"name": recipient.name}, field="recipient_id"
            ) from None
    if channel in (Channel.LETTER, Channel.VISIT):
        value = recipient.address.strip()
        if len(value) < 5:
            raise ServiceError(_("%(name)s has no postal address.") % {"name": recipient.name}, field="recipient_id")
        return value
    raise ServiceError(_("Unknown channel."), field="channel")


def resolve_listed_contact(case: Case, contact_id: int) -> ListedContact:
    contact = ListedContact.objects.filter(case=case, pk=contact_id).first()
    if contact is None:
        raise ServiceError(_("No such contact listed by the debtor on this case."), field="contact_id")
    return contact


def contact_address_of(contact: ListedContact, channel: str) -> str:
    """A listed contact's address: only what the debtor gave (a mobile number or an email)."""
    if channel == Channel.EMAIL:
        if not contact.email:
            raise ServiceError(_("%(name)s has no email address.") % {"name": contact.name}, field="contact_id")
        return contact.email
    if channel in (Channel.SMS, Channel.CALL):
        if not contact.mobile:
            raise ServiceError(_("%(name)s has no mobile number.") % {"name": contact.name}, field="contact_id")
        return contact.mobile
    if channel in (Channel.LETTER, Channel.VISIT):
        raise ServiceError(_("A contact listed by the debtor is reached only by SMS, email or phone."), field="channel")
    raise ServiceError(_("Unknown channel."), field="channel")


def _masked(channel: str, address: str) -> str:
    if channel == Channel.EMAIL:
        local, _sep, domain = address.partition("@")
        return f"{local[:1]}***@{domain}"
    if channel in (Channel.SMS, Channel.CALL):
        return mask(address)
    return address[:6] + "…"


def _recipient_key(recipient: Debtor, contact: ListedContact | None) -> str:
    return f"contact:{contact.pk}" if contact is not None else str(recipient.pk)


def _history(
    recipient: Debtor, policy: gate.Policy, now: datetime, contact: ListedContact | None = None
) -> gate.ContactHistory:
    """Every contact that actually happened with this person (messages not failed, logged calls
    and visits), across all their cases, as far back as the policy's longest period. A listed
    contact's history is their own; messages to them never count as contacts with the debtor."""
    days = [lim.days for lim in policy.limits]
    qs = GateDecision.objects.filter(outcome=Outcome.ALLOW).select_related("case", "message", "call_log", "visit")
    if contact is not None:
        qs = qs.filter(listed_contact=contact)
    else:
        qs = qs.filter(recipient=recipient, listed_contact__isnull=True)
    key = _recipient_key(recipient, contact)
    if days and None not in days:
        qs = qs.filter(decided_at__gte=now - timedelta(days=max(days) + 2))
    attempts = []
    for d in qs:
        connected = conversation = False
        at = d.decided_at
        if d.channel in MESSAGE_CHANNELS:
            msg = getattr(d, "message", None)
            if msg is None or msg.status == MessageStatus.FAILED:
                continue
        elif d.channel == Channel.CALL:
            log = getattr(d, "call_log", None)
            if log is None:
                continue
            at, connected = log.started_at, log.connected
            conversation = log.connected and log.outcome in CONVERSATION_OUTCOMES
        else:
            visit = getattr(d, "visit", None)
            if visit is None:
                continue
            at = visit.started_at
        attempts.append(
            gate.PriorAttempt(at, d.channel, key, d.address_index, str(d.case.debt_id), connected, conversation)
        )
    attempts.sort(key=lambda a: a.at)
    return gate.ContactHistory(tuple(attempts))


def _case_state(case: Case, recipient: Debtor, policy: gate.Policy | None = None) -> gate.CaseState:
    pref = ContactPreference.objects.filter(debtor=recipient).first()
    # Only packs that demand a validation notice first (Reg F) need to look for one.
    needs_notice = policy is not None and policy.validation_notice is not None
    return gate.CaseState(
        debtor_unreachable=DebtorReachability.objects.filter(case=case, unreachable=True).exists(),
        ledger_fee_items=ledger_fee_items(case=case),
        dispute_open=case_has_open_dispute(case=case),
        paused=case.status == CaseStatus.PAUSED,
        cease_contact=bool(pref and pref.cease_contact),
        opted_out_channels=frozenset(pref.opted_out_channels if pref else ()),
        validation_notice_sent=needs_notice
        and OutboundMessage.objects.filter(case=case, message_kind=MessageKind.FIRST_NOTICE)
        .exclude(status=MessageStatus.FAILED)
        .exists(),
    )


@dataclass
class Proposal:
    """A validated contact, ready for the gate."""

    case: Case
    organisation: Organisation
    recipient: Debtor
    relation: str
    channel: str
    address: str
    content: str | None
    subject: str = ""
    message_kind: str = MessageKind.FOLLOW_UP
    is_demand: bool = False
    staff_count: int | None = None
    listed_contact: ListedContact | None = None  # set when the message goes to a contact the debtor listed


def _decide_and_record(proposal: Proposal, *, actor, source: str, at: datetime | None = None) -> GateDecision:
    """Ask the gate and write its answer: the decision row, and for a block or a deferral the
    timeline event (an allowed message's event is written when the channel accepts it)."""
    p = proposal
    at = at or timezone.now()
    policy = policy_for(p.case.organisation)
    contact = gate.ProposedContact(
        at=at,
        channel=p.channel,
        recipient_id=_recipient_key(p.recipient, p.listed_contact),
        relation=p.relation,
        address=pii.blind_index(p.address),
        sender=_sender(p.organisation),
        content=p.content,
        message_kind=p.message_kind,
        debt_id=str(p.case.debt_id),
        staff_count=p.staff_count,
        debtor_timezone=p.recipient.time_zone or None,
        case=_case_state(p.case, p.recipient, policy),
    )
    try:
        decision = gate.decide(contact, _history(p.recipient, policy, at, p.listed_contact), policy)
    except gate.ContactInputError as exc:
        raise ServiceError(f"{exc.field}: {exc.message}", field=exc.field) from None
    reasons = [
        {"rule_id": h.rule_id, "explanation": h.explanation, "source": h.source, "detail": h.detail}
        for h in decision.reasons
    ]
    row = GateDecision.objects.create(
        case=p.case,
        organisation=p.organisation,
        recipient=p.recipient,
        listed_contact=p.listed_contact,
        relation=p.relation,
        channel=p.channel,
        message_kind=p.message_kind if p.channel in MESSAGE_CHANNELS else "",
        address_index=contact.address,
        address_masked=_masked(p.channel, p.address),
        outcome=decision.outcome,
        rule_ids=list(decision.rule_ids),
        reasons=reasons,
        next_allowed_at=decision.next_allowed_at,
        local_time=decision.local_time.isoformat() if decision.local_time else "",
        policy=" + ".join([policy.pack_id, *policy.tightened_by]),
        source=source,
        content=p.content or "",
        decided_at=at,
        retain_until=at + RETENTION,
        actor=user_of(actor),
        actor_label=_actor_label(actor),
    )
    if decision.outcome != gate.ALLOW:
        data = {
            "decision": row.pk,
            "channel": p.channel,
            "recipient": p.listed_contact.name if p.listed_contact else p.recipient.name,
            "relation": p.relation,
            "rules": list(decision.rule_ids),
            "reasons": reasons,
            "policy": row.policy,
            "source": source,
        }
        if p.content:
            data["content"] = p.content
            data["content_sha256"] = hashlib.sha256(p.content.encode()).hexdigest()
        if decision.outcome == gate.DEFER:
            data["next_allowed_at"] = decision.next_allowed_at.isoformat()
        kind = EventKind.CONTACT_DEFERRED if decision.outcome == gate.DEFER else EventKind.CONTACT_BLOCKED
        case_event_record(case=p.case, actor=actor, kind=kind, data=data)
    return row


# ---- messages ------------------------------------------------------------------------------------


def message_prepare(
    *,
    case: Case,
    organisation: Organisation,
    channel: str,
    body: str,
    subject: str = "",
    recipient_id: int | None = None,
    message_kind: str = MessageKind.FOLLOW_UP,
    is_demand: bool = False,
    contact_id: int | None = None,
) -> Proposal:
    """Validate a message completely; raises ServiceError with every problem, writes nothing.
    `contact_id` addresses a contact the debtor listed instead of `recipient_id`."""
    errors: dict[str, list[str]] = {}
    if channel not in MESSAGE_CHANNELS:
        errors.setdefault("channel", []).append(_("Unknown channel: choose email, SMS or letter."))
    if message_kind not in MessageKind.values:
        errors.setdefault("message_kind", []).append(_("Unknown message kind."))
    body = (body or "").strip()
    if not body:
        errors.setdefault("body", []).append(_("Write the message."))
    elif channel in MAX_BODY and len(body) > MAX_BODY[channel]:
        errors.setdefault("body", []).append(
            _("The message is too long for this channel (at most %(n)s characters).") % {"n": MAX_BODY[channel]}
        )
    subject = (subject or "").strip()
    if channel == Channel.EMAIL and not subject:
        errors.setdefault("subject", []).append(_("An email needs a subject."))
    if channel == Channel.SMS and not sms_adapter_class().configured():
        errors.setdefault("channel", []).append(_("No SMS gateway is configured."))
    if contact_id is not None and is_demand:
        errors.setdefault("is_demand", []).append(
            _("A message to a contact listed by the debtor only asks the debtor to get in touch; it is no demand.")
        )
    _errors(errors)
    if contact_id is not None:
        contact = resolve_listed_contact(case, contact_id)
        return Proposal(
            case=case,
            organisation=organisation,
            recipient=case.debt.debtor,
            relation=ListedContact.RELATION,
            channel=channel,
            address=contact_address_of(contact, channel),
            content=body,
            subject=subject,
            message_kind=message_kind,
            listed_contact=contact,
        )
    recipient = resolve_recipient(case, recipient_id)
    address = address_of(recipient, channel)
    return Proposal(
        case=case,
        organisation=organisation,
        recipient=recipient,
        relation=relation_of(case, recipient),
        channel=channel,
        address=address,
        content=body,
        subject=subject,
        message_kind=message_kind,
        is_demand=is_demand,
    )


@transaction.atomic
def message_send(
    *,
    case: Case,
    actor,
    channel: str,
    body: str,
    subject: str = "",
    recipient_id: int | None = None,
    message_kind: str = MessageKind.FOLLOW_UP,
    is_demand: bool = False,
    source: str = Source.PAGE,
    organisation: Organisation | None = None,
    at: datetime | None = None,
    contact_id: int | None = None,
) -> GateDecision:
    """Propose a message to the gate. Allowed: the message is stored and handed to its channel
    after commit. Blocked or deferred: nothing is sent; the decision says why."""
    organisation = organisation or sending_organisation(actor=actor, case=case)
    proposal = message_prepare(
        case=case,
        organisation=organisation,
        channel=channel,
        body=body,
        subject=subject,
        recipient_id=recipient_id,
        message_kind=message_kind,
        is_demand=is_demand,
        contact_id=contact_id,
    )
    case = Case.objects.select_for_update().get(pk=case.pk)
    proposal.case = case
    decision = _decide_and_record(proposal, actor=actor, source=source, at=at)
    if decision.allowed:
        message = OutboundMessage.objects.create(
            case=case,
            decision=decision,
            recipient=proposal.recipient,
            channel=channel,
            message_kind=message_kind,
            is_demand=is_demand,
            subject=proposal.subject,
            body=proposal.content,
            content_sha256=hashlib.sha256(proposal.content.encode()).hexdigest(),
            address_masked=decision.address_masked,
        )
        from .tasks import message_deliver

        transaction.on_commit(lambda: message_deliver.enqueue(message.pk))
    return decision


@retrying(attempts=3, backoff=0.2, on=(ChannelError,))
def _send_through_channel(message: OutboundMessage):
    return adapter_for(message.channel).send(message, decision_id=message.decision_id)


def _sent_event_data(message: OutboundMessage) -> dict:
    return {
        "decision": message.decision_id,
        "message": message.pk,
        "channel": message.channel,
        "recipient": message.recipient.name,
        "address": message.address_masked,
        "kind": message.message_kind,
        "demand": message.is_demand,
        "subject": message.subject,
        "content": message.body,
        "content_sha256": message.content_sha256,
        "reference": message.reference,
        "policy": message.decision.policy,
    }


def message_deliver(*, message_id: int) -> OutboundMessage:
    """Hand an allowed message to its channel adapter (run by a task after the decision commits)."""
    message = OutboundMessage.objects.select_related("decision", "recipient", "case").get(pk=message_id)
    if message.status != MessageStatus.QUEUED:
        return message
    try:
        result = _send_through_channel(message)
    except ChannelError as exc:
        OutboundMessage.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, error=str(exc)[:2000])
        message.refresh_from_db()
        return message
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        now = timezone.now()
        message.reference = result.reference
        message.sent_at = now
        message.status = result.status
        if result.document is not None:
            message.document.save(f"{message.uid}.pdf", ContentFile(result.document), save=False)
        message.save()
        if message.channel != Channel.LETTER:
            case_event_record(
                case=message.case, actor=None, kind=EventKind.MESSAGE_SENT, data=_sent_event_data(message)
            )
        if message.channel == Channel.EMAIL:
            # SPC 2020 limitation provisions art. 8: a data message counts when it arrives or should have arrived.
            _receipt_record(message=message, kind=ReceiptKind.SMTP_ACCEPT, at=now, reference=result.reference)
    return message


def _receipt_record(
    *,
    message: OutboundMessage,
    kind: str,
    at: datetime,
    reference: str,
    delivered: bool = True,
    detail=None,
    actor=None,
) -> DeliveryReceipt:
    receipt = DeliveryReceipt.objects.create(
        message=message, kind=kind, delivered=delivered, occurred_at=at, reference=reference, detail=detail or {}
    )
    if delivered:
        if message.delivered_at is None:
            message.delivered_at = at
            message.status = MessageStatus.DELIVERED
            message.save(update_fields=["delivered_at", "status"])
        if message.is_demand:
            local = at.astimezone(timezone.get_default_timezone()).date()
            case_event_record(
                case=message.case,
                actor=actor,
                kind=EventKind.DEMAND_DELIVERED,
                data={
                    "date": local.isoformat(),
                    "channel": message.channel,
                    "reference": reference,
                    "message": message.pk,
                    "receipt": kind,
                },
            )
    return receipt


@transaction.atomic
def sms_report_record(*, reference: str, status: str, at: datetime | None = None, error: str = "") -> DeliveryReceipt:
    """A delivery report posted by the SMS gateway."""
    if status not in ("delivered", "failed"):
        raise ServiceError(_("Unknown delivery status."), field="status")
    message = (
        OutboundMessage.objects.select_for_update()
        .filter(channel=Channel.SMS, reference=reference)
        .exclude(reference="")
        .first()
    )
    if message is None:
        raise ServiceError(_("No SMS with this reference."), field="id")
    at = at or timezone.now()
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    delivered = status == "delivered"
    receipt = _receipt_record(
        message=message,
        kind=ReceiptKind.SMS_REPORT,
        at=at,
        reference=reference,
        delivered=delivered,
        detail={"status": status, "error": error},
    )
    if not delivered and message.status != MessageStatus.DELIVERED:
        message.status = MessageStatus.FAILED
        message.error = error or _("The gateway reported the SMS as not delivered.")
        message.save(update_fields=["status", "error"])
    return receipt


def _letter(message: OutboundMessage) -> None:
    if message.channel != Channel.LETTER:
        raise ServiceError(_("This is not a letter."))


@transaction.atomic
def letter_dispatch(*, message: OutboundMessage, actor, tracking_number: str, at: datetime | None = None):
    """Record the posting of a prepared letter with its tracking number (the letter's 'sent')."""
    _letter(message)
    tracking_number = tracking_number.strip()
    if not tracking_number:
        raise ServiceError(_("Enter the tracking number."), field="tracking_number")
    message = OutboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.PREPARED:
        raise ServiceError(_("Only a prepared letter can be posted."))
    message.tracking_number = tracking_number
    message.dispatched_at = at or timezone.now()
    message.status = MessageStatus.DISPATCHED
    message.save(update_fields=["tracking_number", "dispatched_at", "status"])
    data = _sent_event_data(message)
    data["tracking_number"] = tracking_number
    if message.document:
        with message.document.open("rb") as fh:
            data["document_sha256"] = hashlib.sha256(fh.read()).hexdigest()
    case_event_record(case=message.case, actor=actor, kind=EventKind.MESSAGE_SENT, data=data)
    return message


@transaction.atomic
def letter_delivery_record(*, message: OutboundMessage, actor, signed_at: datetime, signed_by: str = ""):
    """The letter was signed for: the delivery receipt (for a demand, a limitation interruption)."""
    _letter(message)
    message = OutboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.DISPATCHED:
        raise ServiceError(_("Record the posting first."))
    if signed_at < message.dispatched_at - timedelta(minutes=1):
        raise ServiceError(_("A letter cannot be signed for before it was posted."), field="signed_at")
    if signed_at > timezone.now() + timedelta(minutes=5):
        raise ServiceError(_("The signing time cannot be in the future."), field="signed_at")
    return _receipt_record(
        message=message,
        kind=ReceiptKind.LETTER_SIGNED,
        at=signed_at,
        reference=message.tracking_number,
        detail={"signed_by": signed_by.strip()},
        actor=actor,
    )


# ---- calls and visits ----------------------------------------------------------------------------


@transaction.atomic
def contact_clear(
    *,
    case: Case,
    actor,
    channel: str,
    recipient_id: int | None = None,
    staff_count: int | None = None,
    source: str = Source.PAGE,
    at: datetime | None = None,
    contact_id: int | None = None,
) -> GateDecision:
    """Ask the gate before a call or a visit. An allowed clearance is used by one log entry.
    A call to a listed contact has no content the gate could check for disclosure, so the gate
    refuses it; a visit to one is refused here (no address is ever stored for them)."""
    organisation = sending_organisation(actor=actor, case=case)
    if channel not in (Channel.CALL, Channel.VISIT):
        raise ServiceError(_("Unknown channel: choose a call or a visit."), field="channel")
    if channel == Channel.VISIT and (staff_count is None or staff_count < 1):
        raise ServiceError(_("Say how many staff will visit."), field="staff_count")
    if contact_id is not None:
        contact = resolve_listed_contact(case, contact_id)
        recipient, relation, address = case.debt.debtor, ListedContact.RELATION, contact_address_of(contact, channel)
    else:
        contact = None
        recipient = resolve_recipient(case, recipient_id)
        relation, address = relation_of(case, recipient), address_of(recipient, channel)
    proposal = Proposal(
        case=Case.objects.select_for_update().get(pk=case.pk),
        organisation=organisation,
        recipient=recipient,
        relation=relation,
        channel=channel,
        address=address,
        content=None,
        staff_count=staff_count if channel == Channel.VISIT else None,
        listed_contact=contact,
    )
    return _decide_and_record(proposal, actor=actor, source=source, at=at)


def _clearance(decision: GateDecision, channel: str, started_at: datetime) -> GateDecision:
    decision = GateDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.channel != channel or not decision.allowed:
        raise ServiceError(_("This contact was not cleared by the gate."), field="decision")
    if decision.used_at is not None:
        raise ServiceError(_("This clearance was already used."), field="decision")
    if not (decision.decided_at - timedelta(minutes=1) <= started_at <= decision.decided_at + CLEARANCE_VALID):
        raise ServiceError(_("The contact must start within an hour after the gate cleared it."), field="started_at")
    return decision


@transaction.atomic
def call_log(
    *,
    decision: GateDecision,
    actor,
    started_at: datetime,
    outcome: str,
    duration_seconds: int = 0,
    connected: bool = False,
    recording_ref: str = "",
    notes: str = "",
) -> CallLog:
    sending_organisation(actor=actor, case=decision.case)
    errors: dict[str, list[str]] = {}
    if outcome not in CallOutcome.values:
        errors.setdefault("outcome", []).append(_("Choose the call's outcome."))
    if duration_seconds < 0:
        errors.setdefault("duration_seconds", []).append(_("The duration cannot be negative."))
    if outcome in CONVERSATION_OUTCOMES and not connected:
        errors.setdefault("connected", []).append(_("A call in which you spoke was connected."))
    if connected and duration_seconds == 0:
        errors.setdefault("duration_seconds", []).append(_("Enter how long the connected call lasted."))
    _errors(errors)
    decision = _clearance(decision, Channel.CALL, started_at)
    log = CallLog.objects.create(
        case=decision.case,
        decision=decision,
        recipient=decision.recipient,
        started_at=started_at,
        duration_seconds=duration_seconds,
        connected=connected,
        outcome=outcome,
        recording_ref=recording_ref.strip(),
        notes=notes.strip(),
    )
    decision.used_at = timezone.now()
    decision.save(update_fields=["used_at"])
    case_event_record(
        case=decision.case,
        actor=actor,
        kind=EventKind.CALL_LOGGED,
        data={
            "decision": decision.pk,
            "call": log.pk,
            "recipient": decision.recipient.name,
            "number": decision.address_masked,
            "started_at": started_at.isoformat(),
            "duration_seconds": duration_seconds,
            "connected": connected,
            "outcome": outcome,
            "recording_ref": log.recording_ref,
        },
    )
    return log


@transaction.atomic
def visit_log(
    *,
    decision: GateDecision,
    actor,
    started_at: datetime,
    participants: list[str],
    agent_checkin_location: str,
    outcome: str = "",
    notes: str = "",
) -> Visit:
    sending_organisation(actor=actor, case=decision.case)
    names = [p.strip() for p in participants if p and p.strip()]
    policy = policy_for(decision.case.organisation)
    errors: dict[str, list[str]] = {}
    if policy.visit_staff is not None and len(names) < policy.min_visit_staff:
        errors.setdefault("participants", []).append(
            _("A visit is made by at least %(n)s staff: name each of them.") % {"n": policy.min_visit_staff}
        )
    if not agent_checkin_location.strip():
        errors.setdefault("agent_checkin_location", []).append(_("Enter where you (the visiting agent) checked in."))
    _errors(errors)
    decision = _clearance(decision, Channel.VISIT, started_at)
    visit = Visit.objects.create(
        case=decision.case,
        decision=decision,
        recipient=decision.recipient,
        started_at=started_at,
        participants=names,
        agent_checkin_location=agent_checkin_location.strip(),
        outcome=outcome.strip(),
        notes=notes.strip(),
    )
    decision.used_at = timezone.now()
    decision.save(update_fields=["used_at"])
    case_event_record(
        case=decision.case,
        actor=actor,
        kind=EventKind.VISIT_LOGGED,
        data={
            "decision": decision.pk,
            "visit": visit.pk,
            "recipient": decision.recipient.name,
            "started_at": started_at.isoformat(),
            "participants": names,
            "agent_checkin_location": visit.agent_checkin_location,
            "outcome": visit.outcome,
        },
    )
    return visit


# ---- contact preferences -------------------------------------------------------------------------


@transaction.atomic
def contact_preference_set(
    *, case: Case, actor, recipient_id: int | None = None, cease_contact: bool, opted_out_channels: list[str]
) -> ContactPreference:
    """Set a debtor's (or guarantor's) contact wishes on their behalf."""
    sending_organisation(actor=actor, case=case)
    bad = sorted(set(opted_out_channels) - set(Channel.values))
    if bad:
        raise ServiceError(_("Unknown channel: %(names)s.") % {"names": ", ".join(bad)}, field="opted_out_channels")
    recipient = resolve_recipient(case, recipient_id)
    pref, _created = ContactPreference.objects.select_for_update().get_or_create(debtor=recipient)
    before = {"cease_contact": pref.cease_contact, "opted_out_channels": sorted(pref.opted_out_channels)}
    pref.cease_contact = cease_contact
    pref.opted_out_channels = sorted(set(opted_out_channels))
    pref.save()
    after = {"cease_contact": pref.cease_contact, "opted_out_channels": pref.opted_out_channels}
    if before != after:
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.CONTACT_PREFERENCE_CHANGED,
            data={"recipient": recipient.name, "before": before, "after": after},
        )
    return pref


# ---- contacts listed by the debtor, and the debtor's reachability --------------------------------


@transaction.atomic
def listed_contact_add(*, case: Case, actor, name: str, listed_on, mobile: str = "", email: str = "") -> ListedContact:
    """Record a person the debtor listed as a contact for this case (a mobile number and/or an email).
    Only the debtor's own listing is a source: nobody else's relatives, employer or references."""
    sending_organisation(actor=actor, case=case)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    mobile = (mobile or "").strip()
    email = (email or "").strip()
    if not name:
        errors.setdefault("name", []).append(_("Enter the contact's name."))
    elif len(name) > 100:
        errors.setdefault("name", []).append(_("The name is too long (at most 100 characters)."))
    if not mobile and not email:
        errors.setdefault("mobile", []).append(
            _("Enter the mobile number or the email the debtor gave for the contact.")
        )
    if mobile:
        try:
            mobile = validate_mobile(mobile).number
        except IdentifierError:
            errors.setdefault("mobile", []).append(_("Enter a valid mainland mobile number."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(_("Enter a valid email address."))
    if listed_on is None or listed_on == "":
        errors.setdefault("listed_on", []).append(_("Enter the date on which the debtor listed the contact."))
    elif not isinstance(listed_on, date_type):
        try:
            listed_on = date_type.fromisoformat(str(listed_on))
        except ValueError:
            errors.setdefault("listed_on", []).append(_("Enter a valid date."))
    if isinstance(listed_on, date_type) and listed_on > timezone.localdate():
        errors.setdefault("listed_on", []).append(_("The date cannot be in the future."))
    _errors(errors)
    contact = ListedContact(case=case, name=name, listed_on=listed_on, created_by=user_of(actor))
    contact.set_mobile(mobile)
    contact.set_email(email)
    contact.save()
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.CONTACT_PREFERENCE_CHANGED,
        data={
            "change": "listed_contact_added",
            "listed_contact": contact.pk,
            "name": contact.name,
            "relation": ListedContact.RELATION,
            "mobile": contact.mobile_masked,
            "email": contact.email_masked,
            "source": f"listed by the debtor on {listed_on.isoformat()}",
        },
    )
    return contact


@transaction.atomic
def debtor_unreachable_set(*, case: Case, actor, unreachable: bool, reason: str = "") -> DebtorReachability:
    """Mark the debtor unreachable (a reason is required) or reachable again. Only while marked
    unreachable may a listed contact be asked to pass on a request to get in touch."""
    sending_organisation(actor=actor, case=case)
    reason = (reason or "").strip()
    if unreachable and not reason:
        raise ServiceError(_("Say why the debtor cannot be reached."), field="reason")
    if len(reason) > 500:
        raise ServiceError(_("The reason is too long (at most 500 characters)."), field="reason")
    state, _created = DebtorReachability.objects.select_for_update().get_or_create(case=case)
    before = {"unreachable": state.unreachable, "reason": state.reason}
    state.unreachable = unreachable
    state.reason = reason if unreachable else ""
    state.changed_by = user_of(actor)
    state.save()
    after = {"unreachable": state.unreachable, "reason": state.reason}
    if before != after:
        case_event_record(
            case=case,
            actor=actor,
            kind=EventKind.CONTACT_PREFERENCE_CHANGED,
            data={
                "change": "debtor_unreachable" if unreachable else "debtor_reachable",
                "recipient": case.debt.debtor.name,
                "before": before,
                "after": after,
                "reason": reason,
            },
        )
    return state


# ---- templates and contact plans ------------------------------------------------------------------

TEMPLATE_VARIABLES = (
    "recipient_name",
    "debtor_name",
    "creditor_name",
    "sender_name",
    "sender_phone",
    "sender_email",
    "case_reference",
    "principal",
    "due_date",
    "today",
    "dispute_instructions",
)


def template_variables(text: str) -> list[str]:
    """The variable names a template uses; a ServiceError for malformed or unknown ones."""
    names: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ServiceError(
            _("The template has an unbalanced brace: write variables as {name}, a literal brace as {{ or }}."),
            field="body",
        ) from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ServiceError(_("Write template variables as {name}, e.g. {debtor_name}."), field="body")
        if name not in TEMPLATE_VARIABLES:
            raise ServiceError(
                _("Unknown template variable {%(name)s}. Known: %(known)s.")
                % {"name": name, "known": ", ".join(TEMPLATE_VARIABLES)},
                field="body",
            )
        names.append(name)
    return names


def template_context(*, case: Case, organisation: Organisation, recipient: Debtor) -> dict[str, str]:
    profile = SenderProfile.objects.filter(organisation=organisation).first()
    debt = case.debt
    return {
        "recipient_name": recipient.name,
        "debtor_name": debt.debtor.name,
        "creditor_name": case.organisation.name,
        "sender_name": profile.display_name if profile else "",
        "sender_phone": profile.phone if profile else "",
        "sender_email": profile.reply_email if profile else "",
        "case_reference": case.reference,
        "principal": f"{debt.principal:,.2f}",
        "due_date": debt.due_date.isoformat(),
        "today": timezone.localdate().isoformat(),
        "dispute_instructions": _(
            "If you dispute this debt, tell us within 30 days (reply to this message or call us) and "
            "collection stops while the dispute is reviewed. Case reference: %(ref)s."
        )
        % {"ref": case.reference},
    }


def template_render(*, template: MessageTemplate, context: dict[str, str]) -> tuple[str, str]:
    """(subject, body); refuses when a variable has no value for this case."""
    used = template_variables(template.subject) + template_variables(template.body)
    missing = sorted({n for n in used if not str(context.get(n, "")).strip()})
    if missing:
        raise ServiceError(
            _("Template %(name)s: no value for variable(s) %(vars)s; nothing was sent.")
            % {"name": template.name, "vars": ", ".join("{" + m + "}" for m in missing)},
            field="template",
        )
    return template.subject.format(**context), template.body.format(**context)


@transaction.atomic
def template_create(
    *,
    organisation: Organisation,
    actor,
    name: str,
    channel: str,
    body: str,
    subject: str = "",
    message_kind: str = MessageKind.FOLLOW_UP,
    is_demand: bool = False,
) -> MessageTemplate:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors.setdefault("name", []).append(_("Name the template."))
    if channel not in MESSAGE_CHANNELS:
        errors.setdefault("channel", []).append(_("Unknown channel: choose email, SMS or letter."))
    if message_kind not in MessageKind.values:
        errors.setdefault("message_kind", []).append(_("Unknown message kind."))
    if not body.strip():
        errors.setdefault("body", []).append(_("Write the template's text."))
    if channel == Channel.EMAIL and not subject.strip():
        errors.setdefault("subject", []).append(_("An email needs a subject."))
    _errors(errors)
    template_variables(subject)
    template_variables(body)
    return MessageTemplate.objects.create(
        organisation=organisation,
        name=name.strip(),
        channel=channel,
        message_kind=message_kind,
        is_demand=is_demand,
        subject=subject.strip(),
        body=body.strip(),
    )


@transaction.atomic
def plan_create(*, organisation: Organisation, actor, name: str, steps: list[tuple[int, int]]) -> ContactPlan:
    """A contact plan from (day, template id) steps."""
    if not name.strip():
        raise ServiceError(_("Name the plan."), field="name")
    if not steps:
        raise ServiceError(_("Add at least one step."), field="steps")
    resolved = []
    for i, (day, template_id) in enumerate(steps):
        if not isinstance(day, int) or day < 0 or day > 365:
            raise ServiceError(_("A step's day is between 0 and 365."), field=f"steps.{i}.day")
        template = MessageTemplate.objects.filter(organisation=organisation, pk=template_id).first()
        if template is None:
            raise ServiceError(_("No such template in your organisation."), field=f"steps.{i}.template_id")
        resolved.append((day, template))
    plan = ContactPlan.objects.create(organisation=organisation, name=name.strip())
    PlanStep.objects.bulk_create(PlanStep(plan=plan, day=d, template=t) for d, t in resolved)
    return plan


@transaction.atomic
def plan_step_add(*, plan: ContactPlan, actor, day: int, template_id: int) -> PlanStep:
    if day < 0 or day > 365:
        raise ServiceError(_("A step's day is between 0 and 365."), field="day")
    template = MessageTemplate.objects.filter(organisation=plan.organisation, pk=template_id).first()
    if template is None:
        raise ServiceError(_("No such template in your organisation."), field="template_id")
    return PlanStep.objects.create(plan=plan, day=day, template=template)


@transaction.atomic
def plan_step_remove(*, step: PlanStep, actor) -> None:
    # Running sequences keep their own copy of the steps (RunStep), so removing is safe.
    PlanStep.objects.filter(pk=step.pk).delete()


@transaction.atomic
def plan_start(*, case: Case, plan: ContactPlan, actor, at: datetime | None = None) -> PlanRun:
    """Start a contact plan on a case. Every template must render for this case first."""
    organisation = sending_organisation(actor=actor, case=case)
    if plan.organisation_id != organisation.pk:
        raise ServiceError(_("No such plan in your organisation."), field="plan_id")
    steps = list(plan.steps.select_related("template"))
    if not steps:
        raise ServiceError(_("The plan has no steps."), field="plan_id")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if PlanRun.objects.filter(case=case, status=RunStatus.RUNNING).exists():
        raise ServiceError(_("A contact plan is already running on this case; stop it first."), field="plan_id")
    context = template_context(case=case, organisation=organisation, recipient=case.debt.debtor)
    for step in steps:
        template_render(template=step.template, context=context)
        address_of(case.debt.debtor, step.template.channel)
    at = at or timezone.now()
    run = PlanRun.objects.create(
        case=case, plan=plan, organisation=organisation, started_at=at, started_by=user_of(actor)
    )
    RunStep.objects.bulk_create(
        RunStep(run=run, day=s.day, template=s.template, due_at=at + timedelta(days=s.day)) for s in steps
    )
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.SEQUENCE_STARTED,
        data={"run": run.pk, "plan": plan.name, "steps": [[s.day, s.template.channel, s.template.name] for s in steps]},
    )
    from .tasks import sequences_tick

    transaction.on_commit(lambda: sequences_tick.enqueue())
    return run


@transaction.atomic
def plan_stop(*, run: PlanRun, actor, reason: str = "") -> PlanRun:
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.RUNNING:
        raise ServiceError(_("This contact plan is not running."))
    _stop(run, actor=actor, reason=reason.strip() or _("Stopped by the creditor."))
    return run


def _stop(run: PlanRun, *, actor, reason: str) -> None:
    run.status = RunStatus.STOPPED
    run.stopped_reason = reason[:300]
    run.save(update_fields=["status", "stopped_reason", "updated_at"])
    case_event_record(
        case=run.case, actor=actor, kind=EventKind.SEQUENCE_STOPPED, data={"run": run.pk, "reason": run.stopped_reason}
    )


def _halting_rules(policy: gate.Policy) -> set[str]:
    # A dispute, a pause or a cease-contact request ends the sequence, not just one step.
    return {policy.dispute.rule_id, policy.paused.rule_id, policy.cease.rule_id}


def _reason_text(decision: GateDecision) -> str:
    return "; ".join(f"{r['rule_id']}: {r['explanation']}" for r in decision.reasons)


def _fire(step: RunStep, run: PlanRun, now: datetime) -> GateDecision | None:
    """Send one step through the gate; records the outcome on the step."""
    case = run.case
    recipient = case.debt.debtor
    template = step.template
    step.fired_at = now
    try:
        subject, body = template_render(
            template=template,
            context=template_context(case=case, organisation=run.organisation, recipient=recipient),
        )
        decision = message_send(
            case=case,
            actor=run.started_by,
            organisation=run.organisation,
            channel=template.channel,
            subject=subject,
            body=body,
            message_kind=template.message_kind,
            is_demand=template.is_demand,
            source=Source.SEQUENCE,
            at=now,
        )
    except ServiceError as exc:
        step.status = StepStatus.FAILED
        step.reason = "; ".join(m for ms in exc.errors.values() for m in ms)
        step.save(update_fields=["status", "reason", "fired_at"])
        return None
    step.decision = decision
    if decision.outcome == Outcome.ALLOW:
        step.status = StepStatus.SENT
        step.reason = ""
    elif decision.outcome == Outcome.BLOCK:
        step.status = StepStatus.BLOCKED
        step.reason = _reason_text(decision)
    else:
        step.due_at = decision.next_allowed_at
        step.reason = _("Deferred to %(when)s: %(why)s") % {
            "when": timezone.localtime(decision.next_allowed_at).strftime("%Y-%m-%d %H:%M"),
            "why": _reason_text(decision),
        }
    step.save(update_fields=["status", "reason", "fired_at", "decision", "due_at"])
    return decision


def sequence_advance(*, run_id: int, now: datetime | None = None) -> PlanRun:
    """One cycle for one running plan: a halted case stops the plan, recording its next step as
    blocked by the gate; otherwise every due step is fired in order."""
    now = now or timezone.now()
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().select_related("case__debt__debtor", "organisation").get(pk=run_id)
        if run.status != RunStatus.RUNNING:
            return run
        case = run.case
        halting = _halting_rules(policy_for(case.organisation))
        pending = list(run.steps.filter(status=StepStatus.PENDING).select_related("template").order_by("due_at", "pk"))
        state = _case_state(case, case.debt.debtor)
        halted = state.dispute_open or state.paused or state.cease_contact
        for step in pending:
            if not halted and step.due_at > now:
                break
            decision = _fire(step, run, now)
            if decision is None:
                continue
            if decision.outcome == Outcome.BLOCK and halting & set(decision.rule_ids):
                _stop(run, actor=None, reason=_reason_text(decision))
                return run
            if decision.outcome == Outcome.DEFER:
                break
            if halted:
                break
        if not run.steps.filter(status=StepStatus.PENDING).exists():
            run.status = RunStatus.COMPLETED
            run.save(update_fields=["status", "updated_at"])
    return run


def sequences_run_once(*, now: datetime | None = None) -> int:
    """One task cycle over every running contact plan; returns how many were looked at."""
    ids = list(PlanRun.objects.filter(status=RunStatus.RUNNING).values_list("pk", flat=True))
    for run_id in ids:
        sequence_advance(run_id=run_id, now=now)
    return len(ids)
