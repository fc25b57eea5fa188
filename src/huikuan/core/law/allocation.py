"""Allocation of an insufficient (or excessive) payment.

One debt (Civil Code art. 561): costs of realising the claim, then interest,
then principal, unless the parties agreed another order.
Several debts of the same kind owed to one creditor (art. 560): the order the
parties agreed; else the debtor's designation at payment; else matured before
unmatured, then the least secured, then the most burdensome (highest rate),
then the earliest due, then pro rata.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law.errors import LawInputError
from huikuan.core.law.money import ZERO, fen, from_fen_int, to_fen_int


class Component(StrEnum):
    COSTS = "costs"  # costs of realising the claim (实现债权的有关费用)
    INTEREST = "interest"
    PRINCIPAL = "principal"


STATUTORY_ORDER: tuple[Component, ...] = (Component.COSTS, Component.INTEREST, Component.PRINCIPAL)
_SINGLE_DEBT = msg(N_("single debt"))
COMPONENT_LABELS: dict[Component, Msg] = {
    Component.COSTS: msg(N_("costs")),
    Component.INTEREST: msg(N_("interest")),
    Component.PRINCIPAL: msg(N_("principal")),
}
OVERPAYMENT = "overpayment"


@dataclass(frozen=True)
class DebtBalance:
    """One debt's outstanding balance and the facts art. 560 ranks on."""

    debt_id: str
    costs: Decimal = ZERO
    interest: Decimal = ZERO
    principal: Decimal = ZERO
    due: dt.date | None = None  # None: treated as matured
    security: Decimal = ZERO  # value of security held for it; 0 = unsecured
    rate_pct: Decimal = ZERO  # burden on the debtor, % per year
    arose: dt.date | None = None  # when the debt came into existence


@dataclass(frozen=True)
class AllocationLine:
    debt_id: str  # OVERPAYMENT for the surplus line
    component: str  # a Component value, or OVERPAYMENT
    amount: Decimal
    balance_before: Decimal
    balance_after: Decimal
    explanation: Msg


@dataclass(frozen=True)
class Allocation:
    payment: Decimal
    lines: tuple[AllocationLine, ...]
    overpayment: Decimal
    explanation: tuple[Msg, ...]

    @property
    def allocated(self) -> Decimal:
        return sum((ln.amount for ln in self.lines), ZERO)

    def applied_to(self, debt_id: str, component: Component | None = None) -> Decimal:
        return sum(
            (
                ln.amount
                for ln in self.lines
                if ln.debt_id == debt_id and (component is None or ln.component == component)
            ),
            ZERO,
        )


def _check_order(order: Sequence[Component]) -> tuple[Component, ...]:
    comps = tuple(Component(c) for c in order)
    if sorted(comps) != sorted(STATUTORY_ORDER):
        raise LawInputError("order", msg(N_("The order must list costs, interest and principal once each.")))
    return comps


def _balances(debt: DebtBalance, i: int) -> dict[Component, Decimal]:
    return {
        c: fen(getattr(debt, c.value), field=f"debts[{i}].{c.value}", allow_negative=False) for c in STATUTORY_ORDER
    }


def _pay_debt(
    debt_id: str,
    bal: dict[Component, Decimal],
    amount: Decimal,
    order: tuple[Component, ...],
    why: Msg,
    lines: list[AllocationLine],
) -> Decimal:
    """Apply up to ``amount`` to one debt in ``order``; return what is left."""
    for comp in order:
        if amount <= 0:
            break
        before = bal[comp]
        take = min(before, amount)
        if take == 0:
            continue
        bal[comp] = before - take
        amount -= take
        lines.append(
            AllocationLine(
                debt_id,
                comp.value,
                take,
                before,
                bal[comp],
                line_explanation(debt_id, comp, take, before, bal[comp], why, order),
            )
        )
    return amount


def line_explanation(
    debt_id: str,
    component: Component,
    amount: Decimal,
    before: Decimal,
    after: Decimal,
    why: Msg,
    order: tuple[Component, ...] = STATUTORY_ORDER,
) -> Msg:
    """Why ``amount`` went to ``component`` of ``debt_id``."""
    if order == STATUTORY_ORDER:
        order_basis = msg(N_("costs → interest → principal (Civil Code art. 561)"))
    else:
        order_basis = msg(
            N_("agreed order %(first)s → %(second)s → %(third)s (art. 561, agreement)"),
            first=COMPONENT_LABELS[order[0]],
            second=COMPONENT_LABELS[order[1]],
            third=COMPONENT_LABELS[order[2]],
        )
    return msg(
        N_("%(amount)s to %(debt)s %(component)s (%(before)s → %(after)s); %(why)s; %(order)s."),
        amount=amount,
        debt=debt_id,
        component=COMPONENT_LABELS[component],
        before=before,
        after=after,
        why=why,
        order=order_basis,
    )


def overpayment_explanation(amount: Decimal) -> Msg:
    return msg(
        N_(
            "%(amount)s exceeds everything owed and is to be returned to the payer "
            "(unjust enrichment, Civil Code art. 985)."
        ),
        amount=amount,
    )


def single_debt_explanation(
    text: str, *, component: str, amount: Decimal, before: Decimal, after: Decimal, debt_id: str = "debt"
) -> Msg | str:
    """The message behind ``text`` if it is exactly what ``allocate_single`` (statutory order) writes
    for this line, else ``text`` itself: lets an explanation stored as English text be shown
    translated without trusting anything but an exact match."""
    if component == OVERPAYMENT:
        candidate = overpayment_explanation(fen(amount))
    else:
        try:
            comp = Component(component)
        except ValueError:
            return text
        candidate = line_explanation(debt_id, comp, fen(amount), fen(before), fen(after), _SINGLE_DEBT)
    return candidate if str(candidate) == text else text


def _finish(payment: Decimal, remaining: Decimal, lines: list[AllocationLine], notes: list[Msg]) -> Allocation:
    if remaining > 0:
        lines.append(
            AllocationLine(
                OVERPAYMENT,
                OVERPAYMENT,
                remaining,
                ZERO,
                ZERO,
                overpayment_explanation(remaining),
            )
        )
    notes.extend(ln.explanation for ln in lines)
    return Allocation(payment, tuple(lines), remaining, tuple(notes))


def allocate_single(
    payment: Decimal,
    *,
    costs: Decimal = ZERO,
    interest: Decimal = ZERO,
    principal: Decimal = ZERO,
    order: Sequence[Component] = STATUTORY_ORDER,
    debt_id: str = "debt",
) -> Allocation:
    """Allocate a payment against one debt (art. 561)."""
    pay = fen(payment, field="payment", allow_negative=False)
    comps = _check_order(order)
    bal = _balances(DebtBalance(debt_id, costs, interest, principal), 0)
    lines: list[AllocationLine] = []
    why = _SINGLE_DEBT if comps == STATUTORY_ORDER else msg(N_("single debt, order agreed by the parties"))
    left = _pay_debt(debt_id, bal, pay, comps, why, lines)
    return _finish(pay, left, lines, [msg(N_("Payment %(amount)s against %(debt)s."), amount=pay, debt=debt_id)])


def _rank_key(d: DebtBalance, paid_on: dt.date) -> tuple:
    matured = d.due is None or d.due <= paid_on
    due = d.due or dt.date.min
    # Matured first; least secured; most burdensome; earliest due (art. 560).
    return (not matured, d.security, -d.rate_pct, due)


def allocate_multiple(
    payment: Decimal,
    debts: Sequence[DebtBalance],
    *,
    paid_on: dt.date,
    agreed_order: Sequence[str] = (),
    designated: Sequence[str] = (),
    order: Sequence[Component] = STATUTORY_ORDER,
) -> Allocation:
    """Allocate a payment across several debts of one debtor (art. 560).

    ``agreed_order`` (parties' agreement) wins over ``designated`` (the debtor's
    designation at payment); debts named in neither follow the statutory ranking.
    """
    pay = fen(payment, field="payment", allow_negative=False)
    comps = _check_order(order)
    ids = [d.debt_id for d in debts]
    if len(set(ids)) != len(ids):
        raise LawInputError("debts", msg(N_("Debt ids must be unique.")))
    by_id = {d.debt_id: d for d in debts}
    bals: dict[str, dict[Component, Decimal]] = {}
    for i, d in enumerate(debts):
        bals[d.debt_id] = _balances(d, i)
        if not isinstance(d.rate_pct, Decimal) or d.rate_pct < 0:
            raise LawInputError(f"debts[{i}].rate_pct", msg(N_("Must be a non-negative Decimal.")))
        fen(d.security, field=f"debts[{i}].security", allow_negative=False)
        if d.arose is not None and paid_on < d.arose:
            raise LawInputError(
                "paid_on",
                msg(
                    N_("%(date)s is before debt %(debt)s arose on %(arose)s."),
                    date=paid_on.isoformat(),
                    debt=d.debt_id,
                    arose=d.arose.isoformat(),
                ),
            )
    for name, seq in (("agreed_order", agreed_order), ("designated", designated)):
        for x in seq:
            if x not in by_id:
                raise LawInputError(name, msg(N_("Unknown debt %(debt)s."), debt=repr(x)))
    notes = [
        msg(
            N_("Payment %(amount)s on %(date)s against %(n)s debts of the same debtor."),
            amount=pay,
            date=paid_on.isoformat(),
            n=len(debts),
        )
    ]
    lines: list[AllocationLine] = []
    left = pay
    done: set[str] = set()
    for seq, why in (
        (agreed_order, msg(N_("order agreed by the parties (Civil Code art. 560)"))),
        (designated, msg(N_("designated by the debtor at payment (Civil Code art. 560)"))),
    ):
        for x in seq:
            if x in done:
                continue
            done.add(x)
            left = _pay_debt(x, bals[x], left, comps, why, lines)

    rest = [d for d in debts if d.debt_id not in done]
    groups: dict[tuple, list[DebtBalance]] = {}
    for d in rest:
        groups.setdefault(_rank_key(d, paid_on), []).append(d)
    for key in sorted(groups):
        if left <= 0:
            break
        group = sorted(groups[key], key=lambda d: d.debt_id)
        reason = _ranking_reason(key, len(rest) > 1)
        total = sum((sum(bals[d.debt_id].values(), ZERO) for d in group), ZERO)
        if len(group) == 1 or left >= total:
            for d in group:
                left = _pay_debt(d.debt_id, bals[d.debt_id], left, comps, reason, lines)
            continue
        shares = pro_rata(left, [sum(bals[d.debt_id].values(), ZERO) for d in group])
        for d, share in zip(group, shares, strict=True):
            rest_share = _pay_debt(
                d.debt_id,
                bals[d.debt_id],
                share,
                comps,
                msg(N_("%(reason)s; equal in every respect, so pro rata (art. 560)"), reason=reason),
                lines,
            )
            assert rest_share == 0  # a pro-rata share never exceeds the debt
        left = ZERO
    return _finish(pay, left, lines, notes)


def _ranking_reason(key: tuple, several: bool) -> Msg:
    unmatured, security, neg_rate, due = key
    if not several:
        return msg(N_("statutory order (Civil Code art. 560)"))
    maturity = msg(N_("not yet matured, after matured debts")) if unmatured else msg(N_("matured before unmatured"))
    if due == dt.date.min:
        return msg(
            N_(
                "statutory order (Civil Code art. 560): %(maturity)s, security %(security)s (least secured first), "
                "rate %(rate)s%% (most burdensome first)"
            ),
            maturity=maturity,
            security=security,
            rate=-neg_rate,
        )
    return msg(
        N_(
            "statutory order (Civil Code art. 560): %(maturity)s, security %(security)s (least secured first), "
            "rate %(rate)s%% (most burdensome first), due %(due)s (earliest first)"
        ),
        maturity=maturity,
        security=security,
        rate=-neg_rate,
        due=due.isoformat(),
    )


def pro_rata(amount: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``amount`` in proportion to ``weights`` so the parts sum exactly.

    Largest-remainder method in whole fen; ties go to the earlier weight so the
    result is deterministic.
    """
    total_fen = to_fen_int(fen(amount, field="amount", allow_negative=False))
    w = [to_fen_int(fen(x, field="weights", allow_negative=False)) for x in weights]
    wsum = sum(w)
    if wsum == 0:
        if total_fen == 0:
            return [ZERO for _ in w]
        raise LawInputError("weights", msg(N_("Cannot split a positive amount over zero weights.")))
    base = [total_fen * x // wsum for x in w]
    rems = [total_fen * x % wsum for x in w]
    short = total_fen - sum(base)
    for i in sorted(range(len(w)), key=lambda i: (-rems[i], i))[:short]:
        base[i] += 1
    return [from_fen_int(n) for n in base]
