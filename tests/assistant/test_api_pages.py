"""POST /api/v1/assistant/ask and the htmx chat page."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from huikuan.accounts.services import api_token_create
from huikuan.core.assistant import DISCLAIMER
from huikuan.ledger.selectors import case_limitation
from tests.conftest import org_of

ASK = "api-1:assistant_ask"


def post(client, payload, **extra):
    return client.post(reverse(ASK), data=json.dumps(payload), content_type="application/json", **extra)


@pytest.mark.django_db
def test_api_answers_with_entries_citations_disclaimer_and_offer(client, creditor_a):
    client.force_login(creditor_a)
    response = post(client, {"question": "催收的人半夜打电话合法吗", "lang": "zh-Hans"})
    assert response.status_code == 200
    body = response.json()
    assert body["entries"] and all(e["citations"] for e in body["entries"])
    assert body["entries"][0]["id"].startswith("conduct")
    assert body["disclaimer"] == DISCLAIMER["zh-Hans"]
    assert body["provider_offer"]["text"]
    assert body["llm_text"] is None  # the model connection is off by default


@pytest.mark.django_db
def test_api_case_answer_with_a_token_matches_the_ledger(client, creditor_a, case_a):
    key = api_token_create(organisation=org_of(creditor_a), name="erp", actor=creditor_a).key
    response = post(
        client, {"question": "还有多久过诉讼时效?", "case_id": case_a.pk}, HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    expected = case_limitation(case=case_a, as_of=timezone.localdate()).limitation
    assert body["case_question"] == "limitation_status"
    assert body["case_answer"]["figures"]["expiry"] == expected.expiry.isoformat()
    assert body["case_answer"]["figures"]["days_left"] == expected.days_left
    assert body["case_reference"] == case_a.reference
    assert body["case_answer"]["source"]["url"] == f"/ledger/cases/{case_a.pk}/limitation/"


@pytest.mark.django_db
def test_api_refuses_other_organisations_cases_and_bad_input(client, creditor_b, case_a):
    client.force_login(creditor_b)
    assert post(client, {"question": "能申请支付令吗?", "case_id": case_a.pk}).status_code == 404
    assert post(client, {"question": ""}).status_code == 422
    assert post(client, {"question": "x" * 501}).status_code == 422
    assert post(client, {"question": "时效", "lang": "fr"}).status_code == 422
    assert post(client, {"nothing": 1}).status_code == 422


@pytest.mark.django_db
def test_chat_page_htmx_appends_an_answer(client, creditor_a, case_a):
    client.force_login(creditor_a)
    page = client.get(reverse("assistant:chat"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'hx-post="/assistant/ask/"' in html and case_a.reference in html  # the user's cases in the menu
    fragment = client.post(
        reverse("assistant:ask"), {"q": "能申请支付令吗?", "case": case_a.pk}, HTTP_HX_REQUEST="true"
    )
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert "<html" not in text and 'data-testid="case-answer"' in text
    assert 'data-question="payment_order_eligibility"' in text
    assert "金华市婺城区人民法院" in text
    assert DISCLAIMER["zh-Hans"] in text and 'data-testid="provider-offer"' in text
    assert f"/documents/cases/{case_a.pk}/new/payment_order/" in text


@pytest.mark.django_db
def test_chat_page_answers_a_linked_question_and_reports_form_errors(client, creditor_a, case_a):
    client.force_login(creditor_a)
    response = client.get(reverse("assistant:chat"), {"q": "这笔能走小额诉讼吗?", "case": case_a.pk})
    assert 'data-question="small_claims_eligibility"' in response.content.decode()
    bad = client.post(reverse("assistant:ask"), {"q": ""}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and 'data-field="q"' in bad.content.decode()


@pytest.mark.django_db
def test_case_panel_offers_the_three_case_questions(client, creditor_a, case_a):
    client.force_login(creditor_a)
    html = client.get(reverse("assistant:case_panel", kwargs={"case_id": case_a.pk})).content.decode()
    assert html.count(f"?case={case_a.pk}&amp;q=") == 3


def test_fixture_dates_are_in_the_past():
    assert date(2024, 3, 31) < timezone.localdate()
