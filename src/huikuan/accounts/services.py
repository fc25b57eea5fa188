"""Every write to accounts and organisations."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huikuan.core.errors import ServiceError

from .choices import MemberRole, OrgKind
from .models import ApiToken, Invitation, Membership, Organisation, User

INVITATION_DAYS = 7


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), field="password") from None


@transaction.atomic
def user_signup(
    *, email: str, password: str, name: str = "", organisation_name: str = "", individual: bool = False
) -> User:
    """Sign-up always creates a creditor organisation; an individual gets a one-person one."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ServiceError(_("An account with this email already exists."), field="email")
    if not individual and not organisation_name.strip():
        raise ServiceError(_("Enter your company's name, or sign up as an individual."), field="organisation_name")
    probe = User(email=email, name=name)
    _check_password(password, probe)
    user = User.objects.create_user(email=email, password=password, name=name.strip())
    organisation = Organisation.objects.create(
        name=(name.strip() or email) if individual else organisation_name.strip(),
        kind=OrgKind.CREDITOR,
        is_individual=individual,
    )
    Membership.objects.create(user=user, organisation=organisation, role=MemberRole.OWNER)
    return user


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str


def _require_owner(*, organisation: Organisation, actor: User) -> None:
    if not actor.has_perm("accounts.manage_organisation", organisation):
        raise ServiceError(_("Only an owner of the organisation may do this."))


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str = MemberRole.MEMBER, actor: User, accept_url: str
) -> IssuedInvitation:
    """Invite a person by email; the link carries a one-time token whose hash alone is stored."""
    _require_owner(organisation=organisation, actor=actor)
    email = email.strip().lower()
    if role not in MemberRole.values:
        raise ServiceError(_("Choose a valid role."), field="role")
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise ServiceError(_("This person is already a member."), field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    link = accept_url.replace("TOKEN", token)
    subject = _("You are invited to join %(org)s on Huikuan") % {"org": organisation.name}
    body = _(
        "%(who)s invited you to join %(org)s on Huikuan.\n\nOpen this link within %(days)s days to accept:\n%(link)s"
    ) % {"who": actor, "org": organisation.name, "days": INVITATION_DAYS, "link": link}
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    return IssuedInvitation(invitation=invitation, token=token)


def invitation_by_token(*, token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=_hash(token)).first()
    return invitation if invitation and invitation.is_open else None


@transaction.atomic
def invitation_accept(*, token: str, user: User | None = None, password: str = "", name: str = "") -> User:
    """Accept as the signed-in user, or create the account for the invited email."""
    invitation = invitation_by_token(token=token)
    if invitation is None:
        raise ServiceError(_("This invitation is invalid, expired or already used."))
    if user is None:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            _check_password(password, User(email=invitation.email, name=name))
            user = User.objects.create_user(email=invitation.email, password=password, name=name.strip())
        elif not user.check_password(password):
            raise ServiceError(_("An account exists for this email: sign in first."), field="password")
    Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    _require_owner(organisation=invitation.organisation, actor=actor)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    return invitation


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    _require_owner(organisation=membership.organisation, actor=actor)
    owners = membership.organisation.memberships.filter(role=MemberRole.OWNER)
    if membership.role == MemberRole.OWNER and owners.count() <= 1:
        raise ServiceError(_("An organisation keeps at least one owner."))
    membership.delete()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    key: str


TOKEN_PREFIX = "hk_"


@transaction.atomic
def api_token_create(*, organisation: Organisation, name: str, actor: User) -> IssuedToken:
    """Create an integration key; only its hash is kept, so it is shown once."""
    _require_owner(organisation=organisation, actor=actor)
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the token a name, e.g. the system that will use it."), field="name")
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        organisation=organisation, name=name[:100], prefix=key[:10], key_hash=_hash(key), created_by=actor
    )
    return IssuedToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    _require_owner(organisation=token.organisation, actor=actor)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """Look a presented key up by hash; revoked keys and missing organisations fail."""
    if not key.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(key_hash=_hash(key), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        # Coarse last-use stamp without a write per request.
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
