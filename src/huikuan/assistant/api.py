"""The consultation assistant over JSON: POST /api/v1/assistant/ask."""

from django.shortcuts import get_object_or_404
from ninja import Router

from huikuan.cases.selectors import case_list
from huikuan.common.api import ERRORS, actor_of

from .answers import answer
from .schemas import AssistantAnswerOut, AssistantAskIn

router = Router(tags=["assistant"])


@router.post("/ask", response={200: AssistantAnswerOut, **ERRORS}, url_name="assistant_ask")
def ask(request, payload: AssistantAskIn):
    """Answer a question from the knowledge base (with citations); with `case_id`, questions about
    limitation, payment orders and small claims are answered from that case's figures."""
    case = None
    if payload.case_id is not None:
        case = get_object_or_404(case_list(actor=actor_of(request)), pk=payload.case_id)
    return answer(question=payload.question, case=case, lang=payload.lang).as_dict()
