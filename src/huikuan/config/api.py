"""The JSON API root: /api/v1/ (OpenAPI 3.1 at /api/v1/openapi.json, docs at /api/v1/docs)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from huikuan.common.api import AUTH
from huikuan.core.errors import ServiceError

api = NinjaAPI(
    title="Huikuan API",
    version="1",
    description="Register debts, follow cases and their timelines. Authenticate with a session or an "
    "organisation API token (`Authorization: Bearer hk_…`).",
    auth=AUTH,
    urls_namespace="api-1",
)


def _loc(field: str | None) -> list[str | int]:
    if not field or field == "__all__":
        return ["body"]
    return ["body", *(int(p) if p.isdigit() else p for p in field.split("."))]


@api.exception_handler(ServiceError)
def service_error(request, exc: ServiceError):
    detail = [
        {"loc": _loc(field), "msg": message, "type": "value_error"}
        for field, messages in exc.errors.items()
        for message in messages
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    detail = [
        {
            "loc": list(e.get("loc", [])),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "value_error")),
        }
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Ninja's only 400 is an unparseable body; say so in the caller's language.
    message = _("The request body is not valid JSON.") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": _("Authentication required.")}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


api.add_router("/", "huikuan.cases.api.router")
api.add_router("/evidence", "huikuan.evidence.api.router")
api.add_router("/ledger", "huikuan.ledger.api.router")
api.add_router("/documents", "huikuan.documents.api.router")
api.add_router("/outreach", "huikuan.outreach.api.router")
api.add_router("/assistant", "huikuan.assistant.api.router")
