from django import forms
from django.utils.translation import gettext_lazy as _


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("Your question"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. How long until the limitation period runs out?")}),
    )
    # A plain integer: the view looks the case up through the tenancy selector (another
    # organisation's case is a 404, not a form error).
    case = forms.IntegerField(label=_("About case"), required=False, widget=forms.Select)

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].widget.choices = [("", _("No case: general question"))] + [
            (c.pk, f"{c.reference} · {c.debt.debtor.name}") for c in cases
        ]
