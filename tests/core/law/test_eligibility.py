from decimal import Decimal

import pytest

from huikuan.core.law.eligibility import (
    Answer,
    ClaimFacts,
    payment_order_eligibility,
    small_claims_eligibility,
    small_claims_thresholds,
)
from huikuan.core.law.errors import LawInputError

M = Decimal

GOOD_ORDER = ClaimFacts(
    amount=M("5000000"),
    money_claim=True,
    matured=True,
    amount_fixed=True,
    creditor_owes_counter_performance=False,
    other_dispute_between_parties=False,
    debtor_in_china=True,
    debtor_whereabouts_known=True,
)

GOOD_SMALL = ClaimFacts(
    amount=M("50000"),
    money_claim=True,
    simple_case=True,
    needs_appraisal=False,
    debtor_whereabouts_known=True,
    counterclaim=False,
    foreign_related=False,
)


def test_payment_order_yes_has_no_amount_limit():
    v = payment_order_eligibility(GOOD_ORDER)
    assert v.answer is Answer.YES
    assert any("no upper limit" in r for r in v.reasons)


@pytest.mark.parametrize(
    ("change", "answer"),
    [
        (dict(matured=False), Answer.NO),
        (dict(creditor_owes_counter_performance=True), Answer.NO),
        (dict(debtor_whereabouts_known=False), Answer.NO),
        (dict(debtor_in_china=None), Answer.UNKNOWN),
        (dict(amount_fixed=None, matured=False), Answer.NO),  # a failure beats a gap
    ],
)
def test_payment_order_no_and_unknown(change, answer):
    v = payment_order_eligibility(ClaimFacts(**{**GOOD_ORDER.__dict__, **change}))
    assert v.answer is answer and v.reasons


def test_small_claims_thresholds_zhejiang_2024():
    """137,239 × 50 % = 68,619.50; × 2 = 274,478.00."""
    assert small_claims_thresholds() == (M("68619.50"), M("274478.00"))


@pytest.mark.parametrize(
    ("amount", "agree", "answer"),
    [
        ("68619.50", None, Answer.YES),  # exactly at the mandatory limit
        ("68619.51", None, Answer.UNKNOWN),  # needs agreement, not known
        ("68619.51", True, Answer.YES),
        ("68619.51", False, Answer.NO),
        ("274478.00", True, Answer.YES),
        ("274478.01", True, Answer.NO),
    ],
)
def test_small_claims_amount_bands(amount, agree, answer):
    facts = ClaimFacts(**{**GOOD_SMALL.__dict__, "amount": M(amount), "parties_agree_small_claims": agree})
    assert small_claims_eligibility(facts).answer is answer


@pytest.mark.parametrize(
    "change", [dict(needs_appraisal=True), dict(counterclaim=True), dict(debtor_whereabouts_known=False)]
)
def test_small_claims_exclusions(change):
    v = small_claims_eligibility(ClaimFacts(**{**GOOD_SMALL.__dict__, **change}))
    assert v.answer is Answer.NO and any("art. 166" in r for r in v.reasons)


def test_small_claims_with_other_wage_and_unknowns():
    v = small_claims_eligibility(ClaimFacts(amount=M("10000")), average_wage=M("100000"))
    assert v.answer is Answer.UNKNOWN
    assert dict(v.thresholds) == {"mandatory_limit": M("50000.00"), "agreed_limit": M("200000.00")}


def test_bad_amounts():
    with pytest.raises(LawInputError) as e:
        small_claims_eligibility(ClaimFacts(**{**GOOD_SMALL.__dict__, "amount": M("-1")}))
    assert e.value.field == "amount"
    with pytest.raises(LawInputError) as e:
        small_claims_thresholds(M("0"))
    assert e.value.field == "average_wage"
