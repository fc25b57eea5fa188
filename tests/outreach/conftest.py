"""Outreach fixtures: a fixed clock inside the contact window, a verified sender, a reachable
debtor with a guarantor, a fake SMS gateway on loopback, and the standard contact plan."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn, GuarantorIn
from huikuan.cases.services import case_register
from huikuan.outreach.models import SenderProfile
from huikuan.outreach.services import plan_create, template_create
from tests.conftest import org_of
from tests.outreach.sms_gateway import SmsGateway

# Monday 2 March 2026, 10:00 in Shanghai: inside the window, not a quiet day.
BASE = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
SENDER_NAME = "金华明律律师事务所 王敏"
GOOD_EMAIL = (
    "金华市宏远建材有限公司：本所受甲公司委托，就贵司所欠货款人民币120,000.00元与您联系。"
    "如需分期，可回复本邮件协商。金华明律律师事务所 王敏"
)
THREAT = "再不还钱就找人上门打断你的腿，后果自负。金华明律律师事务所 王敏"


class Clock:
    """timezone.now() starting at `start` and running at real speed; `advance` jumps."""

    def __init__(self, start: datetime):
        self.offset = start - datetime.now(UTC)
        self._monotonic = time.monotonic()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def set(self, when: datetime) -> None:
        self.offset = when - datetime.now(UTC)


@pytest.fixture
def clock(monkeypatch):
    c = Clock(BASE)
    monkeypatch.setattr(timezone, "now", c)
    return c


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def verified_sender(db, creditor_a, staff):
    return SenderProfile.objects.create(
        organisation=org_of(creditor_a),
        display_name=SENDER_NAME,
        phone="0579-88886666",
        reply_email="wangmin@minglv.test",
        verified_at=datetime(2026, 1, 5, tzinfo=UTC),
        verified_by=staff,
    )


@pytest.fixture
def outreach_case(creditor_a, clock):
    """Creditor A's case: a debtor reachable by email, SMS and post, and one guarantor."""
    data = CaseCreateIn(
        debtor=DebtorIn(
            kind="company",
            name="金华市宏远建材有限公司",
            id_number="91330702MA2D00002C",
            mobile="13812345678",
            email="finance@hongyuan.test",
            address="浙江省金华市婺城区八一南街100号",
        ),
        debt=DebtIn(
            debt_type="goods",
            principal=Decimal("120000.00"),
            contract_date=date(2024, 1, 15),
            due_date=date(2024, 3, 31),
            guarantors=[
                GuarantorIn(
                    kind="joint",
                    debtor=DebtorIn(kind="person", name="李强", email="liqiang@mail.test", mobile="13912345678"),
                )
            ],
        ),
    )
    return case_register(organisation=org_of(creditor_a), data=data, actor=creditor_a)


@pytest.fixture
def sms_gateway(settings):
    with SmsGateway() as gateway:
        settings.HUIKUAN_SMS_URL = gateway.url
        settings.HUIKUAN_SMS_TOKEN = gateway.token
        settings.HUIKUAN_SMS_CALLBACK_TOKEN = gateway.callback_token
        settings.HUIKUAN_SMS_CALLBACK_URL = "http://127.0.0.1:9/api/v1/outreach/sms/reports"
        yield gateway


NOTICE = (
    "{recipient_name}：{sender_name}受{creditor_name}委托通知您，案件{case_reference}项下货款人民币{principal}元"
    "已于{due_date}到期。{dispute_instructions} 联系电话{sender_phone}。"
)
REMINDER = "【{sender_name}】{recipient_name}您好，案件{case_reference}的货款尚未支付，如需分期请回电{sender_phone}。"
DEMAND = (
    "催款函\n{recipient_name}：贵司尚欠{creditor_name}货款人民币{principal}元，请于收函后十五日内支付。"
    "如有异议请来函说明。\n{sender_name}"
)


@pytest.fixture
def standard_plan(creditor_a):
    org = org_of(creditor_a)
    notice = template_create(
        organisation=org,
        actor=creditor_a,
        name="Day 0 notice",
        channel="email",
        subject="关于案件{case_reference}的通知",
        body=NOTICE,
        message_kind="first_notice",
    )
    reminder = template_create(organisation=org, actor=creditor_a, name="Day 3 SMS", channel="sms", body=REMINDER)
    demand = template_create(
        organisation=org, actor=creditor_a, name="Day 10 demand", channel="letter", body=DEMAND, is_demand=True
    )
    return plan_create(
        organisation=org,
        actor=creditor_a,
        name="Standard",
        steps=[(0, notice.pk), (3, reminder.pk), (10, demand.pk)],
    )
