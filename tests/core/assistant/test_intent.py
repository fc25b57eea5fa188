import pytest

from huikuan.core.assistant import (
    LIMITATION_STATUS,
    PAYMENT_ORDER_ELIGIBILITY,
    SMALL_CLAIMS_ELIGIBILITY,
    detect_case_question,
)

CASE_QUESTIONS = [
    ("还有多久过诉讼时效?", LIMITATION_STATUS),
    ("时效过了没有", LIMITATION_STATUS),
    ("这笔账过没过时效", LIMITATION_STATUS),
    ("诉讼时效什么时候到期", LIMITATION_STATUS),
    ("我的时效还剩多少天", LIMITATION_STATUS),
    ("会不会已经超过诉讼时效了", LIMITATION_STATUS),
    ("这笔还在时效内吗", LIMITATION_STATUS),
    ("实效快过了吗", LIMITATION_STATUS),
    ("How much time is left on the limitation period?", LIMITATION_STATUS),
    ("Is my claim time-barred?", LIMITATION_STATUS),
    ("When does the limitation period expire for this debt?", LIMITATION_STATUS),
    ("能申请支付令吗?", PAYMENT_ORDER_ELIGIBILITY),
    ("这笔能不能走支付令", PAYMENT_ORDER_ELIGIBILITY),
    ("我这个案子适合申请支付令吗", PAYMENT_ORDER_ELIGIBILITY),
    ("符合支付令的条件吗", PAYMENT_ORDER_ELIGIBILITY),
    ("支付领能用吗", PAYMENT_ORDER_ELIGIBILITY),
    ("Can I apply for a payment order?", PAYMENT_ORDER_ELIGIBILITY),
    ("Is this debt eligible for a payment order?", PAYMENT_ORDER_ELIGIBILITY),
    ("这笔能走小额诉讼吗?", SMALL_CLAIMS_ELIGIBILITY),
    ("能不能按小额程序起诉", SMALL_CLAIMS_ELIGIBILITY),
    ("我这个算不算小额案件", SMALL_CLAIMS_ELIGIBILITY),
    ("适用小额诉讼吗", SMALL_CLAIMS_ELIGIBILITY),
    ("这个金额够小额吗", SMALL_CLAIMS_ELIGIBILITY),
    ("Can I use small claims for this?", SMALL_CLAIMS_ELIGIBILITY),
    ("Does my case qualify for small claims?", SMALL_CLAIMS_ELIGIBILITY),
]

GENERAL_QUESTIONS = [
    "诉讼时效是几年",
    "诉讼时效是什么意思",
    "支付令是什么",
    "对方对支付令提出异议怎么办",
    "申请支付令要多少钱",
    "小额诉讼能上诉吗",
    "小额诉讼是什么",
    "小额诉讼的流程",
    "微信聊天记录能当证据吗",
    "老赖怎么办",
    "What is a payment order?",
    "How much does a payment order cost?",
    "Can small claims judgments be appealed?",
    "What is the limitation period in China?",
    "",
    "   ",
]


@pytest.mark.parametrize(("question", "expected"), CASE_QUESTIONS)
def test_case_questions_are_detected(question, expected):
    assert detect_case_question(question) == expected


@pytest.mark.parametrize("question", GENERAL_QUESTIONS)
def test_general_questions_are_left_to_the_knowledge_base(question):
    assert detect_case_question(question) is None


def test_at_least_fifteen_phrasings_are_covered():
    assert len(CASE_QUESTIONS) >= 15
    assert {expected for _, expected in CASE_QUESTIONS} == {
        LIMITATION_STATUS,
        PAYMENT_ORDER_ELIGIBILITY,
        SMALL_CLAIMS_ELIGIBILITY,
    }
