import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openapi_spec_validator import validate

from huikuan.cases.choices import CaseStatus
from huikuan.cases.models import Case, Debt, Debtor
from huikuan.cases.services import case_transition


def post(client, name, payload, **kwargs):
    return client.post(reverse(name, kwargs=kwargs), data=json.dumps(payload), content_type="application/json")


PAYLOAD = {
    "debtor": {"kind": "person", "name": "王芳", "id_number": "330702199003074258", "mobile": "16512345678"},
    "debt": {
        "debt_type": "private_loan",
        "principal": "50000.00",
        "contract_date": "2024-08-01",
        "due_date": "2025-02-01",
        "interest_rate": "24",
    },
}


def test_create_case_and_read_it_back(client, creditor_a):
    client.force_login(creditor_a)
    response = post(client, "api-1:case_create", PAYLOAD)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "registered"
    assert body["debt"]["principal"] == "50000.00"
    assert body["debt"]["debtor"]["id_number_masked"] == "330702********4258"
    assert body["debt"]["debtor"]["mobile_virtual_operator"] is True
    timeline = client.get(reverse("api-1:case_timeline", kwargs={"case_id": body["id"]})).json()
    assert [e["kind"] for e in timeline["items"]] == ["case_registered"]


@pytest.mark.parametrize(
    ("path", "value", "loc"),
    [
        (("debtor", "id_number"), "330702199003074259", ["body", "debtor", "id_number"]),
        (("debtor", "id_number"), "330702199002304258", ["body", "debtor", "id_number"]),
        (("debt", "principal"), "-100", ["body", "debt", "principal"]),
        (("debt", "principal"), "lots", ["body", "payload", "debt", "principal"]),
        (("debt", "due_date"), "2024-01-01", ["body", "debt", "due_date"]),
        (("debt", "due_date"), "2024-02-30", ["body", "payload", "debt", "due_date"]),
        (("debt", "debt_type"), "extortion", ["body", "payload", "debt", "debt_type"]),
    ],
)
def test_bad_input_422_names_field_and_writes_nothing(client, creditor_a, path, value, loc):
    client.force_login(creditor_a)
    payload = json.loads(json.dumps(PAYLOAD))
    payload[path[0]][path[1]] = value
    response = post(client, "api-1:case_create", payload)
    assert response.status_code == 422
    locs = [d["loc"] for d in response.json()["detail"]]
    assert loc in locs, locs
    assert Case.objects.count() == Debt.objects.count() == Debtor.objects.count() == 0


def test_malformed_json_is_422_not_500(client, creditor_a):
    client.force_login(creditor_a)
    response = client.post(reverse("api-1:case_create"), data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)


def test_unknown_transition_is_422(client, case_a, creditor_a):
    client.force_login(creditor_a)
    response = post(client, "api-1:case_transition", {"to": "enforcement"}, case_id=case_a.pk)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "to"]
    response = post(client, "api-1:case_transition", {"to": "teleported"}, case_id=case_a.pk)
    assert response.status_code == 422
    case_a.refresh_from_db()
    assert case_a.status == CaseStatus.REGISTERED


def test_list_filters(client, creditor_a, make_case):
    big = make_case(creditor_a, principal=Decimal("900000"), debt_type="construction")
    small = make_case(creditor_a, principal=Decimal("5000"), due_date=date(2024, 12, 31))
    case_transition(case=small, to=CaseStatus.NEGOTIATING, actor=creditor_a)
    client.force_login(creditor_a)

    def refs(**params):
        return {c["reference"] for c in client.get(reverse("api-1:case_list"), params).json()["items"]}

    assert refs() == {big.reference, small.reference}
    assert refs(status="negotiating") == {small.reference}
    assert refs(debt_type="construction") == {big.reference}
    assert refs(min_principal="100000") == {big.reference}
    assert refs(max_principal="10000") == {small.reference}
    assert refs(due_from="2024-06-01") == {small.reference}
    assert refs(due_to="2024-06-01") == {big.reference}
    assert refs(q="宏远") == {big.reference, small.reference}
    assert refs(q="nobody") == set()
    assert client.get(reverse("api-1:case_list"), {"min_principal": "abc"}).status_code == 422


def test_openapi_is_valid_31_with_typed_responses(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ok = [code for code in op["responses"] if code.startswith("2")]
            assert ok, (path, method)
            for code in ok:
                content = op["responses"][code].get("content", {})
                # JSON answers carry a schema; file downloads declare their own media type instead.
                typed = (content.get("application/json") or {}).get("schema")
                assert typed or any(t != "application/json" for t in content), (path, method, code)


def test_docs_page(client):
    assert client.get("/api/v1/docs").status_code == 200
