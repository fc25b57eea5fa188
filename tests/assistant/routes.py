"""This app's rows of the permission matrix (collected by tests/permissions.py)."""

from tests.permissions import NOT_FOUND, api, page

ROUTES = [
    page("assistant:case_panel", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"case_id": o["case"].pk}),
    # Anyone signed in may ask general questions.
    page("assistant:chat"),
    page("assistant:ask", method="post", payload=lambda o: {"q": "诉讼时效是多久"}),
    # A question about a case is answered only for someone who may see the case.
    page(
        "assistant:ask",
        method="post",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        payload=lambda o: {"q": "还有多久过诉讼时效?", "case": o["case"].pk},
    ),
    api("api-1:assistant_ask", method="post", payload=lambda o: {"question": "能申请支付令吗?"}),
    api(
        "api-1:assistant_ask",
        method="post",
        b=NOT_FOUND,
        provider=NOT_FOUND,
        payload=lambda o: {"question": "能申请支付令吗?", "case_id": o["case"].pk},
    ),
]


def setup(world: dict) -> None:
    """Add this app's objects to the shared world (called once per matrix test)."""
