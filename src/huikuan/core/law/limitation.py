"""Limitation periods (诉讼时效), guarantee periods and the enforcement period.

Civil Code arts. 188–199 with the SPC provisions on limitation (2020, "SPC
limitation provisions"); guarantee periods per arts. 686, 692–694;
enforcement per Civil Procedure Law (2023) art. 250. Every date is computed
with ``legal_calendar`` (start day not counted, rest-day shift, 24:00).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from huikuan.core.i18n import N_, Msg, msg
from huikuan.core.law.errors import LawInputError
from huikuan.core.law.legal_calendar import Unit, add_months, deadline


class EventKind(StrEnum):
    # ``on`` for a demand is the day it arrived or should have arrived: letter
    # signed for, data message reaching the system (SPC limitation provisions art. 8).
    DEMAND = "demand"
    ACKNOWLEDGEMENT = "acknowledgement"  # obligor agrees to perform (Civil Code art. 195(2))
    PARTIAL_PAYMENT = "partial_payment"  # SPC limitation provisions art. 14
    REPAYMENT_PLAN = "repayment_plan"  # art. 14
    EXTENSION_REQUEST = "extension_request"  # art. 14
    SECURITY_PROVIDED = "security_provided"  # art. 14
    SIGNED_COLLECTION_NOTICE = "signed_collection_notice"  # art. 19 ¶3 when after expiry
    MEDIATION_REQUEST = "mediation_request"  # art. 12: interrupts from the request date
    PAYMENT_ORDER = "payment_order"  # art. 11(1)
    PRESERVATION = "preservation"  # art. 11(2)
    ENFORCEMENT_APPLICATION = "enforcement_application"  # art. 11
    SUIT = "suit"  # Civil Code art. 195(3)
    ARBITRATION = "arbitration"  # Civil Code art. 195(3)


_BASIS: dict[EventKind, Msg] = {
    EventKind.DEMAND: msg(N_("creditor's demand (Civil Code art. 195(1); SPC limitation provisions art. 8)")),
    EventKind.ACKNOWLEDGEMENT: msg(N_("obligor agreed to perform (Civil Code art. 195(2))")),
    EventKind.PARTIAL_PAYMENT: msg(N_("partial payment = agreeing to perform (SPC limitation provisions art. 14)")),
    EventKind.REPAYMENT_PLAN: msg(N_("repayment plan = agreeing to perform (SPC limitation provisions art. 14)")),
    EventKind.EXTENSION_REQUEST: msg(
        N_("request for extension = agreeing to perform (SPC limitation provisions art. 14)")
    ),
    EventKind.SECURITY_PROVIDED: msg(N_("security provided = agreeing to perform (SPC limitation provisions art. 14)")),
    EventKind.SIGNED_COLLECTION_NOTICE: msg(N_("signed collection notice (Civil Code art. 195(2))")),
    EventKind.MEDIATION_REQUEST: msg(N_("request to a mediation organisation (SPC limitation provisions art. 12)")),
    EventKind.PAYMENT_ORDER: msg(N_("application for a payment order (SPC limitation provisions art. 11(1))")),
    EventKind.PRESERVATION: msg(N_("application for preservation (SPC limitation provisions art. 11(2))")),
    EventKind.ENFORCEMENT_APPLICATION: msg(N_("application for enforcement (SPC limitation provisions art. 11)")),
    EventKind.SUIT: msg(N_("suit (Civil Code art. 195(3))")),
    EventKind.ARBITRATION: msg(N_("arbitration (Civil Code art. 195(3))")),
}

# Acts by the obligor that, after expiry, waive the defence (Civil Code art. 192 ¶2;
# SPC limitation provisions art. 19).
_WAIVING = frozenset(
    {
        EventKind.ACKNOWLEDGEMENT,
        EventKind.PARTIAL_PAYMENT,
        EventKind.REPAYMENT_PLAN,
        EventKind.SIGNED_COLLECTION_NOTICE,
    }
)
# Proceedings: the period restarts when they end (Civil Code art. 195, last sentence).
_PROCEDURAL = frozenset(
    {
        EventKind.MEDIATION_REQUEST,
        EventKind.PAYMENT_ORDER,
        EventKind.PRESERVATION,
        EventKind.ENFORCEMENT_APPLICATION,
        EventKind.SUIT,
        EventKind.ARBITRATION,
    }
)


@dataclass(frozen=True)
class LimitationEvent:
    kind: EventKind
    on: dt.date
    ends_on: dt.date | None = None  # proceedings only: the day they ended, if they have
    note: str = ""


@dataclass(frozen=True)
class Obstacle:
    """Force majeure or another art. 194 obstacle to claiming."""

    start: dt.date
    end: dt.date | None = None  # None: still continuing
    description: str = ""


class Status(StrEnum):
    RUNNING = "running"
    EXPIRED = "expired"
    WAIVED = "waived"  # expired, then the obligor agreed to pay or paid
    SUSPENDED = "suspended"  # an obstacle continues; the expiry shown assumes it ended on as_of


@dataclass(frozen=True)
class ChainEntry:
    on: dt.date
    what: str
    effect: str  # "started", "interrupted", "suspended", "waived", "no effect", "capped"
    expiry_after: dt.date
    explanation: Msg


@dataclass(frozen=True)
class LimitationResult:
    status: Status
    expiry: dt.date  # last day; the period ends at 24:00 on it
    days_left: int  # expiry − as_of; negative once expired
    set_by: ChainEntry
    chain: tuple[ChainEntry, ...]
    absolute_limit: dt.date | None
    calendar_known: bool


def demand_effective_on(
    *,
    signed_for: dt.date | None = None,
    arrived: dt.date | None = None,
    should_have_arrived: dt.date | None = None,
) -> dt.date:
    """Day a demand interrupts: when the debtor signed for it, or when a letter
    or data message arrived or should have arrived, whichever is first
    (SPC limitation provisions art. 8). Sending alone is not enough."""
    days = [d for d in (signed_for, arrived, should_have_arrived) if d is not None]
    if not days:
        raise LawInputError("arrived", msg(N_("A demand needs a signature, an arrival or an expected arrival date.")))
    return min(days)


def _end(start: dt.date, amount: int, unit: Unit, known: list[bool], shifted: dict | None = None) -> dt.date:
    d = deadline(start, amount, unit)
    known.append(d.calendar_known)
    if shifted is not None and d.shifted:
        shifted[d.end] = d.nominal_end
    return d.end


def _expiry_text(expiry: dt.date, shifted: dict) -> Msg | str:
    """The expiry date, with why it moved when a rest day moved it."""
    nominal = shifted.get(expiry)
    if nominal is None:
        return expiry.isoformat()
    return msg(
        N_(
            "%(date)s (%(nominal)s is a statutory rest day, so the period ends on the next working day, "
            "Civil Code art. 203)"
        ),
        date=expiry.isoformat(),
        nominal=nominal.isoformat(),
    )


def compute_limitation(
    *,
    start: dt.date,
    as_of: dt.date,
    events: Sequence[LimitationEvent] = (),
    obstacles: Sequence[Obstacle] = (),
    last_instalment_due: dt.date | None = None,
    infringed_on: dt.date | None = None,
    years: int = 3,
    absolute_years: int | None = 20,
    basis: Msg | str | None = None,
) -> LimitationResult:
    """Expiry of a limitation period as of ``as_of``.

    ``start`` is the day the creditor knew or should have known of the damage
    and the obligor (for a debt: usually the due date); it is not counted.
    For instalment debts ``last_instalment_due`` replaces it (art. 189).
    Events after ``as_of`` are ignored.
    """
    if basis is None:
        basis = msg(N_("Civil Code art. 188"))
    if last_instalment_due is not None:
        if last_instalment_due < start:
            raise LawInputError("last_instalment_due", msg(N_("The last instalment is before the first one.")))
        start, basis = (
            last_instalment_due,
            msg(N_("%(basis)s; instalments run from the last one (Civil Code art. 189)"), basis=basis),
        )
    infringed = infringed_on or start
    if infringed > start:
        raise LawInputError("infringed_on", msg(N_("The infringement cannot be after the limitation start.")))
    for i, ev in enumerate(events):
        try:
            EventKind(ev.kind)
        except ValueError as exc:
            raise LawInputError(
                f"events[{i}].kind", msg(N_("Unknown event kind %(kind)s."), kind=repr(ev.kind))
            ) from exc
        if ev.ends_on is not None and ev.ends_on < ev.on:
            raise LawInputError(f"events[{i}].ends_on", msg(N_("Proceedings cannot end before they began.")))
    for i, ob in enumerate(obstacles):
        if ob.end is not None and ob.end < ob.start:
            raise LawInputError(f"obstacles[{i}].end", msg(N_("An obstacle cannot end before it starts.")))

    known: list[bool] = []
    shifted: dict[dt.date, dt.date] = {}
    expiry = _end(start, years, Unit.YEARS, known, shifted)
    chain = [
        ChainEntry(
            start,
            "start",
            "started",
            expiry,
            msg(
                N_("%(years)s-year period runs from %(start)s (%(basis)s); expires %(expiry)s."),
                years=years,
                start=start.isoformat(),
                basis=basis,
                expiry=_expiry_text(expiry, shifted),
            ),
        )
    ]
    set_by = chain[0]
    waived = False
    open_entries: list[ChainEntry] = []

    def settle(now: dt.date) -> None:
        """Apply every obstacle begun by ``now`` that lies in the last six months (art. 194)."""
        nonlocal expiry, set_by
        changed = True
        while changed:
            changed = False
            for ob in obstacles:
                if ob.start > min(now, as_of) or ob.start > expiry:
                    continue
                end = ob.end if ob.end is not None and ob.end <= as_of else as_of
                if end < add_months(expiry, -6):
                    continue  # over before the last six months: no suspension
                new = _end(end, 6, Unit.MONTHS, known)
                if new <= expiry:
                    continue
                expiry = new
                ongoing = ob.end is None or ob.end > as_of
                if ongoing:
                    text = msg(
                        N_(
                            "Obstacle from %(start)s (still continuing; assumed to end on %(as_of)s) falls in the "
                            "last six months: suspended; expires six months after it ends, %(expiry)s "
                            "(Civil Code art. 194)."
                        ),
                        start=ob.start.isoformat(),
                        as_of=as_of.isoformat(),
                        expiry=expiry.isoformat(),
                    )
                else:
                    text = msg(
                        N_(
                            "Obstacle from %(start)s to %(end)s falls in the last six months: suspended; expires "
                            "six months after it ends, %(expiry)s (Civil Code art. 194)."
                        ),
                        start=ob.start.isoformat(),
                        end=end.isoformat(),
                        expiry=expiry.isoformat(),
                    )
                set_by = ChainEntry(ob.start, ob.description or "obstacle", "suspended", expiry, text)
                chain.append(set_by)
                if ongoing:
                    open_entries.append(set_by)
                changed = True

    for ev in sorted((e for e in events if e.on <= as_of), key=lambda e: e.on):
        settle(ev.on)
        label = ev.kind.value + (f" ({ev.note})" if ev.note else "")
        if ev.on < start:
            chain.append(
                ChainEntry(
                    ev.on,
                    label,
                    "no effect",
                    expiry,
                    msg(N_("%(date)s: before the period began."), date=ev.on.isoformat()),
                )
            )
        elif ev.on <= expiry:
            restart = ev.on
            text = N_("%(date)s: %(basis)s interrupts; full %(years)s years run again; expires %(expiry)s.")
            if ev.kind in _PROCEDURAL:
                if ev.ends_on is not None and ev.ends_on <= as_of:
                    restart = ev.ends_on
                    text = N_(
                        "%(date)s: %(basis)s interrupts; full %(years)s years run again; proceedings ended "
                        "%(ended)s, the period restarts then; expires %(expiry)s."
                    )
                else:
                    text = N_(
                        "%(date)s: %(basis)s interrupts; full %(years)s years run again; proceedings pending: the "
                        "period restarts when they end (Civil Code art. 195), shown from the filing date as the "
                        "earliest case; expires %(expiry)s."
                    )
            new = _end(restart, years, Unit.YEARS, known, shifted)
            # An interruption restarts the full period; it never shortens protection already running.
            expiry = max(expiry, new)
            values = {
                "date": ev.on.isoformat(),
                "basis": _BASIS[ev.kind],
                "years": years,
                "expiry": _expiry_text(expiry, shifted),
            }
            if restart != ev.on:
                values["ended"] = restart.isoformat()
            set_by = ChainEntry(ev.on, label, "interrupted", expiry, Msg(text, values))
            chain.append(set_by)
        elif ev.kind in _WAIVING:
            waived = True
            expiry = _end(ev.on, years, Unit.YEARS, known, shifted)
            set_by = ChainEntry(
                ev.on,
                label,
                "waived",
                expiry,
                msg(
                    N_(
                        "%(date)s: after expiry the obligor agreed to pay or paid and can no longer rely on the "
                        "expiry (Civil Code art. 192 ¶2; SPC limitation provisions art. 19); treated as "
                        "re-confirming the debt, so a new %(years)s-year period is assumed from this day; "
                        "expires %(expiry)s."
                    ),
                    date=ev.on.isoformat(),
                    years=years,
                    expiry=_expiry_text(expiry, shifted),
                ),
            )
            chain.append(set_by)
        else:
            chain.append(
                ChainEntry(
                    ev.on,
                    label,
                    "no effect",
                    expiry,
                    msg(
                        N_(
                            "%(date)s: after the period expired on %(expiry)s; an interruption cannot revive it "
                            "(Civil Code art. 195 presupposes a running period)."
                        ),
                        date=ev.on.isoformat(),
                        expiry=expiry.isoformat(),
                    ),
                )
            )
    settle(as_of)

    absolute: dt.date | None = None
    if absolute_years is not None:
        absolute = _end(infringed, absolute_years, Unit.YEARS, known)
        if expiry > absolute:
            expiry = absolute
            set_by = ChainEntry(
                absolute,
                "absolute limit",
                "capped",
                expiry,
                msg(
                    N_(
                        "No protection more than %(years)s years after the right was infringed on %(date)s "
                        "(Civil Code art. 188 ¶2; the court may extend in special circumstances)."
                    ),
                    years=absolute_years,
                    date=infringed.isoformat(),
                ),
            )
            chain.append(set_by)

    if waived:
        status = Status.WAIVED
    elif any(set_by is e for e in open_entries):
        status = Status.SUSPENDED
    elif as_of > expiry:
        status = Status.EXPIRED
    else:
        status = Status.RUNNING
    return LimitationResult(
        status=status,
        expiry=expiry,
        days_left=(expiry - as_of).days,
        set_by=set_by,
        chain=tuple(chain),
        absolute_limit=absolute,
        calendar_known=all(known),
    )


def enforcement_period(
    *,
    last_performance_day: dt.date,
    as_of: dt.date,
    events: Sequence[LimitationEvent] = (),
    obstacles: Sequence[Obstacle] = (),
) -> LimitationResult:
    """Time to apply for enforcement: 2 years from the last day for performance
    set by the judgment (for instalments, the last instalment's), with
    limitation interruption and suspension rules (Civil Procedure Law art. 250)."""
    return compute_limitation(
        start=last_performance_day,
        as_of=as_of,
        events=events,
        obstacles=obstacles,
        years=2,
        absolute_years=None,
        basis=msg(N_("Civil Procedure Law art. 250")),
    )


# --- Guarantee periods -------------------------------------------------------


class GuaranteeType(StrEnum):
    GENERAL = "general"  # 一般保证
    JOINT = "joint"  # 连带责任保证
    UNCLEAR = "unclear"  # treated as general (Civil Code art. 686 ¶2)


class Target(StrEnum):
    GUARANTOR = "guarantor"
    MAIN_DEBTOR = "main_debtor"


class ActionKind(StrEnum):
    DEMAND = "demand"
    SUIT = "suit"
    ARBITRATION = "arbitration"


@dataclass(frozen=True)
class Guarantee:
    guarantor_id: str
    type: GuaranteeType = GuaranteeType.UNCLEAR
    agreed_end: dt.date | None = None  # agreed last day of the guarantee period
    agreed_months: int | None = None  # agreed length from the main debt's due date


@dataclass(frozen=True)
class GuaranteeAction:
    on: dt.date
    target: Target
    kind: ActionKind
    guarantor_id: str | None = None  # for actions against a guarantor


class GuaranteeStatus(StrEnum):
    OPEN = "open"  # period running, required action not yet taken
    PRESERVED = "preserved"  # required action taken in time
    RELEASED = "released"  # period ended without it: the guarantor is released (art. 693)


@dataclass(frozen=True)
class GuaranteeResult:
    guarantor_id: str
    type: GuaranteeType  # effective type (unclear → general)
    end: dt.date  # last day per art. 203 (rest-day shift applied)
    nominal_end: dt.date  # last day before any rest-day shift: the safe day to act by
    agreed: bool  # whether an agreed period was used
    required_action: Msg
    status: GuaranteeStatus
    satisfied_by: GuaranteeAction | None
    days_left: int  # end − as_of
    explanation: tuple[Msg, ...]


_ACTION_LABELS: dict[ActionKind, Msg] = {
    ActionKind.DEMAND: msg(N_("demand")),
    ActionKind.SUIT: msg(N_("suit")),
    ActionKind.ARBITRATION: msg(N_("arbitration")),
}
_TARGET_LABELS: dict[Target, Msg] = {
    Target.GUARANTOR: msg(N_("the guarantor")),
    Target.MAIN_DEBTOR: msg(N_("the main debtor")),
}


def guarantee_period(
    guarantee: Guarantee,
    *,
    main_due: dt.date,
    as_of: dt.date,
    actions: Sequence[GuaranteeAction] = (),
) -> GuaranteeResult:
    """Guarantee period of one guarantor (Civil Code arts. 692–693).

    The period is fixed: never suspended, interrupted or extended (art. 692 ¶1),
    so no action — least of all a demand to the main debtor — moves it.
    """
    g = guarantee
    notes: list[Msg] = []
    gtype = GuaranteeType.GENERAL if g.type is GuaranteeType.UNCLEAR else GuaranteeType(g.type)
    if g.type is GuaranteeType.UNCLEAR:
        notes.append(msg(N_("Type not clearly agreed: general guarantee (Civil Code art. 686 ¶2).")))
    if g.agreed_months is not None and g.agreed_months < 0:
        raise LawInputError("agreed_months", msg(N_("Must not be negative.")))
    if g.agreed_end is not None and g.agreed_months is not None:
        raise LawInputError("agreed_end", msg(N_("Give either an agreed end date or a length, not both.")))

    agreed_end = g.agreed_end
    if g.agreed_months is not None:
        agreed_end = add_months(main_due, g.agreed_months)
    agreed = agreed_end is not None and agreed_end > main_due
    if agreed:
        if g.agreed_months is not None:
            d = deadline(main_due, g.agreed_months, Unit.MONTHS)
        else:
            d = deadline(g.agreed_end, 0, Unit.DAYS)  # type: ignore[arg-type]
        notes.append(
            msg(N_("Agreed guarantee period ends %(date)s (Civil Code art. 692 ¶2)."), date=d.nominal_end.isoformat())
        )
    else:
        if agreed_end is not None:
            notes.append(
                msg(
                    N_(
                        "Agreed end %(end)s is not after the main debt's due date %(due)s: treated as not agreed "
                        "(Civil Code art. 692 ¶2)."
                    ),
                    end=agreed_end.isoformat(),
                    due=main_due.isoformat(),
                )
            )
        d = deadline(main_due, 6, Unit.MONTHS)
        notes.append(
            msg(
                N_("No valid agreement: six months from the main debt's due date %(due)s (art. 692 ¶2)."),
                due=main_due.isoformat(),
            )
        )
    end, nominal = d.end, d.nominal_end
    if end != nominal:
        notes.append(
            msg(
                N_(
                    "%(nominal)s is a rest day; counting rules would move the last day to %(end)s (Civil Code "
                    "art. 203), but act by %(nominal)s because the period is never extended (art. 692 ¶1)."
                ),
                nominal=nominal.isoformat(),
                end=end.isoformat(),
            )
        )

    if gtype is GuaranteeType.GENERAL:
        required = msg(N_("sue or arbitrate against the main debtor within the period (Civil Code art. 693 ¶1)"))
    else:
        required = msg(N_("demand performance from the guarantor within the period (Civil Code art. 693 ¶2)"))
    notes.append(msg(N_("Required: %(action)s."), action=required))

    satisfied: GuaranteeAction | None = None
    for act in sorted(actions, key=lambda a: a.on):
        if act.on > as_of:
            continue
        if act.target is Target.GUARANTOR and act.guarantor_id not in (None, g.guarantor_id):
            continue
        counts = (
            (act.target is Target.MAIN_DEBTOR and act.kind is not ActionKind.DEMAND)
            if gtype is GuaranteeType.GENERAL
            else act.target is Target.GUARANTOR
        )
        label = msg(
            N_("%(date)s: %(action)s against %(target)s"),
            date=act.on.isoformat(),
            action=_ACTION_LABELS[act.kind],
            target=_TARGET_LABELS[act.target],
        )
        if not counts:
            if gtype is GuaranteeType.GENERAL:
                text = N_(
                    "%(action)s: not the action art. 693 requires for a general guarantee; the guarantee period "
                    "is not suspended, interrupted or extended by it (art. 692 ¶1)."
                )
            else:
                text = N_(
                    "%(action)s: not the action art. 693 requires for a joint guarantee; the guarantee period "
                    "is not suspended, interrupted or extended by it (art. 692 ¶1)."
                )
            notes.append(msg(text, action=label))
        elif act.on <= main_due:
            notes.append(
                msg(N_("%(action)s: before the guarantee period began; repeat it within the period."), action=label)
            )
        elif act.on > end:
            notes.append(
                msg(
                    N_("%(action)s: after the guarantee period ended on %(end)s; too late (art. 693)."),
                    action=label,
                    end=end.isoformat(),
                )
            )
        elif satisfied is None:
            satisfied = act
            if gtype is GuaranteeType.GENERAL:
                text = N_(
                    "%(action)s: within the period — guarantee liability preserved; the guarantor's limitation "
                    "period runs from when the defence of prior action ends (art. 694 ¶1)."
                )
            else:
                text = N_(
                    "%(action)s: within the period — guarantee liability preserved; the guarantor's limitation "
                    "period runs from this demand (art. 694 ¶2)."
                )
            notes.append(msg(text, action=label))

    if satisfied is not None:
        status = GuaranteeStatus.PRESERVED
    elif as_of > end:
        status = GuaranteeStatus.RELEASED
        notes.append(
            msg(
                N_("Period ended %(end)s without the required action: guarantor released (art. 693)."),
                end=end.isoformat(),
            )
        )
    else:
        status = GuaranteeStatus.OPEN
    return GuaranteeResult(
        guarantor_id=g.guarantor_id,
        type=gtype,
        end=end,
        nominal_end=nominal,
        agreed=agreed,
        required_action=required,
        status=status,
        satisfied_by=satisfied,
        days_left=(end - as_of).days,
        explanation=tuple(notes),
    )


def guarantee_periods(
    guarantees: Sequence[Guarantee],
    *,
    main_due: dt.date,
    as_of: dt.date,
    actions: Sequence[GuaranteeAction] = (),
) -> tuple[GuaranteeResult, ...]:
    """One result per guarantor; each period runs independently."""
    return tuple(guarantee_period(g, main_due=main_due, as_of=as_of, actions=actions) for g in guarantees)
