"""Knowledge-base entries: schema, validation and loading of the bundled JSON files."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

# Actions an entry may link to; the web layer maps each to an operation on the user's case.
ACTIONS: frozenset[str] = frozenset(
    {
        "limitation_status",
        "payment_order_eligibility",
        "small_claims_eligibility",
        "generate_demand_letter",
        "generate_payment_order",
        "generate_complaint",
        "match_provider",
        "open_dispute",
        "record_payment",
    }
)

TOPICS: frozenset[str] = frozenset(
    {
        "limitation",
        "evidence",
        "electronic_evidence",
        "payment_order",
        "small_claims",
        "mediation",
        "preservation",
        "enforcement",
        "interest",
        "payment_allocation",
        "guarantee",
        "fees",
        "conduct",
        "debtor_rights",
        "personal_info",
        "litigation",
    }
)

# Shown with every answer: the knowledge base gives general information, not advice on a case.
DISCLAIMER: dict[str, str] = {
    "zh-Hans": "以上为一般性法律信息，不构成针对具体案件的法律意见；如需办理，请咨询执业律师或调解机构。",
    "en": "This is general legal information, not advice on your case; for specific steps, consult a "
    "practising lawyer or a mediation organisation.",
}

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CJK_RE = re.compile(r"[\u4e00-\u9fff]")
_REQUIRED_TEXT = ("id", "topic", "title_zh", "title_en", "body_zh", "body_en")
_KNOWN_FIELDS = frozenset({*_REQUIRED_TEXT, "citations", "keywords_zh", "keywords_en", "action"})


class KnowledgeBaseError(ValueError):
    """An entry or data file does not follow the schema."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One bilingual answer with its legal sources."""

    id: str
    topic: str
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    citations: tuple[str, ...]
    keywords_zh: tuple[str, ...]
    keywords_en: tuple[str, ...] = ()
    action: str | None = None

    def title(self, lang: str = "zh-Hans") -> str:
        return self.title_en if lang.startswith("en") else self.title_zh

    def body(self, lang: str = "zh-Hans") -> str:
        return self.body_en if lang.startswith("en") else self.body_zh


def entry_from_dict(data: Mapping[str, Any]) -> Entry:
    """Validate one raw entry and build an `Entry`; raises `KnowledgeBaseError`."""
    ident = data.get("id", "?")
    unknown = set(data) - _KNOWN_FIELDS
    if unknown:
        raise KnowledgeBaseError(f"{ident}: unknown fields {sorted(unknown)}")
    for field in _REQUIRED_TEXT:
        value = data.get(field)
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeBaseError(f"{ident}: {field} must be a non-empty string")
    if not _ID_RE.match(data["id"]):
        raise KnowledgeBaseError(f"{ident}: id must be a lowercase slug")
    if data["topic"] not in TOPICS:
        raise KnowledgeBaseError(f"{ident}: unknown topic {data['topic']!r}")
    for field in ("title_zh", "body_zh"):
        if not _CJK_RE.search(data[field]):
            raise KnowledgeBaseError(f"{ident}: {field} must be Chinese")
    for field in ("title_en", "body_en"):
        if _CJK_RE.search(data[field]):
            raise KnowledgeBaseError(f"{ident}: {field} must not contain Chinese characters")
    citations = _string_list(data.get("citations"), ident, "citations")
    keywords = _string_list(data.get("keywords_zh"), ident, "keywords_zh")
    keywords_en = _string_list(data["keywords_en"], ident, "keywords_en") if "keywords_en" in data else ()
    if any(_CJK_RE.search(k) for k in keywords_en):
        raise KnowledgeBaseError(f"{ident}: keywords_en must not contain Chinese characters")
    action = data.get("action")
    if action is not None and action not in ACTIONS:
        raise KnowledgeBaseError(f"{ident}: unknown action {action!r}")
    return Entry(
        id=data["id"],
        topic=data["topic"],
        title_zh=data["title_zh"].strip(),
        title_en=data["title_en"].strip(),
        body_zh=data["body_zh"].strip(),
        body_en=data["body_en"].strip(),
        citations=citations,
        keywords_zh=keywords,
        keywords_en=keywords_en,
        action=action,
    )


def _string_list(value: Any, ident: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise KnowledgeBaseError(f"{ident}: {field} must be a non-empty list")
    if not all(isinstance(item, str) and item.strip() for item in value):
        raise KnowledgeBaseError(f"{ident}: {field} must contain non-empty strings")
    return tuple(item.strip() for item in value)


def parse_entries(raw: Iterable[Mapping[str, Any]]) -> tuple[Entry, ...]:
    """Validate a sequence of raw entries; ids must be unique."""
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in raw:
        entry = entry_from_dict(item)
        if entry.id in seen:
            raise KnowledgeBaseError(f"duplicate id {entry.id!r}")
        seen.add(entry.id)
        entries.append(entry)
    return tuple(entries)


def _read_bundled() -> list[dict[str, Any]]:
    raw: list[dict[str, Any]] = []
    files = [f for f in resources.files(f"{__package__}.kb").iterdir() if f.name.endswith(".json")]
    for file in sorted(files, key=lambda f: f.name):
        data = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise KnowledgeBaseError(f"{file.name}: top level must be a list of entries")
        raw.extend(data)
    return raw


@functools.cache
def load_entries() -> tuple[Entry, ...]:
    """All bundled entries, validated, in file-name then file order (cached)."""
    return parse_entries(_read_bundled())


def entries_by_id() -> dict[str, Entry]:
    return {entry.id: entry for entry in load_entries()}
