"""Detect questions about the user's own case that the law engine answers better than the knowledge base."""

from __future__ import annotations

import re

LIMITATION_STATUS = "limitation_status"
PAYMENT_ORDER_ELIGIBILITY = "payment_order_eligibility"
SMALL_CLAIMS_ELIGIBILITY = "small_claims_eligibility"

CASE_QUESTIONS: frozenset[str] = frozenset({LIMITATION_STATUS, PAYMENT_ORDER_ELIGIBILITY, SMALL_CLAIMS_ELIGIBILITY})

_FLAGS = re.IGNORECASE

# Asking what something is, or how it works in general, is a knowledge-base question.
_ZH_GENERAL = re.compile(r"是什么|什么是|啥是|是啥|什么意思|啥意思|怎么理解|上诉|流程|异议|多少钱|费用")
_EN_GENERAL = re.compile(r"\bwhat (is|are|does)\b(?!.*\b(my|this|our)\b)|\bappeal|\bobject|\bcost|\bfee", _FLAGS)

_ZH_LIMITATION_TERM = re.compile(r"(诉讼)?[时实]效|追诉期")
_ZH_LIMITATION_CASE = re.compile(
    r"还有|还剩|剩下|剩余|剩多少|过了|过没过|过没|过期|到期|届满|超过|超了|还在|之内|内吗|来得及|快过|快到"
    r"|是否已|有没有过|会不会|已经|什么时候过|啥时候过|哪天过|截止|几号|哪天|还能不能|还能告|还能起诉"
)
_EN_LIMITATION_TERM = re.compile(r"limitation|statute of limitations?|time[- ]?limit|time[- ]barred", _FLAGS)
_EN_LIMITATION_CASE = re.compile(
    r"\bleft\b|remain|expir|run(s|ning)? out|\bstill\b|too late|when does|when will|how much time"
    r"|how long (do|have) (i|we)|deadline|barred|\bmy\b|\bthis (debt|claim|case)\b|\bour\b",
    _FLAGS,
)

_ZH_PAYMENT_ORDER = re.compile(r"支付[令领]|督促程序")
_ZH_ELIGIBLE = re.compile(
    r"能不能|可不可以|可以|能否|可否|能[走用申办发]|能吗|行不行|行吗|适用|适合|合适|符合|够不够|够格|条件|走得了|用得了|申请吗|是否"
)
_EN_PAYMENT_ORDER = re.compile(r"payment order", _FLAGS)
_EN_ELIGIBLE = re.compile(
    r"\b(can|could|may|should) (i|we)\b|\beligib|\bqualif|\bpossible\b|\bsuitable\b|\bable to\b|\bavailable\b"
    r"|\bdoes (my|this|our)\b|\bis (my|this|our)\b|\bwork for\b",
    _FLAGS,
)

_ZH_SMALL_CLAIMS = re.compile(r"小额(诉讼|程序|案件|官司)?")
_EN_SMALL_CLAIMS = re.compile(r"small[- ]claims?", _FLAGS)
_ZH_SMALL_ELIGIBLE = re.compile(
    r"(走|适用|用|按|符合|算|属于|够|打|进)(得了|不算|得上|不了)?[^，。？?！!]{0,4}小额|小额[^，。？?！!]{0,8}"
    r"(吗|么|不|没|标准内|范围内|条件)|能不能|可不可以|可以|能否|是否"
)


def detect_case_question(query: str) -> str | None:
    """Return the case action a question asks for, or None for a general question.

    Recognises questions such as "还有多久过诉讼时效?" (limitation_status), "能申请支付令吗?"
    (payment_order_eligibility) and "这笔能走小额诉讼吗?" (small_claims_eligibility), in Chinese
    or English. Definitional questions ("支付令是什么") return None so the knowledge base answers.
    """
    q = (query or "").strip()
    if not q:
        return None
    zh_general = bool(_ZH_GENERAL.search(q))
    en_general = bool(_EN_GENERAL.search(q))

    if _ZH_PAYMENT_ORDER.search(q) and _ZH_ELIGIBLE.search(q) and not zh_general:
        return PAYMENT_ORDER_ELIGIBILITY
    if _EN_PAYMENT_ORDER.search(q) and _EN_ELIGIBLE.search(q) and not en_general:
        return PAYMENT_ORDER_ELIGIBILITY
    if _ZH_SMALL_CLAIMS.search(q) and _ZH_SMALL_ELIGIBLE.search(q) and not zh_general:
        return SMALL_CLAIMS_ELIGIBILITY
    if _EN_SMALL_CLAIMS.search(q) and _EN_ELIGIBLE.search(q) and not en_general:
        return SMALL_CLAIMS_ELIGIBILITY
    if _ZH_LIMITATION_TERM.search(q) and _ZH_LIMITATION_CASE.search(q) and not zh_general:
        return LIMITATION_STATUS
    if _EN_LIMITATION_TERM.search(q) and _EN_LIMITATION_CASE.search(q) and not en_general:
        return LIMITATION_STATUS
    return None
