from django.contrib import admin

from .models import Case, CaseEvent, Debt, Debtor, Guarantee, Instalment


@admin.register(Debtor)
class DebtorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "organisation",
        "id_number_masked",
        "mobile_masked",
        "region",
        "created_at",
    ]
    list_filter = ["kind", "organisation"]
    search_fields = ["name"]
    # Encrypted columns and their blind indexes are never shown or edited by hand.
    exclude = ["id_number_enc", "id_number_index", "mobile_enc", "mobile_index"]
    readonly_fields = ["id_number_masked", "mobile_masked", "mobile_virtual_operator"]


class InstalmentInline(admin.TabularInline):
    model = Instalment
    extra = 0


class GuaranteeInline(admin.TabularInline):
    model = Guarantee
    extra = 0
    raw_id_fields = ["guarantor"]


@admin.register(Debt)
class DebtAdmin(admin.ModelAdmin):
    list_display = ["debtor", "debt_type", "principal", "due_date", "organisation"]
    list_filter = ["debt_type", "organisation"]
    search_fields = ["debtor__name"]
    raw_id_fields = ["debtor"]
    inlines = [InstalmentInline, GuaranteeInline]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "kind", "actor_label", "data"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["reference", "debt", "status", "organisation", "created_at"]
    list_filter = ["status", "organisation", "debt__debt_type"]
    search_fields = ["reference", "debt__debtor__name"]
    # Status changes go through case_transition so the timeline records them.
    readonly_fields = ["status", "paused_from", "reference", "debt", "organisation", "created_by"]
    inlines = [CaseEventInline]


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "actor_label", "created_at"]
    list_filter = ["kind"]
    readonly_fields = ["case", "kind", "actor", "actor_label", "data", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
