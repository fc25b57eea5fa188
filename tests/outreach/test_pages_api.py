"""Pages and API: the case panel, sending with the linter's findings, the plan editor, the
compliance report (page, CSV, API) and the SMS delivery-report callback over real HTTP."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from huikuan.cases.services import dispute_open
from huikuan.outreach.models import ContactPlan, GateDecision, MessageTemplate, OutboundMessage
from huikuan.outreach.services import message_send
from tests.outreach.conftest import GOOD_EMAIL, THREAT

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_case_panel_shows_decisions_with_rules(client, outreach_case, creditor_a, verified_sender, smtp):
    message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=THREAT)
    client.force_login(creditor_a)
    html = client.get(reverse("outreach:case_panel", kwargs={"case_id": outreach_case.pk})).content.decode()
    assert "lint.threat.violence" in html and "Blocked" in html
    assert "Send through the gate" in html and 'name="body"' in html
    assert "Ask the gate" in html  # call or visit clearance


def test_lint_fragment_shows_findings_before_sending(client, outreach_case, creditor_a, verified_sender):
    client.force_login(creditor_a)
    url = reverse("outreach:lint", kwargs={"case_id": outreach_case.pk})
    html = client.post(url, {"body": THREAT}).content.decode()
    assert 'data-rule="lint.threat.violence"' in html
    assert 'data-lint="clean"' in client.post(url, {"body": GOOD_EMAIL}).content.decode()
    assert GateDecision.objects.count() == 0  # checking is not contacting


def test_send_page_shows_the_decision(client, outreach_case, creditor_a, verified_sender, smtp):
    client.force_login(creditor_a)
    response = client.post(
        reverse("outreach:send", kwargs={"case_id": outreach_case.pk}),
        {
            "recipient_id": outreach_case.debt.debtor_id,
            "channel": "letter",
            "message_kind": "follow_up",
            "body": THREAT,
        },
        follow=True,
    )
    text = response.content.decode()
    assert "Blocked by the gate" in text and "lint.threat.violence" in text


def test_send_page_unknown_channel_is_refused(client, outreach_case, creditor_a, verified_sender):
    client.force_login(creditor_a)
    response = client.post(
        reverse("outreach:send", kwargs={"case_id": outreach_case.pk}),
        {"recipient_id": outreach_case.debt.debtor_id, "channel": "fax", "message_kind": "follow_up", "body": "x"},
        follow=True,
    )
    assert "Select a valid choice" in response.content.decode()
    assert GateDecision.objects.count() == 0


def test_api_send_and_errors(
    client, outreach_case, creditor_a, verified_sender, smtp, django_capture_on_commit_callbacks
):
    client.force_login(creditor_a)
    url = reverse("api-1:outreach_message_send", kwargs={"case_id": outreach_case.pk})
    bad = client.post(url, json.dumps({"channel": "fax", "body": "x"}), content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "channel"]
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(
            url,
            json.dumps({"channel": "email", "subject": "通知", "body": GOOD_EMAIL, "is_demand": True}),
            content_type="application/json",
        )
    assert ok.status_code == 201
    data = ok.json()
    assert data["outcome"] == "allow" and data["message_id"] and data["rule_ids"] == []
    messages = client.get(reverse("api-1:outreach_messages", kwargs={"case_id": outreach_case.pk})).json()
    assert messages[0]["status"] == "delivered" and messages[0]["receipts"][0]["kind"] == "smtp_accept"
    blocked = client.post(
        url, json.dumps({"channel": "letter", "body": THREAT}), content_type="application/json"
    ).json()
    assert blocked["outcome"] == "block" and blocked["reasons"][0]["source"]
    decisions = client.get(reverse("api-1:outreach_decisions", kwargs={"case_id": outreach_case.pk})).json()
    assert [d["outcome"] for d in decisions] == ["block", "allow"]


def test_api_plans_and_runs(client, outreach_case, creditor_a, verified_sender, smtp, clock):
    client.force_login(creditor_a)
    t = client.post(
        reverse("api-1:outreach_template_create"),
        json.dumps(
            {
                "name": "Notice",
                "channel": "email",
                "subject": "通知 {case_reference}",
                "body": "{recipient_name}：{dispute_instructions} {sender_name}",
                "message_kind": "first_notice",
            }
        ),
        content_type="application/json",
    )
    assert t.status_code == 201
    bad = client.post(
        reverse("api-1:outreach_template_create"),
        json.dumps({"name": "Bad", "channel": "email", "subject": "x", "body": "{debtor_salary}"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and "debtor_salary" in bad.json()["detail"][0]["msg"]
    p = client.post(
        reverse("api-1:outreach_plan_create"),
        json.dumps({"name": "One step", "steps": [{"day": 0, "template_id": t.json()["id"]}]}),
        content_type="application/json",
    )
    assert p.status_code == 201 and p.json()["steps"][0]["template_name"] == "Notice"
    run = client.post(
        reverse("api-1:outreach_plan_start", kwargs={"case_id": outreach_case.pk}),
        json.dumps({"plan_id": p.json()["id"]}),
        content_type="application/json",
    )
    assert run.status_code == 201 and run.json()["status"] == "running"
    again = client.post(
        reverse("api-1:outreach_plan_start", kwargs={"case_id": outreach_case.pk}),
        json.dumps({"plan_id": p.json()["id"]}),
        content_type="application/json",
    )
    assert again.status_code == 422
    stop = client.post(
        reverse("api-1:outreach_plan_stop", kwargs={"run_id": run.json()["id"]}), "{}", content_type="application/json"
    )
    assert stop.json()["status"] == "stopped"


def test_plan_editor_pages(client, creditor_a, creditor_b):
    client.force_login(creditor_a)
    r = client.post(
        reverse("outreach:template_create"),
        {
            "name": "SMS",
            "channel": "sms",
            "message_kind": "follow_up",
            "body": "【{sender_name}】请回电{sender_phone}。",
        },
    )
    assert r.status_code == 302
    template = MessageTemplate.objects.get()
    r = client.post(reverse("outreach:plan_create"), {"name": "Plan", "day": 0, "template_id": template.pk})
    plan = ContactPlan.objects.get()
    assert r["Location"] == reverse("outreach:plan_detail", kwargs={"pk": plan.pk})
    client.post(reverse("outreach:plan_step_add", kwargs={"pk": plan.pk}), {"day": 3, "template_id": template.pk})
    assert list(plan.steps.values_list("day", flat=True)) == [0, 3]
    html = client.get(reverse("outreach:plans")).content.decode()
    assert "Plan" in html and "SMS" in html
    client.force_login(creditor_b)
    assert "【{sender_name}】" not in client.get(reverse("outreach:plans")).content.decode()


def test_compliance_report_page_csv_and_api(
    client, outreach_case, creditor_a, creditor_b, staff, verified_sender, smtp
):
    message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)
    message_send(case=outreach_case, actor=creditor_a, channel="email", subject="通知", body=GOOD_EMAIL)  # deferred
    message_send(case=outreach_case, actor=creditor_a, channel="letter", body=THREAT)
    dispute_open(case=outreach_case, actor=staff, reason="不认可金额")
    message_send(case=outreach_case, actor=creditor_a, channel="letter", body="请付款。金华明律律师事务所 王敏")
    client.force_login(creditor_a)
    api = client.get(reverse("api-1:outreach_report"), {"date_from": "2026-03-01", "date_to": "2026-03-31"}).json()
    assert (api["attempts"], api["allowed"], api["blocked"], api["deferred"], api["complaints"]) == (4, 1, 2, 1, 1)
    rules = {r["rule_id"]: r["count"] for r in api["blocked_by_rule"]}
    assert rules["CN-DISPUTE"] == 1 and rules["CN-MESSAGES"] == 1 and rules["lint.threat.violence"] == 1
    html = client.get(reverse("outreach:report"), {"date_from": "2026-03-01", "date_to": "2026-03-31"}).content.decode()
    assert "CN-DISPUTE" in html and 'data-testid="attempts">4<' in html
    response = client.get(reverse("outreach:report_csv"), {"date_from": "2026-03-01", "date_to": "2026-03-31"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Attempts", "4"] in rows and ["Complaints (disputes)", "1"] in rows
    assert any(r[:2] == ["CN-DISPUTE", "1"] for r in rows)
    # Another creditor sees only its own (empty) report.
    client.force_login(creditor_b)
    assert client.get(reverse("api-1:outreach_report")).json()["attempts"] == 0


def test_preferences_api(client, outreach_case, creditor_a):
    client.force_login(creditor_a)
    url = reverse("api-1:outreach_preferences_set", kwargs={"case_id": outreach_case.pk})
    r = client.post(url, json.dumps({"opted_out_channels": ["sms", "call"]}), content_type="application/json")
    assert r.status_code == 200 and r.json()[0]["opted_out_channels"] == ["call", "sms"]
    bad = client.post(url, json.dumps({"opted_out_channels": ["pigeon"]}), content_type="application/json")
    assert bad.status_code == 422


def test_sms_report_callback_needs_the_gateway_token(client, settings, db):
    settings.HUIKUAN_SMS_CALLBACK_TOKEN = "cb-secret"
    url = reverse("api-1:outreach_sms_report")
    body = json.dumps({"id": "gw-x", "status": "delivered"})
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    unknown = client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION="Bearer cb-secret")
    assert unknown.status_code == 422


@pytest.mark.django_db(transaction=True)
def test_sms_delivery_report_posted_back_over_http(live_server, settings, sms_gateway, creditor_a, staff, clock):
    """The gateway on loopback posts its delivery report to our live callback endpoint."""
    from datetime import date
    from decimal import Decimal

    from huikuan.cases.choices import EventKind
    from huikuan.cases.models import CaseEvent
    from huikuan.cases.schemas import CaseCreateIn, DebtIn, DebtorIn
    from huikuan.cases.services import case_register
    from huikuan.outreach.models import SenderProfile
    from huikuan.outreach.services import message_deliver
    from tests.conftest import org_of

    settings.HUIKUAN_SMS_CALLBACK_URL = live_server.url + reverse("api-1:outreach_sms_report")
    org = org_of(creditor_a)
    SenderProfile.objects.create(organisation=org, display_name="甲公司 财务部", verified_at=clock(), verified_by=staff)
    case = case_register(
        organisation=org,
        data=CaseCreateIn(
            debtor=DebtorIn(kind="person", name="李强", mobile="13912345678"),
            debt=DebtIn(
                debt_type="goods", principal=Decimal("5000"), contract_date=date(2024, 1, 1), due_date=date(2024, 2, 1)
            ),
        ),
        actor=creditor_a,
    )
    decision = message_send(
        case=case,
        actor=creditor_a,
        channel="sms",
        body="【甲公司 财务部】李强您好，货款尚未支付，请回电。",
        is_demand=True,
    )  # committed: this test runs without a wrapping transaction, so the task already ran
    message = OutboundMessage.objects.get(decision=decision)
    if message.status == "queued":
        message = message_deliver(message_id=message.pk)
    assert message.status == "sent"
    assert sms_gateway.report(message.reference, "delivered") == 200
    message.refresh_from_db()
    assert message.status == "delivered"
    event = CaseEvent.objects.get(case=case, kind=EventKind.DEMAND_DELIVERED)
    assert event.data["channel"] == "sms" and event.data["reference"] == message.reference
    assert event.data["date"] == "2026-03-02"


def test_sender_identity_page(client, creditor_a, staff):
    from huikuan.outreach.models import SenderProfile

    client.force_login(creditor_a)
    client.post(reverse("outreach:sender"), {"display_name": "甲公司 财务部 张会计", "phone": "0579-1"})
    profile = SenderProfile.objects.get()
    assert profile.display_name == "甲公司 财务部 张会计" and not profile.is_verified
    assert "awaiting verification" in client.get(reverse("outreach:plans")).content.decode()
    # Staff verify in the back office.
    client.force_login(staff)
    admin_url = reverse("admin:outreach_senderprofile_changelist")
    client.post(admin_url, {"action": "verify", "_selected_action": [profile.pk]})
    profile.refresh_from_db()
    assert profile.is_verified and profile.verified_by == staff
