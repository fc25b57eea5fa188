"""A case's statement as of a date: the ledger rows turned into core.law inputs and back.

Principal is the registered debt plus principal charges; interest is recomputed from the debt's
terms with `core.law.interest` (agreed rate, overdue rate, day count, the private-lending cap
with the excess shown, statutory late interest where nothing was agreed, double interest after a
judgment) plus interest charged to a date; costs are the recorded costs of realising the claim.
Payments reduce each component through their stored allocation lines (Civil Code art. 561).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from huikuan.cases.choices import DebtType as CaseDebtType
from huikuan.cases.choices import EventKind
from huikuan.cases.models import Case
from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law.allocation import single_debt_explanation
from huikuan.core.law.errors import LawInputError
from huikuan.core.law.interest import (
    DebtType,
    InterestRequest,
    InterestResult,
    InterestTerms,
    Judgment,
    PrincipalPayment,
    compute_interest,
)
from huikuan.core.law.lpr import DEFAULT_LPR, LprRate, LprTable
from huikuan.core.law.money import ZERO

from .choices import ChargeKind, Component, EntryType, component_of
from .models import Charge, Payment, WriteOff
from .models import LprRate as LprRow

_DEBT_TYPES = {
    CaseDebtType.PRIVATE_LOAN: DebtType.PRIVATE_LOAN,
    CaseDebtType.GOODS: DebtType.SALE_OF_GOODS,
    CaseDebtType.SERVICES: DebtType.SERVICES,
}


def lpr_table() -> LprTable:
    """The LPR table as the admin keeps it (seeded from core.law.lpr's defaults)."""
    rows = [LprRate(r.effective, r.one_year, r.five_year) for r in LprRow.objects.order_by("effective")]
    return LprTable.of(rows) if rows else DEFAULT_LPR


@dataclass(frozen=True)
class EntryLine:
    date: dt.date
    type: str  # EntryType
    id: int
    label: str
    component: str
    amount: Decimal
    reversed: bool
    detail: str = ""


@dataclass(frozen=True)
class ComponentBalance:
    component: str
    charged: Decimal
    paid: Decimal
    written_off: Decimal

    @property
    def due(self) -> Decimal:
        return self.charged - self.paid - self.written_off


@dataclass(frozen=True)
class AllocationView:
    payment_id: int
    date: dt.date
    amount: Decimal
    # component, amount, explanation (a translatable message when the stored text is core.law's own)
    lines: tuple[tuple[str, Decimal, Msg | str], ...]


@dataclass(frozen=True)
class Statement:
    case_id: int
    as_of: dt.date
    principal: ComponentBalance
    interest: ComponentBalance
    costs: ComponentBalance
    interest_result: InterestResult | None
    interest_charged: Decimal  # interest charges recorded to a date
    interest_excess: Decimal  # removed by the private-lending cap: shown, never claimed
    payments_total: Decimal
    overpayment: Decimal
    entries: tuple[EntryLine, ...]
    allocations: tuple[AllocationView, ...]
    notes: tuple[Msg, ...] = field(default=())
    # Why interest could not be computed (shown; interest then excludes it); render with common.i18n.
    interest_error: Msg | str = ""

    @property
    def balance(self) -> Decimal:
        return self.principal.due + self.interest.due + self.costs.due

    def due_of(self, component: str) -> Decimal:
        return {
            Component.PRINCIPAL: self.principal.due,
            Component.INTEREST: self.interest.due,
            Component.COSTS: self.costs.due,
        }[component]


@dataclass
class _Ledger:
    charges: list[Charge]
    payments: list[Payment]
    write_offs: list[WriteOff]


def _load(case: Case, exclude_payment_ids: frozenset[int] = frozenset()) -> _Ledger:
    charges = list(Charge.objects.filter(case=case).select_related("reversal").order_by("date", "pk"))
    payments = [
        p
        for p in Payment.objects.filter(case=case)
        .select_related("reversal")
        .prefetch_related("allocations")
        .order_by("date", "pk")
        if p.pk not in exclude_payment_ids
    ]
    write_offs = list(WriteOff.objects.filter(case=case).select_related("reversal").order_by("date", "pk"))
    return _Ledger(charges, payments, write_offs)


def _live(entry) -> bool:
    try:
        entry.reversal  # noqa: B018 - one-to-one access raises when there is none
    except entry.__class__.reversal.RelatedObjectDoesNotExist:
        return True
    return False


def judgment_of(case: Case, as_of: dt.date) -> dict | None:
    """The latest judgment recorded on or before `as_of` (data: date, performance_date[, amount])."""
    best = None
    for ev in case.events.filter(kind=EventKind.JUDGMENT_RECORDED):
        try:
            on = dt.date.fromisoformat(ev.data["date"])
            perf = dt.date.fromisoformat(ev.data["performance_date"])
        except (KeyError, TypeError, ValueError):
            continue
        if on <= as_of and (best is None or on >= best["date"]):
            best = {"date": on, "performance_date": perf, "amount": ev.data.get("amount")}
    return best


def _merge(parts: list[InterestResult], dues: list[dt.date]) -> InterestResult:
    """One result for an instalment debt: the lines and figures of every instalment together."""
    totals: dict = {}
    for r in parts:
        for kind, amount in r.totals_by_kind:
            totals[kind] = totals.get(kind, ZERO) + amount
    notes: list[Msg] = []
    for due, r in zip(dues, parts, strict=True):
        notes.extend(
            msg(N_("Instalment due %(due)s: %(line)s"), due=due.isoformat(), line=line) for line in r.explanation
        )
    return InterestResult(
        lines=tuple(ln for r in parts for ln in r.lines),
        total=sum((r.total for r in parts), ZERO),
        total_excess=sum((r.total_excess for r in parts), ZERO),
        totals_by_kind=tuple(totals.items()),
        cap_rate_pct=parts[0].cap_rate_pct,
        principal_outstanding=sum((r.principal_outstanding for r in parts), ZERO),
        explanation=tuple(notes),
    )


def compute_statement(
    case: Case,
    as_of: dt.date,
    *,
    lpr: LprTable | None = None,
    exclude_payment_ids: frozenset[int] = frozenset(),
) -> Statement:
    debt = case.debt
    ledger = _load(case, exclude_payment_ids)
    charged = {c: ZERO for c in (Component.PRINCIPAL, Component.INTEREST, Component.COSTS)}
    paid = dict.fromkeys(charged, ZERO)
    written = dict.fromkeys(charged, ZERO)
    charged[Component.PRINCIPAL] = debt.principal
    entries: list[EntryLine] = []
    allocations: list[AllocationView] = []
    penalty = ZERO
    interest_charged = ZERO
    principal_reductions: list[tuple[dt.date, Decimal]] = []
    payments_total = ZERO
    overpayment = ZERO

    for c in ledger.charges:
        live = _live(c)
        entries.append(
            EntryLine(
                c.date,
                EntryType.CHARGE,
                c.pk,
                c.get_kind_display(),
                component_of(c.kind),
                c.amount,
                not live,
                c.description,
            )
        )
        if not live or c.date > as_of:
            continue
        if c.kind == ChargeKind.PENALTY:
            penalty += c.amount  # through the interest engine, so the art. 29 cap applies to it
        elif c.kind == ChargeKind.INTEREST:
            interest_charged += c.amount
            charged[Component.INTEREST] += c.amount
        else:
            charged[component_of(c.kind)] += c.amount
    for p in ledger.payments:
        live = _live(p)
        entries.append(EntryLine(p.date, EntryType.PAYMENT, p.pk, p.payer, "", p.amount, not live, p.reference))
        if not live or p.date > as_of:
            continue
        payments_total += p.amount
        lines = []
        for a in p.allocations.all():
            why = single_debt_explanation(
                a.explanation,
                component=a.component,
                amount=a.amount,
                before=a.balance_before,
                after=a.balance_after,
                debt_id=case.reference,
            )
            lines.append((a.component, a.amount, why))
            if a.component == Component.OVERPAYMENT:
                overpayment += a.amount
                continue
            paid[a.component] += a.amount
            if a.component == Component.PRINCIPAL:
                principal_reductions.append((p.date, a.amount))
        allocations.append(AllocationView(p.pk, p.date, p.amount, tuple(lines)))
    for w in ledger.write_offs:
        live = _live(w)
        entries.append(
            EntryLine(
                w.date, EntryType.WRITE_OFF, w.pk, w.get_component_display(), w.component, w.amount, not live, w.reason
            )
        )
        if not live or w.date > as_of:
            continue
        written[w.component] += w.amount
        if w.component == Component.PRINCIPAL:
            principal_reductions.append((w.date, w.amount))

    notes: list[Msg] = []
    result: InterestResult | None = None
    interest_error: Msg | str = ""
    if as_of >= debt.contract_date:
        # Only the registered principal bears computed interest; reductions beyond it belong to
        # additional principal charges. An instalment debt is computed per instalment, each from
        # its own due date, and principal payments go to the earliest instalment first.
        instalments = sorted((i.due_date, i.amount) for i in debt.instalments.all())
        tranches = [list(t) for t in instalments] if len(instalments) > 1 else [[debt.due_date, debt.principal]]
        paid_down: list[list[PrincipalPayment]] = [[] for _ in tranches]
        room = [amount for _due, amount in tranches]
        for on, amount in sorted(principal_reductions):
            for i in range(len(tranches)):
                take = min(amount, room[i])
                if take > 0:
                    paid_down[i].append(PrincipalPayment(on, take))
                    room[i] -= take
                    amount -= take
                if amount <= 0:
                    break
        judgment = judgment_of(case, as_of)
        j = None
        if judgment is not None:
            amount = judgment["amount"]
            j = Judgment(
                performance_deadline=judgment["performance_date"],
                debt=Decimal(str(amount)) if amount else sum(room, ZERO),
            )
        table = lpr or lpr_table()
        parts: list[InterestResult] = []
        try:
            for i, (due, amount) in enumerate(tranches):
                parts.append(
                    compute_interest(
                        InterestRequest(
                            principal=amount,
                            start=debt.contract_date,
                            due=due,
                            as_of=as_of,
                            terms=InterestTerms(
                                contract_rate_pct=debt.interest_rate,
                                overdue_rate_pct=debt.overdue_rate,
                                # Once per debt: the penalty and the judgment ride on the first tranche.
                                penalty_fixed=penalty if i == 0 else ZERO,
                                day_basis=debt.day_count_basis,
                            ),
                            debt_type=_DEBT_TYPES.get(debt.debt_type, DebtType.OTHER),
                            formed=debt.contract_date,
                            lender_licensed=debt.creditor_is_licensed_lender,
                            principal_payments=tuple(paid_down[i]),
                            judgment=j if i == 0 else None,
                            lpr=table,
                        )
                    )
                )
        except LawInputError as exc:
            # Typically a debt older than the LPR table: say so rather than guess a rate.
            interest_error = exc.message
        else:
            result = parts[0] if len(parts) == 1 else _merge(parts, [due for due, _a in tranches])
            charged[Component.INTEREST] += result.total
    else:
        notes.append(msg(N_("The date is before the contract date: no interest.")))

    def bal(c: str) -> ComponentBalance:
        return ComponentBalance(c, charged[c], paid[c], written[c])

    entries.sort(key=lambda e: (e.date, e.type, e.id))
    return Statement(
        case_id=case.pk,
        as_of=as_of,
        principal=bal(Component.PRINCIPAL),
        interest=bal(Component.INTEREST),
        costs=bal(Component.COSTS),
        interest_result=result,
        interest_charged=interest_charged,
        interest_excess=result.total_excess if result else ZERO,
        payments_total=payments_total,
        overpayment=overpayment,
        entries=tuple(entries),
        allocations=tuple(allocations),
        notes=tuple(notes),
        interest_error=interest_error,
    )
