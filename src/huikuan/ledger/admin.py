"""Back office: staff keep the LPR table; ledger rows are read-only here (corrections are reversals)."""

from django import forms
from django.contrib import admin

from huikuan.core.errors import ServiceError

from .models import Charge, DeadlineAlert, LprRate, Payment, Reversal, WriteOff
from .services import lpr_rate_validate


class LprRateForm(forms.ModelForm):
    class Meta:
        model = LprRate
        fields = ["effective", "one_year", "five_year", "source"]

    def clean(self):
        data = super().clean()
        try:
            lpr_rate_validate(
                effective=data.get("effective"),
                one_year=data.get("one_year"),
                five_year=data.get("five_year"),
                exclude_pk=self.instance.pk,
            )
        except ServiceError as exc:
            for field, messages in exc.errors.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(LprRate)
class LprRateAdmin(admin.ModelAdmin):
    form = LprRateForm
    list_display = ["effective", "one_year", "five_year", "source", "created_at"]
    ordering = ["-effective"]

    def has_delete_permission(self, request, obj=None):
        # Past rows decide past interest; a wrong row is corrected by adding the right one.
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Charge)
class ChargeAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "date", "amount", "created_by_label", "created_at"]
    list_filter = ["kind"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["case", "date", "amount", "payer", "method", "created_at"]


@admin.register(WriteOff)
class WriteOffAdmin(ReadOnlyAdmin):
    list_display = ["case", "date", "component", "amount", "created_at"]


@admin.register(Reversal)
class ReversalAdmin(ReadOnlyAdmin):
    list_display = ["case", "charge", "payment", "write_off", "reason", "created_at"]


@admin.register(DeadlineAlert)
class DeadlineAlertAdmin(ReadOnlyAdmin):
    list_display = ["case", "deadline", "expiry", "threshold", "days_left", "created_at"]
