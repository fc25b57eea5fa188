"""Enums of the outreach app, with the badge colours the pages use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")
    LETTER = "letter", _("Letter")
    CALL = "call", _("Call")
    VISIT = "visit", _("Visit")


MESSAGE_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.LETTER)
MANUAL_CHANNELS = (Channel.CALL, Channel.VISIT)


class Outcome(models.TextChoices):
    ALLOW = "allow", _("Allowed")
    BLOCK = "block", _("Blocked")
    DEFER = "defer", _("Deferred")


OUTCOME_COLOURS = {Outcome.ALLOW: "green", Outcome.BLOCK: "red", Outcome.DEFER: "amber"}


class MessageKind(models.TextChoices):
    # Keys of a policy pack's `required_elements`.
    FIRST_NOTICE = "first_notice", _("First notice (with dispute instructions)")
    FOLLOW_UP = "follow_up", _("Follow-up")
    REPLY = "reply", _("Reply to the debtor")


class Source(models.TextChoices):
    PAGE = "page", _("Page")
    API = "api", _("API")
    SEQUENCE = "sequence", _("Contact plan")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")  # accepted by the SMTP server or SMS gateway
    PREPARED = "prepared", _("Letter prepared")
    DISPATCHED = "dispatched", _("Letter posted")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


MESSAGE_STATUS_COLOURS = {
    MessageStatus.QUEUED: "grey",
    MessageStatus.SENT: "blue",
    MessageStatus.PREPARED: "grey",
    MessageStatus.DISPATCHED: "blue",
    MessageStatus.DELIVERED: "green",
    MessageStatus.FAILED: "red",
}


class ReceiptKind(models.TextChoices):
    SMTP_ACCEPT = "smtp_accept", _("Accepted by the recipient's mail server")
    SMS_REPORT = "sms_report", _("SMS delivery report")
    LETTER_SIGNED = "letter_signed", _("Letter signed for")


class CallOutcome(models.TextChoices):
    NO_ANSWER = "no_answer", _("No answer")
    BUSY = "busy", _("Busy")
    VOICEMAIL = "voicemail", _("Voicemail")
    WRONG_NUMBER = "wrong_number", _("Wrong number")
    SPOKE = "spoke", _("Spoke with the recipient")
    PROMISE = "promise", _("Promise to pay")
    REFUSED = "refused", _("Refused to pay")


# Outcomes that mean a connected call in which the recipient was spoken to (Reg F "conversation").
CONVERSATION_OUTCOMES = frozenset({CallOutcome.SPOKE, CallOutcome.PROMISE, CallOutcome.REFUSED})


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    STOPPED = "stopped", _("Stopped")
    COMPLETED = "completed", _("Completed")


RUN_STATUS_COLOURS = {RunStatus.RUNNING: "blue", RunStatus.STOPPED: "red", RunStatus.COMPLETED: "green"}


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    BLOCKED = "blocked", _("Blocked")
    FAILED = "failed", _("Failed")


STEP_STATUS_COLOURS = {
    StepStatus.PENDING: "grey",
    StepStatus.SENT: "green",
    StepStatus.BLOCKED: "red",
    StepStatus.FAILED: "red",
}
