"""Optional RFC 3161 timestamps of checkpoints from a time-stamping authority (TSA).

Uses the ``rfc3161-client`` package, imported only when a timestamp is requested or checked,
so the offline verifier keeps needing nothing but ``cryptography``.  The stored value is the
TSA's whole ``TimeStampResp`` (DER); its token's message imprint is SHA-256 of the checkpoint
body.
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime

MAX_RESPONSE = 1 << 20


class TimestampError(ValueError):
    """The TSA refused, or its answer does not timestamp the data we sent."""


@dataclass(frozen=True)
class Timestamp:
    gen_time: datetime
    serial_number: int
    tsa_name: str


def _parse(response_der: bytes, data: bytes, nonce: int | None = None) -> Timestamp:
    from rfc3161_client import PKIStatus, decode_timestamp_response

    try:
        response = decode_timestamp_response(response_der)
    except ValueError as exc:
        raise TimestampError(f"not a TimeStampResp: {exc}") from exc
    if response.status not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(f"the TSA refused: status {response.status}")
    info = response.tst_info
    if info.message_imprint.message != hashlib.sha256(data).digest():
        raise TimestampError("the timestamp is for other data")
    if nonce is not None and info.nonce != nonce:
        raise TimestampError("the TSA answered with another nonce")
    return Timestamp(info.gen_time, info.serial_number, str(info.name) if info.name else "")


def request_timestamp(url: str, data: bytes, timeout: float = 10.0) -> bytes:
    """Ask the TSA at ``url`` to timestamp SHA-256(``data``); returns its TimeStampResp (DER)."""
    from rfc3161_client import HashAlgorithm, TimestampRequestBuilder

    request = (
        TimestampRequestBuilder()
        .data(data)
        .hash_algorithm(HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    http = urllib.request.Request(
        url, data=request.as_bytes(), method="POST", headers={"Content-Type": "application/timestamp-query"}
    )
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:
            body = answer.read(MAX_RESPONSE)
    except urllib.error.HTTPError as exc:
        raise TimestampError(f"the TSA answered HTTP {exc.code}") from exc
    _parse(body, data, request.nonce)
    return body


def check_timestamp(response_der: bytes, data: bytes, roots=None) -> Timestamp:
    """Parse a stored response and check it covers ``data``; with ``roots`` (x509 certificates)
    also verify the TSA's signature chain."""
    stamp = _parse(response_der, data)
    if roots:
        from rfc3161_client import VerificationError, VerifierBuilder, decode_timestamp_response

        builder = VerifierBuilder()
        for root in roots:
            builder = builder.add_root_certificate(root)
        try:
            builder.build().verify_message(decode_timestamp_response(response_der), data)
        except VerificationError as exc:
            raise TimestampError(f"the TSA signature does not verify: {exc}") from exc
    return stamp
