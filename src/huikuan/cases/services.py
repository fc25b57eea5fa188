"""Every write to debtors, debts and cases. Each writes its timeline event in the same transaction."""

from __future__ import annotations

import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huikuan.accounts.actors import is_token, user_of
from huikuan.accounts.models import Organisation
from huikuan.core.errors import ServiceError
from huikuan.core.identifiers import (
    IdentifierError,
    validate_mobile,
    validate_region,
    validate_resident_id,
    validate_uscc,
)
from huikuan.core.money import AmountError, parse_amount

from .choices import EVIDENTIAL_EVENTS, CaseStatus, DebtorKind, EventKind, allowed_targets
from .models import Case, CaseEvent, Debt, Debtor, Dispute, Guarantee, Instalment
from .schemas import CaseCreateIn, DebtIn, DebtorIn

MAX_RATE = Decimal("100")


class _Errors:
    """Collects every field error of one submission so the user sees them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            field, messages = next(iter(self.errors.items()))
            raise ServiceError(messages[0], field=field, errors=self.errors)


def _actor_label(actor) -> str:
    if is_token(actor):
        return _("API token %(name)s") % {"name": actor.name}
    user = user_of(actor)
    return str(user) if user else _("Platform")


@transaction.atomic
def case_event_record(*, case: Case, actor, kind: str, data: dict | None = None) -> CaseEvent:
    """Append to a case's timeline. Call inside the service's transaction.

    Evidential kinds also queue their log entry in this transaction (hashed, no personal data).
    """
    event = CaseEvent.objects.create(
        case=case, kind=kind, actor=user_of(actor), actor_label=_actor_label(actor), data=data or {}
    )
    if kind in EVIDENTIAL_EVENTS:
        from huikuan.evidence.services import log_event_record  # evidence depends on cases, not back

        log_event_record(event=event)
    return event


# ---- validation -----------------------------------------------------------------------------


def _clean_debtor(data: DebtorIn, errors: _Errors, prefix: str) -> dict:
    cleaned: dict = {"mobile_virtual_operator": False}
    if not data.name.strip():
        errors.add(f"{prefix}name", _("Enter the debtor's name."))
    id_number = data.id_number.strip().upper()
    if id_number:
        try:
            if data.kind == DebtorKind.COMPANY:
                id_number = validate_uscc(id_number)
            else:
                id_number = validate_resident_id(id_number).number
        except IdentifierError as exc:
            errors.add(f"{prefix}id_number", _(exc.message))
    cleaned["id_number"] = id_number
    mobile = data.mobile.strip()
    if mobile:
        try:
            parsed = validate_mobile(mobile)
            mobile = parsed.number
            cleaned["mobile_virtual_operator"] = parsed.virtual_operator
        except IdentifierError as exc:
            errors.add(f"{prefix}mobile", _(exc.message))
    cleaned["mobile"] = mobile
    email = data.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.add(f"{prefix}email", _("Enter a valid email address."))
    if data.region.strip():
        try:
            validate_region(data.region)
        except IdentifierError as exc:
            errors.add(f"{prefix}region", _(exc.message))
    try:
        zoneinfo.ZoneInfo(data.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors.add(f"{prefix}time_zone", _("Choose a valid time zone, e.g. Asia/Shanghai."))
    return cleaned


def debtor_validate(*, data: DebtorIn, prefix: str = "") -> None:
    """Check a debtor's fields without writing (the wizard validates step by step)."""
    errors = _Errors()
    _clean_debtor(data, errors, prefix)
    errors.raise_if_any()


def debt_validate(*, data: DebtIn) -> None:
    """Check a debt's fields without writing (the wizard's second step)."""
    errors = _Errors()
    _clean_debt(data, errors)
    for i, g in enumerate(data.guarantors):
        if g.debtor is not None:
            _clean_debtor(g.debtor, errors, f"debt.guarantors.{i}.debtor.")
    errors.raise_if_any()


def _amount(value, errors: _Errors, field: str) -> Decimal | None:
    try:
        return parse_amount(value)
    except AmountError as exc:
        errors.add(field, _(exc.message))
        return None


def _clean_debt(data: DebtIn, errors: _Errors, prefix: str = "debt.") -> dict:
    today = timezone.localdate()
    principal = _amount(data.principal, errors, f"{prefix}principal")
    if data.contract_date > today:
        errors.add(f"{prefix}contract_date", _("The contract date cannot be in the future."))
    instalments = []
    for i, inst in enumerate(data.instalments):
        amount = _amount(inst.amount, errors, f"{prefix}instalments.{i}.amount")
        if inst.due_date < data.contract_date:
            errors.add(
                f"{prefix}instalments.{i}.due_date",
                _("An instalment cannot fall due before the contract date."),
            )
        instalments.append((inst.due_date, amount))
    instalments.sort(key=lambda pair: pair[0])
    due_date = data.due_date
    if instalments:
        # Art. 189: the limitation of an instalment debt runs from the last instalment's due date.
        last = instalments[-1][0]
        if due_date is not None and due_date != last:
            errors.add(f"{prefix}due_date", _("With instalments, the due date is the last instalment's due date."))
        due_date = last
        amounts = [a for _d, a in instalments]
        if principal is not None and None not in amounts and sum(amounts) != principal:
            errors.add(
                f"{prefix}instalments",
                _("The instalments add up to %(sum)s but the principal is %(principal)s.")
                % {"sum": sum(amounts), "principal": principal},
            )
    if due_date is None:
        errors.add(f"{prefix}due_date", _("Enter the due date, or an instalment schedule."))
    elif due_date < data.contract_date:
        errors.add(f"{prefix}due_date", _("The due date cannot be before the contract date."))
    for field in ("interest_rate", "overdue_rate"):
        rate = getattr(data, field)
        if rate is not None and (not rate.is_finite() or rate < 0 or rate > MAX_RATE):
            errors.add(f"{prefix}{field}", _("Enter an annual rate in percent between 0 and 100."))
    return {"principal": principal, "due_date": due_date, "instalments": instalments}


def _create_debtor(*, organisation: Organisation, data: DebtorIn, cleaned: dict) -> Debtor:
    debtor = Debtor(
        organisation=organisation,
        kind=data.kind,
        name=data.name.strip(),
        email=data.email.strip(),
        address=data.address.strip(),
        region=data.region.strip(),
        time_zone=data.time_zone,
        mobile_virtual_operator=cleaned["mobile_virtual_operator"],
    )
    debtor.set_id_number(cleaned["id_number"])
    debtor.set_mobile(cleaned["mobile"])
    debtor.save()
    return debtor


def _resolve_debtor_id(*, organisation: Organisation, debtor_id: int, errors: _Errors, field: str) -> Debtor | None:
    debtor = Debtor.objects.filter(organisation=organisation, pk=debtor_id).first()
    if debtor is None:
        errors.add(field, _("No such debtor in your organisation."))
    return debtor


# ---- writes ---------------------------------------------------------------------------------


@transaction.atomic
def debtor_create(*, organisation: Organisation, data: DebtorIn, actor) -> Debtor:
    errors = _Errors()
    cleaned = _clean_debtor(data, errors, "")
    errors.raise_if_any()
    return _create_debtor(organisation=organisation, data=data, cleaned=cleaned)


@transaction.atomic
def case_register(*, organisation: Organisation, data: CaseCreateIn, actor) -> Case:
    """Register a debt for free: debtor (new or existing), debt, guarantors and its case, in one go.

    Everything is validated before anything is written, so a refusal leaves no trace.
    """
    errors = _Errors()
    debtor: Debtor | None = None
    debtor_cleaned: dict | None = None
    if data.debtor_id is not None:
        debtor = _resolve_debtor_id(
            organisation=organisation, debtor_id=data.debtor_id, errors=errors, field="debtor_id"
        )
    elif data.debtor is not None:
        debtor_cleaned = _clean_debtor(data.debtor, errors, "debtor.")
    else:
        errors.add("debtor", _("Choose a debtor or enter a new one."))
    debt_cleaned = _clean_debt(data.debt, errors)
    guarantors: list[tuple] = []
    for i, g in enumerate(data.debt.guarantors):
        field = f"debt.guarantors.{i}"
        if g.debtor_id is not None:
            existing = _resolve_debtor_id(organisation=organisation, debtor_id=g.debtor_id, errors=errors, field=field)
            if existing is not None and (existing.pk == data.debtor_id):
                errors.add(field, _("The debtor cannot guarantee their own debt."))
            guarantors.append((g, existing, None))
        elif g.debtor is not None:
            guarantors.append((g, None, _clean_debtor(g.debtor, errors, f"{field}.debtor.")))
        else:
            errors.add(field, _("Choose a guarantor or enter a new one."))
    errors.raise_if_any()

    if debtor is None:
        assert data.debtor is not None and debtor_cleaned is not None
        debtor = _create_debtor(organisation=organisation, data=data.debtor, cleaned=debtor_cleaned)
    d = data.debt
    debt = Debt.objects.create(
        organisation=organisation,
        debtor=debtor,
        debt_type=d.debt_type,
        principal=debt_cleaned["principal"],
        contract_date=d.contract_date,
        due_date=debt_cleaned["due_date"],
        interest_rate=d.interest_rate,
        overdue_rate=d.overdue_rate,
        day_count_basis=d.day_count_basis,
        penalty_terms=d.penalty_terms.strip(),
        creditor_is_licensed_lender=d.creditor_is_licensed_lender,
        description=d.description.strip(),
    )
    Instalment.objects.bulk_create(
        Instalment(debt=debt, due_date=due, amount=amount) for due, amount in debt_cleaned["instalments"]
    )
    for g, existing, cleaned in guarantors:
        guarantor = existing or _create_debtor(organisation=organisation, data=g.debtor, cleaned=cleaned)
        Guarantee.objects.create(debt=debt, guarantor=guarantor, kind=g.kind, period_end=g.period_end)
    case = Case.objects.create(organisation=organisation, debt=debt, created_by=user_of(actor))
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.CASE_REGISTERED,
        data={
            "debtor": debtor.name,
            "debt_type": debt.debt_type,
            "principal": str(debt.principal),
            "due_date": debt.due_date.isoformat(),
            "guarantors": len(guarantors),
        },
    )
    return case


@transaction.atomic
def case_transition(*, case: Case, to: str, actor, reason: str = "") -> Case:
    """Move a case along the pipeline; the only place a status changes."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to not in CaseStatus.values:
        raise ServiceError(_("Unknown status."), field="to")
    target = CaseStatus(to)
    if target not in allowed_targets(case.status, case.paused_from):
        raise ServiceError(
            _("A case that is %(from)s cannot become %(to)s.")
            % {"from": case.get_status_display(), "to": target.label},
            field="to",
        )
    before = case.status
    case.paused_from = before if target == CaseStatus.PAUSED else ""
    case.status = target
    case.save(update_fields=["status", "paused_from", "updated_at"])
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.STATUS_CHANGED,
        data={"from": before, "to": target.value, "reason": reason},
    )
    return case


@transaction.atomic
def dispute_open(*, case: Case, actor, reason: str, opened_by_label: str = "") -> Dispute:
    """Record a dispute and pause the case (collection stops until it is resolved)."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Say what is disputed."), field="reason")
    case = Case.objects.select_for_update().get(pk=case.pk)
    dispute = Dispute.objects.create(
        case=case, reason=reason, opened_by=user_of(actor), opened_by_label=opened_by_label or _actor_label(actor)
    )
    case_event_record(
        case=case, actor=actor, kind=EventKind.DISPUTE_OPENED, data={"dispute": dispute.pk, "reason": reason}
    )
    if CaseStatus.PAUSED in allowed_targets(case.status):
        case_transition(case=case, to=CaseStatus.PAUSED, actor=actor, reason=_("Dispute opened"))
    return dispute


@transaction.atomic
def dispute_resolve(*, dispute: Dispute, actor, resolution: str) -> Dispute:
    if not dispute.is_open:
        raise ServiceError(_("This dispute is already resolved."))
    resolution = resolution.strip()
    if not resolution:
        raise ServiceError(_("Say how the dispute was resolved."), field="resolution")
    dispute.resolved_at = timezone.now()
    dispute.resolution = resolution
    dispute.save(update_fields=["resolved_at", "resolution", "updated_at"])
    case_event_record(
        case=dispute.case,
        actor=actor,
        kind=EventKind.DISPUTE_RESOLVED,
        data={"dispute": dispute.pk, "resolution": resolution},
    )
    return dispute
