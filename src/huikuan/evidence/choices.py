from django.db import models
from django.utils.translation import gettext_lazy as _


class CaptureMethod(models.TextChoices):
    UPLOAD = "upload", _("Upload")
    GENERATED = "generated_document", _("Generated document")
    OUTBOUND = "outbound_message", _("Outbound message")
    SIGNED = "signed_agreement", _("Signed agreement")
    RECEIPT = "delivery_receipt", _("Delivery receipt")
