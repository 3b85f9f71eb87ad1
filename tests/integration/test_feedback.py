"""The feedback store and `python -m assistant.ops.feedback export|stats`, run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.eval.gold import GoldItem
from assistant.ops.feedback import FeedbackRecord, FeedbackStore
from tests.conftest import ROOT

# As the chain returns citations: the section path starts with the document's title.
SALARY_CITATION = {"n": 1, "id": "c1", "source": "corpus/role.txt", "title": "Platform Engineer",
                   "section": "Platform Engineer > Salary Ranges > Overview",
                   "text": "Average: $130,000", "score": 0.8, "quotes": ["Average: $130,000"]}
HISTORY = [{"role": "user", "content": "What is the US average salary?"},
           {"role": "assistant", "content": "Average: $130,000 [1]"}]


def record(vote: str, question: str, grounded: bool = True, **extra) -> FeedbackRecord:
    return FeedbackRecord(
        surface="web", vote=vote, question=question, answer=f"answer to {question}", grounded=grounded,
        citations=[SALARY_CITATION] if grounded else [], settings={"top_k": 6}, corpus_version="v1", **extra,
    )


@pytest.fixture()
def store(tmp_path: Path) -> FeedbackStore:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    store.record(record("down", "And what about California?", history=HISTORY))
    store.record(record("up", "What is the US average salary?"))
    store.record(record("down", "How do I bake bread?", grounded=False))
    store.record(record("down", "What is the salary in Europe?"))
    return store


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.ops.feedback", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)


def test_export_writes_down_votes_as_gold_items_by_default(store, tmp_path):
    out = tmp_path / "gold" / "feedback.jsonl"
    run("export", "--db", store.url, "--out", str(out))
    items = [json.loads(line) for line in out.read_text().splitlines()]
    assert [item["user_input"] for item in items] == [
        "And what about California?", "How do I bake bread?", "What is the salary in Europe?"]
    first = items[0]
    assert first == {
        "id": "feedback-1",
        "user_input": "And what about California?",
        "history": HISTORY,
        "reference": "answer to And what about California?",
        "answerable": True,
        "reference_contexts": [],
        "reference_facts": [],
        "tags": ["Salary Ranges", "feedback", "down"],
    }
    assert items[1]["answerable"] is False and items[1]["tags"] == ["(refused)", "feedback", "down"]
    # A refusal needs no facts, so it is a valid harness item as exported.
    assert GoldItem.model_validate(items[1]).user_input == "How do I bake bread?"


def test_the_topic_is_the_top_level_section_below_the_document_title(store):
    # Every path starts with the title, so the title alone would put every vote under one topic.
    assert record("up", "What is the US average salary?").topic == "Salary Ranges"
    assert [row["topic"] for row in store.rows()] == ["Salary Ranges", "Salary Ranges", "(refused)", "Salary Ranges"]


@pytest.mark.parametrize(("votes", "expected"), [("up", ["feedback-2"]), ("all", [f"feedback-{i}" for i in range(1, 5)])])
def test_export_filters_by_vote(store, tmp_path, votes, expected):
    out = tmp_path / "out.jsonl"
    run("export", "--votes", votes, "--db", store.url, "--out", str(out))
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == expected


def test_stats_counts_votes_and_the_down_vote_rate_by_topic(store):
    lines = run("stats", "--db", store.url).stdout.splitlines()
    table = {line.split("  ")[0].strip(): line.split()[-4:] for line in lines[1:]}
    assert lines[0].split() == ["topic", "up", "down", "total", "down", "rate"]
    assert table == {
        "(refused)": ["0", "1", "1", "100%"],
        "Salary Ranges": ["1", "2", "3", "67%"],
        "all topics": ["1", "3", "4", "75%"],
    }


def test_a_vote_can_be_changed_and_withdrawn_and_the_slack_api_still_works(store):
    feedback_id = store.record(record("up", "What skills are needed?", reference="C123:1700000000.1"))
    assert store.set_vote(feedback_id, "down") and store.set_comment(feedback_id, "too vague")
    row = store.rows("down")[-1]
    assert (row["id"], row["comment"], row["reference"]) == (feedback_id, "too vague", "C123:1700000000.1")
    assert store.withdraw(feedback_id) and not store.withdraw(feedback_id)
    assert feedback_id not in [r["id"] for r in store.rows()]


def test_the_slack_memory_keeps_one_entry_per_key_and_at_most_its_limit(tmp_path):
    memory = FeedbackStore(tmp_path / "feedback.sqlite3").remembered("seen", ttl_seconds=3600, limit=3)
    assert [memory.add(("event", n), n) for n in range(5)] == [True] * 5
    assert memory.add(("event", 4), "again") is False and memory.get(("event", 4)) == 4  # first insert wins
    assert [memory.get(("event", n)) for n in range(5)] == [None, None, 2, 3, 4]  # the oldest beyond the limit went
    expired = FeedbackStore(tmp_path / "feedback.sqlite3").remembered("seen", ttl_seconds=0, limit=3)
    assert expired.get(("event", 4)) is None and expired.add(("event", 4)) is True
