"""This app's rows of the permission matrix (collected by tests/permissions.py)."""

import io

from tests.permissions import NOT_FOUND, REFUSED, api, page

CASE = {"kwargs": lambda o: {"case_id": o["case"].pk}}
ITEM = {"kwargs": lambda o: {"item_id": o["evidence_item"].pk}}

ROUTES = [
    page("evidence:case_panel", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    # Without a file the upload is refused (422) for those who may see the case.
    page("evidence:upload", method="post", a=REFUSED, b=NOT_FOUND, provider=NOT_FOUND, staff=REFUSED, **CASE),
    page("evidence:detail", b=NOT_FOUND, provider=NOT_FOUND, kwargs=lambda o: {"pk": o["evidence_item"].pk}),
    api("api-1:evidence_list", b=NOT_FOUND, provider=NOT_FOUND, **CASE),
    api("api-1:evidence_upload", method="post", a=REFUSED, b=NOT_FOUND, provider=NOT_FOUND, staff=REFUSED, **CASE),
    api("api-1:evidence_detail", b=NOT_FOUND, provider=NOT_FOUND, **ITEM),
    api("api-1:evidence_file", b=NOT_FOUND, provider=NOT_FOUND, **ITEM),
    api("api-1:evidence_proof", b=NOT_FOUND, provider=NOT_FOUND, **ITEM),
    api("api-1:evidence_entry", b=NOT_FOUND, provider=NOT_FOUND, **ITEM),
    api("api-1:evidence_certificate", b=NOT_FOUND, provider=NOT_FOUND, **ITEM),
    api("api-1:evidence_bundle", b=NOT_FOUND, provider=NOT_FOUND, **ITEM),
]


def setup(world: dict) -> None:
    """Add this app's objects to the shared world (called once per matrix test)."""
    from huikuan.evidence.log import log_sequence
    from huikuan.evidence.services import evidence_add

    pdf = b"%PDF-1.4\n% permission matrix\n%%EOF\n"
    world["evidence_item"], _ = evidence_add(
        case=world["case"], actor=world["users"]["creditor_a"], stream=io.BytesIO(pdf), name="matrix.pdf"
    )
    log_sequence()
