"""Tokenisation: jieba for Chinese, lowercased word tokens with light stemming for English."""

from __future__ import annotations

import itertools
import logging
import re
import threading
from collections.abc import Iterable

import jieba

_CJK = "\u4e00-\u9fff"
_CJK_RE = re.compile(f"[{_CJK}]")
_CJK_RUN_RE = re.compile(f"[{_CJK}]+")
# A token worth indexing: CJK characters or ASCII letters/digits.
_WORD_RE = re.compile(f"^[{_CJK}a-z0-9.%]+$")
_EN_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Particles, pronouns and question words that carry no topic.
ZH_STOPWORDS: frozenset[str] = frozenset(
    [
        "的",
        "了",
        "吗",
        "嘛",
        "么",
        "呢",
        "吧",
        "啊",
        "呀",
        "哦",
        "哈",
        "啦",
        "嗯",
        "呗",
        "咋",
        "啥",
        "么样",
        "着",
        "过",
        "地",
        "得",
        "之",
        "其",
        "而",
        "与",
        "及",
        "或",
        "和",
        "跟",
        "同",
        "我",
        "你",
        "您",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "她们",
        "咱们",
        "自己",
        "人家",
        "这",
        "那",
        "这个",
        "那个",
        "这些",
        "那些",
        "这样",
        "那样",
        "这种",
        "那种",
        "这笔",
        "那笔",
        "一下",
        "一个",
        "一些",
        "什么",
        "怎么",
        "怎么样",
        "怎样",
        "如何",
        "为什么",
        "为啥",
        "哪",
        "哪里",
        "哪儿",
        "多少",
        "几",
        "吗",
        "是不是",
        "能不能",
        "可不可以",
        "会不会",
        "有没有",
        "是否",
        "是",
        "有",
        "在",
        "就",
        "都",
        "也",
        "还",
        "又",
        "再",
        "才",
        "只",
        "很",
        "太",
        "更",
        "最",
        "被",
        "把",
        "给",
        "让",
        "对",
        "向",
        "从",
        "到",
        "为",
        "以",
        "要",
        "想",
        "能",
        "会",
        "可以",
        "应该",
        "需要",
        "已经",
        "一直",
        "现在",
        "然后",
        "但是",
        "可是",
        "因为",
        "所以",
        "如果",
        "要是",
        "那么",
        "请问",
        "问",
        "一",
        "个",
        "些",
        "呢",
        "怎么办",
        "咋办",
        "咋整",
        "怎么弄",
        "么",
        "不",
        "没",
        "没有",
        "说",
        "去",
        "来",
        "做",
        "弄",
        "搞",
        "上",
        "下",
        "里",
        "中",
        "后",
        "前",
        "时",
        "时候",
        "等",
        "还是",
        "不是",
        "东西",
        "出来",
        "下来",
        "起来",
        "一下子",
        "几个",
        "哪些",
        "那天",
        "正好",
        "上面",
        "一张",
        "一批",
        "一点",
        "一点点",
        "到底",
        "大概",
        "一般",
        "真的",
        "听说",
        "情况",
        "这边",
        "那边",
        "时候",
        "之前",
        "之后",
        "以后",
        "以前",
        "老是",
        "总是",
        "还在",
        "怎么说",
        "咋说",
        "有用",
        "管用",
        "靠谱",
        "合法吗",
    ]
)

EN_STOPWORDS: frozenset[str] = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "mine",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "can",
        "could",
        "would",
        "should",
        "shall",
        "will",
        "may",
        "might",
        "must",
        "not",
        "no",
        "yes",
        "so",
        "than",
        "then",
        "too",
        "very",
        "just",
        "also",
        "only",
        "any",
        "all",
        "some",
        "such",
        "own",
        "about",
        "up",
        "down",
        "out",
        "over",
        "under",
        "again",
        "further",
        "once",
        "more",
        "most",
        "other",
        "same",
        "s",
        "t",
        "don't",
        "can't",
        "isn't",
        "i'm",
        "it's",
        "get",
        "got",
        "still",
        "now",
        "please",
        "tell",
        "know",
        "want",
        "need",
        "does",
        "anyone",
        "someone",
        "something",
    ]
)

# Legal terms the bundled dictionary splits apart; keyword lists from the knowledge base are added too.
LEGAL_TERMS: tuple[str, ...] = (
    "诉讼时效",
    "时效中断",
    "时效中止",
    "时效届满",
    "支付令",
    "督促程序",
    "小额诉讼",
    "司法确认",
    "人民调解",
    "诉前保全",
    "财产保全",
    "强制执行",
    "失信被执行人",
    "限制高消费",
    "保证期间",
    "连带责任保证",
    "一般保证",
    "民间借贷",
    "贷款市场报价利率",
    "违约金",
    "对账单",
    "送货单",
    "签收单",
    "催款函",
    "律师函",
    "起诉状",
    "电子数据",
    "电子签名",
    "区块链",
    "存证",
    "哈希",
    "时间戳",
    "个人信息",
    "敏感个人信息",
    "砍头息",
    "套路贷",
    "讨债公司",
    "阴阳合同",
    "风险代理",
    "迟延履行",
    "终本",
    "老赖",
)

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_extra_terms: set[str] = set()


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def _get_tokenizer() -> jieba.Tokenizer:
    """Private jieba tokenizer on the bundled dictionary, created once on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                logging.getLogger("jieba").setLevel(logging.WARNING)
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()  # bundled dict.txt only
                tokenizer.initialize()
                for term in (*LEGAL_TERMS, *sorted(_extra_terms)):
                    tokenizer.add_word(term)
                _tokenizer = tokenizer
    return _tokenizer


def add_terms(terms: Iterable[str]) -> None:
    """Register domain terms so jieba keeps them whole (multi-character CJK terms only)."""
    new = {t for t in terms if len(t) >= 2 and _CJK_RUN_RE.fullmatch(t)} - _extra_terms
    if not new:
        return
    with _lock:
        _extra_terms.update(new)
        if _tokenizer is not None:
            for term in sorted(new):
                _tokenizer.add_word(term)


def tokenize_zh(text: str) -> list[str]:
    """Search-mode jieba tokens (words plus their dictionary sub-words), stopwords removed."""
    tokenizer = _get_tokenizer()
    tokens: list[str] = []
    for raw in tokenizer.cut_for_search(text.lower(), HMM=False):
        token = raw.strip()
        if token and token not in ZH_STOPWORDS and _WORD_RE.match(token):
            tokens.append(token)
    return tokens


def cjk_runs(text: str) -> list[str]:
    return _CJK_RUN_RE.findall(text)


def cjk_ngrams(text: str, sizes: tuple[int, ...] = (1, 2)) -> list[str]:
    """Overlapping CJK character n-grams, skipping unigrams that are stopwords."""
    grams: list[str] = []
    for run in _CJK_RUN_RE.findall(text.lower()):
        for size in sizes:
            for i in range(len(run) - size + 1):
                gram = run[i : i + size]
                if size == 1 and gram in ZH_STOPWORDS:
                    continue
                grams.append(gram)
    return grams


def _stem(word: str) -> str:
    """A deliberately small suffix stripper: enough to match plurals and common verb forms."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word.endswith(("ses", "xes", "zes", "ches", "shes")):
                continue
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            return word[: -len(suffix)] + repl
    return word


def tokenize_en(text: str) -> list[str]:
    """Lowercased English word tokens, stopwords removed, lightly stemmed."""
    tokens: list[str] = []
    for word in _EN_WORD_RE.findall(text.lower()):
        if word in EN_STOPWORDS:
            continue
        word = word.split("'", 1)[0]
        if word:
            tokens.append(_stem(word))
    return tokens


def en_phrases(tokens: list[str]) -> list[str]:
    """Adjacent token pairs ("payment order" -> "payment_order") so phrases outrank scattered words."""
    return [f"{a}_{b}" for a, b in itertools.pairwise(tokens)]
