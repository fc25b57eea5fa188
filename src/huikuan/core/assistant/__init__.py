"""Offline consultation assistant: a bilingual knowledge base with BM25 retrieval.

Public API:
    search(query, lang="zh-Hans", k=3) -> list[Hit]     best entries for a question
    detect_case_question(query) -> str | None           case questions the law engine answers
    load_entries() -> tuple[Entry, ...]                  the bundled knowledge base
    KnowledgeIndex / SearchConfig                        build an index with other entries or tuning
    evaluate / load_questions                            retrieval hit rates on a question set

Answers are general legal information with their sources cited, not legal advice.
"""

from .evaluation import EvalReport, Question, evaluate, load_questions
from .intent import (
    CASE_QUESTIONS,
    LIMITATION_STATUS,
    PAYMENT_ORDER_ELIGIBILITY,
    SMALL_CLAIMS_ELIGIBILITY,
    detect_case_question,
)
from .knowledge import ACTIONS, DISCLAIMER, TOPICS, Entry, KnowledgeBaseError, entries_by_id, load_entries
from .search import Hit, KnowledgeIndex, SearchConfig, get_index, search

__all__ = [
    "ACTIONS",
    "CASE_QUESTIONS",
    "DISCLAIMER",
    "LIMITATION_STATUS",
    "PAYMENT_ORDER_ELIGIBILITY",
    "SMALL_CLAIMS_ELIGIBILITY",
    "TOPICS",
    "Entry",
    "EvalReport",
    "Hit",
    "KnowledgeBaseError",
    "KnowledgeIndex",
    "Question",
    "SearchConfig",
    "detect_case_question",
    "entries_by_id",
    "evaluate",
    "get_index",
    "load_entries",
    "load_questions",
    "search",
]
