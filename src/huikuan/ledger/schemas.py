"""Typed inputs and outputs of the ledger API."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from .choices import ChargeKind, Component, EntryType, Filing, Layout, PaymentMethod


class PaymentIn(Schema):
    date: date
    amount: Decimal = Field(..., description="CNY, two decimal places, greater than zero")
    payer: str = Field(..., max_length=200)
    method: PaymentMethod = PaymentMethod.BANK_TRANSFER
    reference: str = Field("", max_length=200)
    receipt_ref: str = Field("", max_length=200, description="where the receipt is kept (evidence reference)")


class AllocationOut(Schema):
    line: int
    component: str
    amount: Decimal
    balance_before: Decimal
    balance_after: Decimal
    explanation: str


class PaymentOut(Schema):
    id: int
    case_id: int
    date: date
    amount: Decimal
    payer: str
    method: str
    reference: str
    receipt_ref: str
    created_at: datetime
    allocations: list[AllocationOut]

    @staticmethod
    def resolve_allocations(obj) -> list:
        return list(obj.allocations.order_by("line"))


class DebtorPaymentIn(Schema):
    date: date
    amount: Decimal = Field(..., description="CNY, two decimal places, greater than zero")
    payer: str = Field(..., max_length=200)
    method: PaymentMethod = PaymentMethod.BANK_TRANSFER
    reference: str = Field("", max_length=200)
    designated_case_ids: list[int] = Field(
        [], description="cases the debtor named when paying, in order (Civil Code art. 560); empty: statutory order"
    )


class DebtorPaymentShareOut(Schema):
    case_id: int
    reference: str
    payment_id: int
    amount: Decimal


class DebtorPaymentLineOut(Schema):
    case_id: int | None = Field(..., description="null on the overpayment line")
    reference: str
    component: str
    amount: Decimal
    explanation: str


class DebtorPaymentOut(Schema):
    id: int
    debtor_id: int
    date: date
    amount: Decimal
    payer: str
    method: str
    reference: str
    designated_case_ids: list[int]
    overpayment: Decimal
    shares: list[DebtorPaymentShareOut]
    lines: list[DebtorPaymentLineOut]
    explanation: list[str]
    created_at: datetime


class ChargeIn(Schema):
    kind: ChargeKind
    date: date
    amount: Decimal
    description: str = Field("", max_length=500)
    evidence_ref: str = Field("", max_length=200)


class ChargeOut(Schema):
    id: int
    case_id: int
    kind: str
    date: date
    amount: Decimal
    description: str
    evidence_ref: str
    created_at: datetime


class WriteOffIn(Schema):
    component: Component
    date: date
    amount: Decimal
    reason: str = Field(..., max_length=500)


class WriteOffOut(Schema):
    id: int
    case_id: int
    component: str
    date: date
    amount: Decimal
    reason: str
    created_at: datetime


class ReversalIn(Schema):
    entry_type: EntryType
    entry_id: int
    reason: str = Field(..., max_length=500)


class ReversalOut(Schema):
    id: int
    case_id: int
    entry_type: str
    entry_id: int
    reason: str
    created_at: datetime


class FactIn(Schema):
    date: date
    note: str = Field("", max_length=1000)


class FilingIn(FactIn):
    filing: Filing


class JudgmentIn(FactIn):
    performance_date: date
    amount: Decimal | None = Field(None, description="money the judgment orders; default: principal outstanding")


class RecordedOut(Schema):
    kind: str
    date: date


class ComponentOut(Schema):
    component: str
    charged: Decimal
    paid: Decimal
    written_off: Decimal
    due: Decimal


class EntryOut(Schema):
    date: date
    type: str
    id: int
    label: str
    component: str
    amount: Decimal
    reversed: bool
    detail: str


class StatementOut(Schema):
    case_id: int
    as_of: date
    principal: ComponentOut
    interest: ComponentOut
    costs: ComponentOut
    interest_excess: Decimal = Field(..., description="interest above the legal cap: shown, not claimable")
    interest_charged: Decimal
    payments_total: Decimal
    overpayment: Decimal
    balance: Decimal
    entries: list[EntryOut]


class InterestLineOut(Schema):
    kind: str
    first_day: date
    last_day: date
    days: int
    principal: Decimal
    rate_pct: Decimal
    per: str
    claimed: Decimal
    amount: Decimal
    excess: Decimal
    basis: str


class InterestOut(Schema):
    case_id: int
    as_of: date
    lines: list[InterestLineOut]
    total: Decimal
    total_excess: Decimal
    cap_rate_pct: Decimal | None
    explanation: list[str]


class AllocationLineOut(Schema):
    component: str
    amount: Decimal
    explanation: str


class PaymentAllocationOut(Schema):
    payment_id: int
    date: date
    amount: Decimal
    lines: list[AllocationLineOut]


class ChainEntryOut(Schema):
    on: date
    what: str
    effect: str
    expiry_after: date
    explanation: str


class DeadlineOut(Schema):
    key: str
    label: str
    expiry: date
    days_left: int
    light: str
    set_by: str
    status: str
    explanation: list[str]


class PeriodOut(Schema):
    status: str
    expiry: date
    days_left: int
    set_by: ChainEntryOut
    chain: list[ChainEntryOut]
    calendar_known: bool


class GuaranteePeriodOut(Schema):
    guarantee_id: int
    guarantor: str
    type: str
    end: date
    nominal_end: date
    status: str
    required_action: str
    days_left: int
    explanation: list[str]


class LimitationOut(Schema):
    case_id: int
    as_of: date
    limitation: PeriodOut
    enforcement: PeriodOut | None
    guarantees: list[GuaranteePeriodOut]
    deadlines: list[DeadlineOut]
    primary: DeadlineOut | None


class VerdictOut(Schema):
    answer: str
    reasons: list[str]


class EligibilityOut(Schema):
    case_id: int
    payment_order: VerdictOut
    small_claims: VerdictOut
    small_claims_mandatory_limit: Decimal
    small_claims_agreed_limit: Decimal
    facts: dict


class AlertOut(Schema):
    id: int
    case_id: int
    case_reference: str = Field(..., alias="case.reference")
    deadline: str
    label: str
    expiry: date
    threshold: int
    days_left: int
    created_at: datetime


class ProposalOut(Schema):
    id: int
    case_id: int
    confidence: Decimal
    reasons: list[str]
    status: str


class RowOut(Schema):
    id: int
    row_number: int
    status: str
    errors: list[str]
    date: date | None
    amount: Decimal | None
    payer: str
    memo: str
    reference: str
    payment_id: int | None
    proposals: list[ProposalOut]

    @staticmethod
    def resolve_proposals(obj) -> list:
        return list(obj.proposals.all())


class ImportOut(Schema):
    id: int
    filename: str
    layout: Layout
    accepted: int
    rejected: int
    skipped: int
    created_at: datetime
    rows: list[RowOut]

    @staticmethod
    def resolve_rows(obj) -> list:
        return list(obj.rows.prefetch_related("proposals").order_by("row_number"))
