"""Query embeddings asked at once are embedded as one batch, each caller getting its own vector."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.retrieval.embeddings import BUNDLED_MODEL, OnItsOwnThread, resolve_model_path, sentence_model
from tests.conftest import ROOT

QUESTIONS = [
    "What is the salary range?",
    "Which programming languages does the role ask for?",
    "How many days of paid leave are there?",
    "Who does this role report to?",
    "Is remote work possible, and how often is the team expected in the office?",
    "What does the interview process look like?",
]


class GatedModel:
    """The real model, counting its calls; the first call waits for `gate`, so that queries queue up
    behind it; a batch holding "boom" fails."""

    def __init__(self):
        self.model = sentence_model(resolve_model_path(BUNDLED_MODEL))
        self.gate = threading.Event()
        self.busy = threading.Event()  # set once the first call has the model
        self.batches: list[list[str]] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not self.busy.is_set():
            self.busy.set()
            self.gate.wait()
        self.batches.append(list(texts))
        if "boom" in texts:
            raise RuntimeError("the model failed")
        return self.model.embed_documents(texts)


@pytest.fixture(scope="module")
def alone() -> dict[str, np.ndarray]:
    """Each question's vector from the model's own embed_query, one at a time."""
    model = sentence_model(resolve_model_path(BUNDLED_MODEL))
    return {question: np.array(model.embed_query(question)) for question in QUESTIONS + ["first"]}


def ask_together(texts: list[str]) -> tuple[GatedModel, list]:
    """`texts` asked from a thread each while the model is busy with a first query; what each got."""
    gated = GatedModel()
    embeddings = OnItsOwnThread(lambda: gated)
    with ThreadPoolExecutor(len(texts) + 1) as askers:
        first = askers.submit(embeddings.embed_query, "first")
        assert gated.busy.wait(60)
        futures = [askers.submit(embeddings.embed_query, text) for text in texts]
        while len(embeddings._queries) < len(texts):  # until every other query waits behind it
            time.sleep(0.001)
        gated.gate.set()
        results = [first] + futures
        return gated, [future.exception() or np.array(future.result()) for future in results]


def test_queries_asked_together_are_one_batch_and_each_gets_its_own_vector(alone):
    gated, results = ask_together(QUESTIONS)
    assert gated.batches == [["first"], QUESTIONS]
    for text, vector in zip(["first"] + QUESTIONS, results):
        assert np.abs(vector - alone[text]).max() < 1e-6, text


def test_a_failing_batch_fails_every_query_in_it_and_only_those(alone):
    gated, results = ask_together(["What is the salary range?", "boom", "Who does this role report to?"])
    assert gated.batches[1] == ["What is the salary range?", "boom", "Who does this role report to?"]
    assert np.abs(results[0] - alone["first"]).max() < 1e-6
    assert all(isinstance(result, RuntimeError) for result in results[1:])


def test_one_questions_texts_go_in_one_batch_with_whatever_else_waits(alone):
    """A follow-up embeds three texts; asked one after another they were three trips to the model."""
    gated = GatedModel()
    embeddings = OnItsOwnThread(lambda: gated)
    with ThreadPoolExecutor(3) as askers:
        first = askers.submit(embeddings.embed_query, "first")
        assert gated.busy.wait(60)
        other = askers.submit(embeddings.embed_query, QUESTIONS[0])
        while len(embeddings._queries) < 1:
            time.sleep(0.001)
        several = askers.submit(embeddings.embed_queries, QUESTIONS[1:4])
        while len(embeddings._queries) < 4:
            time.sleep(0.001)
        gated.gate.set()
        vectors = [np.array(first.result()), np.array(other.result()), *map(np.array, several.result())]
    assert gated.batches == [["first"], QUESTIONS[:4]]
    for text, vector in zip(["first"] + QUESTIONS[:4], vectors):
        assert np.abs(vector - alone[text]).max() < 1e-6, text


def test_a_lone_query_is_the_models_own_embed_query(alone):
    embeddings = OnItsOwnThread(lambda: sentence_model(resolve_model_path(BUNDLED_MODEL)))
    for question in QUESTIONS:
        assert np.abs(np.array(embeddings.embed_query(question)) - alone[question]).max() < 1e-6


def test_an_app_whose_model_is_not_there_cannot_start_and_says_why(tmp_path):
    env = {**os.environ, "EMBEDDING_MODEL": str(tmp_path / "no-model"), "CHROMA_DIR": str(tmp_path / "chroma"), "CHROMA_HOST": ""}
    started = subprocess.run([sys.executable, "app.py", "--port", "1"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert started.returncode == 2
    assert "cannot start: embedding model" in started.stderr and "Traceback" not in started.stderr


def test_the_tokenizer_can_be_read_while_the_model_loads_on_its_own_thread():
    # An app reads the tokenizer's words while its model loads; 0.6 s in, the model's thread is importing
    # transformers, and a second import from another thread had failed there.
    code = (
        "import time; from assistant.retrieval.embeddings import BUNDLED_MODEL, load_embeddings, whole_words;"
        "model = load_embeddings(BUNDLED_MODEL); time.sleep(0.6); assert 'salary' in whole_words(BUNDLED_MODEL); model.wait_loaded()"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
