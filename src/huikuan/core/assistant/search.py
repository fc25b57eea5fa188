"""Retrieval over the knowledge base: jieba + BM25 for Chinese, word tokens + BM25 for English."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from . import text
from .bm25 import BM25
from .knowledge import Entry, load_entries
from .synonyms import EN_SYNONYMS, ZH_SYNONYMS

LANGS: frozenset[str] = frozenset({"zh-Hans", "zh", "en"})


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class SearchConfig:
    """Tunable retrieval parameters."""

    k1: float = 1.6
    b: float = 0.6
    title_weight: float = 3.0
    keyword_weight: float = 4.0
    body_weight: float = 1.0
    citation_weight: float = 0.5
    phrase_weight: float = 1.0
    # Query substrings of >= 3 CJK characters one character away from a legal term
    # (typical pinyin-input slips such as 区快链 for 区块链) count with this weight.
    fuzzy_weight: float = 0.7
    # Weight of everyday-word expansions (老婆 -> 配偶).
    synonym_weight: float = 0.6
    # Share of the character n-gram score added to the Chinese word score (catches typos and
    # words the segmenter splits differently).
    char_weight: float = 0.4
    # Exponent of the query-coverage factor (0 turns it off).
    coord_power: float = 0.5
    # Hits scoring below this are dropped (weak tails of the ranking).
    min_score: float = 1.0


def _citation_part(citation: str, english: bool) -> str:
    zh, sep, en = citation.partition(" / ")
    if not sep:
        return citation
    return en if english else zh


class KnowledgeIndex:
    """BM25 indexes over the Chinese and English fields of a set of entries."""

    def __init__(self, entries: Sequence[Entry] | None = None, config: SearchConfig | None = None) -> None:
        self.entries: tuple[Entry, ...] = tuple(load_entries() if entries is None else entries)
        self.config = config or SearchConfig()
        cfg = self.config
        weights = {
            "title": cfg.title_weight,
            "keywords": cfg.keyword_weight,
            "body": cfg.body_weight,
            "citations": cfg.citation_weight,
            "phrases": cfg.phrase_weight,
        }
        # Keywords join the shared tokenizer's dictionary so they are segmented whole.
        text.add_terms(kw for e in self.entries for kw in e.keywords_zh)
        zh_docs = [
            {
                "title": text.tokenize_zh(e.title_zh),
                "keywords": [t for kw in e.keywords_zh for t in text.tokenize_zh(kw)],
                "body": text.tokenize_zh(e.body_zh),
                "citations": text.tokenize_zh(" ".join(_citation_part(c, False) for c in e.citations)),
            }
            for e in self.entries
        ]
        char_docs = [
            {
                "title": text.cjk_ngrams(e.title_zh),
                "keywords": text.cjk_ngrams(" ".join(e.keywords_zh)),
                "body": text.cjk_ngrams(e.body_zh),
            }
            for e in self.entries
        ]
        en_docs = []
        for e in self.entries:
            title, body = text.tokenize_en(e.title_en), text.tokenize_en(e.body_en)
            en_docs.append(
                {
                    "title": title,
                    "keywords": [t for kw in e.keywords_en for t in text.tokenize_en(kw)],
                    "body": body,
                    "phrases": text.en_phrases(title)
                    + text.en_phrases(body)
                    + [p for kw in e.keywords_en for p in text.en_phrases(text.tokenize_en(kw))],
                    "citations": text.tokenize_en(" ".join(_citation_part(c, True) for c in e.citations)),
                }
            )
        self._zh = BM25(zh_docs, weights, k1=cfg.k1, b=cfg.b)
        self._chars = BM25(char_docs, weights, k1=cfg.k1, b=cfg.b)
        self._en = BM25(en_docs, weights, k1=cfg.k1, b=cfg.b)
        # Wildcard keys for one-character-off matching of legal terms: one position masked -> terms.
        self._masked: dict[str, set[str]] = {}
        for term in text.LEGAL_TERMS:
            if len(term) >= 3 and term in self._zh:
                for i in range(len(term)):
                    self._masked.setdefault(term[:i] + "?" + term[i + 1 :], set()).add(term)

    def _fuzzy_terms(self, query: str) -> set[str]:
        found: set[str] = set()
        for run in text.cjk_runs(query.lower()):
            for size in range(3, min(len(run), 6) + 1):
                for start in range(len(run) - size + 1):
                    piece = run[start : start + size]
                    if piece in self._zh:
                        continue
                    for i in range(size):
                        found |= self._masked.get(piece[:i] + "?" + piece[i + 1 :], set())
        return found

    def query_terms(self, query: str) -> tuple[str, dict[str, float]]:
        """Which index a query goes to ("zh" or "en") and its weighted terms."""
        cfg = self.config
        if text.has_cjk(query):
            tokens = text.tokenize_zh(query)
            terms: dict[str, float] = dict.fromkeys(tokens, 1.0)
            # Look synonyms up by token and by raw 2-3 character spans (the segmenter may split them).
            for key in tokens + text.cjk_ngrams(query, (2, 3)):
                for alt in ZH_SYNONYMS.get(key, ()):
                    for token in text.tokenize_zh(alt):
                        terms.setdefault(token, cfg.synonym_weight)
            for term in self._fuzzy_terms(query):
                terms.setdefault(term, cfg.fuzzy_weight)
            return "zh", terms
        words = text.tokenize_en(query)
        terms = dict.fromkeys(words, 1.0)
        for word in words:
            for alt in EN_SYNONYMS.get(word, ()):
                for token in text.tokenize_en(alt):
                    terms.setdefault(token, cfg.synonym_weight)
        for phrase in text.en_phrases(words):
            terms.setdefault(phrase, cfg.phrase_weight)
        return "en", terms

    def _scores(self, query: str) -> dict[int, float]:
        which, terms = self.query_terms(query)
        index = self._en if which == "en" else self._zh
        scores = index.scores(terms, self.config.coord_power)
        if not scores and which == "en":
            # Latin-only queries such as "LPR" may appear only in the Chinese text.
            index, terms = self._zh, dict.fromkeys(text.tokenize_zh(query), 1.0)
            scores = index.scores(terms, self.config.coord_power)
        # Only documents sharing a multi-character term with the query count as matches;
        # single characters and character n-grams refine the ranking but never create a hit.
        anchored = index.matching({t for t in terms if len(t) >= 2})
        scores = {doc: score for doc, score in scores.items() if doc in anchored}
        if which == "zh" and scores and self.config.char_weight > 0:
            grams = dict.fromkeys(text.cjk_ngrams(query), 1.0)
            for doc, score in self._chars.scores(grams).items():
                if doc in scores:
                    scores[doc] += self.config.char_weight * score
        return scores

    def search(self, query: str, lang: str = "zh-Hans", k: int = 3) -> list[Hit]:
        """Best entries for a free-text question, best first; empty when nothing relevant matches.

        The query's script decides which fields are searched (a Chinese question is matched
        against the Chinese text, an English one against the English text); `lang` is the
        reply language, validated so callers can pass the interface language through.
        """
        if lang not in LANGS:
            raise ValueError(f"unsupported language {lang!r}")
        if k <= 0 or not query or not query.strip():
            return []
        scores = self._scores(query)
        ranked = sorted(
            ((score, doc) for doc, score in scores.items() if score >= self.config.min_score),
            key=lambda item: (-item[0], item[1]),
        )
        return [Hit(self.entries[doc], round(score, 4)) for score, doc in ranked[:k]]

    def explain(self, query: str) -> list[tuple[str, float]]:
        """Query terms and their idf, for debugging relevance."""
        which, terms = self.query_terms(query)
        index = self._zh if which == "zh" else self._en
        return [(term, round(index.idf(term) * weight, 3)) for term, weight in terms.items()]


_default_lock = threading.Lock()
_default: KnowledgeIndex | None = None


def get_index() -> KnowledgeIndex:
    """The shared index over the bundled knowledge base, built on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = KnowledgeIndex()
    return _default


def search(query: str, lang: str = "zh-Hans", k: int = 3) -> list[Hit]:
    """Search the bundled knowledge base; see `KnowledgeIndex.search`."""
    return get_index().search(query, lang=lang, k=k)
