"""Message linter for collection messages in Chinese and English.

Each rule is a few regular expressions plus a small lexicon. A match is ignored
when its sentence negates it before the match ("我们不会联系您的家人",
"we will never threaten you with arrest"), and false-legal-consequence matches
are ignored in sentences that state a lawful, conditional court procedure
("判决生效后仍不履行…法院可依法…").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import ContactInputError

CRITICAL = "critical"
MAJOR = "major"

SENDER_IDENTITY = "sender_identity"
DISPUTE_INSTRUCTIONS = "dispute_instructions"
REQUIRED_ELEMENTS = frozenset({SENDER_IDENTITY, DISPUTE_INSTRUCTIONS})

LANGUAGES = ("zh", "en")

# Source citations shared by several rules.
_CN = "GB/T 45251-2025; NIFA collection guideline (2024); China Banking Association guideline (2026-01)"
_CRIM = "Criminal Law art. 293-1"


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: str
    explanation: str
    source: str
    excerpt: str  # the matched text; empty for a missing required element
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LintRule:
    rule_id: str
    severity: str
    explanation: str
    source: str
    zh: tuple[re.Pattern[str], ...] = ()
    en: tuple[re.Pattern[str], ...] = ()
    third_party_only: bool = False  # only checked when the message is not addressed to the debtor
    lawful_context: tuple[re.Pattern[str], ...] = ()  # a sentence matching one of these is exempt


def _zh(*alternatives: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(a) for a in alternatives)


def _en(*alternatives: str, flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(a, flags) for a in alternatives)


_YOU = "(?:你|您)(?:的|们|和|家)?"
_ZH_KIN = (
    "家人|家里人|家属|父母|爸妈|爸爸|妈妈|老婆|老公|丈夫|妻子|孩子|子女|女儿|儿子|亲戚|亲友|朋友|"
    "同事|领导|单位|老板|学校|村委会|丈母娘|通讯录|邻居"
)
_EN_KIN = (
    r"employer|boss|manager|work ?place|co-?workers?|colleagues?|family|family's|relatives?|"
    r"mother|mother's|father|father's|mom|dad|parents?|wife|husband|spouse|kids?|kids'|children|"
    r"son|daughter|friends?|neighbou?rs?|church|school|contacts|contact list|phone ?book"
)

RULES: tuple[LintRule, ...] = (
    LintRule(
        "lint.threat.violence",
        CRITICAL,
        "Threatens violence or harm to the person or property.",
        f"{_CRIM}; {_CN}; 15 U.S.C. 1692d(1); 12 CFR 1006.14(c)",
        zh=_zh(
            r"打断.{0,3}(腿|手)|(腿|手)打断|弄死|打死|砍(死|你)|捅(死|你)|废了你|弄残|揍你|收拾你|放火|烧了你",
            r"后果自负|别怪我们?不客气|走夜路|(会|就|要|哪天)出(点|什么)事|你自己掂量|有的是办法|不会好过",
            r"兄弟(们)?过去|找人(过去|上门|收拾)|泼油漆|砸(了|烂)你|搬(走|空).{0,6}(抵债)?|知道你住(哪|在哪)",
            r"别逼我",
        ),
        en=_en(
            r"\bbreak your (legs?|arms?|neck|knees?|fingers?)\b|\b(hurt|beat|kill|burn)\b.{0,12}\byou",
            r"\bwatch your back\b|\byou('ll| will) regret\b|\bget(ting)? ugly\b",
            r"\b(shame|pity) if (anything|something)\b",
            r"\bsomething (bad |terrible |unfortunate )?((might|could|may|will|would) )?happen",
            r"\bsend (someone|somebody|the boys|some guys|people)\b|\bwe know where you live\b",
        ),
    ),
    LintRule(
        "lint.threat.exposure",
        CRITICAL,
        "Threatens to expose or publicly shame the debtor.",
        f"{_CN} (no public posting); {_CRIM}; 15 U.S.C. 1692d(3); 12 CFR 1006.14(e)",
        zh=_zh(
            r"曝光|示众|大字报|海报|横幅|喷漆|泼油漆|全网",
            r"(就|会|将|要|给你)公开|公开(你|出去)",
            r"发(到|在)?(你们?)?(朋友圈|抖音|微博|快手|网上|群里)|业主群|让大家都(看看|知道)|贴满",
        ),
        en=_en(
            r"\b(post|publish|share|put)\b.{0,40}"
            r"\b(facebook|social media|instagram|twitter|tiktok|online|internet)\b",
            r"\bpublish\b.{0,30}\b(debt|name|photo|list)\b|\bpublic list\b|\bbillboard\b",
            r"\beveryone\b.{0,30}\bknows?\b|\bneighbou?rs\b.{0,10}\b(find out|know|hear)\b|\bshame you\b",
        ),
    ),
    LintRule(
        "lint.threat.third_party",
        CRITICAL,
        "Threatens or alludes to involving the debtor's family, employer, school or contacts.",
        f"{_CN} (debtor only); {_CRIM}; 15 U.S.C. 1692c(b); 12 CFR 1006.6(d)(1)",
        zh=_zh(
            _YOU + f"(?:{_ZH_KIN})",
            r"全公司|全单位|(孩子|子女|家人)(也|都)?(考不|上不|不能|会受|受影响)",
            r"(去|到|找到|上)(你|您)(的|们)?公司",
        ),
        en=_en(
            rf"\b(your|his|her)\s+(whole\s+)?({_EN_KIN})\b",
            r"\beveryone (in|at) your\b",
        ),
    ),
    LintRule(
        "lint.harassment",
        MAJOR,
        "Threatens repeated or continuous contact or following the person (harassment).",
        f"{_CRIM} (stalking, harassment); {_CN}; 15 U.S.C. 1692d(5); 12 CFR 1006.14(a), (b)",
        zh=_zh(
            r"一直(打|守|跟|找|发)|(每天|天天)(都)?(会)?(上门|打|给你|找|发)|一天打.{0,4}遍",
            r"换(个)?(号码|号).{0,4}打|直到你?还(钱|清)|躲得了|去哪.{0,4}都能找到|守着你?|跟着你|在你.{0,6}楼下",
        ),
        en=_en(
            r"\bkeep (calling|texting|coming)\b|\bday and night\b|\bevery (hour|\d+ minutes|few minutes)\b",
            r"\buntil (you (pay|respond|answer)|this is paid)\b|\boutside your (house|home|door|office)\b",
            r"\bwe('ll| will) find you\b|\bwherever you go\b|\bevery day until\b",
        ),
    ),
    LintRule(
        "lint.insult",
        MAJOR,
        "Insults or demeans the person.",
        f"PRODUCT.md (no insults); {_CN}; 15 U.S.C. 1692d(2); 12 CFR 1006.14(d)",
        zh=_zh(
            r"老赖|骗子|人渣|垃圾|废物|不要脸|畜生|无赖|混蛋|王八蛋|狗东西|这种东西|贱人|活着有什么用|没脸|还有脸",
        ),
        en=_en(
            r"\b(deadbeat|liar|loser|idiot|scumbag|scum|worthless|pathetic|trash|thief|stupid|moron|lowlife|"
            r"bum|piece of (garbage|crap|trash))\b",
        ),
    ),
    LintRule(
        "lint.impersonation",
        CRITICAL,
        "Claims to be, or to speak for, a court, the police or a government body.",
        f"{_CN} (no impersonation); Criminal Law art. 279; 15 U.S.C. 1692e(1), 1692e(9); 12 CFR 1006.18",
        zh=_zh(
            r"^\s*【[^】]*(法院|公安|派出所|检察院|政府|警)[^】]*】",
            r"(这里是|我是|我们是|本人是|本人系|我系)[^，。,]{0,15}?"
            r"(法院|公安|派出所|警察|民警|检察院|政府|法官|执行局|经侦|刑警|网警|金融办|监管局)",
        ),
        en=_en(
            r"\bthis is (officer|detective|deputy|sergeant|agent|judge|the (police|sheriff|court|irs|fbi|"
            r"department of justice|district attorney|district court|county court))",
            r"^\W*(court|police|sheriff|government|official court) notice\b",
            r"\b(notice|letter|message) from the (department of justice|doj|irs|fbi|police|sheriff)",
            r"\b(federal|fbi|special|government) agent\b",
        )
        + _en(r"\b(Officer|Detective|Deputy|Sheriff|Agent|Judge) [A-Z][a-z]+", flags=0),
    ),
    LintRule(
        "lint.false_legal",
        CRITICAL,
        "States a false or misleading legal consequence (arrest, prison, criminal liability, seizure).",
        f"{_CN}; {_CRIM}; 15 U.S.C. 1692e(4), 1692e(5), 1692e(7); 12 CFR 1006.18",
        zh=_zh(
            r"抓(你|人)|逮捕|拘留|坐牢|判刑|有期徒刑|刑事责任|通缉|涉嫌|构成(犯罪|诈骗|.{0,6}罪)|逃债罪",
            r"(是|属于|算|就是)(诈骗|合同诈骗|犯罪)|(已|已经|将|会|要|准备|马上)(向.{0,8})?报案|报案材料",
            r"公安.{0,3}介入",
            r"(?<!申请)(?<!依法)(冻结|查封|拍卖|划扣)",
            r"黑名单|失信|征信",
        ),
        en=_en(
            r"\b(arrest(ed)?|jail|prison|warrant|criminal charges?|crime|felony)\b",
            r"\b(as|is|for|committing|committed|guilty of) fraud\b",
            r"\b(deport(ed)?|immigration)\b",
            r"\bcustody of your\b|\bdriver'?s? licen[cs]e\b|\bFBI\b|\bgarnish\w*|\bseize\b|\brepossess\w*",
            r"\btake your (house|home|car)\b",
        ),
        lawful_context=_zh(
            r"判决.{0,4}生效|生效.{0,3}判决|发生法律效力|拒不履行|拒不执行|申请.{0,12}(保全|强制执行)|财产保全",
        )
        + _en(r"\bif a court (enters|grants)\b|\bjudgment\b.{0,60}\b(state|applicable) law\b"),
    ),
    LintRule(
        "lint.disclosure",
        CRITICAL,
        "Discloses the debt to someone other than the debtor.",
        f"{_CN} (contacts only to locate, never disclosing the debt); 15 U.S.C. 1692c(b), 1692b; "
        "12 CFR 1006.6(d)(1), 1006.10",
        zh=_zh(
            r"欠|债|还款|还钱|逾期|催收|借款|贷款|账款|货款|结清|还上|款项|[0-9][0-9,.]*\s*(元|万|块)|¥|人民币|起诉|律师函",
        ),
        en=_en(
            r"\b(owes?|owed|owing|debts?|overdue|past due|collections?|collector|balance|loan|arrears|"
            r"delinquent|lawsuit|sue|money)\b|\$\s?\d|\boverdue account\b",
        ),
        third_party_only=True,
    ),
)

RULES_BY_ID = {r.rule_id: r for r in RULES}

FEE_RULE = LintRule(
    "lint.fee",
    MAJOR,
    "Demands a fee or charge that is not an item of the ledger.",
    "PRODUCT.md (no debtor-paid collection fees); 15 U.S.C. 1692f(1); 12 CFR 1006.22(b)",
)

# Canonical fee item -> the words that name it. An allowed fee may be given as the key or any of its words.
FEE_LEXICON: dict[str, tuple[str, ...]] = {
    "collection_fee": ("催收服务费", "催收费", "collection fee", "collection charge"),
    "handling_fee": (
        "手续费",
        "办理费",
        "processing fee",
        "processing charge",
        "handling fee",
        "convenience fee",
    ),
    "late_fee": ("滞纳金", "罚金", "late fee", "late charge"),
    "penalty": ("违约金", "contractual penalty"),
    "visit_fee": ("上门外访费", "上门费", "外访费", "travel fee", "visit fee"),
    "service_fee": ("服务费", "service fee", "service charge", "administrative fee", "admin fee"),
    # Costs of realising the claim: allowed only when the ledger records them (keys are ledger charge kinds).
    "court_fee": ("案件受理费", "诉讼费", "受理费", "court fee", "court cost", "filing fee"),
    "lawyer_fee": ("律师代理费", "律师费", "lawyer's fee", "lawyer fee", "attorney's fee", "attorney fee", "legal fee"),
    "preservation_fee": ("财产保全费", "保全费", "preservation fee"),
}
_FEE_PATTERN = re.compile(
    "|".join(
        re.escape(w) + ("s?" if w.isascii() else "")
        for w in sorted((w for ws in FEE_LEXICON.values() for w in ws), key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_FEE_GROUP = {w.lower(): key for key, ws in FEE_LEXICON.items() for w in ws}

IDENTITY_RULE = LintRule(
    "lint.required.identity",
    MAJOR,
    "The message does not say who is sending it.",
    f"PRODUCT.md (sender identity always disclosed); {_CN}; 15 U.S.C. 1692d(6), 1692e(11)",
    zh=_zh(
        r"我是|我叫|本人|这里是|本所|我司|本司|本公司|本委员会|调解员|^\s*【[^】]{2,30}】",
        r"(律师|调解员|专员|财务|法务)\s*[\u4e00-\u9fff]{2,3}\s*[。.]?\s*$",
    ),
    en=_en(
        r"\b(this is|my name is|speaking)\b",
        r"\b(law group|law firm|llc|inc\.?|ltd|mediation center|mediation centre|associates|attorneys?)\b",
    )
    + _en(r"\b(I am|I'm) [A-Z]|\b[A-Z][a-z]+ (here|speaking)\b", flags=0),
)

DISPUTE_RULE = LintRule(
    "lint.required.dispute",
    MAJOR,
    "A first notice must tell the debtor how to dispute the debt.",
    "PRODUCT.md (dispute pauses collection); 15 U.S.C. 1692g; 12 CFR 1006.34(c)",
    zh=_zh(r"异议|争议|申诉|不认可|有疑问|核对|有误|不应承担"),
    en=_en(r"\bdispute|\bdisagree|\b(amount|this) is (wrong|incorrect)|\bdo(n't| not) owe\b"),
)

ALL_RULES: tuple[LintRule, ...] = (*RULES, FEE_RULE, IDENTITY_RULE, DISPUTE_RULE)

_SENTENCE_END = re.compile(r"[。！？!?；;\n]|(?<!\d)\.(?!\d)")
_NEGATION = re.compile(
    r"不会|绝不|决不|从不|不得|不能|不可|禁止|严禁|无需|不需|不收|不再|没有|免收|免除|减免|免费|谨防|请勿|不予|不要|不用"
    r"|\b(not|never|no|without|won't|cannot|can't|don't|doesn't|waived?|waives|free of|beware)\b",
    re.IGNORECASE,
)
# A leading conditional ("If you don't pay, ...") must not count as negating the threat after it.
_CONDITIONAL = re.compile(r"\b(if|unless)\b[^,，]*[,，]?", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A fee named and then said to be borne by someone else, or waived ("服务费由债权人承担").
_FEE_NOT_CHARGED = re.compile(
    r"由[^，。,.]{0,10}(承担|支付|负担)|(无需|不需要?|不用)您?(支付|承担|缴纳)|已?(免收|免除|减免)"
    r"|\b(is|are|has been|have been) waived\b|\bat no (cost|charge)\b|\bpaid by (us|our client|the creditor)\b",
    re.IGNORECASE,
)


def detect_language(text: str) -> str:
    """'zh' when the text contains any CJK ideograph, else 'en'."""
    return "zh" if _CJK.search(text) else "en"


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, (m.start() if m else len(text))


def _negated(text: str, start: int) -> bool:
    s, _ = _sentence_bounds(text, start)
    prefix = _CONDITIONAL.sub(" ", text[s:start])
    return _NEGATION.search(prefix) is not None


def _patterns(rule: LintRule, languages: tuple[str, ...]) -> Iterable[re.Pattern[str]]:
    if "zh" in languages:
        yield from rule.zh
    if "en" in languages:
        yield from rule.en


def _first_match(
    rule: LintRule, text: str, languages: tuple[str, ...], keep: Callable[[re.Match[str]], bool]
) -> re.Match[str] | None:
    best: re.Match[str] | None = None
    for pattern in _patterns(rule, languages):
        for m in pattern.finditer(text):
            if keep(m):
                if best is None or m.start() < best.start():
                    best = m
                break
    return best


def _finding(rule: LintRule, m: re.Match[str] | None) -> Finding:
    if m is None:
        return Finding(rule.rule_id, rule.severity, rule.explanation, rule.source, "", 0, 0)
    return Finding(rule.rule_id, rule.severity, rule.explanation, rule.source, m.group(0), m.start(), m.end())


def _fee_allowed(allowed_fees: Iterable[str]) -> set[str]:
    groups: set[str] = set()
    for item in allowed_fees:
        key = item.strip().lower()
        groups.add(_FEE_GROUP.get(key, key))
    return groups


def lint(
    text: str,
    *,
    addressed_to_debtor: bool,
    language: str | None = None,
    allowed_fees: Iterable[str] = (),
    required: Iterable[str] = (),
    sender_names: Iterable[str] = (),
) -> list[Finding]:
    """Check one message; return a finding per violated rule, in text order (missing elements last).

    addressed_to_debtor: True for the debtor or a guarantor (a party to the debt); False turns on the
    disclosure rule. allowed_fees: ledger fee items (a FEE_LEXICON key or any of its words).
    required: elements the message kind must contain (SENDER_IDENTITY, DISPUTE_INSTRUCTIONS).
    sender_names: if given, the identity element is present only when one of these names appears.
    """
    if not isinstance(text, str):
        raise ContactInputError("message text must be a string", field="text")
    if language is not None and language not in LANGUAGES:
        raise ContactInputError(f"unknown language {language!r}; expected one of {LANGUAGES}", field="language")
    required = frozenset(required)
    unknown = required - REQUIRED_ELEMENTS
    if unknown:
        raise ContactInputError(f"unknown required element(s) {sorted(unknown)}", field="required")
    languages = LANGUAGES if language is None else (language,)

    findings: list[Finding] = []
    for rule in RULES:
        if rule.third_party_only and addressed_to_debtor:
            continue

        def keep(m: re.Match[str], rule: LintRule = rule) -> bool:
            if _negated(text, m.start()):
                return False
            if rule.lawful_context:
                s, e = _sentence_bounds(text, m.start())
                sentence = text[s:e]
                if any(p.search(sentence) for p in rule.lawful_context):
                    return False
            return True

        m = _first_match(rule, text, languages, keep)
        if m is not None:
            findings.append(_finding(rule, m))

    allowed = _fee_allowed(allowed_fees)
    for m in _FEE_PATTERN.finditer(text):
        word = m.group(0).lower().rstrip("s") if m.group(0).isascii() else m.group(0)
        group = _FEE_GROUP.get(word) or _FEE_GROUP.get(m.group(0).lower())
        _, sentence_end = _sentence_bounds(text, m.start())
        if group in allowed or _negated(text, m.start()) or _FEE_NOT_CHARGED.search(text, m.end(), sentence_end):
            continue
        findings.append(_finding(FEE_RULE, m))
        break

    findings.sort(key=lambda f: f.start)
    if SENDER_IDENTITY in required:
        names = [n for n in sender_names if n and n.strip()]
        if names:
            present = any(n.lower() in text.lower() for n in names)
        else:
            present = _first_match(IDENTITY_RULE, text, LANGUAGES, lambda m: True) is not None
        if not present:
            findings.append(_finding(IDENTITY_RULE, None))
    if DISPUTE_INSTRUCTIONS in required and _first_match(DISPUTE_RULE, text, LANGUAGES, lambda m: True) is None:
        findings.append(_finding(DISPUTE_RULE, None))
    return findings
