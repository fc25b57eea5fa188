from django import forms
from django.utils.translation import get_language


class DocumentFieldsForm(forms.Form):
    """The free-text fields a template declares, pre-filled with their defaults."""

    def __init__(self, *args, spec: list[dict], initial_values: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        english = (get_language() or "").startswith("en")
        for item in spec:
            rows = int(item.get("rows", 3) or 3)
            widget = forms.TextInput() if rows <= 1 else forms.Textarea(attrs={"rows": rows})
            self.fields[item["name"]] = forms.CharField(
                label=item.get("label_en" if english else "label_zh") or item["name"],
                required=False,
                max_length=5000,
                initial=initial_values.get(item["name"], ""),
                widget=widget,
            )
