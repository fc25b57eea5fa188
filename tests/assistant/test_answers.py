"""Case-aware answers equal the law engine's figures; every answer cites, disclaims and offers a provider."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from huikuan.assistant.answers import answer
from huikuan.cases.choices import EventKind
from huikuan.cases.services import case_event_record
from huikuan.core.assistant import DISCLAIMER
from huikuan.core.law import eligibility as elig
from huikuan.core.law import interest as law_interest
from huikuan.core.law.limitation import EventKind as LimKind
from huikuan.core.law.limitation import LimitationEvent, compute_limitation
from huikuan.ledger.selectors import case_eligibility, case_limitation, case_statement, small_claims_average_wage

TODAY = date(2026, 5, 1)


@pytest.mark.django_db
def test_limitation_answer_equals_the_engine(case_a):
    result = answer(question="还有多久过诉讼时效?", case=case_a, today=TODAY)
    engine = compute_limitation(start=date(2024, 3, 31), as_of=TODAY)
    assert result.case_question == "limitation_status"
    figures = result.case_answer.figures
    assert figures["expiry"] == engine.expiry.isoformat() == "2027-03-31"
    assert figures["days_left"] == engine.days_left == (date(2027, 3, 31) - TODAY).days
    assert figures["status"] == "running"
    assert str(engine.days_left) in result.case_answer.headline and "2027-03-31" in result.case_answer.headline
    # The next step is offered on the user's own case.
    assert result.case_answer.action["url"] == f"/documents/cases/{case_a.pk}/new/demand_letter/"


@pytest.mark.django_db
def test_a_delivered_demand_restarts_the_period_as_in_the_engine(case_a, creditor_a):
    case_event_record(case=case_a, actor=creditor_a, kind=EventKind.DEMAND_DELIVERED, data={"date": "2026-01-20"})
    case_event_record(case=case_a, actor=creditor_a, kind=EventKind.NOTE_ADDED, data={"date": "2026-03-01"})
    result = answer(question="时效还剩多少天", case=case_a, today=TODAY)
    engine = compute_limitation(
        start=date(2024, 3, 31), as_of=TODAY, events=[LimitationEvent(LimKind.DEMAND, date(2026, 1, 20))]
    )
    assert engine.expiry == date(2029, 1, 22)  # 2029-01-20 is a Saturday: art. 203 moves it to Monday
    assert result.case_answer.figures["expiry"] == engine.expiry.isoformat()
    assert result.case_answer.figures["days_left"] == engine.days_left
    ledger = case_limitation(case=case_a, as_of=TODAY).limitation
    assert result.case_answer.figures["expiry"] == ledger.expiry.isoformat()


@pytest.mark.django_db
def test_expired_limitation_is_said_plainly(creditor_a, make_case):
    case = make_case(creditor_a, contract_date=date(2020, 1, 1), due_date=date(2021, 6, 30))
    with translation.override("en"):
        result = answer(question="Is my claim time-barred?", case=case, today=TODAY)
    engine = compute_limitation(start=date(2021, 6, 30), as_of=TODAY)
    assert result.case_answer.figures["status"] == "expired"
    assert result.case_answer.figures["expiry"] == engine.expiry.isoformat()
    assert f"{-engine.days_left} days ago" in result.case_answer.headline


@pytest.mark.django_db
@pytest.mark.parametrize("debt_type", ["goods", "private_loan", "services", "construction", "rent", "other"])
def test_payment_order_answer_uses_the_engine_amount_and_court(creditor_a, make_case, debt_type):
    case = make_case(creditor_a, debt_type=debt_type, interest_rate=Decimal("6"), overdue_rate=Decimal("24"))
    result = answer(question="能申请支付令吗?", case=case, today=TODAY)
    mapped = {
        "goods": law_interest.DebtType.SALE_OF_GOODS,
        "private_loan": law_interest.DebtType.PRIVATE_LOAN,
        "services": law_interest.DebtType.SERVICES,
    }.get(debt_type, law_interest.DebtType.OTHER)
    engine = law_interest.compute_interest(
        law_interest.InterestRequest(
            principal=Decimal("120000.00"),
            start=date(2024, 1, 15),
            due=date(2024, 3, 31),
            as_of=TODAY,
            terms=law_interest.InterestTerms(contract_rate_pct=Decimal("6"), overdue_rate_pct=Decimal("24")),
            debt_type=mapped,
            formed=date(2024, 1, 15),
        )
    )
    figures = result.case_answer.figures
    assert result.case_question == "payment_order_eligibility"
    assert Decimal(figures["amount"]) == Decimal("120000.00") + engine.total
    assert Decimal(figures["amount"]) == case_statement(case=case, as_of=TODAY).balance
    assert figures["answer"] == str(case_eligibility(case=case, as_of=TODAY).payment_order.answer)
    assert figures["court"] == "金华市婺城区人民法院"  # from the debtor's USCC 91330702…
    if debt_type == "private_loan":
        # 24 % overdue is above 4 × LPR (3.45 % in January 2024 → 13.8 %): the cap shows in the figures.
        assert engine.total_excess > 0


@pytest.mark.django_db
def test_small_claims_answer_uses_the_engine_thresholds(creditor_a, make_case):
    small = make_case(creditor_a, principal=Decimal("30000.00"))
    big = make_case(creditor_a, principal=Decimal("300000.00"))
    mandatory, agreed = elig.small_claims_thresholds(small_claims_average_wage())
    r_small = answer(question="这笔能走小额诉讼吗?", case=small, today=TODAY)
    r_big = answer(question="这笔能走小额诉讼吗?", case=big, today=TODAY)
    for r in (r_small, r_big):
        assert r.case_question == "small_claims_eligibility"
        assert Decimal(r.case_answer.figures["mandatory_limit"]) == mandatory == Decimal("68619.50")
        assert Decimal(r.case_answer.figures["agreed_limit"]) == agreed == Decimal("274478.00")
    assert r_big.case_answer.figures["answer"] == "no"  # above 2× the average wage
    amount = Decimal(r_small.case_answer.figures["amount"])
    assert amount == case_statement(case=small, as_of=TODAY).balance
    verdict = case_eligibility(case=small, as_of=TODAY).small_claims
    assert r_small.case_answer.figures["answer"] == str(verdict.answer)


@pytest.mark.django_db
def test_general_answer_has_entries_citations_disclaimer_and_offer(case_a):
    result = answer(question="朋友借钱不还，没打借条怎么办", lang="zh-hans")
    assert result.case_answer is None and result.entries
    assert all(e.citations for e in result.entries)
    assert result.disclaimer == DISCLAIMER["zh-Hans"]
    assert result.provider_offer["text"]
    with translation.override("en"):
        english = answer(question="Can I freeze the debtor's bank account before suing?")
    assert english.lang == "en" and english.disclaimer == DISCLAIMER["en"]
    assert english.entries[0].id.startswith("preservation")


@pytest.mark.django_db
def test_case_question_without_a_case_asks_for_one():
    with translation.override("en"):
        result = answer(question="能申请支付令吗?")
    assert result.case_question == "payment_order_eligibility" and result.case_answer is None
    assert any("Choose one of your cases" in n for n in result.notes)
    assert result.entries  # the general entries still answer


@pytest.mark.django_db
def test_entry_actions_link_to_the_users_case(case_a):
    result = answer(question="支付令申请书怎么写", case=case_a, today=TODAY)
    links = {e.action["name"]: e.action["url"] for e in result.entries if e.action}
    assert links, [e.id for e in result.entries]
    for name, url in links.items():
        assert url and str(case_a.pk) in url, (name, url)
