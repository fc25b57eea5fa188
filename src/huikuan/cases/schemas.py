"""Typed inputs and outputs shared by the API and the pages (the wizard builds the same inputs)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from .choices import CaseStatus, DayCountBasis, DebtorKind, DebtType, GuaranteeKind


class DebtorIn(Schema):
    kind: DebtorKind
    name: str = Field(..., min_length=1, max_length=200)
    id_number: str = Field("", max_length=30, description="USCC for companies, resident ID for persons")
    mobile: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    region: str = Field("", max_length=6, description="administrative division code, e.g. 330702")
    time_zone: str = Field("Asia/Shanghai", max_length=40)


class InstalmentIn(Schema):
    due_date: date
    amount: Decimal


class GuarantorIn(Schema):
    debtor: DebtorIn | None = None
    debtor_id: int | None = None
    kind: GuaranteeKind = GuaranteeKind.GENERAL
    period_end: date | None = None


class DebtIn(Schema):
    debt_type: DebtType
    principal: Decimal = Field(..., description="CNY, two decimal places")
    currency: Literal["CNY"] = "CNY"
    contract_date: date
    due_date: date | None = Field(None, description="required unless instalments are given")
    instalments: list[InstalmentIn] = []
    interest_rate: Decimal | None = Field(None, description="agreed annual rate, percent")
    overdue_rate: Decimal | None = Field(None, description="overdue annual rate, percent")
    day_count_basis: DayCountBasis = DayCountBasis.ACTUAL_365
    penalty_terms: str = Field("", max_length=2000)
    creditor_is_licensed_lender: bool = False
    description: str = Field("", max_length=5000)
    guarantors: list[GuarantorIn] = []


class CaseCreateIn(Schema):
    """Register a debt: an existing debtor by id, or a new one."""

    debtor_id: int | None = None
    debtor: DebtorIn | None = None
    debt: DebtIn
    organisation_id: int | None = Field(None, description="for members of several creditor organisations")


class TransitionIn(Schema):
    to: CaseStatus
    reason: str = Field("", max_length=1000)


class DebtorOut(Schema):
    id: int
    kind: DebtorKind
    name: str
    id_number_masked: str
    mobile_masked: str
    mobile_virtual_operator: bool
    email: str
    address: str
    region: str
    time_zone: str
    created_at: datetime


class InstalmentOut(Schema):
    due_date: date
    amount: Decimal


class GuaranteeOut(Schema):
    guarantor: DebtorOut
    kind: GuaranteeKind
    period_end: date | None


class DebtOut(Schema):
    id: int
    debtor: DebtorOut
    debt_type: DebtType
    principal: Decimal
    currency: str
    contract_date: date
    due_date: date
    interest_rate: Decimal | None
    overdue_rate: Decimal | None
    day_count_basis: int
    penalty_terms: str
    creditor_is_licensed_lender: bool
    description: str
    instalments: list[InstalmentOut]
    guarantees: list[GuaranteeOut]

    @staticmethod
    def resolve_instalments(obj) -> list:
        return list(obj.instalments.all())

    @staticmethod
    def resolve_guarantees(obj) -> list:
        return list(obj.guarantees.all())


class CaseOut(Schema):
    id: int
    reference: str
    status: CaseStatus
    paused_from: str
    organisation_id: int
    debt: DebtOut
    created_at: datetime
    updated_at: datetime


class CaseListOut(Schema):
    id: int
    reference: str
    status: CaseStatus
    debtor_name: str = Field(..., alias="debt.debtor.name")
    debt_type: DebtType = Field(..., alias="debt.debt_type")
    principal: Decimal = Field(..., alias="debt.principal")
    due_date: date = Field(..., alias="debt.due_date")
    created_at: datetime


class CaseEventOut(Schema):
    id: int
    kind: str
    actor_label: str
    data: dict
    created_at: datetime


class CaseFilterIn(Schema):
    status: CaseStatus | None = None
    debt_type: DebtType | None = None
    min_principal: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"))
    max_principal: Decimal | None = Field(None, ge=0, le=Decimal("999999999999.99"))
    due_from: date | None = None
    due_to: date | None = None
    q: str | None = Field(None, max_length=100, description="text in the debtor's name or the case reference")


class DisputeIn(Schema):
    reason: str = Field(..., min_length=1, max_length=5000)


class DisputeResolveIn(Schema):
    resolution: str = Field(..., min_length=1, max_length=5000)


class DisputeOut(Schema):
    id: int
    case_id: int
    reason: str
    opened_by_label: str
    created_at: datetime
    resolved_at: datetime | None
    resolution: str
