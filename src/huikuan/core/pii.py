"""Encryption at rest and blind indexes for high-protection personal data (PIPL art. 51).

ID numbers and phone numbers are stored AES-GCM encrypted; equality search uses an HMAC
"blind index" so the plain value never sits in the database.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PREFIX = "v1:"


def _derive(master: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"huikuan-pii", info=purpose).derive(master.encode())


class PiiCipher:
    def __init__(self, master_key: str):
        self._aead = AESGCM(_derive(master_key, b"encrypt"))
        self._index_key = _derive(master_key, b"blind-index")

    def encrypt(self, plain: str) -> str:
        if plain == "":
            return ""
        nonce = os.urandom(12)
        return _PREFIX + base64.b64encode(nonce + self._aead.encrypt(nonce, plain.encode(), None)).decode()

    def decrypt(self, token: str) -> str:
        if not token:
            return ""
        if not token.startswith(_PREFIX):
            raise ValueError("unknown ciphertext format")
        raw = base64.b64decode(token[len(_PREFIX) :])
        return self._aead.decrypt(raw[:12], raw[12:], None).decode()

    def blind_index(self, plain: str) -> str:
        if plain == "":
            return ""
        return hmac.new(self._index_key, plain.encode(), hashlib.sha256).hexdigest()[:32]
