"""The competent basic-level court for a debtor's domicile (payment orders: CPL art. 225;
suits: CPL art. 22 — the defendant's domicile, unless a contract clause chose another court).

A small table for Jinhua's districts and counties; elsewhere the court is left to be confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

# Administrative division code (GB/T 2260) → basic-level people's court.
JINHUA_COURTS: dict[str, str] = {
    "330702": "金华市婺城区人民法院",
    "330703": "金华市金东区人民法院",
    "330723": "武义县人民法院",
    "330726": "浦江县人民法院",
    "330727": "磐安县人民法院",
    "330781": "兰溪市人民法院",
    "330782": "义乌市人民法院",
    "330783": "东阳市人民法院",
    "330784": "永康市人民法院",
}

UNCONFIRMED_COURT = "债务人住所地基层人民法院（待确认）"


@dataclass(frozen=True)
class Court:
    name: str
    confirmed: bool  # False: the user must confirm the court before filing
    region: str
    basis: str


def debtor_region(debtor) -> tuple[str, str]:
    """(region code, where it came from): the recorded region, else a company's USCC digits 3-8."""
    if debtor.region:
        return debtor.region, "region"
    if debtor.kind == "company" and debtor.id_number_masked and len(debtor.id_number_masked) == 18:
        # A company's USCC is stored in the clear; digits 3-8 are its registration authority's division.
        return debtor.id_number_masked[2:8], "uscc"
    return "", ""


def competent_court(debtor) -> Court:
    """The debtor's domicile court, or a clearly marked placeholder to be confirmed."""
    region, source = debtor_region(debtor)
    name = JINHUA_COURTS.get(region)
    if name:
        basis = _("the debtor's domicile (region %(code)s)") % {"code": region}
        if source == "uscc":
            basis = _("the debtor's registration region %(code)s (confirm the domicile)") % {"code": region}
        return Court(name=name, confirmed=source == "region", region=region, basis=basis)
    return Court(
        # Court filings are written in Chinese whatever the interface language.
        name=UNCONFIRMED_COURT,
        confirmed=False,
        region=region,
        basis=_("no court table for region %(code)s") % {"code": region or "—"},
    )
