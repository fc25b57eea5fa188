"""Typed input and output of the assistant API."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema


class AssistantAskIn(Schema):
    question: str = Field(..., min_length=1, max_length=500)
    case_id: int | None = Field(None, description="one of your cases, for answers computed from its figures")
    lang: Literal["zh-Hans", "en"] | None = Field(None, description="reply language; default: the request's")


class AssistantActionOut(Schema):
    name: str
    label: str
    url: str | None


class AssistantEntryOut(Schema):
    id: str
    title: str
    body: str
    citations: list[str]
    score: float
    action: AssistantActionOut | None


class AssistantOfferOut(Schema):
    text: str
    url: str | None


class AssistantSourceOut(Schema):
    label: str
    url: str | None


class AssistantCaseAnswerOut(Schema):
    question: str
    headline: str
    details: list[str]
    figures: dict
    action: AssistantActionOut | None
    source: AssistantSourceOut | None = Field(None, description="the ledger page with the full computation")


class AssistantAnswerOut(Schema):
    question: str
    lang: str
    case_id: int | None
    case_reference: str | None
    case_question: str | None = Field(None, description="limitation_status, payment_order_eligibility, ...")
    case_answer: AssistantCaseAnswerOut | None
    entries: list[AssistantEntryOut]
    disclaimer: str = Field(..., description="general information, not legal advice")
    provider_offer: AssistantOfferOut
    llm_text: str | None = Field(None, description="fluent answer from the configured model, citing [n] entries")
    llm_model: str | None
    notes: list[str]
