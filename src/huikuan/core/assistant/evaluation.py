"""Retrieval evaluation: top-1 / top-3 hit rates on question -> expected-entry pairs."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .search import Hit, search


@dataclass(frozen=True, slots=True)
class Question:
    text: str
    lang: str
    expected: tuple[str, ...]  # any of these ids counts as correct


@dataclass(slots=True)
class LangStats:
    total: int = 0
    top1: int = 0
    topk: int = 0
    misses: list[tuple[Question, tuple[str, ...]]] = field(default_factory=list)

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def topk_rate(self) -> float:
        return self.topk / self.total if self.total else 0.0


@dataclass(slots=True)
class EvalReport:
    k: int
    by_lang: dict[str, LangStats]

    @property
    def overall(self) -> LangStats:
        total = LangStats()
        for stats in self.by_lang.values():
            total.total += stats.total
            total.top1 += stats.top1
            total.topk += stats.topk
            total.misses.extend(stats.misses)
        return total

    def format(self, show_misses: bool = True) -> str:
        lines = [f"{'lang':<8} {'n':>4} {'top-1':>7} {f'top-{self.k}':>7}"]
        for lang, stats in [*sorted(self.by_lang.items()), ("all", self.overall)]:
            lines.append(f"{lang:<8} {stats.total:>4} {stats.top1_rate:>7.1%} {stats.topk_rate:>7.1%}")
        if show_misses:
            for question, got in self.overall.misses:
                lines.append(f"  miss [{question.lang}] {question.text} -> {list(got)} (want {question.expected[0]})")
        return "\n".join(lines)


def load_questions(path: str | Path) -> list[Question]:
    """Read a JSONL file of {"q", "lang", "expected": id or [ids]} objects."""
    questions: list[Question] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        expected = row["expected"]
        ids = (expected,) if isinstance(expected, str) else tuple(expected)
        questions.append(Question(text=row["q"], lang=row["lang"], expected=ids))
    return questions


def evaluate(
    questions: Iterable[Question],
    search_fn: Callable[..., Sequence[Hit]] = search,
    k: int = 3,
) -> EvalReport:
    """Hit rates per language: top-1 counts the first hit, top-k any of the first k."""
    by_lang: dict[str, LangStats] = {}
    for question in questions:
        stats = by_lang.setdefault(question.lang, LangStats())
        hits = search_fn(question.text, lang=question.lang, k=k)
        got = tuple(hit.entry.id for hit in hits)
        stats.total += 1
        if got[:1] and got[0] in question.expected:
            stats.top1 += 1
        if any(ident in question.expected for ident in got[:k]):
            stats.topk += 1
        else:
            stats.misses.append((question, got))
    return EvalReport(k=k, by_lang=by_lang)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m huikuan.core.assistant.evaluation QUESTIONS.jsonl", file=sys.stderr)
        return 2
    print(evaluate(load_questions(args[0])).format())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
