import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huikuan.core.law.errors import LawInputError
from huikuan.core.law.limitation import (
    ActionKind,
    EventKind,
    Guarantee,
    GuaranteeAction,
    GuaranteeStatus,
    GuaranteeType,
    LimitationEvent,
    Obstacle,
    Status,
    Target,
    compute_limitation,
    demand_effective_on,
    enforcement_period,
    guarantee_period,
    guarantee_periods,
)

D = dt.date
E = LimitationEvent


def test_goods_debt_with_demand_and_partial_payment():
    """Worked example (a).

    120,000 goods debt due 2024-03-31: the 3 years run from the due date
    (not counted) → 2027-03-31 (a Wednesday).
    Demand delivered 2025-01-10 interrupts → 2028-01-10.
    Partial payment 2025-06-01 interrupts again (SPC art. 14) → 2028-06-01,
    a Thursday and no public holiday. The 2028 holiday calendar is not yet
    published, so the result flags that only weekends were checked.
    As of 2025-07-01: 1,066 days left (2025-07-01 → 2028-06-01).
    """
    r = compute_limitation(
        start=D(2024, 3, 31),
        as_of=D(2025, 7, 1),
        events=[E(EventKind.PARTIAL_PAYMENT, D(2025, 6, 1)), E(EventKind.DEMAND, D(2025, 1, 10))],
    )
    assert r.status is Status.RUNNING
    assert r.expiry == D(2028, 6, 1)
    assert r.days_left == 1066
    assert r.set_by.what == "partial_payment" and r.set_by.effect == "interrupted"
    assert [(c.what, c.expiry_after) for c in r.chain] == [
        ("start", D(2027, 3, 31)),
        ("demand", D(2028, 1, 10)),
        ("partial_payment", D(2028, 6, 1)),
    ]
    assert not r.calendar_known
    assert r.absolute_limit == D(2044, 3, 31)


def test_demand_counts_when_it_arrived_or_should_have():
    """SPC limitation provisions art. 8: a data message that should have
    arrived on 2025-01-08 counts then, even if read later."""
    assert demand_effective_on(arrived=D(2025, 1, 12), should_have_arrived=D(2025, 1, 8)) == D(2025, 1, 8)
    assert demand_effective_on(signed_for=D(2025, 1, 10)) == D(2025, 1, 10)
    with pytest.raises(LawInputError) as e:
        demand_effective_on()
    assert e.value.field == "arrived"


def test_instalments_run_from_the_last_instalment():
    r = compute_limitation(start=D(2024, 1, 31), last_instalment_due=D(2024, 12, 31), as_of=D(2025, 1, 1))
    assert r.expiry == D(2027, 12, 31)
    assert "art. 189" in r.chain[0].explanation


def test_suspension_only_in_the_last_six_months():
    """Start 2022-06-30 → expiry 2025-06-30 (Monday); last six months from 2024-12-30.
    Obstacle 2025-03-01 … 2025-04-15 lies in them: expiry = six months after
    it ends = 2025-10-15 (Wednesday). An obstacle that ended 2024-11-01 does nothing."""
    r = compute_limitation(
        start=D(2022, 6, 30),
        as_of=D(2025, 5, 1),
        obstacles=[Obstacle(D(2025, 3, 1), D(2025, 4, 15), "flood")],
    )
    assert r.expiry == D(2025, 10, 15)
    assert r.set_by.effect == "suspended" and "art. 194" in r.set_by.explanation
    r = compute_limitation(
        start=D(2022, 6, 30), as_of=D(2025, 5, 1), obstacles=[Obstacle(D(2024, 9, 1), D(2024, 11, 1))]
    )
    assert r.expiry == D(2025, 6, 30)
    r = compute_limitation(start=D(2022, 6, 30), as_of=D(2025, 5, 1), obstacles=[Obstacle(D(2025, 3, 1))])
    assert r.status is Status.SUSPENDED
    assert r.expiry == D(2025, 11, 3)  # 2025-11-01 is a Saturday


def test_event_after_expiry_does_not_revive_but_payment_waives():
    """Start 2020-01-01 → 2023-01-01 is New Year's Day (Sunday), 2 January
    2023 was its day in lieu → expiry 2023-01-03. A demand on 2023-05-01 is
    too late. A partial payment on 2023-06-01 waives the defence (art. 192,
    SPC art. 19); a new 3 years is assumed → 2026-06-01."""
    demand = E(EventKind.DEMAND, D(2023, 5, 1))
    r = compute_limitation(start=D(2020, 1, 1), as_of=D(2024, 1, 1), events=[demand])
    assert r.status is Status.EXPIRED and r.expiry == D(2023, 1, 3)
    assert r.chain[-1].effect == "no effect"
    assert r.days_left < 0
    r = compute_limitation(
        start=D(2020, 1, 1), as_of=D(2024, 1, 1), events=[demand, E(EventKind.PARTIAL_PAYMENT, D(2023, 6, 1))]
    )
    assert r.status is Status.WAIVED and r.expiry == D(2026, 6, 1)
    assert "art. 192" in r.set_by.explanation


def test_procedure_restarts_when_it_ends():
    """Mediation requested 2025-01-10 (interrupts from the request, SPC art. 12),
    failed 2025-03-01 → 3 years from then: 2028-03-01."""
    ev = E(EventKind.MEDIATION_REQUEST, D(2025, 1, 10), ends_on=D(2025, 3, 1))
    r = compute_limitation(start=D(2024, 3, 31), as_of=D(2025, 4, 1), events=[ev])
    assert r.expiry == D(2028, 3, 1)
    pending = E(EventKind.SUIT, D(2025, 1, 10))
    r = compute_limitation(start=D(2024, 3, 31), as_of=D(2025, 4, 1), events=[pending])
    assert r.expiry == D(2028, 1, 10) and "pending" in r.set_by.explanation


def test_twenty_year_cap():
    r = compute_limitation(start=D(2024, 1, 1), infringed_on=D(2005, 3, 1), as_of=D(2024, 6, 1))
    assert r.expiry == D(2025, 3, 3)  # 2025-03-01 is a Saturday
    assert r.set_by.effect == "capped"


def test_enforcement_period_two_years():
    """CPL art. 250: 2 years from the last performance day 2025-06-30 → 2027-06-30."""
    r = enforcement_period(last_performance_day=D(2025, 6, 30), as_of=D(2025, 7, 1))
    assert r.expiry == D(2027, 6, 30) and r.absolute_limit is None
    r = enforcement_period(
        last_performance_day=D(2025, 6, 30), as_of=D(2026, 1, 1), events=[E(EventKind.DEMAND, D(2025, 12, 1))]
    )
    assert r.expiry == D(2027, 12, 1)


def test_guarantee_period_not_extended_by_demand_to_main_debtor():
    """Worked example (e).

    Main debt due 2024-03-31, joint-and-several guarantee, no period agreed:
    six months → 2024-09-30 (a Monday, working day) (art. 692 ¶2).
    The creditor demands payment from the main debtor on 2024-08-01: that
    interrupts the limitation against the debtor but does not touch the
    guarantee period (art. 692 ¶1). As of 2025-01-10 nothing was demanded of
    the guarantor, so the guarantor is released (art. 693 ¶2).
    """
    demand = GuaranteeAction(D(2024, 8, 1), Target.MAIN_DEBTOR, ActionKind.DEMAND)
    g = Guarantee("G1", GuaranteeType.JOINT)
    r = guarantee_period(g, main_due=D(2024, 3, 31), as_of=D(2025, 1, 10), actions=[demand])
    plain = guarantee_period(g, main_due=D(2024, 3, 31), as_of=D(2025, 1, 10))
    assert r.end == plain.end == D(2024, 9, 30)
    assert r.status is GuaranteeStatus.RELEASED
    assert any("not suspended, interrupted or extended" in s for s in r.explanation)
    # The main debt's limitation, by contrast, restarts on the same demand.
    lim = compute_limitation(start=D(2024, 3, 31), as_of=D(2025, 1, 10), events=[E(EventKind.DEMAND, D(2024, 8, 1))])
    assert lim.expiry == D(2027, 8, 2)  # 2027-08-01 is a Sunday


def test_guarantee_types_need_different_actions():
    due = D(2024, 3, 31)
    to_guarantor = GuaranteeAction(D(2024, 9, 1), Target.GUARANTOR, ActionKind.DEMAND, "G")
    suit = GuaranteeAction(D(2024, 9, 1), Target.MAIN_DEBTOR, ActionKind.SUIT)
    joint = Guarantee("G", GuaranteeType.JOINT)
    general = Guarantee("G", GuaranteeType.GENERAL)
    unclear = Guarantee("G")
    assert guarantee_period(joint, main_due=due, as_of=D(2025, 1, 1), actions=[to_guarantor]).status is (
        GuaranteeStatus.PRESERVED
    )
    assert guarantee_period(general, main_due=due, as_of=D(2025, 1, 1), actions=[to_guarantor]).status is (
        GuaranteeStatus.RELEASED
    )
    r = guarantee_period(unclear, main_due=due, as_of=D(2025, 1, 1), actions=[suit])
    assert r.type is GuaranteeType.GENERAL and r.status is GuaranteeStatus.PRESERVED
    assert guarantee_period(general, main_due=due, as_of=D(2024, 5, 1)).status is GuaranteeStatus.OPEN


def test_agreed_guarantee_periods():
    due = D(2024, 3, 31)
    r = guarantee_period(Guarantee("G", agreed_months=24), main_due=due, as_of=due)
    assert r.agreed and r.end == D(2026, 3, 31)
    # Agreed end not after the main due date counts as not agreed (art. 692 ¶2).
    r = guarantee_period(Guarantee("G", agreed_end=D(2024, 3, 31)), main_due=due, as_of=due)
    assert not r.agreed and r.end == D(2024, 9, 30)
    # Each guarantor separately.
    rs = guarantee_periods([Guarantee("A", agreed_months=12), Guarantee("B")], main_due=due, as_of=due)
    assert [x.end for x in rs] == [D(2025, 3, 31), D(2024, 9, 30)]


def test_guarantee_end_on_rest_day_reports_safe_day():
    # Due 2025-03-01 + 6 months = 2025-09-01 Monday; due 2025-03-04 → 2025-09-04; use
    # 2025-04-04 → 2025-10-04 (National Day holiday).
    r = guarantee_period(Guarantee("G"), main_due=D(2025, 4, 4), as_of=D(2025, 4, 4))
    assert r.nominal_end == D(2025, 10, 4) and r.end == D(2025, 10, 9)
    assert any("act by 2025-10-04" in s for s in r.explanation)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda: compute_limitation(start=D(2025, 1, 1), as_of=D(2025, 1, 1), infringed_on=D(2025, 2, 1)),
            "infringed_on",
        ),
        (
            lambda: compute_limitation(
                start=D(2025, 1, 1),
                as_of=D(2025, 1, 1),
                events=[E(EventKind.SUIT, D(2025, 3, 1), D(2025, 2, 1))],
            ),
            "events[0].ends_on",
        ),
        (
            lambda: compute_limitation(
                start=D(2025, 1, 1), as_of=D(2025, 1, 1), obstacles=[Obstacle(D(2025, 3, 1), D(2025, 2, 1))]
            ),
            "obstacles[0].end",
        ),
        (
            lambda: guarantee_period(Guarantee("G", agreed_months=-1), main_due=D(2025, 1, 1), as_of=D(2025, 1, 1)),
            "agreed_months",
        ),
    ],
)
def test_bad_input(call, field):
    with pytest.raises(LawInputError) as e:
        call()
    assert e.value.field == field


day = st.integers(min_value=0, max_value=365 * 8).map(lambda n: D(2019, 1, 1) + dt.timedelta(days=n))
event = st.builds(
    LimitationEvent,
    kind=st.sampled_from(list(EventKind)),
    on=day,
    ends_on=st.one_of(st.none(), st.integers(min_value=0, max_value=400)).map(lambda x: x),
)


def _fix(ev: LimitationEvent) -> LimitationEvent:
    # ``ends_on`` drawn as an offset; make it a date after ``on``.
    if ev.ends_on is None:
        return ev
    return LimitationEvent(ev.kind, ev.on, ev.on + dt.timedelta(days=ev.ends_on))  # type: ignore[arg-type]


obstacle = st.tuples(day, st.one_of(st.none(), st.integers(min_value=0, max_value=500))).map(
    lambda t: Obstacle(t[0], None if t[1] is None else t[0] + dt.timedelta(days=t[1]))
)


@settings(max_examples=200, deadline=None)
@given(
    start=day,
    as_of=day,
    events=st.lists(event, max_size=5),
    obstacles=st.lists(obstacle, max_size=2),
    extra=event,
    infringed_back=st.integers(min_value=0, max_value=365 * 25),
)
def test_adding_an_interruption_never_shortens_expiry(start, as_of, events, obstacles, extra, infringed_back):
    events = [_fix(e) for e in events]
    kw = dict(start=start, as_of=as_of, obstacles=obstacles, infringed_on=start - dt.timedelta(days=infringed_back))
    before = compute_limitation(events=events, **kw)
    after = compute_limitation(events=[*events, _fix(extra)], **kw)
    assert after.expiry >= before.expiry
    assert before.expiry >= min(before.chain[0].expiry_after, before.absolute_limit)
