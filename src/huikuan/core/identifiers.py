"""Chinese identifier validation: USCC (GB 32100-2015), resident ID (GB 11643-1999), mobile numbers.

Framework-free: plain strings in, a result or an `IdentifierError` out. Messages are English msgids;
the Django layer translates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .i18n import N_

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015: no I, O, S, V, Z
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 3^(i-1) mod 31 for positions 1-17
_ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]  # GB 11714 check on positions 9-16
_RID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_RID_CHECK = "10X98765432"
# Mobile virtual network operators' number blocks: flagged, never rejected (numbers are portable).
VIRTUAL_OPERATOR_PREFIXES = ("162", "165", "167", "170", "171")

# USCC digits 1-2: registration authority and organisation type (LEGAL_FACTS.md, "Identifiers").
USCC_ORG_TYPES = {
    "31": "law_firm",
    "32": "notary_office",
    "33": "legal_service_office",
    "35": "arbitration_commission",
    "51": "social_group",
    "52": "private_non_enterprise",
    "91": "enterprise",
    "92": "individual_business",
}


class IdentifierError(ValueError):
    """An identifier failed validation; `message` is an English msgid for translation."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def uscc_check_char(first17: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def _org_code_check(first8: str) -> str:
    total = 0
    for c, w in zip(first8, _ORG_CODE_WEIGHTS, strict=True):
        # GB 11714 maps letters A-Z to 10-35; digits to themselves.
        total += (int(c) if c.isdigit() else ord(c) - 55) * w
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate_uscc(value: str) -> str:
    """Return the normalised USCC or raise IdentifierError."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise IdentifierError(N_("A unified social credit code has 18 characters."))
    if any(c not in _USCC_VALUE for c in code):
        raise IdentifierError(N_("A unified social credit code uses digits and capital letters except I, O, S, V, Z."))
    if not code[2:8].isdigit():
        raise IdentifierError(N_("Characters 3 to 8 of a unified social credit code are the region code digits."))
    if uscc_check_char(code[:17]) != code[17]:
        raise IdentifierError(N_("The check character of this unified social credit code is wrong."))
    # Positions 9-17 carry a GB 11714 organisation code; its own check is advisory for codes
    # issued before 2015, so only the USCC check above rejects.
    return code


def uscc_org_type(code: str) -> str | None:
    return USCC_ORG_TYPES.get(code[:2])


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    male: bool
    region: str


def validate_resident_id(value: str) -> ResidentId:
    """Return the parsed resident ID or raise IdentifierError (GB 11643-1999)."""
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise IdentifierError(N_("A resident ID number has 17 digits followed by a digit or X."))
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentifierError(N_("The birth date inside this resident ID number does not exist.")) from None
    if birth.year < 1850 or birth > date.today():
        raise IdentifierError(N_("The birth date inside this resident ID number does not exist."))
    total = sum(int(c) * w for c, w in zip(number[:17], _RID_WEIGHTS, strict=True))
    if _RID_CHECK[total % 11] != number[17]:
        raise IdentifierError(N_("The check digit of this resident ID number is wrong."))
    return ResidentId(number=number, birth_date=birth, male=int(number[16]) % 2 == 1, region=number[:6])


@dataclass(frozen=True)
class Mobile:
    number: str
    virtual_operator: bool


def validate_mobile(value: str) -> Mobile:
    """Mainland mobile: 11 digits starting with 1; virtual-operator blocks are flagged, not rejected."""
    number = re.sub(r"[\s-]", "", value or "")
    if number.startswith("+86"):
        number = number[3:]
    if not re.fullmatch(r"1[3-9]\d{9}", number):
        raise IdentifierError(N_("A mainland mobile number has 11 digits and starts with 13 to 19."))
    return Mobile(number=number, virtual_operator=number.startswith(VIRTUAL_OPERATOR_PREFIXES))


def validate_region(value: str) -> str:
    """Administrative division code (GB/T 2260): six digits, e.g. 330702 for Wucheng, Jinhua."""
    code = (value or "").strip()
    if not re.fullmatch(r"[1-8]\d{5}", code):
        raise IdentifierError(N_("A region code has six digits, e.g. 330702."))
    return code


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """Show only the ends of a sensitive number (minimum necessity, PIPL art. 6)."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
