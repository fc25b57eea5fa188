"""This app's rows of the permission matrix (collected by tests/permissions.py)."""

from tests.permissions import NOT_FOUND, page

ROUTES = [
    page("assistant:case_panel", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"case_id": o["case"].pk}),
]


def setup(world: dict) -> None:
    """Add this app's objects to the shared world (called once per matrix test)."""
