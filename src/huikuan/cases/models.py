from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huikuan.accounts.actors import is_platform_staff, org_ids
from huikuan.common import pii
from huikuan.common.models import TimeStamped
from huikuan.core.identifiers import mask

from .choices import STATUS_COLOURS, CaseStatus, DayCountBasis, DebtorKind, DebtType, EventKind, GuaranteeKind


class TenantQuerySet(models.QuerySet):
    """Rows owned by a creditor organisation; `visible_to` is the one place tenancy is decided."""

    org_field = "organisation"

    def visible_to(self, actor) -> TenantQuerySet:
        if is_platform_staff(actor):
            return self
        # Providers get assigned cases in a later wave; until then they see nothing.
        return self.filter(**{f"{self.org_field}_id__in": org_ids(actor)})


class Debtor(TimeStamped):
    """A person or company as one creditor organisation knows them; never shared across creditors."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="debtors")
    kind = models.CharField(_("kind"), max_length=10, choices=DebtorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Resident IDs and phone numbers are encrypted at rest with a blind index for lookups (PIPL art. 51).
    id_number_enc = models.TextField(blank=True)
    id_number_index = models.CharField(max_length=32, blank=True, db_index=True)
    id_number_masked = models.CharField(_("identifier"), max_length=18, blank=True)
    mobile_enc = models.TextField(blank=True)
    mobile_index = models.CharField(max_length=32, blank=True, db_index=True)
    mobile_masked = models.CharField(_("mobile"), max_length=11, blank=True)
    mobile_virtual_operator = models.BooleanField(_("virtual-operator number"), default=False)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    region = models.CharField(_("region code"), max_length=6, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=40, default="Asia/Shanghai")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("debtor")
        verbose_name_plural = _("debtors")
        indexes = [models.Index(fields=["organisation", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return pii.decrypt(self.id_number_enc)

    @property
    def mobile(self) -> str:
        return pii.decrypt(self.mobile_enc)

    def set_id_number(self, value: str) -> None:
        self.id_number_enc = pii.encrypt(value)
        self.id_number_index = pii.blind_index(value)
        # A company's USCC is public; a person's ID is masked everywhere it is shown.
        self.id_number_masked = value if self.kind == DebtorKind.COMPANY else mask(value, 6, 4)

    def set_mobile(self, value: str) -> None:
        self.mobile_enc = pii.encrypt(value)
        self.mobile_index = pii.blind_index(value)
        self.mobile_masked = mask(value) if value else ""


class Debt(TimeStamped):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="debts")
    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="debts")
    debt_type = models.CharField(_("debt type"), max_length=20, choices=DebtType.choices)
    principal = models.DecimalField(_("principal (CNY)"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    contract_date = models.DateField(_("contract date"))
    due_date = models.DateField(_("due date"), help_text=_("For instalments: the last instalment's due date."))
    interest_rate = models.DecimalField(
        _("agreed annual interest rate (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    overdue_rate = models.DecimalField(
        _("overdue annual interest rate (%)"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    day_count_basis = models.PositiveSmallIntegerField(
        _("day count"), choices=DayCountBasis.choices, default=DayCountBasis.ACTUAL_365
    )
    penalty_terms = models.TextField(_("penalty terms"), blank=True)
    creditor_is_licensed_lender = models.BooleanField(_("creditor is a licensed financial institution"), default=False)
    description = models.TextField(_("description"), blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("debt")
        verbose_name_plural = _("debts")
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="debt_principal_positive"),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("contract_date")), name="debt_due_after_contract"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.debtor} ¥{self.principal}"


class Instalment(models.Model):
    debt = models.ForeignKey(Debt, on_delete=models.CASCADE, related_name="instalments")
    due_date = models.DateField(_("due date"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["due_date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.due_date} ¥{self.amount}"


class Guarantee(models.Model):
    """A guarantor of a debt: a debtor record in the guarantor role (Civil Code arts. 681-702)."""

    debt = models.ForeignKey(Debt, on_delete=models.CASCADE, related_name="guarantees")
    guarantor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="guarantees")
    kind = models.CharField(_("guarantee type"), max_length=10, choices=GuaranteeKind.choices)
    period_end = models.DateField(_("agreed guarantee period ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("guarantee")
        verbose_name_plural = _("guarantees")
        constraints = [models.UniqueConstraint(fields=["debt", "guarantor"], name="uniq_guarantor_per_debt")]

    def __str__(self) -> str:
        return f"{self.guarantor} ({self.get_kind_display()})"


def new_reference() -> str:
    return "HK" + secrets.token_hex(4).upper()


class Case(TimeStamped):
    """The recovery process of one debt: its status and timeline."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cases")
    debt = models.OneToOneField(Debt, on_delete=models.PROTECT, related_name="case")
    reference = models.CharField(_("reference"), max_length=12, unique=True, default=new_reference)
    status = models.CharField(
        _("status"), max_length=24, choices=CaseStatus.choices, default=CaseStatus.REGISTERED, db_index=True
    )
    paused_from = models.CharField(max_length=24, choices=CaseStatus.choices, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "grey")


class Dispute(TimeStamped):
    """A debtor's (or staff's) challenge to the claim. While open, collection pauses and no
    contact passes the outreach gate."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disputes")
    reason = models.TextField(_("reason"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    opened_by_label = models.CharField(_("opened by"), max_length=200, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")

    def __str__(self) -> str:
        return f"{self.case} dispute"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class CaseScopedQuerySet(models.QuerySet):
    """Rows that belong to a case (any app's): visible exactly when their case is."""

    def visible_to(self, actor) -> CaseScopedQuerySet:
        return self.filter(case__in=Case.objects.visible_to(actor))


class CaseEvent(models.Model):
    """Append-only timeline: written by services in the same transaction as the change."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_label = models.CharField(_("by"), max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"

    def save(self, *args, **kwargs):
        # The timeline is evidence: rows are written once and never changed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("case events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("case events are append-only")
