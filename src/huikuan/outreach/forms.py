"""Page forms: they parse text; the services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import CallOutcome, Channel, MessageKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MESSAGE_CHOICES = [(c.value, c.label) for c in (Channel.EMAIL, Channel.SMS, Channel.LETTER)]
MANUAL_CHOICES = [(c.value, c.label) for c in (Channel.CALL, Channel.VISIT)]


class _RecipientForm(forms.Form):
    recipient_id = forms.TypedChoiceField(label=_("Recipient"), coerce=int)

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"debtor": _("debtor"), "guarantor": _("guarantor")}
        self.fields["recipient_id"].choices = [(d.pk, f"{d.name} ({labels[r]})") for d, r in parties]


CONTACT_PREFIX = "contact:"


class _AddresseeForm(forms.Form):
    """The only people a contact can be addressed to: the debtor, each guarantor, and the contacts
    the debtor listed. There is no free entry, so relatives, employers, schools or references
    cannot be chosen."""

    recipient_id = forms.ChoiceField(label=_("Recipient"))

    def __init__(self, *args, parties=(), contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"debtor": _("debtor"), "guarantor": _("guarantor")}
        choices = [(str(d.pk), f"{d.name} ({labels[r]})") for d, r in parties]
        choices += [(f"{CONTACT_PREFIX}{c.pk}", f"{c.name} ({_('contact listed by the debtor')})") for c in contacts]
        self.fields["recipient_id"].choices = choices

    def clean(self):
        data = super().clean()
        value = data.pop("recipient_id", None)
        if value is not None:
            if value.startswith(CONTACT_PREFIX):
                data["recipient_id"], data["contact_id"] = None, int(value.removeprefix(CONTACT_PREFIX))
            else:
                data["recipient_id"], data["contact_id"] = int(value), None
        return data


class SendForm(_AddresseeForm):
    channel = forms.ChoiceField(label=_("Channel"), choices=MESSAGE_CHOICES)
    message_kind = forms.ChoiceField(label=_("Kind of message"), choices=MessageKind.choices, initial="follow_up")
    subject = forms.CharField(label=_("Subject (email, letter)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("Checked by the message linter as you type; the gate checks it again before sending."),
    )
    is_demand = forms.BooleanField(
        label=_("This is a demand for payment (its delivery interrupts the limitation period)"), required=False
    )


class ClearanceForm(_AddresseeForm):
    channel = forms.ChoiceField(label=_("Contact"), choices=MANUAL_CHOICES)
    staff_count = forms.IntegerField(label=_("Staff attending (visits)"), min_value=1, max_value=20, required=False)


class CallLogForm(forms.Form):
    started_at = forms.DateTimeField(label=_("Call started"), widget=DATETIME)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CallOutcome.choices)
    connected = forms.BooleanField(label=_("Connected"), required=False)
    duration_seconds = forms.IntegerField(label=_("Duration (seconds)"), min_value=0, initial=0)
    recording_ref = forms.CharField(
        label=_("Recording file reference"),
        max_length=300,
        required=False,
        help_text=_("Calls are recorded; say where the recording is kept."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class VisitLogForm(forms.Form):
    started_at = forms.DateTimeField(label=_("Time of the visit"), widget=DATETIME)
    participants = forms.CharField(
        label=_("Participants (one name per line)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Every staff member who attended; at least two."),
    )
    agent_checkin_location = forms.CharField(
        label=_("Your own check-in location"),
        max_length=300,
        help_text=_(
            "Where you, the visiting agent, checked in, as proof of the visit. Never record the debtor's location."
        ),
    )
    outcome = forms.CharField(label=_("Outcome"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def participant_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["participants"].splitlines() if line.strip()]


class PreferenceForm(_RecipientForm):
    cease_contact = forms.BooleanField(label=_("The person asked that all contact cease"), required=False)
    opted_out_channels = forms.MultipleChoiceField(
        label=_("Opted out of"), choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


class PlanStartForm(forms.Form):
    plan_id = forms.TypedChoiceField(label=_("Contact plan"), coerce=int)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_id"].choices = [(p.pk, p.name) for p in plans]


class DispatchForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60)


class DeliveredForm(forms.Form):
    signed_at = forms.DateTimeField(label=_("Signed for at"), widget=DATETIME)
    signed_by = forms.CharField(label=_("Signed by"), max_length=100, required=False)


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), choices=MESSAGE_CHOICES)
    message_kind = forms.ChoiceField(label=_("Kind of message"), choices=MessageKind.choices, initial="follow_up")
    is_demand = forms.BooleanField(label=_("Demand for payment"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Variables: {recipient_name} {debtor_name} {creditor_name} {sender_name} {sender_phone} "
            "{sender_email} {case_reference} {principal} {due_date} {today} {dispute_instructions}"
        ),
    )


class StepForm(forms.Form):
    day = forms.IntegerField(label=_("Day"), min_value=0, max_value=365, initial=0)
    template_id = forms.TypedChoiceField(label=_("Template"), coerce=int)

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_id"].choices = [(t.pk, f"{t.name} ({t.get_channel_display()})") for t in templates]


class PlanForm(StepForm):
    name = forms.CharField(label=_("Plan name"), max_length=100)

    field_order = ["name", "day", "template_id"]


class ReportForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class SenderForm(forms.Form):
    display_name = forms.CharField(
        label=_("Name shown in every message"),
        max_length=100,
        help_text=_("Platform staff verify it before anything is sent; changing it needs verifying again."),
    )
    reply_email = forms.EmailField(label=_("Reply-to email"), required=False)
    phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)


class ListedContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    mobile = forms.CharField(label=_("Mobile"), max_length=30, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    listed_on = forms.DateField(
        label=_("Listed by the debtor on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ReachabilityForm(forms.Form):
    unreachable = forms.BooleanField(label=_("The debtor cannot be reached"), required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("E.g. number out of service, emails bounce, moved without a new address."),
    )
