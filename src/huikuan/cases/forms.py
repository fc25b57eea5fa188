"""Page forms. They only parse text into the typed inputs (schemas); services decide what is valid."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CaseStatus, DayCountBasis, DebtorKind, DebtType, GuaranteeKind
from .schemas import CaseFilterIn, DebtIn, DebtorIn, GuarantorIn, InstalmentIn

DATE = forms.DateInput(attrs={"type": "date"})


class DebtorForm(forms.Form):
    existing = forms.TypedChoiceField(label=_("Existing debtor"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Debtor is a"), choices=DebtorKind.choices, initial=DebtorKind.COMPANY)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    id_number = forms.CharField(
        label=_("USCC or resident ID number"),
        max_length=30,
        required=False,
        help_text=_("18 characters: the unified social credit code of a company, or a person's resident ID."),
    )
    mobile = forms.CharField(label=_("Mobile"), max_length=20, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    region = forms.CharField(
        label=_("Region code"),
        max_length=6,
        required=False,
        help_text=_("Six digits, e.g. 330702 (Wucheng, Jinhua)"),
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=40, initial="Asia/Shanghai")

    def __init__(self, *args, debtors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].choices = [("", _("— a new debtor —"))] + [(d.pk, d.name) for d in debtors]

    def clean(self):
        data = super().clean()
        if not data.get("existing") and not (data.get("name") or "").strip():
            self.add_error("name", _("Enter the debtor's name."))
        return data

    def to_schema(self) -> DebtorIn:
        d = self.cleaned_data
        return DebtorIn(
            kind=d["kind"],
            name=d["name"] or "-",
            id_number=d["id_number"],
            mobile=d["mobile"],
            email=d["email"],
            address=d["address"],
            region=d["region"],
            time_zone=d["time_zone"] or "Asia/Shanghai",
        )


class DebtForm(forms.Form):
    debt_type = forms.ChoiceField(label=_("Debt type"), choices=DebtType.choices)
    principal = forms.CharField(label=_("Principal (CNY)"), max_length=20, help_text=_("e.g. 120000.00"))
    contract_date = forms.DateField(label=_("Contract date"), widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    instalments = forms.CharField(
        label=_("Instalment schedule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2025-01-31 50000\n2025-02-28 70000"}),
        help_text=_("Optional: one line per instalment, date then amount."),
    )
    interest_rate = forms.DecimalField(
        label=_("Agreed annual interest rate (%)"), required=False, max_digits=7, decimal_places=4
    )
    overdue_rate = forms.DecimalField(
        label=_("Overdue annual interest rate (%)"), required=False, max_digits=7, decimal_places=4
    )
    day_count_basis = forms.TypedChoiceField(
        label=_("Day count"), choices=DayCountBasis.choices, coerce=int, initial=DayCountBasis.ACTUAL_365
    )
    penalty_terms = forms.CharField(label=_("Penalty terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    creditor_is_licensed_lender = forms.BooleanField(label=_("We are a licensed financial institution"), required=False)
    description = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    guarantor_name = forms.CharField(label=_("Guarantor's name"), max_length=200, required=False)
    guarantor_kind = forms.ChoiceField(label=_("Guarantor is a"), choices=DebtorKind.choices, initial=DebtorKind.PERSON)
    guarantor_id_number = forms.CharField(label=_("Guarantor's USCC or resident ID"), max_length=30, required=False)
    guarantee_kind = forms.ChoiceField(
        label=_("Guarantee type"),
        choices=GuaranteeKind.choices,
        initial=GuaranteeKind.GENERAL,
        help_text=_("If the contract does not say, it is a general guarantee (Civil Code art. 686)."),
    )

    def clean_principal(self) -> Decimal:
        raw = self.cleaned_data["principal"].strip().replace(",", "")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in yuan, e.g. 12345.67.")) from None
        if not value.is_finite():
            raise forms.ValidationError(_("Enter an amount in yuan, e.g. 12345.67."))
        return value

    def clean_instalments(self) -> list[InstalmentIn]:
        rows = []
        for n, line in enumerate(self.cleaned_data["instalments"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace(",", " ").replace("，", " ").split()
            try:
                rows.append(InstalmentIn(due_date=date.fromisoformat(parts[0]), amount=Decimal(parts[1])))
            except (IndexError, ValueError, InvalidOperation):
                raise forms.ValidationError(
                    _("Line %(n)s: write a date and an amount, e.g. 2025-01-31 50000.") % {"n": n}
                ) from None
        return rows

    def to_schema(self) -> DebtIn:
        d = self.cleaned_data
        guarantors = []
        if d["guarantor_name"].strip():
            guarantors.append(
                GuarantorIn(
                    debtor=DebtorIn(
                        kind=d["guarantor_kind"], name=d["guarantor_name"], id_number=d["guarantor_id_number"]
                    ),
                    kind=d["guarantee_kind"],
                )
            )
        return DebtIn(
            debt_type=d["debt_type"],
            principal=d["principal"],
            contract_date=d["contract_date"],
            due_date=d["due_date"],
            instalments=d["instalments"],
            interest_rate=d["interest_rate"],
            overdue_rate=d["overdue_rate"],
            day_count_basis=d["day_count_basis"],
            penalty_terms=d["penalty_terms"],
            creditor_is_licensed_lender=d["creditor_is_licensed_lender"],
            description=d["description"],
            guarantors=guarantors,
        )


# Service error paths → the wizard's form fields.
DEBT_FIELD_MAP = {
    "debt.guarantors.0.debtor.id_number": "guarantor_id_number",
    "debt.guarantors.0.debtor.name": "guarantor_name",
    "debt.guarantors.0": "guarantor_name",
}


def debt_form_field(path: str) -> str | None:
    if path in DEBT_FIELD_MAP:
        return DEBT_FIELD_MAP[path]
    if path.startswith("debt.instalments"):
        return "instalments"
    if path.startswith("debt."):
        return path.removeprefix("debt.")
    return None


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Debtor or reference"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any")), *list(CaseStatus.choices)])
    debt_type = forms.ChoiceField(
        label=_("Debt type"), required=False, choices=[("", _("Any")), *list(DebtType.choices)]
    )
    min_principal = forms.DecimalField(
        label=_("Principal from"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    max_principal = forms.DecimalField(
        label=_("Principal to"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    due_from = forms.DateField(label=_("Due from"), required=False, widget=DATE)
    due_to = forms.DateField(label=_("Due to"), required=False, widget=DATE)

    def to_schema(self) -> CaseFilterIn:
        if not self.is_valid():
            return CaseFilterIn()
        return CaseFilterIn(**{k: v for k, v in self.cleaned_data.items() if v not in ("", None)})


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"), choices=())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Any status parses; the service decides what is allowed. The menu offers only allowed moves.
        self.fields["to"].choices = CaseStatus.choices
        self.fields["to"].widget.choices = [(s.value, s.label) for s in CaseStatus if s in targets]


class DisputeForm(forms.Form):
    reason = forms.CharField(label=_("What is disputed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class DisputeResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
