"""The fake LLM server (tests/fake_llm.py) is faithful: the real openai SDK and langchain_openai accept
its answers as OpenAI's, and each failure mode surfaces as the exception those clients raise for it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import openai
import pytest
from langchain_openai import ChatOpenAI

from tests.fake_llm import FakeLlm, unused_port

REPLY = "Kubernetes schedules pods onto nodes and restarts them when they fail [1]."
MESSAGES = [{"role": "system", "content": "Answer from the passages."}, {"role": "user", "content": "What is k8s?"}]


@pytest.fixture()
def fake() -> Iterator[FakeLlm]:
    with FakeLlm(model="fake-model") as server:
        server.reply(REPLY)
        yield server


def client(fake: FakeLlm, timeout: float = 5, **kwargs) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="k", timeout=timeout, max_retries=0, **kwargs)


def ask(fake: FakeLlm, **kwargs):
    return client(fake).chat.completions.create(model="fake-model", messages=MESSAGES, **kwargs)


def test_models_list_has_openais_shape(fake):
    raw = httpx.get(f"{fake.base_url}/models").json()
    assert raw["object"] == "list"
    assert raw["data"][0].keys() == {"id", "object", "created", "owned_by"}
    assert isinstance(raw["data"][0]["created"], int)
    models = client(fake).models.list()
    assert [(model.id, model.object, model.owned_by) for model in models.data] == [("fake-model", "model", "fake")]


def test_completion_is_parsed_by_the_sdk_and_the_request_recorded(fake):
    assert fake.requests == []
    completion = ask(fake, temperature=0.2, max_tokens=300)
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-") and completion.model == "fake-model"
    choice = completion.choices[0]
    assert (choice.index, choice.message.role, choice.message.content) == (0, "assistant", REPLY)
    assert choice.finish_reason == "stop" and choice.logprobs is None
    usage = completion.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens == len(REPLY.split())
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens

    [request] = fake.requests
    assert request.is_chat and request.api_key == "k" and request.headers["authorization"] == "Bearer k"
    assert request["messages"] == MESSAGES and request["model"] == "fake-model"
    assert (request["temperature"], request["max_tokens"]) == (0.2, 300)


def test_stream_sends_openais_chunks_then_usage_then_done(fake):
    chunks = list(ask(fake, stream=True, stream_options={"include_usage": True}))
    first, *middle, finish, usage = chunks
    assert all(chunk.object == "chat.completion.chunk" and chunk.id == first.id for chunk in chunks)
    assert (first.choices[0].delta.role, first.choices[0].delta.content) == ("assistant", "")
    pieces = [chunk.choices[0].delta.content for chunk in middle]
    assert len(pieces) > 2 and "".join(pieces) == REPLY
    assert all(chunk.choices[0].finish_reason is None and chunk.usage is None for chunk in [first, *middle])
    assert finish.choices[0].finish_reason == "stop" and finish.choices[0].delta.content is None
    assert usage.choices == [] and usage.usage.completion_tokens == len(REPLY.split())
    assert fake.last_request["stream"] is True


def test_stream_on_the_wire_is_server_sent_events_ending_in_done(fake):
    body = {"model": "fake-model", "messages": MESSAGES, "stream": True}
    with httpx.stream("POST", f"{fake.base_url}/chat/completions", json=body) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["transfer-encoding"] == "chunked"
        text = response.read().decode()
    events = text.split("\n\n")
    assert events[-2:] == ["data: [DONE]", ""]
    payloads = [json.loads(event.removeprefix("data: ")) for event in events[:-2]]
    assert all(event.startswith("data: {") for event in events[:-2])
    assert payloads[-1]["choices"][0] == {"index": 0, "delta": {}, "logprobs": None, "finish_reason": "stop"}
    assert all("usage" not in payload for payload in payloads)  # only sent when include_usage asks for it


def test_reply_with_builds_the_answer_from_the_request(fake):
    fake.reply_with(lambda body: f"You asked: {body['messages'][-1]['content']}")
    assert ask(fake).choices[0].message.content == "You asked: What is k8s?"
    fake.reply_with(lambda body: 1 / 0)
    with pytest.raises(openai.InternalServerError, match="ZeroDivisionError"):
        ask(fake)


def test_max_tokens_cuts_the_reply_with_finish_reason_length(fake):
    choice = ask(fake, max_tokens=3).choices[0]
    assert (choice.message.content, choice.finish_reason) == ("Kubernetes schedules pods", "length")
    chunks = list(ask(fake, max_tokens=3, stream=True))
    assert chunks[-1].choices[0].finish_reason == "length"


def test_langchain_invoke_and_stream(fake):
    llm = ChatOpenAI(base_url=fake.base_url, api_key="k", model="fake-model", timeout=5, max_retries=0,
                     temperature=0.0, max_tokens=200)
    message = llm.invoke([("system", "Answer from the passages."), ("user", "What is k8s?")])
    assert message.content == REPLY
    assert message.response_metadata["finish_reason"] == "stop"
    assert message.usage_metadata["output_tokens"] == len(REPLY.split())
    sent = fake.last_request
    assert sent["messages"] == MESSAGES and sent["temperature"] == 0.0 and sent["max_completion_tokens"] == 200

    chunks = list(llm.stream("What is k8s?"))
    assert "".join(chunk.content for chunk in chunks) == REPLY
    assert len([chunk for chunk in chunks if chunk.content]) > 2
    assert fake.last_request["stream"] is True


@pytest.mark.parametrize(("status", "error"), [
    (500, openai.InternalServerError),
    (503, openai.InternalServerError),
    (429, openai.RateLimitError),
    (400, openai.BadRequestError),
    (401, openai.AuthenticationError),
])
def test_fail_raises_the_sdks_status_error(fake, status, error):
    fake.fail(status)
    with pytest.raises(error) as caught:
        ask(fake)
    assert isinstance(caught.value, openai.APIStatusError) and caught.value.status_code == status
    assert caught.value.body["type"] == "server_error"  # the SDK unwraps OpenAI's {"error": {...}}


def test_fail_with_a_custom_body_and_a_limited_count(fake):
    fake.fail(502, body="Bad Gateway", times=1)
    with pytest.raises(openai.InternalServerError) as caught:
        ask(fake)
    assert caught.value.status_code == 502 and caught.value.body == "Bad Gateway"
    assert ask(fake).choices[0].message.content == REPLY  # the failure was used up
    assert len(fake.chat_requests) == 2


def test_malformed_body_is_not_json(fake):
    fake.malformed()
    with pytest.raises(ValueError):
        ask(fake)
    with pytest.raises(ValueError):
        list(ask(fake, stream=True))


def test_empty_reply(fake):
    fake.empty()
    completion = ask(fake)
    assert completion.choices[0].message.content == "" and completion.choices[0].finish_reason == "stop"
    chunks = list(ask(fake, stream=True))
    assert [chunk.choices[0].delta.content for chunk in chunks] == ["", None]


def test_hang_times_out_the_client_without_blocking_the_server(fake):
    fake.hang(30)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        client(fake, timeout=0.3).chat.completions.create(model="fake-model", messages=MESSAGES)
    assert time.monotonic() - started < 5

    # While that handler sleeps, another request is served at once.
    fake.reply("fast")
    assert ask(fake).choices[0].message.content == "fast"

    llm = ChatOpenAI(base_url=fake.base_url, api_key="k", model="fake-model", timeout=0.3, max_retries=0)
    fake.hang(30)
    with pytest.raises(openai.APITimeoutError):
        llm.invoke("hello")


def test_hang_then_answers_and_stop_does_not_wait_for_a_hanging_request():
    with FakeLlm() as fake:
        fake.hang(0.2)
        assert ask(fake).choices[0].message.content == "This is a fake reply."
        fake.hang(60)
        outcome = []

        def ask_and_keep() -> None:
            try:
                outcome.append(ask(fake).choices[0].message.content)
            except openai.APIError as exc:
                outcome.append(exc)

        worker = threading.Thread(target=ask_and_keep, daemon=True)
        worker.start()
        fake.wait_for_requests(2, timeout=5)
        started = time.monotonic()
    assert time.monotonic() - started < 2  # stop() released the sleeper instead of joining it
    worker.join(5)
    assert outcome  # the client got its answer (or its error) rather than waiting out the hour


def test_cut_stream_after_n_chunks_breaks_the_connection(fake):
    fake.cut_stream_after(2)
    received = []
    with pytest.raises(openai.APIConnectionError):
        for chunk in ask(fake, stream=True, stream_options={"include_usage": True}):
            received.append(chunk)
    assert [chunk.choices[0].delta.content for chunk in received][0] == ""
    assert len(received) == 3  # the role delta, then two content deltas
    assert all(chunk.choices[0].finish_reason is None for chunk in received)

    llm = ChatOpenAI(base_url=fake.base_url, api_key="k", model="fake-model", timeout=5, max_retries=0)
    with pytest.raises(openai.APIConnectionError):
        list(llm.stream("hello"))
    with pytest.raises(openai.APIConnectionError):  # a plain request gets half a body
        ask(fake)


def test_invalid_requests_are_refused_like_openai():
    with FakeLlm(api_key="right") as fake:
        with pytest.raises(openai.AuthenticationError):
            client(fake).models.list()
        right = openai.OpenAI(base_url=fake.base_url, api_key="right", timeout=5, max_retries=0)
        with pytest.raises(openai.BadRequestError, match="too short"):
            right.chat.completions.create(model="fake-model", messages=[])
        assert httpx.post(f"{fake.base_url}/chat/completions", headers={"Authorization": "Bearer right"},
                          json={"messages": MESSAGES}).status_code == 400
        assert httpx.get(f"{fake.url}/v2/nothing", headers={"Authorization": "Bearer right"}).status_code == 404
        assert len(fake.requests) == 4 and len(fake.chat_requests) == 2


def test_reset_returns_to_the_default_and_forgets_requests(fake):
    fake.fail(500)
    fake.reset()
    assert fake.requests == []
    assert ask(fake).choices[0].message.content == "This is a fake reply."


def test_unused_port_refuses_connections():
    port = unused_port()
    dead = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="k", timeout=2, max_retries=0)
    with pytest.raises(openai.APIConnectionError):
        dead.models.list()
