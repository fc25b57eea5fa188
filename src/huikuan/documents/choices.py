from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    DEMAND_LETTER = "demand_letter", _("Demand letter")
    LAWYER_LETTER = "lawyer_letter", _("Lawyer's letter")
    PAYMENT_ORDER = "payment_order", _("Payment-order application")
    CIVIL_COMPLAINT = "civil_complaint", _("Civil complaint")
    PRESERVATION = "preservation", _("Property-preservation application")
    SETTLEMENT = "settlement", _("Settlement agreement")
    MEDIATION = "mediation", _("Mediation agreement")
    REPAYMENT_PLAN = "repayment_plan", _("Repayment plan")


class OutputFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"


# Only a law firm may issue a lawyer's letter (Lawyers Law art. 28; USCC type digits 31).
LAW_FIRM_USCC_PREFIX = "31"
LAW_FIRM_ONLY = frozenset({DocumentKind.LAWYER_LETTER})
