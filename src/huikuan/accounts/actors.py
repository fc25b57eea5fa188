"""Who is acting: a signed-in user or an organisation's API token.

Tenancy questions ("which organisations' data may this actor see?") are answered here, once,
and every selector builds on the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union

from django.contrib.auth.models import AnonymousUser

from .choices import OrgKind

if TYPE_CHECKING:
    from .models import ApiToken, User

Actor = Union["User", "ApiToken", AnonymousUser]


def is_token(actor: object) -> bool:
    from .models import ApiToken

    return isinstance(actor, ApiToken)


def is_platform_staff(actor: object) -> bool:
    return bool(getattr(actor, "is_authenticated", False) and getattr(actor, "is_staff", False))


def org_ids(actor: object, kind: str = OrgKind.CREDITOR) -> list[int]:
    """The organisations of `kind` whose data the actor works with (empty for anonymous)."""
    if is_token(actor):
        return [actor.organisation_id] if actor.organisation.kind == kind else []  # type: ignore[union-attr]
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        actor.memberships.filter(organisation__kind=kind).values_list("organisation_id", flat=True)  # type: ignore[union-attr]
    )


def user_of(actor: object) -> User | None:
    """The person behind an action, for the audit trail (a token's creator)."""
    if is_token(actor):
        return actor.created_by  # type: ignore[union-attr]
    return actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[return-value]
