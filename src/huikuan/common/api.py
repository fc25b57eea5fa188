"""API plumbing shared by every router: authentication and the error shapes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer, SessionAuth


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hk_…` — an organisation's API token."""

    def authenticate(self, request: HttpRequest, token: str):
        from huikuan.accounts.services import api_token_authenticate

        return api_token_authenticate(key=token)


class UserSessionAuth(SessionAuth):
    """The pages' session (CSRF-checked on writes)."""


AUTH = [TokenAuth(), UserSessionAuth()]


def actor_of(request: HttpRequest):
    """The token when one authenticated the call, else the signed-in user."""
    return request.auth if request.auth is not None and not hasattr(request.auth, "is_authenticated") else request.user


class FieldError(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    detail: list[FieldError] | str


ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Pagination(PageNumberPagination):
    """Page numbers with bounds, so an absurd page number is a 422, not a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int | None = Field(None, ge=1, le=100)
