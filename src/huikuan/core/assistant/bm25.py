"""Okapi BM25 over documents with weighted fields (term frequencies summed with field weights)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence


class BM25:
    """Okapi BM25 with the non-negative idf ``log(1 + (N - df + 0.5) / (df + 0.5))``.

    Each document is given as a mapping field name -> tokens; a field's tokens count
    ``field_weights[field]`` times toward term frequency and document length (a BM25F
    simplification with one shared length normalisation).
    """

    def __init__(
        self,
        documents: Sequence[Mapping[str, Sequence[str]]],
        field_weights: Mapping[str, float],
        *,
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        if k1 < 0 or not 0.0 <= b <= 1.0:
            raise ValueError("k1 must be >= 0 and b in [0, 1]")
        self.k1 = k1
        self.b = b
        self._tf: list[dict[str, float]] = []
        self._len: list[float] = []
        df: Counter[str] = Counter()
        for fields in documents:
            tf: dict[str, float] = {}
            for name, tokens in fields.items():
                weight = field_weights.get(name, 1.0)
                for token in tokens:
                    tf[token] = tf.get(token, 0.0) + weight
            self._tf.append(tf)
            self._len.append(sum(tf.values()))
            df.update(tf.keys())
        self.n_docs = len(self._tf)
        self.avg_len = (sum(self._len) / self.n_docs) if self.n_docs else 0.0
        self._idf = {term: self._compute_idf(count) for term, count in df.items()}
        # Inverted index: term -> [(doc, tf)], so scoring touches only matching documents.
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for doc, tf in enumerate(self._tf):
            for term, freq in tf.items():
                self._postings.setdefault(term, []).append((doc, freq))

    def _compute_idf(self, df: int) -> float:
        return math.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self._idf.get(term, 0.0)

    def __contains__(self, term: str) -> bool:
        return term in self._idf

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._idf)

    def matching(self, terms: Iterable[str]) -> set[int]:
        """Documents containing at least one of the terms."""
        docs: set[int] = set()
        for term in terms:
            docs.update(doc for doc, _ in self._postings.get(term, ()))
        return docs

    def scores(self, query: Mapping[str, float], coord_power: float = 0.0) -> dict[int, float]:
        """Score documents for query terms with per-term weights; only documents that match appear.

        With ``coord_power > 0`` each score is multiplied by the matched share of the query's
        total idf weight raised to that power, favouring documents that cover more of the query.
        """
        result: dict[int, float] = {}
        if not self.n_docs or self.avg_len == 0:
            return result
        k1, b, avg = self.k1, self.b, self.avg_len
        covered: dict[int, float] = {}
        total = 0.0
        for term, qweight in query.items():
            postings = self._postings.get(term)
            if not postings or qweight <= 0:
                continue
            idf = self._idf[term]
            total += qweight * idf
            for doc, freq in postings:
                norm = k1 * (1.0 - b + b * self._len[doc] / avg)
                result[doc] = result.get(doc, 0.0) + qweight * idf * freq * (k1 + 1.0) / (freq + norm)
                covered[doc] = covered.get(doc, 0.0) + qweight * idf
        if coord_power > 0 and total > 0:
            for doc in result:
                result[doc] *= (covered[doc] / total) ** coord_power
        return result
