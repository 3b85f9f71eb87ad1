"""API keys, Prometheus metrics and JSON request logs, on the served app over real HTTP."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from assistant.faces.server import create_app
from assistant.faces.web_login import UsersFileError
from assistant.ops.bench import wait_ready
from assistant.ops.rate_limits import RateLimiter
from assistant.ops.request_log import logger as request_logger
from tests.conftest import ROOT, ServedApp, free_port, make_settings

KEYS = ("key-one", "key-two")
QUESTION = "What do experienced engineers earn?"
MAX_PROBES = 400  # requests spread over two workers until both have answered some
PERSONAL = "My manager Alice Example is leaving: what do experienced engineers earn?"


def with_settings(services, **updates):
    return dataclasses.replace(services, settings=services.settings.model_copy(update=updates))


@pytest.fixture(scope="module")
def keyed_app(services):
    with ServedApp(create_app(services=with_settings(services, api_keys=SecretStr(",".join(KEYS))))) as served:
        yield served


ROUTES = [
    ("POST", "/api/ask", {"question": QUESTION}),
    ("POST", "/v1/chat/completions", {"model": "role-assistant", "messages": [{"role": "user", "content": QUESTION}]}),
    ("GET", "/v1/models", None),
]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_with_api_keys_each_route_needs_a_right_bearer_key(keyed_app, method, path, body):
    def call(headers: dict) -> httpx.Response:
        return httpx.request(method, f"{keyed_app.url}{path}", json=body, headers=headers, timeout=60)

    for headers in ({}, {"Authorization": "Bearer not-a-key"}, {"Authorization": f"Basic {KEYS[0]}"},
                    {"Authorization": "Bearer"}):
        refused = call(headers)
        assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
        error = refused.json()["error"]
        assert (error["message"] if path.startswith("/v1/") else error)  # each API's own error shape
        assert KEYS[0] not in refused.text
    for key in KEYS:
        assert call({"Authorization": f"Bearer {key}"}).status_code == 200


def test_with_api_keys_the_probes_and_metrics_stay_open_and_metrics_can_be_closed(keyed_app, services):
    for path in ("/healthz", "/readyz", "/metrics"):
        assert httpx.get(f"{keyed_app.url}{path}").status_code == 200
    closed = with_settings(services, api_keys=SecretStr(KEYS[0]), metrics_require_key=True)
    with ServedApp(create_app(services=closed)) as served:
        assert httpx.get(f"{served.url}/metrics").status_code == 401
        assert httpx.get(f"{served.url}/metrics", headers={"Authorization": f"Bearer {KEYS[0]}"}).status_code == 200
        assert httpx.get(f"{served.url}/healthz").status_code == 200


def test_keys_can_come_from_a_file(services, tmp_path):
    (tmp_path / "keys").write_text("\nfile-key\n")
    with ServedApp(create_app(services=with_settings(services, api_keys_file=tmp_path / "keys"))) as served:
        assert httpx.get(f"{served.url}/v1/models").status_code == 401
        assert httpx.get(f"{served.url}/v1/models", headers={"Authorization": "Bearer file-key"}).status_code == 200


def metric_samples(url: str) -> dict[tuple, float]:
    """Every sample of /metrics, by (name, sorted labels), read with prometheus-client's own parser."""
    text = httpx.get(f"{url}/metrics").text
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_metrics_count_requests_answers_stages_and_votes_in_the_prometheus_format(served_app):
    before = metric_samples(served_app.url)
    httpx.post(f"{served_app.url}/api/ask", json={"question": QUESTION}, timeout=60)
    httpx.post(f"{served_app.url}/api/ask", json={"question": QUESTION}, timeout=60)
    httpx.post(f"{served_app.url}/api/ask", json={"question": "How do I bake sourdough bread?"}, timeout=60)
    after = metric_samples(served_app.url)

    def grew(name: str, **labels) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("role_assistant_http_requests_total", route="/api/ask", method="POST", status="200") == 3
    assert grew("role_assistant_answers_total", answerer="extractive", outcome="grounded") == 2
    assert grew("role_assistant_answers_total", answerer="extractive", outcome="refused") == 1
    assert grew("role_assistant_stage_duration_seconds_count", stage="retrieve") == 3
    assert grew("role_assistant_stage_duration_seconds_count", stage="answer") == 3
    assert grew("role_assistant_http_request_duration_seconds_count", route="/api/ask") == 3
    assert after[("role_assistant_index_passages", ())] > 50
    assert any(name == "role_assistant_corpus_info" for name, _ in after)
    # A scan of made-up paths adds no label values.
    httpx.get(f"{served_app.url}/api/made-up-{id(after)}")
    assert not any("made-up" in str(labels) for _, labels in metric_samples(served_app.url))


def test_every_request_logs_one_json_line_with_its_request_id_and_no_question_by_default(served_app, services):
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    handler = Collect()
    handler.setFormatter(request_logger.handlers[0].formatter)
    request_logger.addHandler(handler)
    try:
        kept = httpx.post(f"{served_app.url}/api/ask", json={"question": PERSONAL}, headers={"X-Request-ID": "trace-42"},
                          timeout=60)
        made = httpx.post(f"{served_app.url}/api/ask", json={"question": PERSONAL},
                          headers={"X-Request-ID": "bad id\twith spaces"}, timeout=60)
        with ServedApp(create_app(services=with_settings(services, log_questions=True))) as served:
            httpx.post(f"{served.url}/api/ask", json={"question": PERSONAL}, timeout=60)
    finally:
        request_logger.removeHandler(handler)
    assert kept.headers["x-request-id"] == "trace-42"
    assert made.headers["x-request-id"] != "bad id\twith spaces" and len(made.headers["x-request-id"]) == 32
    records = [json.loads(line) for line in lines]
    asked = [r for r in records if r["route"] == "/api/ask"]
    assert [r["request_id"] for r in asked[:2]] == ["trace-42", made.headers["x-request-id"]]
    for record in asked:
        assert record["status"] == 200 and record["latency_ms"] > 0
        assert record["grounded"] is False and record["answerer"] == "extractive"  # a name no document uses
    assert all("Alice" not in line for line in lines[:2])
    assert asked[-1]["question"] == PERSONAL  # only with LOG_QUESTIONS=true


def test_behind_a_single_sign_on_proxy_the_chat_needs_the_proxys_user_header(services):
    guarded = with_settings(services, web_user_header="X-Forwarded-User")
    with ServedApp(create_app(services=guarded)) as served:
        for path in ("/", "/config", "/gradio_api/info"):
            assert httpx.get(f"{served.url}{path}").status_code == 401
            assert httpx.get(f"{served.url}{path}", headers={"X-Forwarded-User": "alice@example.com"}).status_code == 200
        assert httpx.get(f"{served.url}/healthz").status_code == 200


@pytest.mark.parametrize(
    ("content", "message"),
    [("alice:plain-password\n", "line 1"), ("# nobody\n", "names no user"), (b"\xff\xfe", "cannot read")],
)
def test_a_users_file_that_cannot_be_used_stops_the_start_with_a_reason_that_shows_no_secret(services, tmp_path, content, message):
    users = tmp_path / "users"
    users.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(UsersFileError, match=message) as raised:
        create_app(services=with_settings(services, web_users_file=users))
    assert "plain-password" not in str(raised.value)


def test_logging_in_two_ways_at_once_is_a_settings_error(tmp_path):
    with pytest.raises(ValueError, match="not both"):
        make_settings(tmp_path, web_users_file=tmp_path / "users", web_user_header="X-Forwarded-User")


def test_questions_past_the_rate_limit_get_429_per_key_and_other_keys_are_unaffected(services):
    keyed = dataclasses.replace(with_settings(services, api_keys=SecretStr(",".join(KEYS))), question_limits=RateLimiter(2))
    with ServedApp(create_app(services=keyed)) as served:
        def ask(path: str, key: str) -> httpx.Response:
            body = ROUTES[0][2] if path == "/api/ask" else ROUTES[1][2]
            return httpx.post(f"{served.url}{path}", json=body, headers={"Authorization": f"Bearer {key}"}, timeout=60)

        assert [ask("/api/ask", KEYS[0]).status_code for _ in range(2)] == [200, 200]
        for path in ("/api/ask", "/v1/chat/completions"):
            refused = ask(path, KEYS[0])
            assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) <= 60
            error = refused.json()["error"]
            assert "too many questions" in (error["message"] if path.startswith("/v1/") else error)
        assert ask("/api/ask", KEYS[1]).status_code == 200
        assert ask("/api/ask", "not-a-key").status_code == 401  # a wrong key is refused before it is counted


def test_without_keys_the_rate_limit_is_per_client_address(services):
    with ServedApp(create_app(services=dataclasses.replace(services, question_limits=RateLimiter(1)))) as served:
        # Without keys a bearer header is anyone's to make up: it does not make a new caller.
        statuses = [httpx.post(f"{served.url}/api/ask", json={"question": QUESTION}, timeout=60,
                               headers={"Authorization": f"Bearer made-up-{n}"}).status_code for n in range(2)]
        assert statuses == [200, 429]
        assert httpx.get(f"{served.url}/healthz").status_code == 200  # only questions are counted


def test_with_several_worker_processes_metrics_add_up_every_process(indexed_settings, tmp_path):
    """uvicorn --workers 2 in prometheus-client's multiprocess mode: /metrics, served by either worker,
    counts the answers of both."""
    shared = tmp_path / "prometheus"
    shared.mkdir()
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("API_KEYS")}
    env |= {"PROMETHEUS_MULTIPROC_DIR": str(shared), "CHROMA_DIR": str(indexed_settings.chroma_dir), "CHROMA_HOST": "",
            "FEEDBACK_DB": str(tmp_path / "feedback.sqlite3")}
    command = [sys.executable, "-m", "uvicorn", "--factory", "assistant.faces.server:create_app",
               "--workers", "2", "--port", str(port), "--log-level", "warning"]
    log = tmp_path / "uvicorn.log"
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_ready(url, process)
        except RuntimeError:
            pytest.fail(f"the workers did not start:\n{log.read_text()[-3000:]}")
        asked = 12
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120).status_code,
                                     range(asked)))
            # Which worker accepts a connection is the kernel's choice: probe until both have counted requests.
            probes = 0
            while len(list(shared.glob("counter_*.db"))) < 2 and probes < MAX_PROBES:
                probes += len(list(pool.map(lambda _: httpx.get(f"{url}/healthz"), range(8))))
        assert statuses == [200] * asked
        assert len(list(shared.glob("counter_*.db"))) == 2, "the second worker never answered"
        samples = metric_samples(url)
        grounded = samples[("role_assistant_answers_total", (("answerer", "extractive"), ("outcome", "grounded")))]
        assert grounded == asked
        # Every probe counted once, whichever worker answered it and whichever serves /metrics.
        assert samples.get(("role_assistant_http_requests_total", (("method", "GET"), ("route", "/healthz"), ("status", "200"))), 0) == probes
        assert samples[("role_assistant_index_passages", ())] > 50
        served = [labels for (name, labels), value in samples.items() if name == "role_assistant_corpus_info" and value == 1]
        assert served == [(("version", httpx.get(f"{url}/readyz").json()["corpus_version"]),)]
    finally:
        process.terminate()
        process.wait(timeout=60)
