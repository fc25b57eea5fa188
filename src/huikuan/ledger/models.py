"""Ledger tables. Entries are append-only: a correction is a new reversal row, never an edit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huikuan.cases.models import Case, CaseScopedQuerySet, Debtor

from .choices import ChargeKind, Component, EntryType, ImportStatus, Layout, MatchStatus, PaymentMethod


class AppendOnlyQuerySet(CaseScopedQuerySet):
    """Bulk update and delete are refused too, so no code path can rewrite the ledger."""

    def update(self, **kwargs):
        raise ValueError("ledger entries are append-only")

    def delete(self):
        raise ValueError("ledger entries are append-only")


class AppendOnly(models.Model):
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_by_label = models.CharField(_("by"), max_length=200, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ledger entries are append-only")


class Charge(AppendOnly):
    """Something the debtor owes beyond the registered principal: extra principal, interest fixed
    to a date, a penalty, or a cost of realising the claim (court and lawyer fees)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="charges")
    kind = models.CharField(_("kind"), max_length=20, choices=ChargeKind.choices)
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    description = models.CharField(_("description"), max_length=500, blank=True)
    evidence_ref = models.CharField(_("evidence reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_charge_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ¥{self.amount}"


class DebtorPaymentQuerySet(AppendOnlyQuerySet):
    def visible_to(self, actor):
        return self.filter(debtor__in=Debtor.objects.visible_to(actor))


class DebtorPayment(AppendOnly):
    """One sum received from a debtor that covers several of their debts (Civil Code art. 560).

    Each case's share is an ordinary `Payment` pointing here; this row keeps the whole sum and the
    line-by-line explanation of the split (translatable messages as JSON, see `ledger.msgjson`)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    debtor = models.ForeignKey(Debtor, on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    payer = models.CharField(_("payer"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    designated = models.JSONField(default=list)  # case ids the debtor named, in their order
    # [{"case_id": int | None, "reference": str, "component": str, "amount": str, "explanation": msg}]
    lines = models.JSONField(default=list)
    explanation = models.JSONField(default=list)  # every message of the allocation, in order

    objects = DebtorPaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment covering several debts")
        verbose_name_plural = _("payments covering several debts")
        ordering = ["-date", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_debtorpayment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.date} ¥{self.amount}"


class Payment(AppendOnly):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments")
    # Set when this payment is one case's share of a payment covering several debts.
    debtor_payment = models.ForeignKey(
        DebtorPayment, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    payer = models.CharField(_("payer"), max_length=200)
    method = models.CharField(_("method"), max_length=20, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    receipt_ref = models.CharField(_("receipt reference"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.date} ¥{self.amount}"


class Allocation(AppendOnly):
    """One line of how a payment was applied, with the rule that put it there."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    line = models.PositiveSmallIntegerField()
    component = models.CharField(_("component"), max_length=20, choices=Component.choices)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    balance_before = models.DecimalField(max_digits=14, decimal_places=2)
    balance_after = models.DecimalField(max_digits=14, decimal_places=2)
    explanation = models.TextField(_("explanation"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["payment", "line"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_allocation_amount_positive"),
            models.UniqueConstraint(fields=["payment", "line"], name="ledger_allocation_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.component} ¥{self.amount}"


class WriteOff(AppendOnly):
    """The creditor gives up part of a component (a waiver, a settlement discount)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="write_offs")
    date = models.DateField(_("date"))
    component = models.CharField(_("component"), max_length=20, choices=Component.choices[:3])
    amount = models.DecimalField(_("amount (CNY)"), max_digits=14, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        verbose_name = _("write-off")
        verbose_name_plural = _("write-offs")
        ordering = ["date", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="ledger_writeoff_amount_positive")]

    def __str__(self) -> str:
        return f"{self.date} {self.component} ¥{self.amount}"


class Reversal(AppendOnly):
    """Cancels exactly one earlier entry; the entry itself stays as it was."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reversals")
    charge = models.OneToOneField(Charge, on_delete=models.PROTECT, null=True, blank=True, related_name="reversal")
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="reversal")
    write_off = models.OneToOneField(WriteOff, on_delete=models.PROTECT, null=True, blank=True, related_name="reversal")
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        verbose_name = _("reversal")
        verbose_name_plural = _("reversals")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(charge__isnull=False, payment__isnull=True, write_off__isnull=True)
                    | Q(charge__isnull=True, payment__isnull=False, write_off__isnull=True)
                    | Q(charge__isnull=True, payment__isnull=True, write_off__isnull=False)
                ),
                name="ledger_reversal_exactly_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"reversal of {self.entry_type} {self.entry_id}"

    @property
    def entry_type(self) -> str:
        if self.charge_id:
            return EntryType.CHARGE
        if self.payment_id:
            return EntryType.PAYMENT
        return EntryType.WRITE_OFF

    @property
    def entry_id(self) -> int:
        return self.charge_id or self.payment_id or self.write_off_id  # type: ignore[return-value]


class LprRate(models.Model):
    """One row of the Loan Prime Rate table; it applies from `effective` until the next row."""

    effective = models.DateField(_("effective from"), unique=True)
    one_year = models.DecimalField(_("one-year LPR (% per year)"), max_digits=6, decimal_places=3)
    five_year = models.DecimalField(_("five-year LPR (% per year)"), max_digits=6, decimal_places=3)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("LPR rate")
        verbose_name_plural = _("LPR table")
        ordering = ["effective"]
        constraints = [
            models.CheckConstraint(condition=Q(one_year__gt=0, five_year__gt=0), name="ledger_lpr_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.effective} {self.one_year}/{self.five_year}"


class DeadlineAlert(models.Model):
    """An alert raised once per threshold for one expiry of one deadline (see tasks.py)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_alerts")
    deadline = models.CharField(_("deadline"), max_length=60)  # "limitation", "enforcement", "guarantee:<id>"
    label = models.CharField(_("what"), max_length=300)
    expiry = models.DateField(_("expires"))
    threshold = models.PositiveSmallIntegerField(_("days before"))
    days_left = models.IntegerField(_("days left when raised"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        ordering = ["expiry", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "deadline", "expiry", "threshold"], name="ledger_alert_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.deadline} {self.expiry} ({self.threshold} d)"


class StatementImport(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("file"), max_length=255)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices)
    mapping = models.JSONField(default=dict)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accepted = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class StatementRow(models.Model):
    statement = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    errors = models.JSONField(default=list)
    date = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    payer = models.CharField(max_length=200, blank=True)
    account = models.CharField(max_length=64, blank=True)
    memo = models.CharField(max_length=500, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    # Same bank line imported twice is refused (per organisation).
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["statement", "row_number"]

    def __str__(self) -> str:
        return f"{self.statement} row {self.row_number}"


class MatchProposal(models.Model):
    row = models.ForeignKey(StatementRow, on_delete=models.CASCADE, related_name="proposals")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    confidence = models.DecimalField(max_digits=4, decimal_places=3)
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["row", "-confidence", "pk"]

    def __str__(self) -> str:
        return f"{self.row} → {self.case} ({self.confidence})"
