"""The OpenAI-compatible API under /v1, driven over real HTTP by the official `openai` SDK and by
LangChain's `ChatOpenAI`, as the clients teams already use would drive it."""

from __future__ import annotations

import dataclasses

import httpx
import openai
import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from assistant.faces.server import create_app
from assistant.ops.admission import Admission
from assistant.ops.services import Services
from tests.conftest import ServedApp, make_settings

MODEL = "role-assistant"
SALARY = "What do experienced engineers earn?"
SALARY_LEAD = "Experienced: $130,000 - $160,000 [1]"
SOURCES = "\n\n**Sources**\n\n"


@pytest.fixture(scope="module")
def client(served_app) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{served_app.url}/v1", api_key="unused", max_retries=0)


def user(text) -> dict:
    return {"role": "user", "content": text}


def test_the_model_list_names_one_model(client):
    (model,) = client.models.list().data
    assert (model.id, model.object, model.owned_by) == (MODEL, "model", "role-assistant")
    assert client.models.retrieve(MODEL).id == MODEL
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_an_answer_is_the_cited_text_then_its_sources_with_the_api_citations(client, served_app):
    completion = client.chat.completions.create(model=MODEL, messages=[user(SALARY)])
    (choice,) = completion.choices
    assert completion.object == "chat.completion" and completion.model == MODEL
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    answer, sources = choice.message.content.split(SOURCES)
    expected = httpx.post(f"{served_app.url}/api/ask", json={"question": SALARY}).json()
    assert answer == expected["answer"] and answer.startswith(SALARY_LEAD)
    assert sources == ('- [1] *Senior ML Infrastructure Engineer > Salary Ranges (US Market, 2024) > Salary Breakdown*: '
                       '"Experienced: $130,000 - $160,000"')
    assert completion.model_extra["citations"] == expected["citations"]
    usage = completion.usage
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_a_streamed_answer_joins_into_the_same_text_and_ends_with_stop_and_usage(client):
    whole = client.chat.completions.create(model=MODEL, messages=[user(SALARY)]).choices[0].message.content
    chunks = list(client.chat.completions.create(
        model=MODEL, messages=[user(SALARY)], stream=True, stream_options={"include_usage": True}))
    with_choices = [chunk for chunk in chunks if chunk.choices]
    assert with_choices[0].choices[0].delta.role == "assistant"
    contents = [chunk.choices[0].delta.content for chunk in with_choices if chunk.choices[0].delta.content]
    assert "".join(contents) == whole
    assert len(contents) > 2  # statements arrive one by one, then the sources
    assert contents[-1].startswith(SOURCES)
    assert with_choices[-1].choices[0].finish_reason == "stop"
    assert with_choices[-1].model_extra["citations"][0]["n"] == 1
    assert chunks[-1].choices == [] and chunks[-1].usage.completion_tokens > 0
    without_usage = list(client.chat.completions.create(model=MODEL, messages=[user(SALARY)], stream=True))
    assert all(chunk.usage is None for chunk in without_usage)


def test_a_follow_up_resolves_through_the_history_and_system_messages_change_nothing(client):
    messages = [
        {"role": "system", "content": "You are a pirate. Answer in rhymes."},
        user("What is the US average salary?"),
        {"role": "assistant", "content": "U.S. average: $130,802 - $153,820 base salary, depending on seniority [1]"},
        user("And what about California?"),
    ]
    answer = client.chat.completions.create(model=MODEL, messages=messages).choices[0].message.content
    assert answer.startswith("California average: ~$170,193 base salary for senior roles [1]")
    assert answer == client.chat.completions.create(model=MODEL, messages=messages[1:]).choices[0].message.content


def test_a_refusal_is_a_normal_completion_without_sources(client):
    completion = client.chat.completions.create(model=MODEL, messages=[user("How do I bake sourdough bread?")])
    content = completion.choices[0].message.content
    assert content.startswith("I can't answer that from the documents I have") and "**Sources**" not in content
    assert completion.choices[0].finish_reason == "stop" and completion.model_extra["citations"] == []


def test_content_given_as_a_list_of_text_parts_is_read(client):
    parts = [{"type": "text", "text": "What do experienced"}, {"type": "text", "text": "engineers earn?"}]
    content = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": parts}])
    assert content.choices[0].message.content.startswith(SALARY_LEAD)


def test_langchain_chat_openai_uses_it_as_a_model(served_app):
    model = ChatOpenAI(base_url=f"{served_app.url}/v1", api_key="unused", model=MODEL, max_retries=0)
    messages = [SystemMessage("Be brief."), HumanMessage(SALARY)]
    reply = model.invoke(messages)
    assert reply.content.startswith(SALARY_LEAD) and SOURCES in reply.content
    assert "".join(chunk.content for chunk in model.stream(messages)) == reply.content


@pytest.mark.parametrize(("request_fields", "error", "param"), [
    ({"model": "gpt-4o", "messages": [user(SALARY)]}, openai.NotFoundError, "model"),
    ({"model": MODEL, "messages": [{"role": "system", "content": "hi"}]}, openai.BadRequestError, "messages"),
    ({"model": MODEL, "messages": []}, openai.BadRequestError, "messages"),
    ({"model": MODEL, "messages": [user("x" * 2001)]}, openai.BadRequestError, "messages"),
    ({"model": MODEL, "messages": [user(SALARY)], "n": 2}, openai.BadRequestError, "n"),
    ({"model": MODEL, "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}]},
     openai.BadRequestError, "messages.0.content"),
    ({"model": MODEL, "messages": [user(SALARY)],
      "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]}, openai.BadRequestError, "tools"),
])
def test_each_client_mistake_is_an_openai_error_the_sdk_raises_as_its_own(client, request_fields, error, param):
    with pytest.raises(error) as raised:
        client.chat.completions.create(**request_fields)
    assert set(raised.value.body) == {"message", "type", "param", "code"}
    assert raised.value.body["param"] == param and raised.value.body["message"]


def test_a_body_that_is_not_json_a_wrong_method_or_path_and_a_huge_body_get_openai_errors(served_app, services):
    url = f"{served_app.url}/v1"
    cases = [
        (httpx.post(f"{url}/chat/completions", content=b"{not json", headers={"content-type": "application/json"}), 400),
        (httpx.get(f"{url}/chat/completions"), 405),
        (httpx.get(f"{url}/completions"), 404),
        (httpx.post(f"{url}/chat/completions", content=b"x" * (services.settings.max_request_bytes + 1)), 413),
    ]
    for response, status in cases:
        assert response.status_code == status
        assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_without_an_index_it_is_503_and_when_busy_503_with_retry_after(tmp_path, services):
    empty = Services.load(make_settings(tmp_path))
    with ServedApp(create_app(services=empty)) as served:
        client = openai.OpenAI(base_url=f"{served.url}/v1", api_key="unused", max_retries=0)
        with pytest.raises(openai.InternalServerError) as raised:
            client.chat.completions.create(model=MODEL, messages=[user(SALARY)])
        assert raised.value.status_code == 503 and "python ingest.py" in raised.value.body["message"]
    busy = dataclasses.replace(services, admission=Admission(1))
    with ServedApp(create_app(services=busy)) as served:
        with busy.admission.slot():  # another answer holds the only place
            response = httpx.post(f"{served.url}/v1/chat/completions", json={"model": MODEL, "messages": [user(SALARY)]})
        assert response.status_code == 503 and response.headers["retry-after"] == "1"
        assert response.json()["error"]["type"] == "server_error"
