from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    CREDITOR = "creditor", _("Creditor")
    PROVIDER = "provider", _("Provider")
    STAFF = "staff", _("Platform staff")


class MemberRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")
