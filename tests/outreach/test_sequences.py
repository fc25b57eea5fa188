"""Contact plans: each step passes the gate when it fires; a dispute stops a running plan within
one task cycle and its next step is recorded as blocked."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from huikuan.cases.choices import EventKind
from huikuan.cases.models import CaseEvent
from huikuan.cases.services import dispute_open
from huikuan.core.errors import ServiceError
from huikuan.outreach.choices import RunStatus, StepStatus
from huikuan.outreach.models import GateDecision, OutboundMessage, PlanRun
from huikuan.outreach.services import plan_start, plan_stop, template_create
from huikuan.outreach.tasks import SEQUENCE_TICK, sequences_tick
from tests.conftest import org_of

pytestmark = pytest.mark.usefixtures("english")


def steps(run):
    return list(run.steps.order_by("day"))


def test_plan_runs_day_0_3_10_through_the_gate(
    outreach_case,
    creditor_a,
    verified_sender,
    standard_plan,
    smtp,
    sms_gateway,
    clock,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_start(case=outreach_case, plan=standard_plan, actor=creditor_a)
    # Starting enqueues one cycle at once: the day-0 notice (with dispute instructions) is sent.
    s0, s3, s10 = steps(run)
    assert s0.status == StepStatus.SENT and s3.status == StepStatus.PENDING
    assert len(smtp.messages) == 1
    assert "If you dispute this debt" in smtp.body()
    assert s0.decision.source == "sequence" and s0.decision.outcome == "allow"

    clock.advance(timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        sequences_tick.enqueue()
    s3.refresh_from_db()
    assert s3.status == StepStatus.SENT
    assert len(sms_gateway.received) == 1 and "0579-88886666" in sms_gateway.received[0]["text"]

    clock.advance(timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("outreach_tick", stdout=io.StringIO())
    s10.refresh_from_db()
    run.refresh_from_db()
    assert s10.status == StepStatus.SENT and run.status == RunStatus.COMPLETED
    letter = OutboundMessage.objects.get(decision=s10.decision)
    assert letter.channel == "letter" and letter.is_demand and letter.document
    assert CaseEvent.objects.filter(case=outreach_case, kind=EventKind.SEQUENCE_STARTED).count() == 1


def test_dispute_stops_running_sequence_within_one_cycle(
    outreach_case,
    creditor_a,
    staff,
    verified_sender,
    standard_plan,
    smtp,
    sms_gateway,
    clock,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_start(case=outreach_case, plan=standard_plan, actor=creditor_a)
    assert steps(run)[0].status == StepStatus.SENT
    clock.advance(timedelta(days=1))
    dispute_open(case=outreach_case, actor=staff, reason="金额有误，已部分付款")
    # One task cycle later (the periodic tick runs every minute):
    assert timedelta(minutes=1) >= SEQUENCE_TICK
    clock.advance(SEQUENCE_TICK)
    with django_capture_on_commit_callbacks(execute=True):
        sequences_tick.enqueue()
    run.refresh_from_db()
    assert run.status == RunStatus.STOPPED
    assert "CN-DISPUTE" in run.stopped_reason
    _s0, s3, s10 = steps(run)
    # The next step is recorded as blocked by the gate, with the rule; nothing else fires.
    assert s3.status == StepStatus.BLOCKED and "CN-DISPUTE" in s3.reason
    assert s3.decision.outcome == "block" and {"CN-DISPUTE", "CN-PAUSED"} <= set(s3.decision.rule_ids)
    assert s10.status == StepStatus.PENDING and s10.decision is None
    assert sms_gateway.received == [] and len(smtp.messages) == 1
    blocked = CaseEvent.objects.get(case=outreach_case, kind=EventKind.CONTACT_BLOCKED)
    assert blocked.data["decision"] == s3.decision_id and blocked.data["source"] == "sequence"
    assert CaseEvent.objects.filter(case=outreach_case, kind=EventKind.SEQUENCE_STOPPED).count() == 1
    # Later cycles do nothing more.
    clock.advance(timedelta(days=20))
    sequences_tick.enqueue()
    assert GateDecision.objects.filter(case=outreach_case).count() == 2


def test_step_blocked_by_opt_out_is_shown_and_plan_continues(
    outreach_case,
    creditor_a,
    verified_sender,
    standard_plan,
    smtp,
    sms_gateway,
    clock,
    django_capture_on_commit_callbacks,
):
    from huikuan.outreach.services import contact_preference_set

    contact_preference_set(case=outreach_case, actor=creditor_a, cease_contact=False, opted_out_channels=["sms"])
    with django_capture_on_commit_callbacks(execute=True):
        run = plan_start(case=outreach_case, plan=standard_plan, actor=creditor_a)
    clock.advance(timedelta(days=3, minutes=1))
    sequences_tick.enqueue()
    s3 = steps(run)[1]
    assert s3.status == StepStatus.BLOCKED and s3.reason.startswith("CN-OPT-OUT")
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING  # an opt-out ends one channel, not the plan
    assert sms_gateway.received == []


def test_step_outside_the_window_is_deferred_to_the_morning(
    outreach_case,
    creditor_a,
    verified_sender,
    standard_plan,
    smtp,
    sms_gateway,
    clock,
    django_capture_on_commit_callbacks,
):
    from datetime import UTC, datetime

    clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))  # 22:00 in Shanghai
    run = plan_start(case=outreach_case, plan=standard_plan, actor=creditor_a)
    sequences_tick.enqueue()
    s0 = steps(run)[0]
    assert s0.status == StepStatus.PENDING and s0.decision.outcome == "defer"
    assert s0.due_at == datetime(2026, 3, 3, 0, 0, tzinfo=UTC)  # 08:00 Shanghai
    assert smtp.messages == []
    clock.set(datetime(2026, 3, 3, 0, 1, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        sequences_tick.enqueue()
    s0.refresh_from_db()
    assert s0.status == StepStatus.SENT and len(smtp.messages) == 1


def test_missing_template_variable_refuses_to_start_and_writes_nothing(
    outreach_case, creditor_a, verified_sender, clock
):
    from huikuan.outreach.services import plan_create

    verified_sender.phone = ""
    verified_sender.save()
    t = template_create(
        organisation=org_of(creditor_a),
        actor=creditor_a,
        name="Call us",
        channel="email",
        subject="请回电",
        body="请致电{sender_phone}。{sender_name}",
    )
    plan = plan_create(organisation=org_of(creditor_a), actor=creditor_a, name="P", steps=[(0, t.pk)])
    events_before = CaseEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        plan_start(case=outreach_case, plan=plan, actor=creditor_a)
    assert "{sender_phone}" in exc.value.message and "nothing was sent" in exc.value.message
    assert PlanRun.objects.count() == 0 and CaseEvent.objects.count() == events_before


def test_unknown_template_variable_is_refused(creditor_a):
    with pytest.raises(ServiceError) as exc:
        template_create(
            organisation=org_of(creditor_a), actor=creditor_a, name="x", channel="sms", body="{debtor_phone}"
        )
    assert "debtor_phone" in exc.value.message


def test_stop_by_creditor(outreach_case, creditor_a, verified_sender, standard_plan, clock):
    run = plan_start(case=outreach_case, plan=standard_plan, actor=creditor_a)
    plan_stop(run=run, actor=creditor_a)
    run.refresh_from_db()
    assert run.status == RunStatus.STOPPED
    with pytest.raises(ServiceError):
        plan_stop(run=run, actor=creditor_a)


def test_tick_is_a_periodic_task_every_minute():
    from huikuan.common.scheduling import PERIODIC

    task_obj, every = PERIODIC[sequences_tick.module_path]
    assert task_obj is sequences_tick and every == timedelta(minutes=1)
