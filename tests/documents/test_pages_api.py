"""Document pages (choose, preview, edit, generate, download, versions) and the JSON API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from huikuan.accounts.models import Membership
from huikuan.cases.choices import EventKind
from huikuan.documents.models import GeneratedDocument


@pytest.mark.django_db
def test_choose_preview_edit_generate_download(client, creditor, make_documented_case):
    case = make_documented_case()
    client.force_login(creditor)
    listing = client.get(reverse("documents:case_documents", kwargs={"case_id": case.pk})).content.decode()
    for title in ("催款函", "支付令申请书", "民事起诉状", "财产保全申请书", "和解协议", "调解协议", "还款计划"):
        assert title in listing
    assert "律师函" in listing  # shown, with the law-firm note instead of a button
    assert reverse("documents:compose", kwargs={"case_id": case.pk, "key": "lawyer_letter"}) not in listing

    url = reverse("documents:compose", kwargs={"case_id": case.pk, "key": "payment_order"})
    page = client.get(url).content.decode()
    assert 'data-testid="document-preview"' in page and "义乌市人民法院" in page and "义乌市恒信小商品有限公司" in page
    assert 'name="facts_reasons"' in page and "订立买卖合同" in page  # the default wording, filled from the case

    preview = client.post(
        reverse("documents:preview", kwargs={"case_id": case.pk, "key": "payment_order"}),
        {"facts_reasons": "被申请人多次承诺付款均未兑现。", "creditor_address": "金华市婺城区八一南街1号"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "<html" not in preview and "多次承诺付款均未兑现" in preview and "八一南街1号" in preview

    response = client.post(url, {"facts_reasons": "被申请人多次承诺付款均未兑现。", "creditor_address": "婺城"})
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:case_documents", kwargs={"case_id": case.pk})
    doc = GeneratedDocument.objects.get(case=case)
    assert doc.fields["facts_reasons"] == "被申请人多次承诺付款均未兑现。"
    assert "多次承诺付款均未兑现" in doc.html
    versions = client.get(reverse("documents:case_documents", kwargs={"case_id": case.pk})).content.decode()
    assert 'data-testid="document-versions"' in versions and doc.pdf_sha256[:14] in versions

    pdf = client.get(reverse("documents:download", kwargs={"pk": doc.pk, "fmt": "pdf"}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf).startswith(b"%PDF") and doc.filename("pdf") in pdf["Content-Disposition"]
    docx = client.get(reverse("documents:download", kwargs={"pk": doc.pk, "fmt": "docx"}))
    assert docx["Content-Type"].endswith("wordprocessingml.document") and b"".join(docx).startswith(b"PK")
    assert client.get(reverse("documents:download", kwargs={"pk": doc.pk, "fmt": "exe"})).status_code == 404
    panel = client.get(reverse("documents:case_panel", kwargs={"case_id": case.pk})).content.decode()
    assert "支付令申请书" in panel
    assert case.events.filter(kind=EventKind.DOCUMENT_GENERATED).count() == 1


@pytest.mark.django_db
def test_creditor_asking_for_a_lawyers_letter_gets_a_clear_refusal(client, creditor, make_documented_case):
    case = make_documented_case()
    client.force_login(creditor)
    client.cookies["django_language"] = "en"  # pages follow the language cookie, not Accept-Language
    url = reverse("documents:compose", kwargs={"case_id": case.pk, "key": "lawyer_letter"})
    with translation.override("en"):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        posted = client.post(url, {"deadline_days": "7"}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'data-testid="refused"' in page and "Only a law firm" in page
    assert posted.status_code == 422 and not GeneratedDocument.objects.exists()


@pytest.mark.django_db
def test_a_law_firm_member_issues_the_lawyers_letter_through_the_page(client, make_documented_case, law_firm, creditor):
    """Providers see no cases yet; here the firm's partner is also a member of the creditor (a later wave
    assigns cases to providers): the letter is issued in the firm's name."""
    case = make_documented_case()
    partner = law_firm.memberships.get().user
    Membership.objects.create(user=partner, organisation=case.organisation, role="member")
    client.force_login(partner)
    url = reverse("documents:compose", kwargs={"case_id": case.pk, "key": "lawyer_letter"})
    assert client.post(url, {"lawyers": "张律师"}).status_code == 302
    doc = GeneratedDocument.objects.get()
    assert doc.issuer == law_firm and "张律师" in doc.html


@pytest.mark.django_db
def test_api_templates_generate_list_download(client, creditor, make_documented_case, creditor_b):
    case = make_documented_case()
    client.force_login(creditor)
    templates = client.get(reverse("api-1:document_templates")).json()
    assert {t["key"] for t in templates} >= {"demand_letter", "payment_order", "mediation"}
    assert next(t for t in templates if t["key"] == "lawyer_letter")["law_firm_only"] is True
    url = reverse("api-1:document_generate", kwargs={"case_id": case.pk})
    created = client.post(
        url,
        data=json.dumps({"key": "mediation", "fields": {"mediator": "金华市婺城区人民调解委员会"}}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number"] == 1 and body["issuer"] == case.organisation.name and body["evidence_item_id"]
    listed = client.get(reverse("api-1:document_list", kwargs={"case_id": case.pk})).json()
    assert [d["id"] for d in listed] == [body["id"]]
    pdf = client.get(body["pdf_url"])
    assert pdf.status_code == 200 and b"".join(pdf).startswith(b"%PDF")
    assert b"".join(client.get(body["docx_url"])).startswith(b"PK")

    refused = client.post(url, data=json.dumps({"key": "lawyer_letter"}), content_type="application/json")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "key"]
    bad_field = client.post(
        url, data=json.dumps({"key": "mediation", "fields": {"x": "y"}}), content_type="application/json"
    )
    assert bad_field.status_code == 422 and bad_field.json()["detail"][0]["loc"] == ["body", "fields", "x"]
    assert client.post(url, data="{", content_type="application/json").status_code in (400, 422)

    client.force_login(creditor_b)
    assert client.get(body["pdf_url"]).status_code == 404
    assert client.post(url, data=json.dumps({"key": "mediation"}), content_type="application/json").status_code == 404


@pytest.mark.django_db
def test_admin_edits_a_template_and_bumps_its_version(client, staff):
    from huikuan.documents.models import DocumentTemplate

    client.force_login(staff)
    template = DocumentTemplate.objects.get(key="repayment_plan")
    url = reverse("admin:documents_documenttemplate_change", args=[template.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "还款计划书",
        "is_active": "on",
        "html": template.html.replace("<h1>还款计划</h1>", "<h1>还款计划书</h1>"),
        "fields": json.dumps(template.fields, ensure_ascii=False),
    }
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.title == "还款计划书" and template.version == 2 and "还款计划书" in template.html
    broken = client.post(url, {**data, "html": "{% for %}"})
    assert broken.status_code == 200 and "errorlist" in broken.content.decode()
    template.refresh_from_db()
    assert template.version == 2
