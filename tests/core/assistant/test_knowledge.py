import re

import pytest

from huikuan.core.assistant import ACTIONS, TOPICS, KnowledgeBaseError, load_entries
from huikuan.core.assistant.knowledge import entry_from_dict, parse_entries

ENTRIES = load_entries()
CJK = re.compile(r"[\u4e00-\u9fff]")


def _sentences_zh(body: str) -> int:
    return len([s for s in re.split(r"[。！？]", body) if s.strip()])


def _sentences_en(body: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", body))


def test_knowledge_base_has_at_least_64_entries():
    assert len(ENTRIES) >= 64


def test_ids_are_unique_slugs():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.id)
def test_entry_is_bilingual_and_cited(entry):
    assert CJK.search(entry.title_zh) and CJK.search(entry.body_zh)
    assert not CJK.search(entry.title_en) and not CJK.search(entry.body_en)
    assert 3 <= _sentences_zh(entry.body_zh) <= 8
    assert 3 <= _sentences_en(entry.body_en) <= 8
    assert entry.citations
    for citation in entry.citations:
        assert CJK.search(citation) or citation.startswith("GB/T"), citation
    assert entry.keywords_zh and any(CJK.search(k) for k in entry.keywords_zh)
    assert entry.topic in TOPICS
    assert entry.action is None or entry.action in ACTIONS


def test_bilingual_citations_name_both_sources():
    for entry in ENTRIES:
        for citation in entry.citations:
            if citation.startswith("GB/T"):
                continue
            zh, sep, en = citation.partition(" / ")
            assert sep and CJK.search(zh) and en and not CJK.search(en), (entry.id, citation)


def test_article_numbers_match_between_languages():
    for entry in ENTRIES:
        for citation in entry.citations:
            zh, _, en = citation.partition(" / ")
            zh_num = re.search(r"第(\d+)条(之一)?", zh)
            en_num = re.search(r"art\. (\d+)(-1)?", en)
            assert bool(zh_num) == bool(en_num), citation
            if zh_num and en_num:
                assert zh_num.group(1) == en_num.group(1), citation
                assert bool(zh_num.group(2)) == bool(en_num.group(2)), citation


def test_every_topic_is_covered():
    assert {e.topic for e in ENTRIES} == TOPICS


def test_every_action_is_linked_from_some_entry():
    assert {e.action for e in ENTRIES if e.action} == ACTIONS


def test_core_legal_facts_are_cited():
    cited = {c for e in ENTRIES for c in e.citations}
    for needle in (
        "民法典第188条",
        "民法典第189条",
        "民法典第195条",
        "民法典第692条",
        "民法典第561条",
        "民法典第560条",
        "民事诉讼法第225条",
        "民事诉讼法第165条",
        "民事诉讼法第250条",
        "民间借贷规定第25条",
        "刑法第293条之一",
        "人民调解法第33条",
    ):
        assert any(c.startswith(needle) for c in cited), needle


VALID = {
    "id": "sample-entry",
    "topic": "limitation",
    "title_zh": "标题",
    "title_en": "Title",
    "body_zh": "第一句。第二句。第三句。",
    "body_en": "One. Two. Three.",
    "citations": ["民法典第188条 / Civil Code art. 188"],
    "keywords_zh": ["时效"],
}


def test_valid_entry_parses():
    entry = entry_from_dict(VALID)
    assert entry.id == "sample-entry" and entry.action is None and entry.keywords_en == ()


@pytest.mark.parametrize(
    "change",
    [
        {"id": "Bad Id"},
        {"topic": "astrology"},
        {"title_zh": "English only"},
        {"body_en": "含有中文。"},
        {"citations": []},
        {"keywords_zh": []},
        {"action": "call_the_police"},
        {"surprise": 1},
        {"body_zh": "   "},
    ],
)
def test_invalid_entries_are_rejected(change):
    with pytest.raises(KnowledgeBaseError):
        entry_from_dict({**VALID, **change})


def test_duplicate_ids_are_rejected():
    with pytest.raises(KnowledgeBaseError, match="duplicate"):
        parse_entries([VALID, VALID])
