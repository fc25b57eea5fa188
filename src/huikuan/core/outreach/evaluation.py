"""Precision and recall of the linter on a labelled message set (JSON Lines).

A record: {"id", "split", "lang", "text", "addressed_to_debtor", "required", "allowed_fees",
"label": "compliant" | "noncompliant", "rules": [expected rule ids]}. The positive class is
"noncompliant"; a message is predicted non-compliant when the linter reports any finding.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .lint import lint


@dataclass(frozen=True, slots=True)
class Outcome:
    record_id: str
    label: str
    expected_rules: frozenset[str]
    found_rules: frozenset[str]

    @property
    def predicted_noncompliant(self) -> bool:
        return bool(self.found_rules)

    @property
    def correct(self) -> bool:
        return self.predicted_noncompliant == (self.label == "noncompliant")


@dataclass(frozen=True, slots=True)
class Metrics:
    total: int
    true_positives: int
    false_positives: int
    false_negatives: int
    rule_recall: float  # share of expected (message, rule) pairs the linter reported
    outcomes: tuple[Outcome, ...]

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        positives = self.true_positives + self.false_negatives
        return self.true_positives / positives if positives else 1.0

    @property
    def errors(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if not o.correct)


def load_labelled(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(records: Iterable[Mapping[str, Any]]) -> Metrics:
    outcomes: list[Outcome] = []
    tp = fp = fn = 0
    expected_pairs = hit_pairs = 0
    for r in records:
        found = frozenset(
            f.rule_id
            for f in lint(
                r["text"],
                addressed_to_debtor=r["addressed_to_debtor"],
                required=r.get("required", ()),
                allowed_fees=r.get("allowed_fees", ()),
            )
        )
        expected = frozenset(r.get("rules", ()))
        positive = r["label"] == "noncompliant"
        if found and positive:
            tp += 1
        elif found:
            fp += 1
        elif positive:
            fn += 1
        expected_pairs += len(expected)
        hit_pairs += len(expected & found)
        outcomes.append(Outcome(r["id"], r["label"], expected, found))
    rule_recall = hit_pairs / expected_pairs if expected_pairs else 1.0
    return Metrics(len(outcomes), tp, fp, fn, rule_recall, tuple(outcomes))
