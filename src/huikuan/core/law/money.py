"""Money helpers: amounts are ``Decimal`` quantised to the fen (0.01 CNY)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from huikuan.core.i18n import N_, msg
from huikuan.core.law.errors import LawInputError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# cn2an spells up to 万亿 (10^16); larger sums are not receivables.
_CAPITALS_LIMIT = Decimal("10000000000000000")


def fen(x: Decimal | int | str, *, field: str = "amount", allow_negative: bool = True) -> Decimal:
    """Quantise ``x`` to the fen, rounding half up.

    Floats are refused: a binary float cannot carry an exact amount of money.
    """
    if isinstance(x, bool | float):
        raise LawInputError(field, msg(N_("Must be a Decimal, int or str, not %(type)s."), type=type(x).__name__))
    try:
        value = Decimal(x)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise LawInputError(field, msg(N_("Not a number: %(value)s."), value=repr(x))) from exc
    if not value.is_finite():
        raise LawInputError(field, msg(N_("Not a finite number: %(value)s."), value=repr(x)))
    value = value.quantize(FEN, rounding=ROUND_HALF_UP)
    if value == 0:
        value = ZERO  # drop a negative zero
    if not allow_negative and value < 0:
        raise LawInputError(field, msg(N_("Must not be negative, got %(value)s."), value=value))
    return value


def to_fen_int(x: Decimal) -> int:
    """Whole fen as an integer, for exact splitting."""
    return int(fen(x) * 100)


def from_fen_int(n: int) -> Decimal:
    return (Decimal(n) / 100).quantize(FEN)


def amount_in_capitals(amount: Decimal | int | str) -> str:
    """Chinese financial capitals (大写金额) as written on bills and contracts.

    Follows the PBOC conventions for writing amounts on instruments: 整 after 元
    when there is no jiao or fen; 零 when the jiao is zero but the fen is not;
    a leading ten is written 壹拾. Example: 10.05 → 壹拾元零伍分.
    """
    value = fen(amount, field="amount", allow_negative=False)
    if value >= _CAPITALS_LIMIT:
        raise LawInputError("amount", msg(N_("Too large to write in capitals: %(value)s."), value=value))
    import cn2an  # deferred: its import costs ~50 ms and only this function needs it

    return cn2an.an2cn(f"{value:.2f}", "rmb")
