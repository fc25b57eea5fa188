"""Optional fluent answers from an OpenAI-compatible chat endpoint, grounded in retrieved entries.

Off unless a base URL and a model are configured (settings.ASSISTANT_LLM or the environment:
HUIKUAN_ASSISTANT_LLM_URL, HUIKUAN_ASSISTANT_LLM_MODEL, HUIKUAN_ASSISTANT_LLM_KEY,
HUIKUAN_ASSISTANT_LLM_TIMEOUT). Any failure returns None and the offline answer stands alone.
"""

from __future__ import annotations

import json
import logging
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 8.0
MAX_ANSWER_CHARS = 4000

SYSTEM_PROMPT = {
    "zh-Hans": (
        "你是回款平台的咨询助手。只能依据下面编号的知识条目和案件事实回答，不得使用其他知识，不得编造法条或数字。"
        "每句依据条目的话后面用方括号注明条目编号，例如[1]。条目中的数字和日期必须原样保留。"
        "如果条目不能回答问题，就直说无法根据现有资料回答。不要给出针对具体案件的法律意见。用简体中文回答，简洁。"
    ),
    "en": (
        "You are the Huikuan consultation assistant. Answer only from the numbered knowledge entries and case "
        "facts below; use no other knowledge and never invent articles or figures. After each statement that "
        "rests on an entry, cite it in square brackets, e.g. [1]. Keep every figure and date exactly as given. "
        "If the entries do not answer the question, say so. Do not give advice on the specific case. Answer in "
        "English, briefly."
    ),
}


@dataclass(frozen=True)
class LlmConfig:
    base_url: str
    model: str
    api_key: str
    timeout: float

    @property
    def endpoint(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True)
class LlmAnswer:
    text: str
    model: str
    cited: tuple[int, ...]  # source numbers the text cites


def config() -> LlmConfig | None:
    """The configured endpoint, or None when the connection is off (the default)."""
    conf = getattr(settings, "ASSISTANT_LLM", None) or {}
    base = conf.get("BASE_URL", os.environ.get("HUIKUAN_ASSISTANT_LLM_URL", ""))
    model = conf.get("MODEL", os.environ.get("HUIKUAN_ASSISTANT_LLM_MODEL", ""))
    if not base or not model:
        return None
    key = conf.get("API_KEY", os.environ.get("HUIKUAN_ASSISTANT_LLM_KEY", ""))
    try:
        timeout = float(conf.get("TIMEOUT", os.environ.get("HUIKUAN_ASSISTANT_LLM_TIMEOUT", DEFAULT_TIMEOUT)))
    except (TypeError, ValueError):
        timeout = DEFAULT_TIMEOUT
    return LlmConfig(base_url=base, model=model, api_key=key, timeout=timeout)


def build_messages(*, question: str, sources: list[dict], case_facts: list[str], lang: str) -> list[dict]:
    """The prompt: instructions, then the numbered sources with their citations, the case facts, the question."""
    lang = "en" if lang.startswith("en") else "zh-Hans"
    parts = []
    for number, src in enumerate(sources, start=1):
        parts.append(f"[{number}] {src['title']}\n{src['body']}\n({'; '.join(src['citations'])})")
    if case_facts:
        parts.append(("Case facts:" if lang == "en" else "案件事实：") + "\n" + "\n".join(case_facts))
    parts.append(("Question: " if lang == "en" else "问题：") + question)
    return [
        {"role": "system", "content": SYSTEM_PROMPT[lang]},
        {"role": "user", "content": "\n\n".join(parts)},
    ]


_CITE = re.compile(r"\[(\d{1,2})\]")


def ground(text: str, n_sources: int) -> tuple[str, tuple[int, ...]]:
    """Drop citation marks that point at no source; return the text and the sources it cites."""
    cited: list[int] = []

    def keep(match: re.Match) -> str:
        number = int(match.group(1))
        if 1 <= number <= n_sources:
            if number not in cited:
                cited.append(number)
            return match.group(0)
        return ""

    return _CITE.sub(keep, text).strip(), tuple(cited)


def complete(*, question: str, sources: list[dict], case_facts: list[str], lang: str) -> LlmAnswer | None:
    """Ask the configured endpoint; None when off, on any error, or without usable grounded text."""
    conf = config()
    if conf is None or not sources:
        return None
    body = json.dumps(
        {
            "model": conf.model,
            "messages": build_messages(question=question, sources=sources, case_facts=case_facts, lang=lang),
            "temperature": 0.2,
        }
    ).encode()
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if conf.api_key:
        headers["Authorization"] = f"Bearer {conf.api_key}"
    request = urllib.request.Request(conf.endpoint, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=conf.timeout) as response:
            payload = json.loads(response.read().decode("utf-8"))
        text = payload["choices"][0]["message"]["content"]
    except (OSError, urllib.error.URLError, ValueError, KeyError, IndexError, TypeError) as exc:
        log.warning("assistant LLM unavailable, offline answer only: %s", exc)
        return None
    if not isinstance(text, str) or not text.strip():
        return None
    text, cited = ground(text[:MAX_ANSWER_CHARS], len(sources))
    if not cited:
        # An answer that cites none of the entries is not grounded in them: keep the offline answer.
        log.warning("assistant LLM answer cited no source; discarded")
        return None
    return LlmAnswer(text=text, model=str(payload.get("model") or conf.model), cited=cited)
