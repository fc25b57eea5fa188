"""Money is Decimal yuan quantised to the fen (0.01), never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .i18n import N_

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # fits DecimalField(max_digits=14, decimal_places=2)


class AmountError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def fen(value: Decimal | int | str) -> Decimal:
    """Quantise to the fen, rounding half up as Chinese accounting does."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def parse_amount(value: object, *, allow_zero: bool = False) -> Decimal:
    """Parse user input ("12,345.67", "¥100") into a positive amount or raise AmountError."""
    text = str(value if value is not None else "").strip().replace(",", "").replace("，", "")
    text = text.removeprefix("¥").removeprefix("￥").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise AmountError(N_("Enter an amount in yuan, e.g. 12345.67.")) from None
    if not amount.is_finite():
        raise AmountError(N_("Enter an amount in yuan, e.g. 12345.67."))
    if amount < 0 or (amount == 0 and not allow_zero):
        raise AmountError(N_("The amount must be greater than zero."))
    if amount > MAX_AMOUNT:
        raise AmountError(N_("The amount is too large."))
    if amount != amount.quantize(FEN):
        raise AmountError(N_("Amounts have at most two decimal places (fen)."))
    return fen(amount)
