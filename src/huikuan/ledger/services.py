"""Every write to the ledger. Each validates everything first, writes append-only rows and its
timeline event in one transaction; a refusal is a ServiceError naming the field, nothing written."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huikuan.accounts.actors import is_token, user_of
from huikuan.cases.choices import EventKind
from huikuan.cases.models import Case, Debtor, Guarantee
from huikuan.cases.services import case_event_record
from huikuan.common.i18n import render
from huikuan.core.errors import ServiceError
from huikuan.core.i18n import N_
from huikuan.core.law.allocation import OVERPAYMENT, DebtBalance, allocate_multiple, allocate_single
from huikuan.core.law.errors import LawInputError
from huikuan.core.money import AmountError, parse_amount

from . import msgjson
from .choices import ChargeKind, Component, EntryType, Filing, PaymentMethod, component_of
from .models import Allocation, Charge, DebtorPayment, LprRate, Payment, Reversal, WriteOff
from .selectors import debtor_open_cases
from .statement import compute_statement, lpr_table


def _label(actor) -> str:
    if is_token(actor):
        return _("API token %(name)s") % {"name": actor.name}
    user = user_of(actor)
    return str(user) if user else _("Platform")


def _who(actor) -> dict:
    return {"created_by": user_of(actor), "created_by_label": _label(actor)}


def _amount(value, field: str = "amount") -> Decimal:
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise ServiceError(_(exc.message), field=field) from None


def _date(value, field: str = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            value = None
    if not isinstance(value, dt.date):
        raise ServiceError(_("Enter a date, e.g. 2025-06-01."), field=field)
    return value


def _case_date(case: Case, value, field: str = "date") -> dt.date:
    """A date on which something happened to this debt: not before the contract, not in the future."""
    day = _date(value, field)
    if day > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field=field)
    if day < case.debt.contract_date:
        raise ServiceError(
            _("The date cannot be before the contract date %(date)s.") % {"date": case.debt.contract_date.isoformat()},
            field=field,
        )
    return day


def _text(value: str, field: str, max_length: int, *, required: bool = False, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message or _("This field is required."), field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("At most %(n)s characters.") % {"n": max_length},
            field=field,
        )
    return value


def _locked(case: Case) -> Case:
    # One writer per case at a time, so allocations see every earlier payment.
    return Case.objects.select_for_update().select_related("debt").get(pk=case.pk)


# ---- charges, payments, write-offs, reversals ---------------------------------------------------


@transaction.atomic
def charge_record(
    *,
    case: Case,
    actor,
    kind: str,
    date,
    amount,
    description: str = "",
    evidence_ref: str = "",
) -> Charge:
    """Add what the debtor owes beyond the registered principal (a court fee, a lawyer's fee, a penalty)."""
    if kind not in ChargeKind.values:
        raise ServiceError(_("Choose what the charge is for."), field="kind")
    case = _locked(case)
    day = _case_date(case, date)
    value = _amount(amount)
    description = _text(description, "description", 500)
    evidence_ref = _text(evidence_ref, "evidence_ref", 200)
    charge = Charge.objects.create(
        case=case,
        kind=kind,
        date=day,
        amount=value,
        description=description,
        evidence_ref=evidence_ref,
        **_who(actor),
    )
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.CHARGE_RECORDED,
        data={
            "charge": charge.pk,
            "kind": kind,
            "component": component_of(kind),
            "date": day.isoformat(),
            "amount": str(value),
            "description": description,
            "evidence_ref": evidence_ref,
        },
    )
    return charge


def _last_payment_date(case: Case) -> dt.date | None:
    return (
        Payment.objects.filter(case=case, reversal__isnull=True)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


@transaction.atomic
def payment_record(
    *,
    case: Case,
    actor,
    date,
    amount,
    payer: str,
    method: str = PaymentMethod.BANK_TRANSFER,
    reference: str = "",
    receipt_ref: str = "",
    debtor_payment: DebtorPayment | None = None,
) -> Payment:
    """Record money received and allocate it: costs → interest → principal (Civil Code art. 561).

    Whatever exceeds everything owed is an explicit overpayment line, never a negative balance.
    """
    case = _locked(case)
    day = _case_date(case, date)
    value = _amount(amount)
    payer = _text(payer, "payer", 200, required=True, message=_("Say who paid."))
    if method not in PaymentMethod.values:
        raise ServiceError(_("Choose how the money was paid."), field="method")
    reference = _text(reference, "reference", 200)
    receipt_ref = _text(receipt_ref, "receipt_ref", 200)
    last = _last_payment_date(case)
    if last is not None and day < last:
        # Allocations are fixed when recorded; an earlier payment would change the split of later ones.
        raise ServiceError(
            _(
                "A payment on %(last)s is already recorded. Record payments in date order: reverse the later "
                "payments first, then record them again."
            )
            % {"last": last.isoformat()},
            field="date",
        )
    statement = compute_statement(case, day)
    try:
        allocation = allocate_single(
            value,
            costs=statement.costs.due,
            interest=statement.interest.due,
            principal=statement.principal.due,
            debt_id=case.reference,
        )
    except LawInputError as exc:  # pragma: no cover - balances are never negative
        raise ServiceError(render(exc.message), field="amount") from exc
    payment = Payment.objects.create(
        case=case,
        date=day,
        amount=value,
        payer=payer,
        method=method,
        reference=reference,
        receipt_ref=receipt_ref,
        debtor_payment=debtor_payment,
        **_who(actor),
    )
    split: dict[str, str] = {}
    for i, line in enumerate(allocation.lines, start=1):
        component = line.component if line.component in Component.values else Component.OVERPAYMENT
        Allocation.objects.create(
            payment=payment,
            line=i,
            component=component,
            amount=line.amount,
            balance_before=line.balance_before,
            balance_after=line.balance_after,
            # Stored in English; the statement shows it translated (allocation.single_debt_explanation).
            explanation=str(line.explanation),
            **_who(actor),
        )
        split[component] = str(line.amount)
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.PAYMENT_RECORDED,
        data={
            "payment": payment.pk,
            "date": day.isoformat(),
            "amount": str(value),
            "payer": payer,
            "method": method,
            "allocation": split,
            **({"debtor_payment": debtor_payment.pk} if debtor_payment is not None else {}),
        },
    )
    return payment


# ---- one payment, several debts of the same debtor (Civil Code art. 560) ---------------------------


def _burden(case: Case, day: dt.date) -> Decimal:
    """The rate the debtor pays on this debt on ``day``: the overdue rate once matured, if agreed."""
    debt = case.debt
    rate = debt.overdue_rate if debt.due_date <= day and debt.overdue_rate is not None else debt.interest_rate
    rate = rate or Decimal("0")
    # Shown in the explanation: "6%" rather than the column's "6.0000%".
    return rate.quantize(Decimal(1)) if rate == rate.to_integral_value() else rate.normalize()


@transaction.atomic
def debtor_payment_record(
    *,
    organisation,
    debtor: Debtor,
    actor,
    date,
    amount,
    payer: str,
    method: str = PaymentMethod.BANK_TRANSFER,
    reference: str = "",
    designated_case_ids=(),
) -> DebtorPayment:
    """Record one sum that covers several debts of the same debtor and split it (Civil Code art. 560):
    the cases the debtor designated first, in the order named; then matured before unmatured, the
    least secured (fewest guarantors), the most burdensome (highest rate), the earliest due, and
    pro rata among equals. Each case's share is then allocated within the case by art. 561.

    A surplus over everything owed stays an explicit overpayment line (on the last case paid).
    All or nothing: a refusal for any case writes nothing.
    """
    if debtor.organisation_id != organisation.pk:
        raise ServiceError(_("This debtor belongs to another organisation."), field="debtor")
    day = _date(date)
    if day > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="date")
    value = _amount(amount)
    payer = _text(payer, "payer", 200, required=True, message=_("Say who paid."))
    if method not in PaymentMethod.values:
        raise ServiceError(_("Choose how the money was paid."), field="method")
    reference = _text(reference, "reference", 200)
    try:
        designated = [int(x) for x in designated_case_ids or ()]
    except (TypeError, ValueError):
        raise ServiceError(_("Choose cases of this debtor."), field="designated_case_ids") from None
    designated = list(dict.fromkeys(designated))

    ids = list(debtor_open_cases(debtor=debtor, organisation=organisation, actor=actor).values_list("pk", flat=True))
    # Locked in primary-key order, so two such payments for one debtor cannot deadlock.
    cases = list(Case.objects.select_for_update().filter(pk__in=ids).select_related("debt").order_by("pk"))
    if not cases:
        raise ServiceError(_("This debtor has no open case."), field="debtor")
    unknown = [x for x in designated if x not in {c.pk for c in cases}]
    if unknown:
        raise ServiceError(
            _("Case %(id)s is not an open case of this debtor.") % {"id": unknown[0]}, field="designated_case_ids"
        )
    existing = [c for c in cases if c.debt.contract_date <= day]
    if not existing:
        first = min(c.debt.contract_date for c in cases)
        raise ServiceError(
            _("The date cannot be before the first of this debtor's contracts (%(date)s).")
            % {"date": first.isoformat()},
            field="date",
        )
    by_id = {c.pk: c for c in existing}
    for x in designated:
        if x not in by_id:
            raise ServiceError(
                _("Case %(id)s did not exist yet on %(date)s.") % {"id": x, "date": day.isoformat()},
                field="designated_case_ids",
            )

    guarantees = Counter(
        Guarantee.objects.filter(debt__in=[c.debt_id for c in existing]).values_list("debt_id", flat=True)
    )
    key = {c.pk: c.reference or f"#{c.pk}" for c in existing}
    debts = []
    for c in existing:
        st = compute_statement(c, day)
        debts.append(
            DebtBalance(
                debt_id=key[c.pk],
                costs=max(st.costs.due, Decimal("0")),
                interest=max(st.interest.due, Decimal("0")),
                principal=max(st.principal.due, Decimal("0")),
                due=c.debt.due_date,
                security=Decimal(guarantees.get(c.debt_id, 0)),
                rate_pct=_burden(c, day),
                arose=c.debt.contract_date,
            )
        )
    try:
        allocation = allocate_multiple(value, debts, paid_on=day, designated=[key[x] for x in designated])
    except LawInputError as exc:  # pragma: no cover - inputs are checked above
        raise ServiceError(render(exc.message), field="amount") from exc

    case_of = {key[c.pk]: c for c in existing}
    shares: dict[int, Decimal] = {}
    last_paid = None
    for line in allocation.lines:
        if line.debt_id == OVERPAYMENT:
            continue
        case = case_of[line.debt_id]
        shares[case.pk] = shares.get(case.pk, Decimal("0")) + line.amount
        last_paid = case
    if allocation.overpayment > 0:
        # The surplus rides on the last case paid (or the first in rank when nothing was owed):
        # that case's payment shows it as an overpayment line, never as a negative balance.
        target = last_paid or case_of[min(debts, key=lambda d: _rank(d, day)).debt_id]
        shares[target.pk] = shares.get(target.pk, Decimal("0")) + allocation.overpayment

    lines = [
        {
            "case_id": case_of[ln.debt_id].pk if ln.debt_id != OVERPAYMENT else None,
            "reference": ln.debt_id if ln.debt_id != OVERPAYMENT else "",
            "component": ln.component,
            "amount": str(ln.amount),
            "explanation": msgjson.dump(ln.explanation),
        }
        for ln in allocation.lines
    ]
    record = DebtorPayment.objects.create(
        organisation=organisation,
        debtor=debtor,
        date=day,
        amount=value,
        payer=payer,
        method=method,
        reference=reference,
        designated=designated,
        lines=lines,
        explanation=[msgjson.dump(m) for m in allocation.explanation],
        **_who(actor),
    )
    for case in existing:
        if shares.get(case.pk):
            payment_record(
                case=case,
                actor=actor,
                date=day,
                amount=shares[case.pk],
                payer=payer,
                method=method,
                reference=reference,
                debtor_payment=record,
            )
    return record


def _rank(d: DebtBalance, day: dt.date) -> tuple:
    matured = d.due is None or d.due <= day
    return (not matured, d.security, -d.rate_pct, d.due or dt.date.min, d.debt_id)


@transaction.atomic
def write_off_record(*, case: Case, actor, date, component: str, amount, reason: str) -> WriteOff:
    """Give up part of what is owed (a waiver or a settlement discount); never more than is due."""
    if component not in (Component.COSTS, Component.INTEREST, Component.PRINCIPAL):
        raise ServiceError(_("Choose costs, interest or principal."), field="component")
    case = _locked(case)
    day = _case_date(case, date)
    value = _amount(amount)
    reason = _text(reason, "reason", 500, required=True, message=_("Say why it is written off."))
    for when in {day, max(day, timezone.localdate())}:
        due = compute_statement(case, when).due_of(component)
        if value > due:
            raise ServiceError(
                _("Only %(due)s of %(component)s is due on %(date)s.")
                % {"due": due, "component": Component(component).label, "date": when.isoformat()},
                field="amount",
            )
    write_off = WriteOff.objects.create(
        case=case, date=day, component=component, amount=value, reason=reason, **_who(actor)
    )
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.WRITE_OFF_RECORDED,
        data={
            "write_off": write_off.pk,
            "date": day.isoformat(),
            "component": component,
            "amount": str(value),
            "reason": reason,
        },
    )
    return write_off


_ENTRY_MODELS = {EntryType.CHARGE: Charge, EntryType.PAYMENT: Payment, EntryType.WRITE_OFF: WriteOff}


@transaction.atomic
def entry_reverse(*, case: Case, actor, entry_type: str, entry_id: int, reason: str) -> Reversal:
    """Correct a mistake: a new row cancels the entry, which itself stays as recorded."""
    model = _ENTRY_MODELS.get(entry_type)
    if model is None:
        raise ServiceError(_("Choose a charge, payment or write-off to reverse."), field="entry_type")
    case = _locked(case)
    reason = _text(reason, "reason", 500, required=True, message=_("Say why the entry is reversed."))
    entry = model.objects.filter(case=case, pk=entry_id).first()
    if entry is None:
        raise ServiceError(_("No such entry in this case."), field="entry_id")
    if Reversal.objects.filter(**{entry_type: entry}).exists():
        raise ServiceError(_("This entry is already reversed."), field="entry_id")
    if entry_type == EntryType.PAYMENT:
        later = Payment.objects.filter(case=case, reversal__isnull=True, date__gt=entry.date).exists()
        later = (
            later or Payment.objects.filter(case=case, reversal__isnull=True, date=entry.date, pk__gt=entry.pk).exists()
        )
        if later:
            raise ServiceError(
                _("Later payments were allocated after this one. Reverse them first, newest first."),
                field="entry_id",
            )
    try:
        reversal = Reversal.objects.create(case=case, reason=reason, **{entry_type: entry}, **_who(actor))
    except IntegrityError:  # pragma: no cover - a concurrent reversal of the same entry
        raise ServiceError(_("This entry is already reversed."), field="entry_id") from None
    if entry_type in (EntryType.CHARGE,):
        # Taking away a charge that payments already covered would leave a negative balance.
        component = component_of(entry.kind)
        for when in {entry.date, max(entry.date, timezone.localdate())}:
            if compute_statement(case, when).due_of(component) < 0:
                raise ServiceError(
                    _("Payments were already applied to this charge. Reverse those payments first, then the charge."),
                    field="entry_id",
                )
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.ENTRY_REVERSED,
        data={
            "entry": entry_type,
            "id": entry.pk,
            "reversal": reversal.pk,
            "amount": str(entry.amount),
            "reason": reason,
            **({"payment": entry.pk} if entry_type == EntryType.PAYMENT else {}),
        },
    )
    return reversal


# ---- facts that matter for limitation ------------------------------------------------------------


@transaction.atomic
def acknowledgement_record(*, case: Case, actor, date, note: str = "") -> None:
    """The debtor agreed to perform (Civil Code art. 195(2)): interrupts limitation."""
    day = _case_date(case, date)
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.ACKNOWLEDGEMENT_RECORDED,
        data={"date": day.isoformat(), "note": _text(note, "note", 1000)},
    )


@transaction.atomic
def repayment_plan_record(*, case: Case, actor, date, note: str = "") -> None:
    """A repayment plan was agreed (SPC 2020 limitation provisions art. 14): interrupts limitation."""
    day = _case_date(case, date)
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.REPAYMENT_PLAN_AGREED,
        data={"date": day.isoformat(), "note": _text(note, "note", 1000)},
    )


@transaction.atomic
def filing_record(*, case: Case, actor, date, filing: str, note: str = "") -> None:
    """A suit, payment order, preservation, enforcement, mediation request or arbitration was filed
    (Civil Code art. 195(3); SPC 2020 limitation provisions arts. 11, 12)."""
    if filing not in Filing.values:
        raise ServiceError(_("Choose what was filed."), field="filing")
    day = _case_date(case, date)
    case_event_record(
        case=case,
        actor=actor,
        kind=EventKind.FILING_RECORDED,
        data={"date": day.isoformat(), "filing": filing, "note": _text(note, "note", 1000)},
    )


@transaction.atomic
def judgment_record(*, case: Case, actor, date, performance_date, amount=None, note: str = "") -> None:
    """A judgment (or enforceable order) with its last day for performance: the enforcement period
    (Civil Procedure Law art. 250) and double interest after it (art. 264) run from that day."""
    day = _case_date(case, date)
    perf = _date(performance_date, "performance_date")
    if perf < day:
        raise ServiceError(_("Performance cannot be due before the judgment."), field="performance_date")
    data = {"date": day.isoformat(), "performance_date": perf.isoformat(), "note": _text(note, "note", 1000)}
    if amount not in (None, ""):
        data["amount"] = str(_amount(amount))
    case_event_record(case=case, actor=actor, kind=EventKind.JUDGMENT_RECORDED, data=data)


# ---- LPR table -------------------------------------------------------------------------------------


def lpr_rate_validate(*, effective, one_year, five_year, exclude_pk: int | None = None) -> None:
    """Refuse a row the table cannot hold: a date already in it, or a rate that is not positive."""
    errors: dict[str, list[str]] = {}
    if not isinstance(effective, dt.date):
        errors["effective"] = [_("Enter the date the rate took effect.")]
    elif LprRate.objects.filter(effective=effective).exclude(pk=exclude_pk).exists():
        errors["effective"] = [
            _("A rate effective on %(date)s is already in the table; each date has one row.")
            % {"date": effective.isoformat()}
        ]
    for name, value in (("one_year", one_year), ("five_year", five_year)):
        if not isinstance(value, Decimal) or not value.is_finite() or value <= 0 or value >= 100:
            errors[name] = [_("Enter a rate in percent per year, greater than 0.")]
    if errors:
        field, messages = next(iter(errors.items()))
        raise ServiceError(messages[0], field=field, errors=errors)


@transaction.atomic
def lpr_rate_add(*, effective: dt.date, one_year: Decimal, five_year: Decimal, source: str = "") -> LprRate:
    lpr_rate_validate(effective=effective, one_year=one_year, five_year=five_year)
    return LprRate.objects.create(effective=effective, one_year=one_year, five_year=five_year, source=source)


# ---- bank statement reconciliation ---------------------------------------------------------------


def _open_debts(organisation) -> list:
    from huikuan.cases.choices import ACTIVE

    from .reconcile import OpenDebt

    cases = (
        Case.objects.filter(organisation=organisation, status__in=ACTIVE)
        .select_related("debt__debtor")
        .prefetch_related("debt__instalments", "debt__guarantees__guarantor")
    )
    today = timezone.localdate()
    lpr = lpr_table()
    out = []
    for case in cases:
        debt = case.debt
        amounts = {debt.principal, *(i.amount for i in debt.instalments.all())}
        balance = compute_statement(case, today, lpr=lpr).balance
        if balance > 0:
            amounts.add(balance)
        names = (debt.debtor.name, *(g.guarantor.name for g in debt.guarantees.all()))
        out.append(OpenDebt(case.pk, case.reference, names, frozenset(amounts)))
    return out


@transaction.atomic
def statement_import(*, organisation, actor, filename: str, content: bytes, layout: str, mapping: dict | None = None):
    """Read a bank statement, record every row with its verdict and propose matches for the credits.

    A file that cannot be read is refused whole; a malformed row is recorded as rejected with the
    reasons and never half-written; the same bank line imported twice is rejected the second time.
    """
    from .choices import ImportStatus, Layout
    from .models import MatchProposal, StatementImport, StatementRow
    from .reconcile import Matcher, StatementFormatError, parse_statement, proposals_for

    if layout not in Layout.values:
        raise ServiceError(_("Choose a layout."), field="layout")
    try:
        rows = parse_statement(filename, content, layout=layout, mapping=mapping)
    except StatementFormatError as exc:
        field = "mapping" if "mapping" in exc.message else "file"
        raise ServiceError(_(exc.message) % exc.params, field=field) from None
    fingerprints = [r.fingerprint for r in rows if r.fingerprint]
    known = set(
        StatementRow.objects.filter(
            statement__organisation=organisation, fingerprint__in=fingerprints, status=ImportStatus.ACCEPTED
        ).values_list("fingerprint", flat=True)
    )
    for r in rows:
        if r.status == "accepted" and r.fingerprint in known:
            r.status = "rejected"
            r.errors.append(N_("This bank line was already imported."))
    matcher = Matcher(_open_debts(organisation))
    proposals = proposals_for(rows, matcher)
    counts = Counter(r.status for r in rows)
    statement = StatementImport.objects.create(
        organisation=organisation,
        filename=filename[:255],
        layout=layout,
        mapping=mapping or {},
        uploaded_by=user_of(actor),
        accepted=counts["accepted"],
        rejected=counts["rejected"],
        skipped=counts["skipped"],
    )
    created = StatementRow.objects.bulk_create(
        StatementRow(
            statement=statement,
            row_number=r.row_number,
            status=r.status,
            errors=r.errors,
            date=r.date,
            amount=r.amount,
            payer=r.payer,
            account=r.account,
            memo=r.memo,
            reference=r.reference,
            fingerprint=r.fingerprint if r.status == "accepted" else "",
        )
        for r in rows
    )
    MatchProposal.objects.bulk_create(
        MatchProposal(row=row, case_id=p.case_id, confidence=p.confidence, reasons=list(p.reasons))
        for row in created
        for p in proposals.get(row.row_number, ())
    )
    return statement


@transaction.atomic
def proposal_confirm(*, proposal, actor) -> Payment:
    """A person confirmed the match: the bank line becomes a payment through `payment_record`."""
    from .choices import MatchStatus
    from .models import MatchProposal, StatementRow

    proposal = MatchProposal.objects.select_for_update().select_related("row", "case").get(pk=proposal.pk)
    row = StatementRow.objects.select_for_update().get(pk=proposal.row_id)
    if row.payment_id is not None or proposal.status != MatchStatus.PROPOSED:
        raise ServiceError(_("This bank line was already decided."), field="proposal")
    payment = payment_record(
        case=proposal.case,
        actor=actor,
        date=row.date,
        amount=row.amount,
        payer=row.payer or _("Unknown payer"),
        method=PaymentMethod.BANK_TRANSFER,
        reference=row.reference or row.memo[:200],
        receipt_ref=_("Bank statement %(file)s, row %(row)s") % {"file": row.statement.filename, "row": row.row_number},
    )
    row.payment = payment
    row.save(update_fields=["payment"])
    now = timezone.now()
    MatchProposal.objects.filter(pk=proposal.pk).update(status=MatchStatus.CONFIRMED, decided_at=now)
    MatchProposal.objects.filter(row=row).exclude(pk=proposal.pk).update(status=MatchStatus.REJECTED, decided_at=now)
    return payment


@transaction.atomic
def proposal_reject(*, proposal, actor) -> None:
    from .choices import MatchStatus
    from .models import MatchProposal

    updated = MatchProposal.objects.filter(pk=proposal.pk, status=MatchStatus.PROPOSED).update(
        status=MatchStatus.REJECTED, decided_at=timezone.now()
    )
    if not updated:
        raise ServiceError(_("This match was already decided."), field="proposal")


# ---- deadline alerts -------------------------------------------------------------------------------


def deadline_alerts_raise(*, today: dt.date | None = None) -> int:
    """Raise an alert at 180, 90, 30 and 7 days before each expiry (limitation, guarantee periods,
    enforcement period); once per threshold per expiry, so running it twice changes nothing."""
    from huikuan.cases.choices import ACTIVE

    from .choices import ALERT_THRESHOLDS
    from .deadlines import derive
    from .models import DeadlineAlert

    today = today or timezone.localdate()
    raised = 0
    cases = (
        Case.objects.filter(status__in=ACTIVE)
        .select_related("debt__debtor")
        .prefetch_related("debt__instalments", "debt__guarantees__guarantor")
    )
    for case in cases.iterator(chunk_size=500):
        for d in derive(case, today).deadlines:
            if d.days_left < 0:
                continue
            crossed = [t for t in ALERT_THRESHOLDS if d.days_left <= t]
            if not crossed:
                continue
            threshold = min(crossed)
            done = DeadlineAlert.objects.filter(
                case=case, deadline=d.key, expiry=d.expiry, threshold__lte=threshold
            ).exists()
            if done:
                continue
            raised += _alert_write(case=case, deadline=d, threshold=threshold)
    return raised


@transaction.atomic
def _alert_write(*, case: Case, deadline, threshold: int) -> int:
    from .models import DeadlineAlert

    try:
        with transaction.atomic():
            DeadlineAlert.objects.create(
                case=case,
                deadline=deadline.key,
                label=deadline.label,
                expiry=deadline.expiry,
                threshold=threshold,
                days_left=deadline.days_left,
            )
    except IntegrityError:
        return 0  # another run raised it first
    case_event_record(
        case=case,
        actor=None,
        kind=EventKind.DEADLINE_ALERT,
        data={
            "deadline": deadline.key,
            "label": deadline.label,
            "expiry": deadline.expiry.isoformat(),
            "days_left": deadline.days_left,
            "threshold": threshold,
        },
    )
    return 1
