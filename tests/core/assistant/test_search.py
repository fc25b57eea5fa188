import logging
import math

import pytest

from huikuan.core.assistant import Hit, KnowledgeIndex, SearchConfig, load_entries, search
from huikuan.core.assistant import text as assistant_text
from huikuan.core.assistant.bm25 import BM25
from huikuan.core.assistant.knowledge import entry_from_dict


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "？？？", "！！！...", "的了吗", "the of and", "吗？"])
def test_empty_or_contentless_query_returns_nothing(query):
    assert search(query) == []
    assert search(query, lang="en") == []


@pytest.mark.parametrize(
    "query",
    ["今天天气怎么样", "帮我写首诗", "你好", "我想吃火锅", "hello", "what is the weather tomorrow", "asdfgh", "123456"],
)
def test_off_topic_query_returns_nothing(query):
    assert search(query) == []


def test_search_returns_ranked_hits():
    hits = search("对方一直不还钱，诉讼时效过了怎么办", k=3)
    assert 1 <= len(hits) <= 3
    assert all(isinstance(h, Hit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].entry.topic == "limitation"


@pytest.mark.parametrize(
    ("query", "lang", "expected"),
    [
        ("支付令", "zh-Hans", "payment_order"),
        ("老赖", "zh-Hans", "enforcement"),
        ("区快链存证", "zh-Hans", "electronic_evidence"),  # one-character typo
        ("LPR", "zh-Hans", "interest"),
        ("payment order", "en", "payment_order"),
        ("Can a debt collector phone me at midnight?", "en", "conduct"),
        ("small claims", "en", "small_claims"),
    ],
)
def test_top_hit_topic(query, lang, expected):
    hits = search(query, lang=lang, k=1)
    assert hits and hits[0].entry.topic == expected


def test_k_limits_results():
    query = "朋友借钱不还，利息和证据怎么算"
    assert len(search(query, k=1)) == 1
    assert len(search(query, k=5)) == 5
    assert search(query, k=0) == []


def test_unknown_language_is_rejected():
    with pytest.raises(ValueError):
        search("支付令", lang="fr")


def test_search_is_deterministic():
    assert search("担保人不还钱怎么办") == search("担保人不还钱怎么办")


def test_custom_index_and_config():
    base = {
        "topic": "fees",
        "title_en": "Title",
        "body_en": "One. Two. Three.",
        "citations": ["民法典第561条 / Civil Code art. 561"],
    }
    entries = [
        entry_from_dict(
            {**base, "id": "a", "title_zh": "苹果", "body_zh": "苹果很甜。一。二。", "keywords_zh": ["水果"]}
        ),
        entry_from_dict(
            {**base, "id": "b", "title_zh": "香蕉", "body_zh": "香蕉很长。一。二。", "keywords_zh": ["水果"]}
        ),
    ]
    index = KnowledgeIndex(entries, SearchConfig(k1=1.0, b=0.5, min_score=0.0))
    assert [h.entry.id for h in index.search("香蕉")] == ["b"]
    assert {h.entry.id for h in index.search("水果")} == {"a", "b"}


def test_tokenizer_keeps_legal_terms_whole_and_is_quiet():
    tokens = assistant_text.tokenize_zh("申请支付令会中断诉讼时效吗")
    assert "支付令" in tokens and "诉讼时效" in tokens
    assert "吗" not in tokens
    assert logging.getLogger("jieba").getEffectiveLevel() >= logging.WARNING
    assert assistant_text._get_tokenizer() is assistant_text._get_tokenizer()


def test_english_tokenizer():
    assert assistant_text.tokenize_en("The guarantors' Payments were Delivered") == ["guarantor", "payment", "deliver"]


def test_bm25_basics():
    docs = [{"body": ["a", "b"]}, {"body": ["a", "c", "c"]}, {"body": ["d"]}]
    index = BM25(docs, {"body": 1.0}, k1=1.2, b=0.75)
    assert index.idf("c") > index.idf("a") > 0
    assert index.idf("zzz") == 0.0
    scores = index.scores({"c": 1.0})
    assert set(scores) == {1}
    n, df = 3, 1
    assert math.isclose(index.idf("c"), math.log(1 + (n - df + 0.5) / (df + 0.5)))
    assert index.scores({"a": 1.0, "b": 1.0})[0] > index.scores({"a": 1.0, "b": 1.0})[1]
    assert BM25([], {}).scores({"a": 1.0}) == {}
    with pytest.raises(ValueError):
        BM25(docs, {}, b=2.0)


def test_bm25_field_weights_and_saturation():
    docs = [{"title": ["x"], "body": []}, {"title": [], "body": ["x"]}]
    scores = BM25(docs, {"title": 3.0, "body": 1.0}).scores({"x": 1.0})
    assert scores[0] > scores[1]
    no_saturation = BM25([{"body": ["x"] * 10}, {"body": ["x"] + ["y"] * 9}], {"body": 1.0}, k1=1000, b=0)
    s = no_saturation.scores({"x": 1.0})
    assert s[0] / s[1] > 5


def test_every_entry_is_findable_by_its_own_title():
    for entry in load_entries():
        ids = [h.entry.id for h in search(entry.title_zh, k=3)]
        assert entry.id in ids, (entry.id, ids)
        ids = [h.entry.id for h in search(entry.title_en, lang="en", k=3)]
        assert entry.id in ids, (entry.id, ids)
