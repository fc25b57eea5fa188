"""The optional OpenAI-compatible connection, against a local server speaking that protocol."""

import json

import pytest
from django.urls import reverse

from huikuan.assistant import llm
from huikuan.assistant.answers import answer
from tests.assistant.fake_llm import FakeChatServer

GROUNDED = "诉讼时效一般为三年，从知道权利受到损害之日起计算[1]。债权人催告可以中断时效[2]。"


@pytest.fixture
def connect(settings):
    def _connect(server, **extra):
        settings.ASSISTANT_LLM = {"BASE_URL": server.base_url, "MODEL": "test-model", "API_KEY": "sk-test", **extra}

    return _connect


def test_off_by_default(settings):
    settings.ASSISTANT_LLM = None
    assert llm.config() is None


@pytest.mark.django_db
def test_fluent_answer_is_grounded_in_the_retrieved_entries(connect):
    with FakeChatServer(reply=GROUNDED + "另见[7]。") as server:
        connect(server)
        result = answer(question="诉讼时效是多久，怎么中断", lang="zh-hans")
    assert result.llm_text and result.llm_model == "test-model"
    assert "[1]" in result.llm_text and "[2]" in result.llm_text
    assert "[7]" not in result.llm_text  # a citation of no retrieved entry is removed
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    sent = request["json"]
    assert sent["model"] == "test-model" and sent["messages"][0]["role"] == "system"
    prompt = sent["messages"][1]["content"]
    # Only the retrieved entries (with their citations) and the question go to the model.
    for number, entry in enumerate(result.entries, start=1):
        assert f"[{number}] {entry.title}" in prompt
        assert entry.citations[0] in prompt
    assert "诉讼时效是多久，怎么中断" in prompt
    # The offline answer stays complete beside the fluent one.
    assert result.entries and result.disclaimer


@pytest.mark.django_db
def test_case_facts_go_to_the_model(connect, case_a):
    with FakeChatServer(reply="按案件数据，时效届满日见上[1]。") as server:
        connect(server)
        result = answer(question="还有多久过诉讼时效?", case=case_a)
    prompt = server.requests[0]["json"]["messages"][1]["content"]
    assert result.case_answer.figures["expiry"] in prompt
    assert result.llm_text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "server_kwargs",
    [
        {"status": 500},
        {"status": 401},
        {"reply": "没有引用任何条目的回答。"},
        {"reply": ""},
        {"reply": GROUNDED, "delay": 1.5},
    ],
    ids=["server-error", "unauthorised", "ungrounded", "empty", "timeout"],
)
def test_failures_fall_back_to_the_offline_answer(connect, server_kwargs):
    with FakeChatServer(**server_kwargs) as server:
        connect(server, TIMEOUT=0.5)
        result = answer(question="诉讼时效是多久", lang="zh-hans")
    assert server.requests  # it was asked
    assert result.llm_text is None
    assert result.entries and result.disclaimer


@pytest.mark.django_db
def test_unreachable_endpoint_falls_back(settings):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    settings.ASSISTANT_LLM = {"BASE_URL": f"http://127.0.0.1:{port}/v1", "MODEL": "m", "TIMEOUT": 1}
    result = answer(question="支付令是什么", lang="zh-hans")
    assert result.llm_text is None and result.entries


@pytest.mark.django_db
def test_api_and_page_show_the_fluent_answer(client, creditor_a, connect):
    client.force_login(creditor_a)
    with FakeChatServer(reply=GROUNDED) as server:
        connect(server)
        body = client.post(
            reverse("api-1:assistant_ask"),
            data=json.dumps({"question": "诉讼时效是多久"}),
            content_type="application/json",
        ).json()
        html = client.post(reverse("assistant:ask"), {"q": "诉讼时效是多久"}, HTTP_HX_REQUEST="true").content.decode()
    assert body["llm_text"] == GROUNDED and body["llm_model"] == "test-model"
    assert 'data-testid="llm-answer"' in html and "test-model" in html
    assert body["entries"][0]["citations"][0] in html  # sources with their citations stay visible
