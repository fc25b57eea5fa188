from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huikuan.core.law.errors import LawInputError
from huikuan.core.law.money import amount_in_capitals, fen


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
        ("100", "壹佰元整"),
        ("10.05", "壹拾元零伍分"),  # a leading ten is written 壹拾 on instruments
        ("0.5", "伍角"),
        ("0.50", "伍角"),
        ("0.01", "壹分"),
        ("0.10", "壹角"),
        ("0", "零元整"),
        ("100000000.00", "壹亿元整"),
        ("1010.10", "壹仟零壹拾元壹角"),
        ("1001.01", "壹仟零壹元零壹分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("100010000", "壹亿零壹万元整"),
        ("10100", "壹万零壹佰元整"),
        ("110000", "壹拾壹万元整"),
        ("120000", "壹拾贰万元整"),
        ("68619.50", "陆万捌仟陆佰壹拾玖元伍角"),
        ("1000000001", "壹拾亿零壹元整"),
        ("100.005", "壹佰元零壹分"),  # half up to the fen first
    ],
)
def test_amount_in_capitals(amount, expected):
    assert amount_in_capitals(Decimal(amount)) == expected


_DIGITS = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True))
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}
_BIG = {"万": 10**4, "亿": 10**8}


def _parse_capitals(text: str) -> Decimal:
    """Independent reader of financial capitals, to check the writer."""
    integer, _, frac = text.partition("元") if "元" in text else ("", "", text)
    total = section = digit = 0
    for ch in integer:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += digit * _SMALL[ch]
            digit = 0
        else:
            unit = _BIG[ch]
            section += digit
            digit = 0
            total += section * unit  # amounts here stay below 万亿
            section = 0
    total += section + digit
    fen_total = total * 100
    prev = None
    for ch in frac:
        if ch in _DIGITS:
            prev = _DIGITS[ch]
        elif ch == "角":
            fen_total += prev * 10
        elif ch == "分":
            fen_total += prev
    return Decimal(fen_total) / 100


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_capitals_read_back_to_the_same_amount(n):
    value = (Decimal(n) / 100).quantize(Decimal("0.01"))
    text = amount_in_capitals(value)
    assert text.endswith(("整", "角", "分"))
    assert ("整" in text) == (n % 100 == 0)
    assert _parse_capitals(text) == value


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.005", "1.01"), ("1.004", "1.00"), ("-1.005", "-1.01"), (7, "7.00"), ("-0.001", "0.00")],
)
def test_fen_rounds_half_up(raw, expected):
    assert str(fen(raw)) == expected


def test_fen_rejects_float_nan_and_negative_when_asked():
    with pytest.raises(LawInputError) as e:
        fen(1.5)  # type: ignore[arg-type]
    assert e.value.field == "amount"
    with pytest.raises(LawInputError):
        fen("NaN")
    with pytest.raises(LawInputError) as e:
        fen("-3", field="payment", allow_negative=False)
    assert e.value.field == "payment"
    assert isinstance(e.value, ValueError)


def test_capitals_rejects_negative_and_huge():
    with pytest.raises(LawInputError):
        amount_in_capitals(Decimal("-1"))
    with pytest.raises(LawInputError):
        amount_in_capitals(Decimal("1e16"))
