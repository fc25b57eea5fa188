"""Permission predicates for organisation-level actions."""

import rules

from .choices import MemberRole


@rules.predicate
def is_platform_staff(user, obj=None) -> bool:
    return bool(user.is_authenticated and user.is_staff)


@rules.predicate
def is_org_member(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return user.memberships.filter(organisation=organisation).exists()


@rules.predicate
def is_org_owner(user, organisation) -> bool:
    if organisation is None or not user.is_authenticated:
        return False
    return user.memberships.filter(organisation=organisation, role=MemberRole.OWNER).exists()


rules.add_perm("accounts.view_organisation", is_org_member | is_platform_staff)
rules.add_perm("accounts.manage_organisation", is_org_owner | is_platform_staff)
