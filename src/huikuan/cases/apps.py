from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "huikuan.cases"
    label = "cases"
    verbose_name = _("Debtors, debts and cases")
