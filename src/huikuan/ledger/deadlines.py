"""Limitation, guarantee and enforcement periods of a case, derived from its timeline.

Whatever app records a delivered demand, an acknowledgement, a payment, a repayment plan, a filing
or a judgment as a CaseEvent (with `data["date"]`) counts here automatically; the arithmetic is
`core.law.limitation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from huikuan.cases.choices import EventKind
from huikuan.cases.models import Case, CaseEvent
from huikuan.common.i18n import render, render_all
from huikuan.core.law import limitation as lim

from .choices import Filing, light_for

_FILINGS = {
    Filing.SUIT: lim.EventKind.SUIT,
    Filing.PAYMENT_ORDER: lim.EventKind.PAYMENT_ORDER,
    Filing.PRESERVATION: lim.EventKind.PRESERVATION,
    Filing.ENFORCEMENT: lim.EventKind.ENFORCEMENT_APPLICATION,
    Filing.MEDIATION_REQUEST: lim.EventKind.MEDIATION_REQUEST,
    Filing.ARBITRATION: lim.EventKind.ARBITRATION,
}
_SIMPLE = {
    EventKind.DEMAND_DELIVERED: lim.EventKind.DEMAND,
    EventKind.PAYMENT_RECORDED: lim.EventKind.PARTIAL_PAYMENT,
    EventKind.ACKNOWLEDGEMENT_RECORDED: lim.EventKind.ACKNOWLEDGEMENT,
    EventKind.REPAYMENT_PLAN_AGREED: lim.EventKind.REPAYMENT_PLAN,
}
RELEVANT = (*_SIMPLE, EventKind.FILING_RECORDED, EventKind.JUDGMENT_RECORDED, EventKind.ENTRY_REVERSED)


@dataclass(frozen=True)
class Deadline:
    key: str  # "limitation", "enforcement", "guarantee:<guarantee id>"
    label: str
    expiry: dt.date
    days_left: int
    light: str
    set_by: str
    status: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class CaseLimitation:
    as_of: dt.date
    limitation: lim.LimitationResult
    guarantees: tuple[tuple[str, int, lim.GuaranteeResult], ...]  # guarantor name, guarantee id, result
    enforcement: lim.LimitationResult | None
    judgment_date: dt.date | None
    deadlines: tuple[Deadline, ...]  # every deadline still to watch, soonest first

    @property
    def primary(self) -> Deadline | None:
        """The deadline the case panel lights: enforcement after a judgment, else limitation."""
        for d in self.deadlines:
            if d.key == ("enforcement" if self.enforcement is not None else "limitation"):
                return d
        return self.deadlines[0] if self.deadlines else None

    @property
    def soonest(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _facts(events: Iterable[CaseEvent]):
    """(limitation events, guarantee actions, judgment) from timeline rows.

    A demand or filing whose data names a `guarantor` (the guarantor's debtor id) is an action
    against that guarantor; anything else concerns the main debtor."""
    rows = list(events)
    reversed_payments = {
        ev.data.get("payment") for ev in rows if ev.kind == EventKind.ENTRY_REVERSED and ev.data.get("payment")
    }
    out: list[lim.LimitationEvent] = []
    actions: list[lim.GuaranteeAction] = []
    judgment: tuple[dt.date, dt.date] | None = None
    for ev in rows:
        on = _day(ev.data.get("date"))
        if on is None:
            continue
        guarantor = ev.data.get("guarantor")
        if ev.kind in _SIMPLE:
            if ev.kind == EventKind.PAYMENT_RECORDED and ev.data.get("payment") in reversed_payments:
                continue  # a payment recorded in error interrupts nothing
            if ev.kind == EventKind.DEMAND_DELIVERED and guarantor:
                actions.append(lim.GuaranteeAction(on, lim.Target.GUARANTOR, lim.ActionKind.DEMAND, str(guarantor)))
                continue
            out.append(lim.LimitationEvent(_SIMPLE[ev.kind], on))
            if ev.kind == EventKind.DEMAND_DELIVERED:
                actions.append(lim.GuaranteeAction(on, lim.Target.MAIN_DEBTOR, lim.ActionKind.DEMAND))
        elif ev.kind == EventKind.FILING_RECORDED:
            kind = _FILINGS.get(ev.data.get("filing"))
            if kind is None:
                continue
            out.append(lim.LimitationEvent(kind, on, ends_on=_day(ev.data.get("ends_on"))))
            if kind in (lim.EventKind.SUIT, lim.EventKind.ARBITRATION):
                action = lim.ActionKind.SUIT if kind is lim.EventKind.SUIT else lim.ActionKind.ARBITRATION
                target = lim.Target.GUARANTOR if guarantor else lim.Target.MAIN_DEBTOR
                actions.append(lim.GuaranteeAction(on, target, action, str(guarantor) if guarantor else None))
        elif ev.kind == EventKind.JUDGMENT_RECORDED:
            perf = _day(ev.data.get("performance_date"))
            if perf is not None and (judgment is None or on >= judgment[0]):
                judgment = (on, perf)
    return out, actions, judgment


def _deadline(key: str, label: str, expiry: dt.date, as_of: dt.date, set_by, status: str, expl) -> Deadline:
    """A deadline with its texts in the active language (core.law returns translatable messages)."""
    days = (expiry - as_of).days
    return Deadline(key, label, expiry, days, light_for(days), render(set_by), status, tuple(render_all(expl)))


def derive(case: Case, as_of: dt.date, events: Iterable[CaseEvent] | None = None) -> CaseLimitation:
    debt = case.debt
    if events is None:
        events = case.events.filter(kind__in=RELEVANT).order_by("created_at", "pk")
    lim_events, actions, judgment = _facts(events)
    instalments = sorted(i.due_date for i in debt.instalments.all())
    start = instalments[0] if instalments else debt.due_date
    last = instalments[-1] if len(instalments) > 1 else None
    # The claim arises when it falls due: the creditor then knows of the default (Civil Code art. 188).
    result = lim.compute_limitation(
        start=start, as_of=as_of, events=lim_events, last_instalment_due=last, infringed_on=start
    )
    deadlines: list[Deadline] = []
    enforcement = None
    judgment_date = None
    if judgment is not None and judgment[0] <= as_of:
        judgment_date, perf = judgment
        enforcement = lim.enforcement_period(
            last_performance_day=perf,
            as_of=as_of,
            events=[e for e in lim_events if e.on > perf],
        )
        deadlines.append(
            _deadline(
                "enforcement",
                _("Enforcement application period (Civil Procedure Law art. 250)"),
                enforcement.expiry,
                as_of,
                enforcement.set_by.explanation,
                enforcement.status,
                [c.explanation for c in enforcement.chain],
            )
        )
    else:
        deadlines.append(
            _deadline(
                "limitation",
                _("Limitation period (Civil Code arts. 188, 195)"),
                result.expiry,
                as_of,
                result.set_by.explanation,
                result.status,
                [c.explanation for c in result.chain],
            )
        )
    guarantees = []
    for g in debt.guarantees.all():
        gtype = lim.GuaranteeType.JOINT if g.kind == "joint" else lim.GuaranteeType.GENERAL
        own = [a for a in actions if a.target is lim.Target.MAIN_DEBTOR or a.guarantor_id == str(g.guarantor_id)]
        # Normalise the guarantor id the core compares against.
        own = [
            lim.GuaranteeAction(a.on, a.target, a.kind, str(g.pk)) if a.target is lim.Target.GUARANTOR else a
            for a in own
        ]
        r = lim.guarantee_period(
            lim.Guarantee(str(g.pk), gtype, agreed_end=g.period_end),
            main_due=debt.due_date,
            as_of=as_of,
            actions=own,
        )
        guarantees.append((g.guarantor.name, g.pk, r))
        if r.status is lim.GuaranteeStatus.OPEN:
            deadlines.append(
                _deadline(
                    f"guarantee:{g.pk}",
                    _("Guarantee period of %(name)s (Civil Code art. 692)") % {"name": g.guarantor.name},
                    r.nominal_end,
                    as_of,
                    r.required_action,
                    r.status,
                    r.explanation,
                )
            )
    deadlines.sort(key=lambda d: (d.expiry, d.key))
    return CaseLimitation(as_of, result, tuple(guarantees), enforcement, judgment_date, tuple(deadlines))
