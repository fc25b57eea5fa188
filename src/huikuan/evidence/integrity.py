"""`huikuan log verify`: the tlog integrity check plus the database's own links to the log."""

from __future__ import annotations

from huikuan.tlog import Inconsistency, check_integrity
from huikuan.tlog.tiles import TILE_WIDTH, decode_bundle

from . import log as evidence_log
from .models import EvidenceItem, LogEntry
from .services import item_record


def log_verify() -> Inconsistency | None:
    """The first inconsistency of the evidence log, or None when it is sound."""
    store = evidence_log.storage()
    problem = check_integrity(store, evidence_log.log_verifier())
    if problem:
        return problem
    size, _ = store.head()
    integrated = LogEntry.objects.filter(log_index__isnull=False)
    if integrated.count() != size:
        return Inconsistency("entries", f"{integrated.count()} entries carry an index, the log holds {size}")
    bundle_index, bundle = -1, []
    for index, data in integrated.order_by("log_index").values_list("log_index", "data").iterator():
        if index // TILE_WIDTH != bundle_index:
            bundle_index = index // TILE_WIDTH
            bundle = decode_bundle(store.read_bundle(bundle_index) or b"")
        if bundle[index % TILE_WIDTH : index % TILE_WIDTH + 1] != [bytes(data)]:
            return Inconsistency(f"entry {index}", "the stored entry differs from the logged one")
    from huikuan.tlog import canonical_json

    for item in EvidenceItem.objects.select_related("log_entry").iterator():
        if bytes(item.log_entry.data) != canonical_json(item_record(item)):
            return Inconsistency(f"item {item.pk}", "the item's facts differ from its log entry")
    return None
