"""The JSON API over real HTTP: the /api/ask contract, probes, and every client mistake as a clear 4xx."""

from __future__ import annotations

import dataclasses
import re
import time

import httpx
import pytest
from langchain_core.runnables import RunnableLambda

from assistant.answerers.extractive import StatementScorer
from assistant.core.chain import build_chain
from assistant.faces.server import create_app
from assistant.ops.admission import Admission
from assistant.ops.services import MODEL_RESTARTING, Services
from assistant.retrieval.retriever import Retriever
from tests.conftest import ServedApp, kill_mid_batch, make_settings, model_in_its_process

MARKER = re.compile(r"\[(\d+)\]")


def ask(base: str, body, timeout: float = 60, **kwargs) -> httpx.Response:
    return httpx.post(f"{base}/api/ask", json=body, timeout=timeout, **kwargs)


def test_salary_answer_is_short_correct_and_cited(served_app):
    response = ask(served_app.url, {"question": "What do senior engineers earn in California?"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"answer", "grounded", "answerer", "statements", "attributed", "citations", "timings_ms"}
    assert body["answerer"] == "extractive"
    assert body["grounded"] is True
    assert "170,193" in body["answer"]
    assert len(body["answer"]) < 600
    for citation in body["citations"]:
        assert set(citation) >= {"n", "id", "source", "title", "section", "text", "score", "quotes"}
        assert citation["source"].endswith("senior-ml-infrastructure-engineer.txt")
        assert citation["title"] == "Senior ML Infrastructure Engineer"
        assert citation["section"].startswith("Senior ML Infrastructure Engineer > ")
    assert "170,193" in body["citations"][0]["text"]
    assert {"retrieve", "answer", "total"} <= set(body["timings_ms"])


def test_every_marker_points_at_a_citation_that_contains_the_statement(served_app):
    body = ask(served_app.url, {"question": "What are the best practices for monitoring?"}).json()
    by_number = {c["n"]: c for c in body["citations"]}
    assert [c["n"] for c in body["citations"]] == list(range(1, len(by_number) + 1))
    assert body["attributed"] is False
    # The answer's lines are its statements, each with its markers.
    assert [re.sub(r" \[\d+\]", "", line.removeprefix("- ")) for line in body["answer"].splitlines()] == [
        s["text"] for s in body["statements"]]
    assert {n for line in body["answer"].splitlines() for n in map(int, MARKER.findall(line))} == set(by_number), (
        "a citation no statement uses was returned")
    # Each statement's quote sits at its offsets in its cited passage.
    for statement in body["statements"]:
        (n,) = statement["citations"]
        passage = by_number[n]
        quote = statement["quote"]
        assert quote["id"] == passage["id"] and passage["text"][quote["start"] : quote["end"]] == statement["text"]
        assert statement["document"] == passage["title"]


def test_out_of_scope_question_is_refused_without_citations(served_app):
    body = ask(served_app.url, {"question": "What is the capital of France?"}).json()
    assert body["grounded"] is False and body["citations"] == []
    assert body["answer"].startswith(("I can't answer that from the documents I have", "The documents I have don't mention"))
    assert "I can help with questions about: Overview, " in body["answer"]
    assert "Salary Ranges" in body["answer"] and "[" not in body["answer"]


def test_follow_up_uses_history(served_app):
    history = [
        {"role": "user", "content": "What is the average salary in the US?"},
        {"role": "assistant", "content": "U.S. average: $130,802 - $153,820 base salary, depending on seniority [1]"},
    ]
    body = ask(served_app.url, {"question": "And what about California?", "history": history}).json()
    assert body["answer"].startswith("California average: ~$170,193")


def test_k_limits_the_passages_considered(served_app):
    body = ask(served_app.url, {"question": "How do I deal with alert fatigue?", "k": 1}).json()
    assert len(body["citations"]) == 1


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({}, 422, "question: Field required"),
        ({"question": ""}, 422, "must not be empty"),
        ({"question": "   \n"}, 422, "must not be empty"),
        ({"question": 42}, 422, "valid string"),
        ({"question": None}, 422, "valid string"),
        ({"question": "x" * 2001}, 422, "longer than 2000"),
        ({"question": "Salary?", "history": "earlier"}, 422, "history"),
        ({"question": "Salary?", "history": [{"role": "system", "content": "x"}]}, 422, "history.0.role"),
        ({"question": "Salary?", "history": [{"role": "user"}]}, 422, "history.0.content"),
        ({"question": "Salary?", "history": [{"role": "user", "content": "x"}] * 21}, 422, "more than 20 turns"),
        ({"question": "Salary?", "history": [{"role": "user", "content": "x" * 40_001}]}, 422,
         "history: longer than 40000 characters in all"),
        ({"question": "Salary?", "k": 0}, 422, "k:"),
        ({"question": "Salary?", "k": "5"}, 422, "k:"),
        (["question"], 422, "valid dictionary"),
        ({"question": "Salary?", "histroy": []}, 422, "histroy: Extra inputs are not permitted"),
    ],
)
def test_client_mistakes_get_a_clear_4xx(served_app, body, status, message):
    response = ask(served_app.url, body)
    assert response.status_code == status
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (rb'{"question": "pay \ud800"}', "question: is not valid Unicode text"),
        (rb'{"question": "Salary?", "history": [{"role": "user", "content": "\udfff"}]}', "history: is not valid Unicode text"),
    ],
    ids=["question", "history"],
)
def test_a_lone_surrogate_is_a_client_mistake_not_a_500(served_app, body, message):
    # Valid JSON whose escapes decode to half of a UTF-16 pair: no character at all.
    response = httpx.post(f"{served_app.url}/api/ask", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert message in response.json()["error"]


def test_a_body_over_the_limit_is_refused_before_any_route_reads_it(served_app, services):
    limit = services.settings.max_request_bytes
    huge = b'{"question": "' + b"x" * limit + b'"}'
    declared = httpx.post(f"{served_app.url}/api/ask", content=huge, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and str(limit) in declared.json()["error"]

    def streamed():  # no Content-Length: the body arrives in chunks and is counted as it comes
        for start in range(0, len(huge), 65536):
            yield huge[start : start + 65536]

    chunked = httpx.post(f"{served_app.url}/api/ask", content=streamed(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    # The same limit guards Slack and the page: no route reads a body first.
    assert httpx.post(f"{served_app.url}/slack/events", content=huge).status_code == 413
    assert httpx.post(f"{served_app.url}/api/ask", json={"question": "What are the salary ranges?"}).status_code == 200


def test_invalid_json_wrong_methods_and_unknown_paths_get_json_errors(served_app):
    response = httpx.post(
        f"{served_app.url}/api/ask", content=b'{"question": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and "not valid JSON" in response.json()["error"]
    for method in ("GET", "PUT", "DELETE", "TRACE", "HEAD"):
        wrong = httpx.request(method, f"{served_app.url}/api/ask")
        assert wrong.status_code == 405 and wrong.headers["allow"] == "POST", method
        assert method == "HEAD" or wrong.json() == {"error": f"{method} is not allowed on /api/ask; use POST"}
    assert httpx.post(f"{served_app.url}/readyz").status_code == 405
    assert httpx.get(f"{served_app.url}/slack/events").status_code == 405
    # The web page is mounted at /, but an unknown API path is still the API's own 404.
    unknown = httpx.get(f"{served_app.url}/api/asks")
    assert unknown.status_code == 404 and unknown.json() == {"error": "no such endpoint: /api/asks"}


@pytest.mark.parametrize("method, path", [("GET", "/healthz"), ("POST", "/api/ask"), ("GET", "/api/nope"), ("GET", "/")])
def test_every_response_carries_the_security_headers(served_app, method, path):
    response = httpx.request(method, f"{served_app.url}{path}", json={"question": "Salary?"} if method == "POST" else None)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_probes_and_docs(served_app):
    assert httpx.get(f"{served_app.url}/healthz").json() == {"status": "ok"}
    ready = httpx.get(f"{served_app.url}/readyz")
    assert ready.status_code == 200 and ready.json()["passages"] > 50
    assert httpx.get(f"{served_app.url}/docs").status_code == 200
    assert "/api/ask" in httpx.get(f"{served_app.url}/openapi.json").json()["paths"]


def test_without_an_index_ask_says_to_run_ingest(tmp_path):
    services = Services.load(make_settings(tmp_path))
    with ServedApp(create_app(services=services)) as served:
        response = ask(served.url, {"question": "What do senior engineers earn?"})
        assert response.status_code == 503 and "python ingest.py" in response.json()["error"]
        ready = httpx.get(f"{served.url}/readyz")
        assert ready.status_code == 503 and "python ingest.py" in ready.json()["error"]
        assert httpx.get(f"{served.url}/healthz").status_code == 200


def test_a_model_process_killed_mid_answer_is_a_503_in_both_apis_and_not_ready_until_another_is_up(services, monkeypatch):
    model = model_in_its_process()
    retriever = Retriever(model, services.settings, StatementScorer.scored_texts)
    served_by_process = dataclasses.replace(services, retriever=retriever, chain=build_chain(services.settings, retriever))
    question = {"question": "What do senior engineers earn in California?"}
    chat = {"model": services.settings.served_model_id, "messages": [{"role": "user", "content": question["question"]}]}
    try:
        with ServedApp(create_app(services=served_by_process)) as served:
            for path, body in [("/api/ask", question), ("/v1/chat/completions", chat)]:
                kill_mid_batch(monkeypatch, model)
                failed = httpx.post(f"{served.url}{path}", json=body, timeout=60)
                assert failed.status_code == 503 and MODEL_RESTARTING in failed.text  # each API's own error shape
                ready = httpx.get(f"{served.url}/readyz")
                assert ready.status_code == 503 and "embedding model" in ready.json()["error"]
                deadline = time.monotonic() + 120
                while httpx.get(f"{served.url}/readyz").status_code != 200 and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert httpx.post(f"{served.url}{path}", json=body, timeout=60).status_code == 200
    finally:
        model.close()


def test_past_max_in_flight_a_request_gets_503_with_retry_after_at_once(services):
    busy = dataclasses.replace(services, admission=Admission(1))
    with ServedApp(create_app(services=busy)) as served:
        with busy.admission.slot():  # another answer holds the only slot
            turned_away = ask(served.url, {"question": "What are the salary ranges?"})
        assert turned_away.status_code == 503 and turned_away.headers["retry-after"] == "1"
        assert turned_away.json() == {"error": "the assistant is busy answering other questions; retry in a moment"}
        assert ask(served.url, {"question": "What are the salary ranges?"}).status_code == 200


def test_a_question_whose_client_left_while_it_waited_is_not_answered(services):
    asked = []

    def counted(inputs):
        asked.append(inputs["question"])
        return services.chain.invoke(inputs)

    queued = dataclasses.replace(services, admission=Admission(4, workers=1), chain=RunnableLambda(counted))
    with ServedApp(create_app(services=queued)) as served:
        with queued.admission.worker():  # another answer holds the only worker
            with pytest.raises(httpx.TimeoutException):
                ask(served.url, {"question": "Who left?"}, timeout=0.5)
        deadline = time.monotonic() + 30
        while queued.admission.in_flight:  # the abandoned request gets the worker, sees the client gone, and ends
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert asked == []
        assert ask(served.url, {"question": "What are the salary ranges?"}).status_code == 200 and asked
