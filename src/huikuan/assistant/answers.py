"""Answer a question: knowledge-base entries with citations, case figures from the law engine,
links to the next action on the user's own case, the not-legal-advice note and a provider offer.

The offline answer is always built; a configured language model may add a fluent version
grounded only in the same entries and case facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huikuan.cases.models import Case
from huikuan.common.i18n import render, render_all
from huikuan.core.assistant import (
    DISCLAIMER,
    LIMITATION_STATUS,
    PAYMENT_ORDER_ELIGIBILITY,
    SMALL_CLAIMS_ELIGIBILITY,
    detect_case_question,
    search,
)
from huikuan.core.law.eligibility import Answer as Verdict
from huikuan.core.law.limitation import Status
from huikuan.documents import casefacts

from . import llm

TOP_K = 3

# Document templates the knowledge base's actions open (keys of documents' templates).
_DOCUMENT_ACTIONS = {
    "generate_demand_letter": "demand_letter",
    "generate_payment_order": "payment_order",
    "generate_complaint": "civil_complaint",
}
# Questions the chat page asks for a case-aware action.
CANNED_QUESTIONS = {
    LIMITATION_STATUS: "还有多久过诉讼时效?",
    PAYMENT_ORDER_ELIGIBILITY: "能申请支付令吗?",
    SMALL_CLAIMS_ELIGIBILITY: "这笔能走小额诉讼吗?",
}


def reply_language(lang: str | None = None) -> str:
    """The knowledge base's language code for a Django language code."""
    code = (lang or get_language() or "zh-hans").lower()
    return "en" if code.startswith("en") else "zh-Hans"


def _url(name: str, anchor: str = "", **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs) + anchor
    except NoReverseMatch:
        return None


def action_labels() -> dict[str, str]:
    return {
        LIMITATION_STATUS: _("Check the limitation period of this case"),
        PAYMENT_ORDER_ELIGIBILITY: _("Check whether this case qualifies for a payment order"),
        SMALL_CLAIMS_ELIGIBILITY: _("Check whether this case qualifies for small claims"),
        "generate_demand_letter": _("Generate a demand letter"),
        "generate_payment_order": _("Generate a payment-order application"),
        "generate_complaint": _("Generate a civil complaint"),
        "match_provider": _("Find a lawyer or mediator"),
        "open_dispute": _("Record a dispute"),
        "record_payment": _("Record a payment"),
    }


def action_link(action: str | None, case: Case | None) -> dict | None:
    """Where an entry's action leads on the user's own case (None without a case or a route)."""
    if not action:
        return None
    label = action_labels().get(action, action)
    if case is None:
        return {"name": action, "label": label, "url": None}
    url: str | None
    if action in CANNED_QUESTIONS:
        url = reverse("assistant:chat") + "?" + urlencode({"case": case.pk, "q": CANNED_QUESTIONS[action]})
    elif action in _DOCUMENT_ACTIONS:
        url = _url("documents:compose", case_id=case.pk, key=_DOCUMENT_ACTIONS[action])
    elif action == "open_dispute":
        url = _url("cases:detail", "#disputes", pk=case.pk)
    elif action == "record_payment":
        url = _url("ledger:payment_new", case_id=case.pk) or _url("cases:detail", pk=case.pk)
    elif action == "match_provider":
        url = provider_offer(case)["url"]
    else:
        url = None
    return {"name": action, "label": label, "url": url}


def provider_offer(case: Case | None) -> dict:
    """Every answer offers to match the creditor with a lawful provider (lawyer, mediator, notary)."""
    url = None
    if case is not None:
        url = _url("providers:match", case_id=case.pk) or _url("cases:detail", pk=case.pk)
    return {
        "text": _(
            "Want someone to act on it? We can match you with a vetted law firm or mediation organisation "
            "at a fee you see in advance."
        ),
        "url": url,
    }


@dataclass
class CaseAnswer:
    """A figure computed from the case with the money-and-law engine, not from text."""

    question: str  # limitation_status, payment_order_eligibility, small_claims_eligibility
    headline: str
    details: list[str]
    figures: dict
    action: dict | None = None
    source: dict | None = None  # the ledger page that shows the full computation


@dataclass
class EntryOut:
    id: str
    title: str
    body: str
    citations: list[str]
    score: float
    action: dict | None


@dataclass
class AssistantAnswer:
    question: str
    lang: str
    case_id: int | None
    case_reference: str | None
    case_question: str | None
    case_answer: CaseAnswer | None
    entries: list[EntryOut]
    disclaimer: str
    provider_offer: dict
    llm_text: str | None = None
    llm_model: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _date(day: dt.date) -> str:
    return day.isoformat()


def limitation_answer(case: Case, today: dt.date) -> CaseAnswer:
    result = casefacts.case_limitation(case=case, as_of=today)
    values = {"ref": case.reference, "expiry": _date(result.expiry), "days": abs(result.days_left)}
    if result.status == Status.EXPIRED:
        headline = _("The limitation period of case %(ref)s expired on %(expiry)s, %(days)s days ago.") % values
        details = [
            _(
                "A court will dismiss the claim if the debtor invokes the expiry, unless the debtor agreed "
                "to pay or paid after it (Civil Code arts. 192, 193)."
            )
        ]
        action = action_link("match_provider", case)
    else:
        if result.status == Status.SUSPENDED:
            headline = _(
                "The limitation period of case %(ref)s is suspended; if the obstacle ended today it would "
                "expire on %(expiry)s (24:00), %(days)s days from now."
            )
        elif result.status == Status.WAIVED:
            headline = _(
                "The debtor re-confirmed the debt after the period expired; a new period runs to %(expiry)s "
                "(24:00), %(days)s days from now."
            )
        else:
            headline = _("The limitation period of case %(ref)s runs until %(expiry)s (24:00): %(days)s days left.")
        headline = headline % values
        details = [
            _(
                "A demand that reaches the debtor, the debtor's acknowledgement or part payment, or a filing "
                "interrupts it and the full three years start again (Civil Code art. 195)."
            )
        ]
        action = action_link("generate_demand_letter", case)
    details.append(_("Basis: %(text)s") % {"text": render(result.set_by.explanation)})
    if not result.calendar_known:
        details.append(_("The holiday calendar for the final year is not published yet; weekends were assumed."))
    figures = {
        "status": str(result.status),
        "expiry": _date(result.expiry),
        "days_left": result.days_left,
        "as_of": _date(today),
        "absolute_limit": _date(result.absolute_limit) if result.absolute_limit else None,
        "chain": [{"on": _date(c.on), "what": c.what, "effect": c.effect} for c in result.chain],
    }
    source = {"label": _("See the whole limitation chain"), "url": _url("ledger:limitation", case_id=case.pk)}
    return CaseAnswer(LIMITATION_STATUS, headline, details, figures, action, source)


def _eligibility_source(case: Case) -> dict:
    return {"label": _("See every condition checked"), "url": _url("ledger:eligibility", case_id=case.pk)}


_VERDICT_LABELS = {Verdict.YES: "yes", Verdict.NO: "no", Verdict.UNKNOWN: "unknown"}


def payment_order_answer(case: Case, today: dt.date) -> CaseAnswer:
    result = casefacts.case_eligibility(case=case, as_of=today)
    verdict = result.payment_order
    values = {"ref": case.reference, "amount": f"{result.amount:,.2f}"}
    headline = {
        Verdict.YES: _("Case %(ref)s meets the conditions for a payment order (claim ¥%(amount)s)."),
        Verdict.NO: _("Case %(ref)s does not meet the conditions for a payment order."),
        Verdict.UNKNOWN: _(
            "Case %(ref)s may qualify for a payment order (claim ¥%(amount)s); some facts are not recorded yet."
        ),
    }[verdict.answer] % values
    from huikuan.documents.courts import competent_court

    court = competent_court(case.debt.debtor)
    details = render_all(verdict.reasons)
    details.append(_("Court: %(court)s (the debtor's domicile, CPL art. 225).") % {"court": court.name})
    figures = {
        "answer": _VERDICT_LABELS[verdict.answer],
        "amount": str(result.amount),
        "reasons": render_all(verdict.reasons),
        "court": court.name,
        "court_confirmed": court.confirmed,
    }
    action = action_link("generate_payment_order", case) if verdict.answer != Verdict.NO else None
    return CaseAnswer(PAYMENT_ORDER_ELIGIBILITY, headline, details, figures, action, _eligibility_source(case))


def small_claims_answer(case: Case, today: dt.date) -> CaseAnswer:
    result = casefacts.case_eligibility(case=case, as_of=today)
    verdict = result.small_claims
    thresholds = dict(verdict.thresholds)
    values = {
        "ref": case.reference,
        "amount": f"{result.amount:,.2f}",
        "mandatory": f"{thresholds.get('mandatory_limit', 0):,.2f}",
        "agreed": f"{thresholds.get('agreed_limit', 0):,.2f}",
    }
    headline = {
        Verdict.YES: _("Case %(ref)s (¥%(amount)s) can go through the small-claims procedure."),
        Verdict.NO: _("Case %(ref)s (¥%(amount)s) cannot go through the small-claims procedure."),
        Verdict.UNKNOWN: _(
            "Case %(ref)s (¥%(amount)s) may go through the small-claims procedure; some facts are open."
        ),
    }[verdict.answer] % values
    details = [
        _(
            "Limits in Zhejiang: up to ¥%(mandatory)s small claims is mandatory; up to ¥%(agreed)s only if both "
            "parties agree (CPL art. 165)."
        )
        % values,
        *render_all(verdict.reasons),
    ]
    figures = {
        "answer": _VERDICT_LABELS[verdict.answer],
        "amount": str(result.amount),
        "mandatory_limit": str(thresholds.get("mandatory_limit")),
        "agreed_limit": str(thresholds.get("agreed_limit")),
        "reasons": render_all(verdict.reasons),
    }
    action = action_link("generate_complaint", case) if verdict.answer != Verdict.NO else None
    return CaseAnswer(SMALL_CLAIMS_ELIGIBILITY, headline, details, figures, action, _eligibility_source(case))


CASE_ANSWERS = {
    LIMITATION_STATUS: limitation_answer,
    PAYMENT_ORDER_ELIGIBILITY: payment_order_answer,
    SMALL_CLAIMS_ELIGIBILITY: small_claims_answer,
}


def answer(
    *, question: str, case: Case | None = None, lang: str | None = None, today: dt.date | None = None
) -> AssistantAnswer:
    """The full answer to one question; `case` must already be one the asker may see."""
    lang = reply_language(lang)
    # Everything in one answer speaks the reply language, whatever the request's language.
    with translation.override("en" if lang == "en" else "zh-hans"):
        return _answer(question=question, case=case, lang=lang, today=today)


def _answer(*, question: str, case: Case | None, lang: str, today: dt.date | None) -> AssistantAnswer:
    today = today or timezone.localdate()
    question = (question or "").strip()
    kind = detect_case_question(question)
    hits = search(question, lang=lang, k=TOP_K)
    entries = [
        EntryOut(
            id=h.entry.id,
            title=h.entry.title(lang),
            body=h.entry.body(lang),
            citations=list(h.entry.citations),
            score=h.score,
            action=action_link(h.entry.action, case),
        )
        for h in hits
    ]
    notes: list[str] = []
    case_answer = None
    if kind is not None:
        if case is not None:
            case_answer = CASE_ANSWERS[kind](case, today)
        else:
            notes.append(_("Choose one of your cases to get this answer computed from its figures."))
    if not entries and case_answer is None:
        notes.append(_("No entry of the knowledge base matches this question. Try other words."))
    result = AssistantAnswer(
        question=question,
        lang=lang,
        case_id=case.pk if case else None,
        case_reference=case.reference if case else None,
        case_question=kind,
        case_answer=case_answer,
        entries=entries,
        disclaimer=DISCLAIMER[lang],
        provider_offer=provider_offer(case),
        notes=notes,
    )
    facts = [case_answer.headline, *case_answer.details] if case_answer else []
    fluent = llm.complete(
        question=question,
        sources=[{"title": e.title, "body": e.body, "citations": e.citations} for e in entries],
        case_facts=facts,
        lang=lang,
    )
    if fluent is not None:
        result.llm_text, result.llm_model = fluent.text, fluent.model
    return result
