"""Back office: staff verify sender identities and tighten creditors' policies. Evidence rows are
read-only and can never be deleted here."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    CallLog,
    ContactPlan,
    DeliveryReceipt,
    GateDecision,
    MessageTemplate,
    OutboundMessage,
    PlanStep,
    PolicyOverride,
    SenderProfile,
    Visit,
)


@admin.register(SenderProfile)
class SenderProfileAdmin(admin.ModelAdmin):
    list_display = ("display_name", "organisation", "verified_at", "verified_by")
    list_filter = ("verified_at",)
    search_fields = ("display_name", "organisation__name")
    readonly_fields = ("verified_at", "verified_by")
    actions = ("verify", "revoke")

    @admin.action(description=_("Verify the selected senders' identity"))
    def verify(self, request, queryset):
        queryset.update(verified_at=timezone.now(), verified_by=request.user)

    @admin.action(description=_("Withdraw verification"))
    def revoke(self, request, queryset):
        queryset.update(verified_at=None, verified_by=None)

    def save_model(self, request, obj, form, change):
        # A changed name or contact needs verifying again.
        if change and form.changed_data and set(form.changed_data) & {"display_name", "reply_email", "phone"}:
            obj.verified_at, obj.verified_by = None, None
        super().save_model(request, obj, form, change)


@admin.register(PolicyOverride)
class PolicyOverrideAdmin(admin.ModelAdmin):
    """`clean()` runs core.outreach.tighten_policy: any looser value is refused with its key."""

    list_display = ("organisation", "pack_id", "updated_at", "updated_by")
    search_fields = ("organisation__name",)
    readonly_fields = ("updated_by",)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyEvidence(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GateDecision)
class GateDecisionAdmin(ReadOnlyEvidence):
    list_display = ("pk", "decided_at", "organisation", "case", "channel", "outcome", "rule_ids", "source")
    list_filter = ("outcome", "channel", "source")
    search_fields = ("case__reference", "organisation__name")
    date_hierarchy = "decided_at"


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyEvidence):
    list_display = ("uid", "created_at", "case", "channel", "status", "is_demand", "reference")
    list_filter = ("channel", "status", "is_demand")
    search_fields = ("case__reference", "reference", "tracking_number")


@admin.register(DeliveryReceipt)
class DeliveryReceiptAdmin(ReadOnlyEvidence):
    list_display = ("message", "kind", "delivered", "occurred_at", "reference")
    list_filter = ("kind", "delivered")


@admin.register(CallLog)
class CallLogAdmin(ReadOnlyEvidence):
    list_display = ("case", "started_at", "outcome", "connected", "duration_seconds")


@admin.register(Visit)
class VisitAdmin(ReadOnlyEvidence):
    list_display = ("case", "started_at", "agent_checkin_location")


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    extra = 0


@admin.register(ContactPlan)
class ContactPlanAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation")
    inlines = [PlanStepInline]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "channel", "message_kind", "is_demand")
    list_filter = ("channel",)
