from django.urls import reverse

from huikuan.cases.models import Case, Debtor
from huikuan.cases.services import case_register
from tests.conftest import PASSWORD, case_input, org_of


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_default_language_is_chinese_and_english_switchable(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="zh-Hans"' in page and "登录" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in page and "Sign in" in page


DEBTOR = {
    "kind": "company",
    "name": "永康市顺达工贸有限公司",
    "id_number": "91330702MA2D00002C",
    "mobile": "13812345678",
    "time_zone": "Asia/Shanghai",
}
DEBT = {
    "debt_type": "goods",
    "principal": "120,000.00",
    "contract_date": "2024-01-15",
    "due_date": "2024-03-31",
    "day_count_basis": "365",
    "guarantor_kind": "person",
    "guarantee_kind": "general",
}


def test_wizard_registers_a_debt(client, creditor_a):
    client.force_login(creditor_a)
    assert client.post(reverse("cases:register"), DEBTOR)["Location"] == reverse("cases:register_debt")
    assert client.post(reverse("cases:register_debt"), DEBT)["Location"] == reverse("cases:register_review")
    review = client.get(reverse("cases:register_review")).content.decode()
    assert "永康市顺达工贸有限公司" in review and "120,000.00" in review
    response = client.post(reverse("cases:register_review"))
    case = Case.objects.get()
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    detail = client.get(response["Location"]).content.decode()
    assert case.reference in detail and "案件已登记" in detail


def test_wizard_errors_beside_fields_in_chinese(client, creditor_a):
    client.force_login(creditor_a)
    bad = DEBTOR | {"id_number": "91330702MA2D00002D"}
    page = client.post(reverse("cases:register"), bad).content.decode()
    assert 'data-field="id_number"' in page and "校验" in page
    client.post(reverse("cases:register"), DEBTOR)
    page = client.post(
        reverse("cases:register_debt"), DEBT | {"principal": "-3", "due_date": "2023-01-01"}
    ).content.decode()
    assert 'data-field="principal"' in page and 'data-field="due_date"' in page
    assert not Debtor.objects.exists() and not Case.objects.exists()


def test_wizard_errors_in_english(client, creditor_a):
    client.force_login(creditor_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.post(
        reverse("cases:register"), DEBTOR | {"kind": "person", "id_number": "11010519491331002X"}
    ).content.decode()
    assert "The birth date inside this resident ID number does not exist." in page


def test_case_list_filters_and_htmx_fragment(client, creditor_a, make_case):
    make_case(creditor_a)
    client.force_login(creditor_a)
    full = client.get(reverse("cases:list"), {"status": "registered"})
    assert "<html" in full.content.decode()
    fragment = client.get(reverse("cases:list"), {"q": "宏远"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    body = fragment.content.decode()
    assert "<html" not in body and "金华市宏远建材有限公司" in body
    none = client.get(reverse("cases:list"), {"q": "无此人"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "金华市宏远建材有限公司" not in none.content.decode()


def test_transition_page_refuses_invalid_move_with_message(client, creditor_a, case_a):
    client.force_login(creditor_a)
    response = client.post(reverse("cases:transition", args=[case_a.pk]), {"to": "enforcement"}, follow=True)
    assert "不能变为" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.status == "registered"


def test_demo_data_is_idempotent(db, capsys):
    from django.core.management import call_command

    call_command("demo_data")
    first = (Case.objects.count(), Debtor.objects.count())
    call_command("demo_data")
    assert (Case.objects.count(), Debtor.objects.count()) == first
    assert first[0] >= 40
    statuses = set(Case.objects.values_list("status", flat=True))
    from huikuan.cases.choices import CaseStatus

    assert statuses == set(CaseStatus.values)
    out = capsys.readouterr().out
    assert "owner@hengda.demo" in out and "staff@huikuan.demo" in out


def test_login_page_signs_in(client, creditor_a):
    response = client.post(reverse("accounts:login"), {"username": creditor_a.email, "password": PASSWORD}, follow=True)
    assert "仪表盘" in response.content.decode()


def test_english_browser_still_gets_chinese_until_the_person_switches(client, db):
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-Hans"' in page
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert 'lang="en"' in page


def test_api_follows_accept_language(client, creditor_a):
    import json

    client.force_login(creditor_a)
    body = {"to": "enforcement"}
    c = case_register(organisation=org_of(creditor_a), data=case_input(), actor=creditor_a)
    url = reverse("api-1:case_transition", kwargs={"case_id": c.pk})
    en = client.post(url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    zh = client.post(url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "cannot become" in en.json()["detail"][0]["msg"]
    assert "不能变为" in zh.json()["detail"][0]["msg"]


def test_dashboard_lists_deadline_alerts_of_own_cases_only(client, creditor_a, creditor_b, make_case):
    from datetime import timedelta

    from django.utils import timezone

    from huikuan.ledger.models import DeadlineAlert

    mine, theirs = make_case(creditor_a), make_case(creditor_b)
    expiry = timezone.localdate() + timedelta(days=20)
    for case in (mine, theirs):
        DeadlineAlert.objects.create(
            case=case, deadline="limitation", label="诉讼时效", expiry=expiry, threshold=30, days_left=20
        )
    client.force_login(creditor_a)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert mine.reference in page and theirs.reference not in page


def test_timeline_shows_what_each_event_says(client, creditor_a, case_a):
    from datetime import date
    from decimal import Decimal

    from huikuan.cases.services import dispute_open
    from huikuan.ledger.services import payment_record

    payment_record(case=case_a, actor=creditor_a, date=date(2025, 6, 1), amount=Decimal("3000"), payer="宏远建材")
    dispute_open(case=case_a, actor=creditor_a, reason="质量异议")
    client.force_login(creditor_a)
    timeline = client.get(reverse("cases:detail", args=[case_a.pk])).content.decode()
    assert "3,000.00" in timeline and "宏远建材" in timeline and "质量异议" in timeline
