"""A case with every party identified, interest agreed and a cost recorded; a law firm."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from huikuan.accounts.choices import OrgKind
from huikuan.accounts.models import Membership, Organisation, User
from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn
from huikuan.cases.services import case_register
from huikuan.core.identifiers import uscc_check_char
from huikuan.ledger.services import charge_record
from tests.conftest import PASSWORD, org_of

TODAY = date(2026, 5, 6)
KEYS = [
    "demand_letter",
    "lawyer_letter",
    "payment_order",
    "civil_complaint",
    "preservation",
    "settlement",
    "mediation",
    "repayment_plan",
]
DEBT_TYPES = ["goods", "construction", "services", "private_loan", "rent", "other"]
COURT_KEYS = {"payment_order", "civil_complaint", "preservation"}


def uscc(first17: str) -> str:
    return first17 + uscc_check_char(first17)


CREDITOR_USCC = uscc("91330701MA2E00001")
FIRM_USCC = uscc("31330000MD0123456")


@pytest.fixture
def creditor(creditor_a):
    org = org_of(creditor_a)
    org.uscc = CREDITOR_USCC
    org.save()
    return creditor_a


@pytest.fixture
def law_firm(db):
    user = User.objects.create_user(email="partner@firm.test", password=PASSWORD, name="partner")
    org = Organisation.objects.create(name="浙江金义律师事务所", kind=OrgKind.PROVIDER, uscc=FIRM_USCC)
    Membership.objects.create(user=user, organisation=org, role="owner")
    return org


def register(user, *, debt_type="goods", kind="company", region="330782", **debt):
    values = {
        "debt_type": debt_type,
        "principal": Decimal("86500.00"),
        "contract_date": date(2024, 2, 1),
        "due_date": date(2024, 6, 30),
        "interest_rate": Decimal("6"),
        "overdue_rate": Decimal("9"),
    }
    values.update(debt)
    if kind == "company":
        debtor = DebtorIn(
            kind="company",
            name="义乌市恒信小商品有限公司",
            id_number="91330782MA2D000028" if region == "330782" else "91330702MA2D00002C",
            address="浙江省义乌市稠城街道工人北路100号",
            region=region,
        )
    else:
        debtor = DebtorIn(kind="person", name="王建国", id_number="330702199003074258", region=region)
    return case_register(organisation=org_of(user), data=CaseCreateIn(debtor=debtor, debt=DebtIn(**values)), actor=user)


@pytest.fixture
def make_documented_case(creditor):
    def _make(debt_type="goods", **kwargs):
        case = register(creditor, debt_type=debt_type, **kwargs)
        charge_record(case=case, actor=creditor, kind="court_fee", date=date(2025, 3, 3), amount="1234.50")
        return case

    return _make


@pytest.fixture(autouse=True)
def shipped_templates_present(db):
    """Browser tests flush the database (and with it the seeded templates); bring them back."""
    from huikuan.documents.selectors import template_list

    list(template_list())
