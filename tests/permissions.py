"""The permission matrix: every route × every role, with the expected outcome.

`ROUTES` is the single table. A test walks the URL conf and fails when a named route has no
row here (or in `PUBLIC`), so a new page or endpoint cannot ship without an answer to
"who may see this".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

OK, CREATED, REDIRECT, UNAUTHORISED, NOT_FOUND, REFUSED = 200, 201, 302, 401, 404, 422
ROLES = ("anonymous", "creditor_a", "creditor_b", "provider", "staff")


@dataclass(frozen=True)
class Route:
    name: str
    expect: dict[str, int]
    method: str = "get"
    kwargs: Callable[[dict], dict] = lambda objs: {}
    payload: Callable[[dict], dict] | None = None
    api: bool = False
    extra: dict = field(default_factory=dict)


def page(name: str, *, a=OK, b=OK, provider=OK, staff=OK, kwargs=lambda o: {}, method="get", payload=None) -> Route:
    return Route(
        name,
        {"anonymous": REDIRECT, "creditor_a": a, "creditor_b": b, "provider": provider, "staff": staff},
        method=method,
        kwargs=kwargs,
        payload=payload,
    )


def api(name: str, *, a=OK, b=OK, provider=OK, staff=OK, kwargs=lambda o: {}, method="get", payload=None) -> Route:
    return Route(
        name,
        {"anonymous": UNAUTHORISED, "creditor_a": a, "creditor_b": b, "provider": provider, "staff": staff},
        method=method,
        kwargs=kwargs,
        payload=payload,
        api=True,
    )


def new_case_payload(objs: dict) -> dict:
    return {
        "debtor": {"kind": "company", "name": "永康市顺达工贸有限公司", "id_number": "91330702MA2D00002C"},
        "debt": {
            "debt_type": "goods",
            "principal": "5000.00",
            "contract_date": "2024-01-01",
            "due_date": "2024-02-01",
        },
    }


CASE = {"pk": lambda o: o["case"].pk}

ROUTES: list[Route] = [
    page("web:dashboard"),
    page("web:home", a=REDIRECT, b=REDIRECT, provider=REDIRECT, staff=REDIRECT),
    page("cases:list"),
    page("cases:detail", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"pk": o["case"].pk}),
    page(
        "cases:transition",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=REDIRECT,
        kwargs=lambda o: {"pk": o["case"].pk},
        payload=lambda o: {"to": "assessing"},
    ),
    page(
        "cases:dispute_open",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=REDIRECT,
        kwargs=lambda o: {"pk": o["case"].pk},
        payload=lambda o: {"reason": "金额不对"},
    ),
    page(
        "cases:dispute_resolve",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=REDIRECT,
        kwargs=lambda o: {"pk": o["dispute"].pk},
        payload=lambda o: {"resolution": "已核对"},
    ),
    # Only creditor organisations register debts.
    page("cases:register", provider=NOT_FOUND, staff=NOT_FOUND),
    page("cases:register_debt", a=REDIRECT, b=REDIRECT, provider=REDIRECT, staff=REDIRECT),
    page("cases:register_review", a=REDIRECT, b=REDIRECT, provider=NOT_FOUND, staff=NOT_FOUND),
    page("cases:register_cancel", method="post", a=REDIRECT, b=REDIRECT, provider=REDIRECT, staff=REDIRECT),
    page("accounts:organisation", staff=NOT_FOUND),  # staff without a membership use the back office
    page(
        "accounts:invite",
        method="post",
        a=REDIRECT,
        b=REDIRECT,
        provider=REDIRECT,
        staff=NOT_FOUND,
        payload=lambda o: {"email": "new@x.test", "role": "member"},
    ),
    page(
        "accounts:invitation_revoke",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=NOT_FOUND,
        kwargs=lambda o: {"pk": o["invitation"].pk},
    ),
    page(
        "accounts:member_remove",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=NOT_FOUND,
        kwargs=lambda o: {"pk": o["member"].pk},
    ),
    page(
        "accounts:token_create",
        method="post",
        a=REDIRECT,
        b=REDIRECT,
        provider=REDIRECT,
        staff=NOT_FOUND,
        payload=lambda o: {"name": "ERP"},
    ),
    page(
        "accounts:token_revoke",
        method="post",
        a=REDIRECT,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=NOT_FOUND,
        kwargs=lambda o: {"pk": o["token"].pk},
    ),
    api("api-1:case_list"),
    api("api-1:case_detail", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"case_id": o["case"].pk}),
    api("api-1:case_timeline", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"case_id": o["case"].pk}),
    api(
        "api-1:case_transition",
        method="post",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"case_id": o["case"].pk},
        payload=lambda o: {"to": "assessing"},
    ),
    api(
        "api-1:case_create",
        method="post",
        a=CREATED,
        b=CREATED,
        provider=REFUSED,
        staff=REFUSED,
        payload=new_case_payload,
    ),
    api("api-1:case_disputes", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"case_id": o["case"].pk}),
    api(
        "api-1:dispute_open",
        method="post",
        a=CREATED,
        b=NOT_FOUND,
        provider=NOT_FOUND,
        staff=CREATED,
        kwargs=lambda o: {"case_id": o["case"].pk},
        payload=lambda o: {"reason": "金额不对"},
    ),
    api(
        "api-1:dispute_resolve",
        method="post",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"dispute_id": o["dispute"].pk},
        payload=lambda o: {"resolution": "已核对"},
    ),
    api("api-1:debtor_list"),
    api(
        "api-1:debtor_detail",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        kwargs=lambda o: {"debtor_id": o["case"].debt.debtor_id},
    ),
    api(
        "api-1:debtor_create",
        method="post",
        a=CREATED,
        b=CREATED,
        provider=REFUSED,
        staff=REFUSED,
        payload=lambda o: {"kind": "person", "name": "张伟", "id_number": "330702199003074258"},
    ),
    api("api-1:debt_list"),
    api("api-1:debt_detail", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"debt_id": o["case"].debt_id}),
]

# Apps keep their own rows in tests/<app>/routes.py (ROUTES, and setup(world) for their objects).
APP_ROUTE_MODULES = ("evidence", "ledger", "documents", "outreach", "assistant")


def app_route_modules():
    import importlib

    return [importlib.import_module(f"tests.{app}.routes") for app in APP_ROUTE_MODULES]


# Routes anyone may open, each tested on its own: sign-in and sign-up, password reset, invitation
# links (the token is the credential), language switch, health check, API schema and docs.
PUBLIC = {
    "healthz",
    "set_language",
    "javascript-catalog",
    "accounts:login",
    "accounts:logout",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:accept",
    "api-1:openapi-json",
    "api-1:openapi-view",
    "api-1:api-root",
    # The evidence log is public by design: hashes and the public key only (C2SP tlog-tiles).
    "log:key",
    "log:checkpoint",
    "log:tile",
    "log-api:consistency",
}
# The Django admin has its own staff-only permission system.
SKIPPED_NAMESPACES = {"admin"}


def all_routes() -> list[Route]:
    return ROUTES + [route for module in app_route_modules() for route in module.ROUTES]


def setup_world(world: dict) -> dict:
    for module in app_route_modules():
        module.setup(world)
    return world


def all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                if ns in SKIPPED_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names
