"""Query embeddings asked at once are embedded as one batch (in groups of like length), and their Chroma searches
made as one query, each caller getting its own vector and passages; the app's model in a process of its own gives
the same vectors, says why it cannot load, ends with the app, and is started again when it dies."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest

from assistant.core.chain import open_retriever
from assistant.ops.bench import wait_ready
from assistant.retrieval.embeddings import (
    BUNDLED_MODEL,
    InItsOwnProcess,
    ModelUnavailableError,
    OnItsOwnThread,
    embedded_by_length,
    resolve_model_path,
    sentence_model,
)
from tests.conftest import ROOT, free_port, kill_mid_batch, model_in_its_process

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
    assert gated.batches == [["first"], sorted(QUESTIONS, key=len)]  # in order of length (embedded_by_length)
    for text, vector in zip(["first"] + QUESTIONS, results):
        assert np.abs(vector - alone[text]).max() < 1e-6, text


def test_a_failing_batch_fails_every_query_in_it_and_only_those(alone):
    gated, results = ask_together(["What is the salary range?", "boom", "Who does this role report to?"])
    assert gated.batches[1] == ["boom"]  # the shortest go first: the batch fails there, and every query in it with it
    assert np.abs(results[0] - alone["first"]).max() < 1e-6
    assert all(isinstance(result, RuntimeError) for result in results[1:])


def test_one_questions_texts_go_in_one_batch_with_whatever_else_waits(alone):
    """A follow-up embeds two texts (itself joined to the question before, and its own words); asked one after another
    they were two trips to the model."""
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
    assert gated.batches == [["first"], sorted(QUESTIONS[:4], key=len)]
    for text, vector in zip(["first"] + QUESTIONS[:4], vectors):
        assert np.abs(vector - alone[text]).max() < 1e-6, text


def test_texts_of_unlike_length_are_embedded_apart_each_getting_its_own_vector(alone):
    """A batch is padded to its longest text: a follow-up's earlier answer had made a batch of questions 4 times slower."""
    answer = " ".join(QUESTIONS)  # several times as long as any question
    gated, results = ask_together([*QUESTIONS[:3], answer])
    assert gated.batches[1:] == [sorted(QUESTIONS[:3], key=len), [answer]]
    for text, vector in zip(["first"] + QUESTIONS[:3], results):
        assert np.abs(vector - alone[text]).max() < 1e-6, text
    alone_answer = sentence_model(resolve_model_path(BUNDLED_MODEL)).embed_query(answer)
    assert np.abs(results[-1] - np.array(alone_answer)).max() < 1e-6


def test_a_lone_query_is_the_models_own_embed_query(alone):
    embeddings = OnItsOwnThread(lambda: sentence_model(resolve_model_path(BUNDLED_MODEL)))
    for question in QUESTIONS:
        assert np.abs(np.array(embeddings.embed_query(question)) - alone[question]).max() < 1e-6


def test_questions_answered_at_once_search_chroma_in_one_query_and_each_gets_its_own_nearest(indexed_settings, monkeypatch):
    """Answered at once, each question had queried Chroma alone: 32 vectors in one query took 1.5 ms, one alone 0.8."""
    from assistant.retrieval import retriever as retriever_module

    searched = retriever_module.nearest_ids_of_each
    retriever = open_retriever(indexed_settings)
    vectors = {question: retriever.embed_query(question) for question in QUESTIONS}
    alone = {question: retriever.retrieve(question, 5, "dense", vectors[question]) for question in QUESTIONS}
    gate, busy, batches = threading.Event(), threading.Event(), []

    def gated(store, asked, k):
        if not busy.is_set():
            busy.set()
            gate.wait(60)
        batches.append((len(asked), k))
        return searched(store, asked, k)

    monkeypatch.setattr(retriever_module, "nearest_ids_of_each", gated)
    with ThreadPoolExecutor(len(QUESTIONS) + 1) as askers:
        first = askers.submit(retriever.retrieve, QUESTIONS[0], 5, "dense", vectors[QUESTIONS[0]])
        assert busy.wait(60)
        others = [askers.submit(retriever.retrieve, question, 5, "dense", vectors[question]) for question in QUESTIONS[1:]]
        while len(retriever._searches) < len(QUESTIONS) - 1:
            time.sleep(0.001)
        gate.set()
        assert first.result() == alone[QUESTIONS[0]]
        assert [future.result() for future in others] == [alone[question] for question in QUESTIONS[1:]]
    pool = indexed_settings.candidate_pool
    assert batches == [(1, pool), (len(QUESTIONS) - 1, pool)]


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


def test_the_model_in_its_own_process_gives_the_very_vectors_of_the_model_here():
    texts = QUESTIONS + ["first"]
    here = sentence_model(resolve_model_path(BUNDLED_MODEL), threads=1)
    there = InItsOwnProcess(resolve_model_path(BUNDLED_MODEL), threads=1)
    try:
        assert there.embed_documents(texts) == here.embed_documents(texts)  # equal, not merely close: answers stay the same
        # a batch of questions is grouped by length there, in one trip, as it would be here
        assert there.embed_by_length(texts) == embedded_by_length(here, texts)
        assert there.embed_query(QUESTIONS[0]) == here.embed_documents(QUESTIONS[:1])[0]
        with pytest.raises(AttributeError):  # the process's own error, raised here
            there.embed_documents([None])
        assert there.embed_documents(QUESTIONS[:2]) == here.embed_documents(QUESTIONS[:2])  # and it goes on serving
    finally:
        there.close()
    assert not there._process.is_alive()


def test_the_chain_a_batch_tool_opens_embeds_in_this_process_whatever_model_process_says(indexed_settings):
    # eval and the tests ask one question at a time: a process of its own only added its start-up.
    model = open_retriever(indexed_settings.model_copy(update={"model_process": True})).embeddings
    model.wait_loaded()
    assert not isinstance(model._model, InItsOwnProcess)


def test_a_model_that_cannot_load_in_its_process_fails_with_the_reason(tmp_path):
    broken = tmp_path / "broken-model"
    shutil.copytree(resolve_model_path(BUNDLED_MODEL), broken)
    for weights in [*broken.rglob("*.safetensors"), *broken.rglob("*.bin")]:
        weights.write_bytes(b"not weights")
    before = set(_children(os.getpid()))
    with pytest.raises(Exception) as raised:
        InItsOwnProcess(broken)
    assert "process ended" not in str(raised.value) and str(raised.value)  # why loading failed, not merely that the process did
    assert all(_gone(pid) for pid in set(_children(os.getpid())) - before if _is_model_process(str(pid)))


def _is_model_process(pid: str) -> bool:
    try:
        return "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text()
    except FileNotFoundError:
        return False


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:  # a thread that ended between the listing and the read (it failed a CI run)
            continue
    return found


def _waited_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                return True  # a zombie has ended; only its parent's wait is missing
        except FileNotFoundError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_the_models_process_ends_with_the_app_however_the_app_ends(tmp_path, indexed_settings, stop):
    env = {**os.environ, "CHROMA_DIR": str(indexed_settings.chroma_dir), "CHROMA_HOST": "", "MODEL_PROCESS": "true",
           "FEEDBACK_DB": str(tmp_path / "feedback.sqlite3")}
    port = free_port()
    app = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_ready(f"http://127.0.0.1:{port}", app)
        model_processes = [pid for pid in _children(app.pid) if _is_model_process(str(pid))]
        assert len(model_processes) == 1
        app.send_signal(stop)
        app.wait(timeout=60)
        assert _gone(model_processes[0])
        if stop == signal.SIGTERM:  # shut down, not killed: nothing left behind to warn of
            assert "leaked" not in app.stderr.read()
    finally:
        app.kill()
        app.wait()


def test_a_model_process_killed_mid_batch_fails_that_batch_and_the_next_starts_a_new_one(monkeypatch):
    model = model_in_its_process()
    try:
        before = model.embed_queries(QUESTIONS[:2])
        killed = kill_mid_batch(monkeypatch, model)
        with pytest.raises(ModelUnavailableError, match=r"exit code -9"):
            model.embed_queries(QUESTIONS[:2])
        assert model.readiness() == "the embedding model's process ended: a new one is starting"
        assert model.embed_queries(QUESTIONS[:2]) == before  # waits for the new process, started by readiness
        assert model.readiness() is None and model._model._process.pid != killed
        ended = model._model
        os.kill(ended._process.pid, signal.SIGKILL)  # killed between batches: the next batch starts another
        assert _waited_for(lambda: ended.exit_code() == -9)  # all its threads gone, not only its first (a zombie)
        assert model.embed_queries(QUESTIONS[:2]) == before
    finally:
        model.close()


def test_a_served_app_whose_model_process_is_killed_is_not_ready_until_another_is_up_and_answers(tmp_path, indexed_settings):
    env = {**os.environ, "CHROMA_DIR": str(indexed_settings.chroma_dir), "CHROMA_HOST": "", "MODEL_PROCESS": "true",
           "FEEDBACK_DB": str(tmp_path / "feedback.sqlite3")}
    port, log = free_port(), tmp_path / "app.log"
    url = f"http://127.0.0.1:{port}"
    app = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=log.open("w"))
    try:
        wait_ready(url, app)
        (killed,) = [pid for pid in _children(app.pid) if _is_model_process(str(pid))]
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + 30  # until the process has ended in full: its first thread ends before the rest
        while (ready := httpx.get(f"{url}/readyz", timeout=30)).status_code == 200 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.status_code == 503 and "embedding model" in ready.json()["error"]
        asked = httpx.post(f"{url}/api/ask", json={"question": "What do senior engineers earn in California?"}, timeout=120)
        assert asked.status_code == 200 and "170,193" in asked.json()["answer"]
        assert httpx.get(f"{url}/readyz", timeout=30).status_code == 200
        (started,) = [pid for pid in _children(app.pid) if _is_model_process(str(pid))]
        assert started != killed
        assert "the embedding model's process ended (exit code -9): starting a new one" in log.read_text()
    finally:
        app.kill()
        app.wait()
