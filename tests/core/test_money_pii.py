from decimal import Decimal

import pytest

from huikuan.core.money import AmountError, fen, parse_amount
from huikuan.core.pii import PiiCipher


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12,345.67", Decimal("12345.67")), ("¥100", Decimal("100.00")), (" 0.01 ", Decimal("0.01"))],
)
def test_parse_amount(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["-5", "abc", "", "0", "1.234", "NaN", "Infinity", "1e30"])
def test_parse_amount_refuses(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_fen_rounds_half_up_and_refuses_float():
    assert fen("0.005") == Decimal("0.01")
    with pytest.raises(TypeError):
        fen(0.1)


def test_pii_round_trip_and_blind_index():
    cipher = PiiCipher("k" * 32)
    token = cipher.encrypt("330702199003074258")
    assert "330702199003074258" not in token
    assert cipher.decrypt(token) == "330702199003074258"
    # Encryption is randomised; the blind index is deterministic so lookups work.
    assert cipher.encrypt("330702199003074258") != token
    assert cipher.blind_index("330702199003074258") == cipher.blind_index("330702199003074258")
    assert PiiCipher("x" * 32).blind_index("330702199003074258") != cipher.blind_index("330702199003074258")
