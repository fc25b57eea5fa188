"""Shared fixtures: two creditor organisations, a provider, platform staff, and a factory for cases."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from huikuan.accounts.choices import MemberRole, OrgKind
from huikuan.accounts.models import Membership, Organisation, User
from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn
from huikuan.cases.services import case_register

pytest_plugins = ["tests.browser"]

VECTORS = Path(__file__).resolve().parents[1].parent / "shared" / "vectors"
PASSWORD = "correct-horse-battery-42"


@pytest.fixture
def smtp(settings):
    """Send mail through Django's real SMTP backend to an aiosmtpd server on loopback."""
    from tests.smtp import SmtpServer

    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        yield server


def load_vector(name: str) -> dict:
    path = VECTORS / name
    if not path.exists():
        pytest.skip(f"test vectors not found at {path} (they live in ../shared/vectors/)")
    return json.loads(path.read_text())


def make_member(email: str, org_name: str, kind: str = OrgKind.CREDITOR, role: str = MemberRole.OWNER) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, name=email.split("@")[0])
    org = Organisation.objects.create(name=org_name, kind=kind)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def creditor_a(db) -> User:
    return make_member("alice@a.test", "甲公司")


@pytest.fixture
def creditor_b(db) -> User:
    return make_member("bob@b.test", "乙公司")


@pytest.fixture
def provider_user(db) -> User:
    return make_member("lawyer@firm.test", "某律师事务所", kind=OrgKind.PROVIDER)


@pytest.fixture
def staff(db) -> User:
    return User.objects.create_user(email="staff@platform.test", password=PASSWORD, is_staff=True, is_superuser=True)


def org_of(user: User) -> Organisation:
    return user.memberships.get().organisation


def case_input(**debt_overrides) -> CaseCreateIn:
    debt = {
        "debt_type": "goods",
        "principal": Decimal("120000.00"),
        "contract_date": date(2024, 1, 15),
        "due_date": date(2024, 3, 31),
    }
    debt.update(debt_overrides)
    return CaseCreateIn(
        debtor=DebtorIn(
            kind="company",
            name="金华市宏远建材有限公司",
            id_number="91330702MA2D00002C",
            mobile="13812345678",
        ),
        debt=DebtIn(**debt),
    )


@pytest.fixture
def make_case():
    def _make(user: User, **debt_overrides):
        return case_register(organisation=org_of(user), data=case_input(**debt_overrides), actor=user)

    return _make


@pytest.fixture
def case_a(creditor_a, make_case):
    return make_case(creditor_a)
