"""Prometheus metrics (prometheus-client): what the app does, for `GET /metrics`.

With several worker processes, set PROMETHEUS_MULTIPROC_DIR to an empty folder shared by them
(prometheus-client's multiprocess mode): every process writes there and `/metrics` adds them up.
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    push_to_gateway,
    write_to_textfile,
)

# Answers take tens of milliseconds, a model's answer seconds: buckets from 5 ms to 30 s.
PUSH_TIMEOUT_SECONDS = 10
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter("role_assistant_http_requests_total", "HTTP requests, by route and status.", ["route", "method", "status"])
REQUEST_SECONDS = Histogram("role_assistant_http_request_duration_seconds", "HTTP request latency, by route.",
                            ["route"], buckets=LATENCY_BUCKETS)
ANSWERS = Counter("role_assistant_answers_total", "Answers, by answerer and outcome (grounded or refused).",
                  ["answerer", "outcome"])
STAGE_SECONDS = Histogram("role_assistant_stage_duration_seconds", "Time spent in each stage of answering.",
                          ["stage"], buckets=LATENCY_BUCKETS)
LLM_FALLBACKS = Counter("role_assistant_llm_fallbacks_total", "Answers where the quoted answer stood in for the model's, by reason.",
                        ["reason"])
VOTES = Counter("role_assistant_votes_total", "Feedback votes, by face and value.", ["face", "value"])
INDEX_PASSAGES = Gauge("role_assistant_index_passages", "Passages in the index being served.", multiprocess_mode="max")
# An info metric made of a gauge: prometheus-client's Info has no multiprocess mode. The version served is 1,
# one served before is 0.
CORPUS = Gauge("role_assistant_corpus_info", "The version of the index being served (1).", ["version"],
               multiprocess_mode="max")
_served_version = [""]


def record_answer(result: dict) -> None:
    """One answer of the chain, whichever face asked."""
    ANSWERS.labels(result.get("answerer", "extractive"), "grounded" if result.get("grounded") else "refused").inc()
    for stage, milliseconds in result.get("timings_ms", {}).items():
        STAGE_SECONDS.labels(stage).observe(milliseconds / 1000)
    fallback = (result.get("written") or {}).get("fallback")
    if fallback:
        LLM_FALLBACKS.labels(fallback).inc()


def record_index(passages: int, version: str) -> None:
    INDEX_PASSAGES.set(passages)
    version = version or "none"
    if _served_version[0] not in ("", version):
        CORPUS.labels(_served_version[0]).set(0)
    CORPUS.labels(version).set(1)
    _served_version[0] = version


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, summed over worker processes in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def record_request(route: str | None, method: str, status: int, seconds: float) -> None:
    """One request, under its route's template ("/v1/models/{model}"); a path no route matched counts as
    "unmatched", so a scan of made-up paths cannot grow the label set."""
    name = route or "unmatched"
    REQUESTS.labels(name, method, str(status)).inc()
    REQUEST_SECONDS.labels(name).observe(seconds)


def report_ingest(seconds: float, report, metrics_file: Path | None, pushgateway: str | None) -> None:
    """One run of ingest, a batch job: for node_exporter's textfile collector (INGEST_METRICS_FILE) and
    for a Pushgateway (INGEST_PUSHGATEWAY). `report` is None when the run failed and changed nothing."""
    if not (metrics_file or pushgateway):
        return
    registry = CollectorRegistry()
    Gauge("role_assistant_ingest_duration_seconds", "How long the last ingest took.", registry=registry).set(seconds)
    Gauge("role_assistant_ingest_failed", "1 when the last ingest failed (the index was not changed).",
          registry=registry).set(report is None)
    if report is not None:
        passages = Gauge("role_assistant_ingest_passages", "Passages of the last ingest, by change.", ["change"], registry=registry)
        for change in ("added", "removed", "unchanged"):
            passages.labels(change).set(getattr(report, change))
        Gauge("role_assistant_ingest_documents", "Documents the last ingest indexed.", registry=registry).set(report.documents)
        Gauge("role_assistant_ingest_skipped_files", "Unsupported files the last ingest skipped.",
              registry=registry).set(len(report.skipped))
        Gauge("role_assistant_ingest_last_success_timestamp_seconds", "When an ingest last succeeded.",
              registry=registry).set_to_current_time()
    if metrics_file:
        write_to_textfile(str(metrics_file), registry)  # written aside, then renamed: a collector never reads half
    if pushgateway:
        push_to_gateway(pushgateway, job="role_assistant_ingest", registry=registry, timeout=PUSH_TIMEOUT_SECONDS)
