import json

import pytest
from django.urls import reverse

from huikuan.accounts.models import Invitation
from huikuan.accounts.services import api_token_create
from huikuan.cases.models import Dispute
from tests.conftest import PASSWORD, make_member, org_of
from tests.permissions import PUBLIC, ROLES, all_route_names, all_routes, setup_world

ROUTES = all_routes()


def test_every_route_has_an_answer_for_every_role():
    covered = {r.name for r in ROUTES} | PUBLIC
    missing = all_route_names() - covered
    assert not missing, f"routes without a permission-matrix entry: {sorted(missing)}"
    for route in ROUTES:
        assert set(route.expect) == set(ROLES), route.name


@pytest.fixture
def world(creditor_a, creditor_b, provider_user, staff, case_a):
    org = org_of(creditor_a)
    member = make_member("colleague@a.test", "临时")
    membership = member.memberships.get()
    membership.organisation = org
    membership.save()
    from datetime import timedelta

    from django.utils import timezone

    invitation = Invitation.objects.create(
        organisation=org,
        email="x@x.test",
        token_hash="h",
        invited_by=creditor_a,
        expires_at=timezone.now() + timedelta(days=1),
    )
    token = api_token_create(organisation=org, name="ERP", actor=creditor_a).token
    dispute = Dispute.objects.create(case=case_a, reason="金额有误")
    return setup_world(
        {
            "users": {
                "creditor_a": creditor_a,
                "creditor_b": creditor_b,
                "provider": provider_user,
                "staff": staff,
            },
            "case": case_a,
            "invitation": invitation,
            "member": membership,
            "token": token,
            "dispute": dispute,
        }
    )


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, route, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = reverse(route.name, kwargs=route.kwargs(world))
    payload = route.payload(world) if route.payload else {}
    if route.method == "get":
        response = client.get(url)
    elif route.api:
        response = client.post(url, data=json.dumps(payload), content_type="application/json")
    else:
        response = client.post(url, data=payload)
    expected = route.expect[role]
    assert response.status_code == expected, (route.name, role, response.content[:300])
    if role == "anonymous" and not route.api:
        assert reverse("accounts:login") in response["Location"]


def test_lists_never_leak_other_organisations(client, world, make_case, creditor_b):
    make_case(creditor_b)
    client.force_login(creditor_b)
    a_ref = world["case"].reference
    assert a_ref not in client.get(reverse("cases:list")).content.decode()
    assert a_ref not in client.get(reverse("web:dashboard")).content.decode()
    refs = [c["reference"] for c in client.get(reverse("api-1:case_list")).json()["items"]]
    assert refs and a_ref not in refs
    debtors = client.get(reverse("api-1:debtor_list")).json()["items"]
    assert world["case"].debt.debtor_id not in {d["id"] for d in debtors}


def test_api_token_sees_its_organisation_only(client, world, creditor_b, make_case):
    other = make_case(creditor_b)
    key = api_token_create(
        organisation=org_of(world["users"]["creditor_a"]), name="int", actor=world["users"]["creditor_a"]
    ).key
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get(reverse("api-1:case_detail", kwargs={"case_id": world["case"].pk}), **auth).status_code == 200
    assert client.get(reverse("api-1:case_detail", kwargs={"case_id": other.pk}), **auth).status_code == 404
    assert client.get(reverse("api-1:case_list"), HTTP_AUTHORIZATION="Bearer hk_wrong").status_code == 401


def test_revoked_token_is_refused(client, world):
    from huikuan.accounts.services import api_token_revoke

    creditor = world["users"]["creditor_a"]
    issued = api_token_create(organisation=org_of(creditor), name="old", actor=creditor)
    api_token_revoke(token=issued.token, actor=creditor)
    response = client.get(reverse("api-1:case_list"), HTTP_AUTHORIZATION=f"Bearer {issued.key}")
    assert response.status_code == 401


def test_sign_in_with_password(client, creditor_a):
    response = client.post(reverse("accounts:login"), {"username": creditor_a.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("web:dashboard")
