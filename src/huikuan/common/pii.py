"""Django glue for encrypted personal data: one cipher per process, keyed from settings."""

from functools import cache

from django.conf import settings

from huikuan.core.pii import PiiCipher


@cache
def cipher() -> PiiCipher:
    return PiiCipher(settings.DATA_KEY)


def encrypt(value: str) -> str:
    return cipher().encrypt(value)


def decrypt(value: str) -> str:
    return cipher().decrypt(value)


def blind_index(value: str) -> str:
    return cipher().blind_index(value)
