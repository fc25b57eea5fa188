"""Linter precision and recall on the labelled message set (positive class: non-compliant).

Records carry a "dev" or "heldout" split (about 30% held out); figures for the whole set and
each split are printed (pytest -s), and the thresholds are asserted on the whole set.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from huikuan.core.outreach import evaluate, load_labelled
from huikuan.core.outreach.lint import ALL_RULES

DATA = Path(__file__).parent / "data" / "labelled_messages.jsonl"
RECORDS = load_labelled(DATA)
RULE_IDS = {r.rule_id for r in ALL_RULES}


def test_set_shape():
    assert len(RECORDS) >= 240
    assert len({r["id"] for r in RECORDS}) == len(RECORDS)
    labels = Counter(r["label"] for r in RECORDS)
    assert set(labels) == {"compliant", "noncompliant"}
    assert 0.4 <= labels["noncompliant"] / len(RECORDS) <= 0.6
    assert {r["lang"] for r in RECORDS} == {"zh", "en"}
    heldout = sum(r["split"] == "heldout" for r in RECORDS) / len(RECORDS)
    assert 0.25 <= heldout <= 0.35
    for r in RECORDS:
        assert r["split"] in ("dev", "heldout")
        assert set(r["rules"]) <= RULE_IDS, r["id"]
        assert bool(r["rules"]) == (r["label"] == "noncompliant"), r["id"]


@pytest.mark.parametrize("split", ["all", "dev", "heldout"])
def test_precision_and_recall(split):
    records = [r for r in RECORDS if split == "all" or r["split"] == split]
    m = evaluate(records)
    print(
        f"\n{split}: n={m.total} precision={m.precision:.3f} recall={m.recall:.3f} "
        f"rule-level recall={m.rule_recall:.3f} (tp={m.true_positives} fp={m.false_positives} "
        f"fn={m.false_negatives}) misclassified={[o.record_id for o in m.errors]}"
    )
    if split == "all":
        assert m.recall >= 0.95
        assert m.precision >= 0.90
