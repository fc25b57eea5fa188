from django.db.models import QuerySet

from .choices import OrgKind
from .models import ApiToken, Invitation, Membership, Organisation, User


def organisation_list(*, user: User, kind: str | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.all() if user.is_staff else Organisation.objects.filter(memberships__user=user)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name", "pk").distinct()


def primary_organisation(*, user: User) -> Organisation | None:
    """The creditor organisation a user works in by default (the first they joined)."""
    membership = (
        Membership.objects.filter(user=user, organisation__kind=OrgKind.CREDITOR)
        .select_related("organisation")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.organisation if membership else None


def current_organisation(*, user: User) -> Organisation | None:
    """The organisation a user's organisation page shows: the first they joined, of any kind."""
    membership = user.memberships.select_related("organisation").order_by("created_at", "pk").first()
    return membership.organisation if membership else None


def membership_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("created_at", "pk")


def invitation_open_list(*, organisation: Organisation) -> QuerySet[Invitation]:
    from django.utils import timezone

    return organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def api_token_list(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return organisation.api_tokens.select_related("created_by").order_by("revoked_at", "-created_at")
