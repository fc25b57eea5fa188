import re

import pytest
from django.urls import reverse

from huikuan.accounts.choices import MemberRole, OrgKind
from huikuan.accounts.models import Invitation, Membership, Organisation, User
from huikuan.accounts.services import invitation_accept, invitation_create, membership_remove, user_signup
from huikuan.core.errors import ServiceError
from tests.conftest import PASSWORD, org_of


def test_signup_creates_creditor_org_with_owner(db):
    user = user_signup(email="Owner@Firm.test", password=PASSWORD, name="陈建华", organisation_name="恒达五金")
    membership = user.memberships.get()
    assert user.email == "owner@firm.test"
    assert membership.role == MemberRole.OWNER
    assert membership.organisation.kind == OrgKind.CREDITOR and membership.organisation.name == "恒达五金"
    assert user.password.startswith("md5$") or user.password.startswith("argon2")


def test_individual_signup_is_a_one_person_org(db):
    user = user_signup(email="solo@x.test", password=PASSWORD, name="张伟", individual=True)
    org = user.memberships.get().organisation
    assert org.is_individual and org.name == "张伟"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"password": "123"}, "password"),
        ({"password": "1234567890123"}, "password"),
        ({"organisation_name": ""}, "organisation_name"),
    ],
)
def test_signup_refusals_write_nothing(db, kwargs, field):
    data = {"email": "x@x.test", "password": PASSWORD, "name": "x", "organisation_name": "X"} | kwargs
    with pytest.raises(ServiceError) as exc:
        user_signup(**data)
    assert exc.value.field == field
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_duplicate_email_refused(creditor_a):
    with pytest.raises(ServiceError) as exc:
        user_signup(email="ALICE@a.test", password=PASSWORD, organisation_name="X")
    assert exc.value.field == "email"


def test_production_hasher_is_argon2():
    from django.conf import global_settings

    from huikuan.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert global_settings.PASSWORD_HASHERS != base.PASSWORD_HASHERS


def test_invitation_by_real_smtp_and_accept(creditor_a, smtp, django_capture_on_commit_callbacks):
    org = org_of(creditor_a)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            organisation=org,
            email="colleague@a.test",
            actor=creditor_a,
            accept_url="http://h/invitation/TOKEN/",
        )
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == "colleague@a.test"
    token = re.search(r"http://h/invitation/(\S+)/", smtp.body()).group(1)
    user = invitation_accept(token=token, password=PASSWORD, name="王丽")
    assert Membership.objects.get(user=user, organisation=org).role == MemberRole.MEMBER
    with pytest.raises(ServiceError):
        invitation_accept(token=token, password=PASSWORD)  # single use


def test_only_owner_invites(creditor_a, creditor_b):
    with pytest.raises(ServiceError):
        invitation_create(organisation=org_of(creditor_a), email="z@z.test", actor=creditor_b, accept_url="TOKEN")
    assert not Invitation.objects.exists()


def test_last_owner_cannot_be_removed(creditor_a):
    with pytest.raises(ServiceError):
        membership_remove(membership=creditor_a.memberships.get(), actor=creditor_a)


def test_password_reset_email_over_smtp(client, creditor_a, smtp):
    response = client.post(reverse("accounts:password_reset"), {"email": creditor_a.email})
    assert response.status_code == 302
    assert len(smtp.messages) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+/", smtp.body()).group(0)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else path
    new_password = "another-long-secret-77"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    creditor_a.refresh_from_db()
    assert creditor_a.check_password(new_password)


def test_unknown_email_reset_sends_nothing(client, db, smtp):
    client.post(reverse("accounts:password_reset"), {"email": "nobody@x.test"})
    assert smtp.messages == []


def test_signup_page_logs_in_and_shows_errors_in_chinese(client, db):
    response = client.post(
        reverse("accounts:signup"),
        {"name": "x", "email": "bad", "password": "1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "请输入有效的电子邮箱地址" in response.content.decode()
    response = client.post(
        reverse("accounts:signup"),
        {"name": "陈", "email": "new@x.test", "password": PASSWORD, "organisation_name": "新公司"},
    )
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_api_token_created_in_ui_is_shown_once(client, creditor_a):
    client.force_login(creditor_a)
    client.post(reverse("accounts:token_create"), {"name": "ERP"})
    page = client.get(reverse("accounts:organisation")).content.decode()
    key = re.search(r"(hk_[A-Za-z0-9_-]+)", page).group(1)
    assert client.get(reverse("api-1:case_list"), HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert key not in client.get(reverse("accounts:organisation")).content.decode()
