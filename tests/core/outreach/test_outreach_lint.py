"""The message linter, rule by rule, in Chinese and English."""

from __future__ import annotations

import pytest

from huikuan.core.outreach import (
    DISPUTE_INSTRUCTIONS,
    SENDER_IDENTITY,
    ContactInputError,
    detect_language,
    lint,
)
from huikuan.core.outreach.lint import ALL_RULES, CRITICAL, MAJOR


def ids(text: str, *, to_debtor: bool = True, **kw) -> set[str]:
    return {f.rule_id for f in lint(text, addressed_to_debtor=to_debtor, **kw)}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("再不还钱小心我们砍你。", "lint.threat.violence"),
        ("你最好想清楚，否则后果自负。", "lint.threat.violence"),
        ("Pay or we will hurt you.", "lint.threat.violence"),
        ("Something bad might happen to your store.", "lint.threat.violence"),
        ("明天就把你的欠款信息发到朋友圈。", "lint.threat.exposure"),
        ("我们会在小区门口挂横幅。", "lint.threat.exposure"),
        ("We will post your debt on social media.", "lint.threat.exposure"),
        ("我们马上打电话给你的领导。", "lint.threat.third_party"),
        ("你的通讯录我们已经拿到了。", "lint.threat.third_party"),
        ("We'll be talking to your employer tomorrow.", "lint.threat.third_party"),
        ("不接电话的话，明天我们直接去你公司。", "lint.threat.third_party"),
        ("你这个骗子。", "lint.insult"),
        ("You're a deadbeat.", "lint.insult"),
        ("我是金华市公安局的民警，请配合处理欠款。", "lint.impersonation"),
        ("【金华市中级人民法院】你的欠款已进入执行程序。", "lint.impersonation"),
        ("This is Detective Brown; call us back about your account.", "lint.impersonation"),
        ("This is the police. Settle your account today.", "lint.impersonation"),
        ("Special agent Reyes needs to speak with you about your account.", "lint.impersonation"),
        ("不还钱就让你坐牢。", "lint.false_legal"),
        ("欠钱不还要承担刑事责任。", "lint.false_legal"),
        ("明天派出所就来拘留你。", "lint.false_legal"),
        ("You will be arrested tonight.", "lint.false_legal"),
        ("We will garnish your paycheck on Monday.", "lint.false_legal"),
        ("我们一直打到你接为止。", "lint.harassment"),
        ("We will keep calling your phone all weekend.", "lint.harassment"),
        ("请另付催收费300元。", "lint.fee"),
        ("A $30 collection fee has been added.", "lint.fee"),
    ],
)
def test_each_rule_fires(text, rule):
    assert rule in ids(text)


@pytest.mark.parametrize(
    "text",
    [
        # Lawful references to courts and procedures.
        "我方将依法向人民法院申请支付令。",
        "如协商不成，委托人将依法向有管辖权的人民法院提起诉讼。",
        "判决生效后仍不履行的，申请人可依法申请强制执行，法院可以依法采取查封、冻结措施。",
        "拒不履行人民法院生效判决的，法院可以依法采取罚款、拘留措施。",
        "委托人已申请诉前财产保全，冻结措施由法院依法决定。",
        "Our client may file a lawsuit in small claims court.",
        "If a court enters a judgment, wages may be garnished as state law allows.",
        # Negated mentions.
        "我们不会联系您的家人、朋友或单位。",
        "本公司不收取任何手续费。",
        "We will not contact your employer or your family.",
        "We never threaten anyone with arrest.",
        "Our client has waived the late fee.",
        # Everyday phrases near the lexicon that are not violations.
        "你们公司的对账单已发到邮箱，请查收。",
        "如发现冒充我司的诈骗电话，请及时向公安机关报案。",
        "平台服务费由债权人承担，您无需支付任何费用。",
        "Please update your contact details in the portal.",
        "To protect you from fraud, pay only through the portal.",
        "Our agent Maria will call you tomorrow at 10 am.",
        "The service fee is paid by our client, not by you.",
        # Ordinary collection speech.
        "您好，本月的分期款请于15日前支付。",
        "Your next installment of $200 is due on the 15th.",
    ],
)
def test_lawful_messages_pass(text):
    assert ids(text) == set()


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("请转告他尽快归还欠款。", True),
        ("麻烦您让他回个电话，谢谢。", False),
        ("Tell him his loan is overdue.", True),
        ("Please ask him to call me back.", False),
        ("他那笔5000元的事情请他处理一下。", True),
    ],
)
def test_disclosure_only_for_third_parties(text, flagged):
    assert ("lint.disclosure" in ids(text, to_debtor=False)) is flagged
    assert "lint.disclosure" not in ids(text, to_debtor=True)


@pytest.mark.parametrize(
    ("text", "allowed", "flagged"),
    [
        ("本金之外另收违约金500元。", (), True),
        ("本金之外另收违约金500元。", ("违约金",), False),
        ("本金之外另收违约金500元。", ("penalty",), False),
        ("Your balance includes a $25 late fee.", ("late_fee",), False),
        ("Your balance includes a $25 late fee.", ("滞纳金",), False),  # same ledger item, other language
        ("Your balance includes a $25 late fee.", ("penalty",), True),
        ("另收手续费100元。", ("违约金",), True),
        # Costs of realising the claim: keys are the ledger's charge kinds.
        ("请一并支付本案诉讼费2,650元。", (), True),
        ("请一并支付本案诉讼费2,650元。", ("court_fee",), False),
        ("请一并支付本案诉讼费2,650元。", ("案件受理费",), False),  # the ledger's description, same item
        ("Please also pay the court fees of $120.", ("court_fee",), False),
        ("Please also pay the court fees of $120.", ("lawyer_fee",), True),
        ("请支付律师费5,000元。", ("lawyer_fee",), False),
        ("Attorney's fees of $900 are due.", (), True),
        ("请支付财产保全费800元。", ("preservation_fee",), False),
        ("请支付财产保全费800元及服务费100元。", ("preservation_fee",), True),
        ("A service fee of $20 applies.", ("court_fee", "lawyer_fee"), True),
    ],
)
def test_fees_against_ledger(text, allowed, flagged):
    assert ("lint.fee" in ids(text, allowed_fees=allowed)) is flagged


@pytest.mark.parametrize(
    ("text", "required", "sender_names", "expected"),
    [
        ("请于15日内付款。", {SENDER_IDENTITY}, (), {"lint.required.identity"}),
        ("我是明律律师事务所王敏，请于15日内付款。", {SENDER_IDENTITY}, (), set()),
        (
            "我是明律律师事务所王敏，请于15日内付款。",
            {SENDER_IDENTITY},
            ("张三",),
            {"lint.required.identity"},
        ),
        ("王敏提醒：请于15日内付款。", {SENDER_IDENTITY}, ("王敏",), set()),
        ("请于15日内付款。", set(), (), set()),
        (
            "我是王敏，请于15日内付款。",
            {SENDER_IDENTITY, DISPUTE_INSTRUCTIONS},
            (),
            {"lint.required.dispute"},
        ),
        ("我是王敏，如有异议请在15日内提出。", {SENDER_IDENTITY, DISPUTE_INSTRUCTIONS}, (), set()),
        (
            "Please pay within 30 days.",
            {SENDER_IDENTITY, DISPUTE_INSTRUCTIONS},
            (),
            {"lint.required.identity", "lint.required.dispute"},
        ),
        (
            "This is Dana Price. You may dispute this debt.",
            {SENDER_IDENTITY, DISPUTE_INSTRUCTIONS},
            (),
            set(),
        ),
    ],
)
def test_required_elements(text, required, sender_names, expected):
    assert ids(text, required=required, sender_names=sender_names) == expected


def test_finding_shape():
    [f] = lint("你这个老赖。", addressed_to_debtor=True)
    assert (f.rule_id, f.severity, f.excerpt) == ("lint.insult", MAJOR, "老赖")
    assert f.explanation and f.source and f.start == 3 and f.end == 5


def test_findings_in_text_order_one_per_rule():
    found = lint("你这个骗子，再不还就曝光你，骗子！", addressed_to_debtor=True)
    assert [f.rule_id for f in found] == ["lint.insult", "lint.threat.exposure"]


def test_every_rule_documented():
    for rule in ALL_RULES:
        assert rule.rule_id.startswith("lint.")
        assert rule.severity in (CRITICAL, MAJOR)
        assert rule.explanation and rule.source


@pytest.mark.parametrize(("text", "lang"), [("我们将起诉", "zh"), ("We will sue", "en"), ("OK 好的", "zh")])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_language_restricts_patterns():
    assert ids("You are a deadbeat.", language="zh") == set()
    assert ids("You are a deadbeat.", language="en") == {"lint.insult"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "hi", "language": "fr"}, "language"),
        ({"text": "hi", "required": {"signature"}}, "required"),
        ({"text": None}, "text"),
    ],
)
def test_bad_arguments(kwargs, field):
    text = kwargs.pop("text")
    with pytest.raises(ContactInputError) as err:
        lint(text, addressed_to_debtor=True, **kwargs)
    assert isinstance(err.value, ValueError) and err.value.field == field
