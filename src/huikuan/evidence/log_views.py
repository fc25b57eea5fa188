"""The public, read-only HTTP face of the evidence log (C2SP tlog-tiles and checkpoint).

Anyone may fetch these: they carry hashes and the log's public key, never evidence or personal
data. Tiles and entry bundles are immutable (a partial tile of width W never changes), so they
are cacheable forever; the checkpoint moves, so it is revalidated.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from huikuan.tlog.merkle import ProofError, consistency_proof
from huikuan.tlog.tiles import TileError, TileHashReader, decode_bundle, encode_bundle, parse_tile_path

from . import log as evidence_log

IMMUTABLE = "public, max-age=31536000, immutable"
TEXT = "text/plain; charset=utf-8"


def _text(body: bytes | str, status: int = 200, cache: str = "no-cache") -> HttpResponse:
    response = HttpResponse(body, content_type=TEXT, status=status)
    response["Cache-Control"] = cache
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def key(request):
    return _text(evidence_log.verifier_key() + "\n", cache="public, max-age=3600")


@require_GET
def checkpoint(request):
    note = evidence_log.served_checkpoint()
    if note is None:
        return _text(_("The log is empty.") + "\n", status=404)
    return _text(note)


@require_GET
def tile(request, path: str):
    try:
        ref = parse_tile_path("tile/" + path)
    except TileError:
        return _text(_("Not a tile path.") + "\n", status=404)
    store = evidence_log.storage()
    if ref.is_entries:
        data = store.read_bundle(ref.index)
        entries = decode_bundle(data) if data is not None else []
        if len(entries) < ref.width:
            return _text(_("No such tile.") + "\n", status=404)
        body = data if len(entries) == ref.width else encode_bundle(entries[: ref.width])
    else:
        data = store.read_tile(ref.level, ref.index)
        if data is None or len(data) < ref.width * 32:
            return _text(_("No such tile.") + "\n", status=404)
        body = data[: ref.width * 32]
    response = HttpResponse(body, content_type="application/octet-stream")
    response["Cache-Control"] = IMMUTABLE
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def consistency(request):
    """``?from=N&to=M``: the RFC 9162 consistency proof, one base64 hash per line."""
    import base64

    size, _note = evidence_log.storage().head()
    try:
        first, second = int(request.GET.get("from", "")), int(request.GET.get("to", size))
    except ValueError:
        return _text(_("from and to must be whole numbers.") + "\n", status=422)
    if not 0 < first <= second <= size:
        message = _("Consistency proofs need 0 < from ≤ to ≤ %(size)s (the current log size).") % {"size": size}
        return _text(message + "\n", status=422)
    try:
        proof = consistency_proof(TileHashReader(evidence_log.storage().read_tile, second), first, second)
    except (ProofError, TileError):
        return _text(_("No proof for these sizes.") + "\n", status=422)
    return _text("".join(base64.b64encode(h).decode() + "\n" for h in proof), cache=IMMUTABLE)
