"""Benchmark the consultation assistant: tokenizer start-up, index build time and queries per second.

Run: python bench/bench_assistant.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from huikuan.core.assistant import KnowledgeIndex, detect_case_question, evaluate, load_entries, load_questions
from huikuan.core.assistant import text as assistant_text

QUESTIONS = Path(__file__).resolve().parent.parent / "tests/core/assistant/data/eval_questions.jsonl"
FALLBACK = [
    ("还有多久过诉讼时效", "zh-Hans"),
    ("朋友借钱不还，没打借条怎么办", "zh-Hans"),
    ("能申请支付令吗", "zh-Hans"),
    ("催收半夜打电话合法吗", "zh-Hans"),
    ("How long is the guarantee period?", "en"),
    ("Can I freeze the debtor's bank account before suing?", "en"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the query set")
    args = parser.parse_args()

    t0 = time.perf_counter()
    assistant_text.tokenize_zh("诉讼时效")
    jieba_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    entries = load_entries()
    load_s = time.perf_counter() - t0

    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        index = KnowledgeIndex(entries)
        builds.append(time.perf_counter() - t0)

    queries = [(q.text, q.lang) for q in load_questions(QUESTIONS)] if QUESTIONS.exists() else FALLBACK
    for text, lang in queries:  # warm-up
        index.search(text, lang=lang)

    latencies = []
    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for text, lang in queries:
            q0 = time.perf_counter()
            index.search(text, lang=lang, k=3)
            latencies.append(time.perf_counter() - q0)
    total = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for text, _lang in queries:
            detect_case_question(text)
    intent_total = time.perf_counter() - t0

    n = len(latencies)
    latencies.sort()
    print(f"entries                 {len(entries)}")
    print(f"jieba start-up          {jieba_s * 1000:8.1f} ms (first use; cached dictionary afterwards)")
    print(f"load + validate KB      {load_s * 1000:8.1f} ms")
    print(f"index build             {statistics.median(builds) * 1000:8.1f} ms (median of {len(builds)})")
    print(f"queries                 {n} ({len(queries)} distinct x {args.rounds})")
    print(f"search throughput       {n / total:8.0f} queries/s")
    print(f"search latency p50      {latencies[n // 2] * 1000:8.2f} ms")
    print(f"search latency p95      {latencies[int(n * 0.95)] * 1000:8.2f} ms")
    print(f"intent detection        {n / intent_total:8.0f} queries/s")
    if QUESTIONS.exists():
        report = evaluate(load_questions(QUESTIONS), search_fn=index.search, k=3)
        print("held-out retrieval (top-1 / top-3 hit rates):")
        print(report.format(show_misses=False))


if __name__ == "__main__":
    main()
