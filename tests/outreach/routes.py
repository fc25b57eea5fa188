"""This app's rows of the permission matrix (collected by tests/permissions.py)."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.permissions import (
    CREATED,
    NOT_FOUND,
    OK,
    REDIRECT,
    REFUSED,
    ROLES,
    UNAUTHORISED,
    Route,
    api,
    page,
)

CASE = {"kwargs": lambda o: {"case_id": o["case"].pk}}
GOOD = "金华市宏远建材有限公司：货款尚未支付，如需分期请回复。甲公司 财务部"


def _post_page(name, kwargs, payload=None, *, staff=REDIRECT):
    return page(
        name, method="post", a=REDIRECT, b=NOT_FOUND, provider=NOT_FOUND, staff=staff, kwargs=kwargs, payload=payload
    )


def _post_api(name, kwargs, payload, *, a=OK):
    return api(name, method="post", a=a, b=NOT_FOUND, provider=NOT_FOUND, staff=REFUSED, kwargs=kwargs, payload=payload)


def _now_iso() -> str:
    return timezone.now().isoformat()


ROUTES = [
    # Pages on a case: creditor A's only; staff may look but not contact anyone.
    page("outreach:case_panel", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    page("outreach:lint", method="post", b=NOT_FOUND, provider=NOT_FOUND, payload=lambda o: {"body": GOOD}, **CASE),
    _post_page(
        "outreach:send",
        CASE["kwargs"],
        lambda o: {
            "recipient_id": o["case"].debt.debtor_id,
            "channel": "email",
            "message_kind": "follow_up",
            "subject": "通知",
            "body": GOOD,
        },
    ),
    _post_page(
        "outreach:clear", CASE["kwargs"], lambda o: {"recipient_id": o["case"].debt.debtor_id, "channel": "call"}
    ),
    _post_page(
        "outreach:preferences",
        CASE["kwargs"],
        lambda o: {"recipient_id": o["case"].debt.debtor_id, "opted_out_channels": ["sms"]},
    ),
    _post_page("outreach:plan_start", lambda o: {"case_id": o["case2"].pk}, lambda o: {"plan_id": o["plan"].pk}),
    _post_page(
        "outreach:listed_contact_add",
        CASE["kwargs"],
        lambda o: {"name": "张伟", "mobile": "13700001111", "listed_on": "2026-01-10"},
    ),
    _post_page(
        "outreach:reachability", CASE["kwargs"], lambda o: {"unreachable": "on", "reason": "number out of service"}
    ),
    _post_page(
        "outreach:call_log",
        lambda o: {"pk": o["call_clearance"].pk},
        lambda o: {
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "outcome": "no_answer",
            "duration_seconds": 0,
        },
    ),
    _post_page(
        "outreach:visit_log",
        lambda o: {"pk": o["visit_clearance"].pk},
        lambda o: {
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "participants": "王敏\n赵刚",
            "agent_checkin_location": "金华市婺城区八一南街 (agent check-in)",
        },
    ),
    _post_page("outreach:plan_stop", lambda o: {"pk": o["run"].pk}),
    _post_page("outreach:letter_dispatch", lambda o: {"pk": o["letter"].pk}, lambda o: {"tracking_number": "EMS1"}),
    _post_page(
        "outreach:letter_delivered",
        lambda o: {"pk": o["letter_sent"].pk},
        lambda o: {"signed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")},
    ),
    page("outreach:letter_pdf", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"pk": o["letter"].pk}),
    # Plan editor: every organisation has its own; staff read but own none.
    page("outreach:plans"),
    page(
        "outreach:sender",
        method="post",
        a=REDIRECT,
        b=REDIRECT,
        provider=REDIRECT,
        staff=NOT_FOUND,
        payload=lambda o: {"display_name": "某某 催收部"},
    ),
    page(
        "outreach:template_create",
        method="post",
        a=REDIRECT,
        b=REDIRECT,
        provider=REDIRECT,
        staff=NOT_FOUND,
        payload=lambda o: {
            "name": "T",
            "channel": "sms",
            "message_kind": "follow_up",
            "body": "{sender_name}：请回电。",
        },
    ),
    page(
        "outreach:plan_create",
        method="post",
        a=REDIRECT,
        b=REDIRECT,
        provider=REDIRECT,
        staff=NOT_FOUND,
        payload=lambda o: {"name": "P", "day": 0, "template_id": o["template"].pk},
    ),
    page("outreach:plan_detail", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"pk": o["plan"].pk}),
    page(
        "outreach:plan_step_add",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=NOT_FOUND,
        kwargs=lambda o: {"pk": o["plan"].pk},
        payload=lambda o: {"day": 5, "template_id": o["template"].pk},
    ),
    page(
        "outreach:plan_step_remove",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=NOT_FOUND,
        kwargs=lambda o: {"pk": o["plan"].steps.first().pk},
    ),
    # Each organisation reports on itself; staff on any.
    page("outreach:report"),
    page("outreach:report_csv"),
    # API
    api("api-1:outreach_decisions", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    _post_api(
        "api-1:outreach_message_send",
        CASE["kwargs"],
        lambda o: {"channel": "email", "subject": "通知", "body": GOOD},
        a=CREATED,
    ),
    api(
        "api-1:outreach_lint", method="post", b=NOT_FOUND, provider=NOT_FOUND, payload=lambda o: {"body": GOOD}, **CASE
    ),
    api("api-1:outreach_messages", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    _post_api(
        "api-1:outreach_letter_dispatch",
        lambda o: {"message_id": o["letter"].pk},
        lambda o: {"tracking_number": "EMS1"},
    ),
    _post_api(
        "api-1:outreach_letter_delivery",
        lambda o: {"message_id": o["letter_sent"].pk},
        lambda o: {"signed_at": _now_iso()},
    ),
    _post_api("api-1:outreach_clear", CASE["kwargs"], lambda o: {"channel": "call"}, a=CREATED),
    _post_api(
        "api-1:outreach_call_log",
        lambda o: {"decision_id": o["call_clearance"].pk},
        lambda o: {"started_at": _now_iso(), "outcome": "no_answer"},
        a=CREATED,
    ),
    _post_api(
        "api-1:outreach_visit_log",
        lambda o: {"decision_id": o["visit_clearance"].pk},
        lambda o: {
            "started_at": _now_iso(),
            "participants": ["王敏", "赵刚"],
            "agent_checkin_location": "agent check-in",
        },
        a=CREATED,
    ),
    api("api-1:outreach_recipients", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    api("api-1:outreach_listed_contacts", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    _post_api(
        "api-1:outreach_listed_contact_add",
        CASE["kwargs"],
        lambda o: {"name": "张伟", "email": "zhangwei@mail.test", "listed_on": "2026-01-10"},
        a=CREATED,
    ),
    api("api-1:outreach_reachability", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    _post_api(
        "api-1:outreach_reachability_set",
        CASE["kwargs"],
        lambda o: {"unreachable": True, "reason": "emails bounce"},
    ),
    api("api-1:outreach_preferences", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    _post_api("api-1:outreach_preferences_set", CASE["kwargs"], lambda o: {"opted_out_channels": ["sms"]}),
    api("api-1:outreach_templates"),
    api(
        "api-1:outreach_template_create",
        method="post",
        a=CREATED,
        b=CREATED,
        provider=CREATED,
        staff=REFUSED,
        payload=lambda o: {"name": "T", "channel": "sms", "body": "{sender_name}：请回电。"},
    ),
    api("api-1:outreach_plans"),
    api(
        "api-1:outreach_plan_create",
        method="post",
        a=CREATED,
        b=REFUSED,
        provider=REFUSED,
        staff=REFUSED,
        payload=lambda o: {"name": "P", "steps": [{"day": 0, "template_id": o["template"].pk}]},
    ),
    api("api-1:outreach_runs", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    _post_api(
        "api-1:outreach_plan_start",
        lambda o: {"case_id": o["case2"].pk},
        lambda o: {"plan_id": o["plan"].pk},
        a=CREATED,
    ),
    _post_api("api-1:outreach_plan_stop", lambda o: {"run_id": o["run"].pk}, lambda o: {}),
    api("api-1:outreach_report"),
    # Only the SMS gateway, with its own token, posts delivery reports: no session or API token works.
    Route(
        "api-1:outreach_sms_report",
        {role: UNAUTHORISED for role in ROLES},
        method="post",
        payload=lambda o: {"id": "gw-1", "status": "delivered"},
        api=True,
    ),
]


def setup(world: dict) -> None:
    """Add this app's objects to the shared world (called once per matrix test)."""
    from huikuan.accounts.models import User
    from huikuan.cases.models import Debtor
    from huikuan.cases.services import case_register
    from huikuan.outreach.models import GateDecision, OutboundMessage, PlanRun, RunStep, SenderProfile
    from huikuan.outreach.services import plan_create, template_create
    from tests.conftest import case_input, org_of

    creditor = world["users"]["creditor_a"]
    org = org_of(creditor)
    case = world["case"]
    Debtor.objects.filter(pk=case.debt.debtor_id).update(
        email="finance@hongyuan.test", address="浙江省金华市婺城区八一南街100号"
    )
    SenderProfile.objects.create(
        organisation=org,
        display_name="甲公司 财务部",
        verified_at=timezone.now(),
        verified_by=User.objects.filter(is_staff=True).first(),
    )
    template = template_create(
        organisation=org,
        actor=creditor,
        name="Demand",
        channel="letter",
        body="{recipient_name}：请付款。{sender_name}",
    )
    plan = plan_create(organisation=org, actor=creditor, name="Letters", steps=[(0, template.pk)])
    case2 = case_register(organisation=org, data=case_input(), actor=creditor)
    Debtor.objects.filter(pk=case2.debt.debtor_id).update(address="浙江省金华市婺城区八一南街100号")
    now = timezone.now()

    def decision(channel: str) -> GateDecision:
        return GateDecision.objects.create(
            case=case,
            organisation=org,
            recipient=case.debt.debtor,
            relation="debtor",
            channel=channel,
            address_index="x",
            outcome="allow",
            policy="cn-2025",
            decided_at=now,
        )

    def letter(status: str) -> OutboundMessage:
        message = OutboundMessage.objects.create(
            case=case,
            decision=decision("letter"),
            recipient=case.debt.debtor,
            channel="letter",
            message_kind="follow_up",
            body="请付款。",
            content_sha256="0" * 64,
            status=status,
            dispatched_at=now - timedelta(days=1) if status == "dispatched" else None,
            tracking_number="EMS0" if status == "dispatched" else "",
        )
        message.document.save(f"{message.uid}.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
        return message

    run = PlanRun.objects.create(case=case, plan=plan, organisation=org, started_at=now, started_by=creditor)
    RunStep.objects.create(run=run, day=0, template=template, due_at=now + timedelta(days=30))
    world.update(
        {
            "template": template,
            "plan": plan,
            "case2": case2,
            "run": run,
            "call_clearance": decision("call"),
            "visit_clearance": decision("visit"),
            "letter": letter("prepared"),
            "letter_sent": letter("dispatched"),
        }
    )
