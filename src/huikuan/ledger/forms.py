"""Page forms: they parse text; the services decide what is valid."""

from __future__ import annotations

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import ChargeKind, Component, EntryType, Filing, Layout, PaymentMethod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today():
    return timezone.localdate()


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=DATE)


class PaymentForm(forms.Form):
    date = forms.DateField(label=_("Date received"), widget=DATE, initial=_today)
    amount = forms.CharField(label=_("Amount (CNY)"), max_length=30)
    payer = forms.CharField(label=_("Payer"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Bank or transaction reference"), max_length=200, required=False)
    receipt_ref = forms.CharField(
        label=_("Receipt"),
        max_length=200,
        required=False,
        help_text=_("Where the receipt or bank slip is kept, e.g. its evidence number."),
    )


class DebtorPaymentForm(forms.Form):
    date = forms.DateField(label=_("Date received"), widget=DATE, initial=_today)
    amount = forms.CharField(label=_("Amount (CNY)"), max_length=30)
    payer = forms.CharField(label=_("Payer"), max_length=200)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Bank or transaction reference"), max_length=200, required=False)
    designated_case_ids = forms.TypedMultipleChoiceField(
        label=_("Debts the debtor designated"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick only the debts the debtor named when paying; they are paid first. "
            "Otherwise the statutory order applies (Civil Code art. 560)."
        ),
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designated_case_ids"].choices = [
            (c.pk, f"{c.reference} · ¥{c.debt.principal} · {c.debt.due_date.isoformat()}") for c in cases
        ]


class ChargeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What for"), choices=ChargeKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    amount = forms.CharField(label=_("Amount (CNY)"), max_length=30)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    evidence_ref = forms.CharField(
        label=_("Evidence"),
        max_length=200,
        required=False,
        help_text=_("The invoice, court fee notice or fee agreement that proves it."),
    )


class WriteOffForm(forms.Form):
    component = forms.ChoiceField(label=_("Part written off"), choices=Component.choices[:3])
    date = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    amount = forms.CharField(label=_("Amount (CNY)"), max_length=30)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class ReversalForm(forms.Form):
    entry_type = forms.ChoiceField(choices=EntryType.choices, widget=forms.HiddenInput)
    entry_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is it reversed?"), max_length=500)


class FactForm(forms.Form):
    FACTS = [
        ("acknowledgement", _("The debtor acknowledged the debt")),
        ("repayment_plan", _("A repayment plan was agreed")),
        ("filing", _("A filing was made")),
        ("judgment", _("A judgment or enforceable order was made")),
    ]
    fact = forms.ChoiceField(label=_("What happened"), choices=FACTS)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=_today)
    filing = forms.ChoiceField(
        label=_("Filing"), choices=[("", "—"), *Filing.choices], required=False, help_text=_("For a filing only.")
    )
    performance_date = forms.DateField(
        label=_("Last day for performance"), widget=DATE, required=False, help_text=_("For a judgment only.")
    )
    amount = forms.CharField(
        label=_("Amount the judgment orders (CNY)"), max_length=30, required=False, help_text=_("For a judgment only.")
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (CSV or XLSX)"))
    layout = forms.ChoiceField(label=_("Layout"), choices=Layout.choices, initial=Layout.GENERIC)
    mapping = forms.CharField(
        label=_("Column mapping (custom layout)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            'JSON naming the header of each column, e.g. {"date": "记账日期", "credit": "收入", '
            '"payer": "付款人", "memo": ["用途", "附言"]}.'
        ),
    )

    def clean_mapping(self):
        text = self.cleaned_data["mapping"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise forms.ValidationError(_("The mapping is not valid JSON.")) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The mapping must be a JSON object."))
        return value
