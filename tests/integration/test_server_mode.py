"""Server mode: the same code against a real `chroma run` server on loopback, shared by two app replicas."""

from __future__ import annotations

import time

import pytest

from assistant.ingest.indexing import ingest
from assistant.ops.services import Services
from tests.conftest import free_port, make_settings


def test_ingest_and_answer_through_a_chroma_server(chroma_server, tmp_path, corpus_copy):
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server, collection="server_mode")
    first = ingest([corpus_copy], settings, show_progress=False)
    assert first.added > 50 and first.summary() == f"{first.added} added, 0 removed, 0 unchanged (1 document)"
    assert not (tmp_path / "chroma").exists(), "server mode must not write an embedded index"
    assert ingest([corpus_copy], settings, show_progress=False).added == 0

    replica_a = Services.load(settings)
    replica_b = Services.load(settings)
    for replica in (replica_a, replica_b):
        assert replica.readiness() is None
        result = replica.chain.invoke({"question": "What do senior engineers earn in California?", "history": []})
        assert result["grounded"] and "170,193" in result["answer"]
        citation = result["citations"][0]
        assert citation["title"] == "Senior ML Infrastructure Engineer"
        assert citation["section"] == "Senior ML Infrastructure Engineer > Market Demand > Compensation"

    # A new ingest reaches every replica without a restart.
    role = corpus_copy / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("~$170,193", "~$175,500"))
    assert ingest([corpus_copy], settings, show_progress=False).added == 1
    for replica in (replica_a, replica_b):
        result = replica.chain.invoke({"question": "What do senior engineers earn in California?", "history": []})
        assert "175,500" in result["answer"]


def test_an_unreachable_server_is_reported_not_crashed(tmp_path):
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    from assistant.retrieval.store import StoreUnavailableError

    with pytest.raises(StoreUnavailableError, match="cannot open the Chroma store"):
        Services.load(settings)


def test_a_server_ingest_is_served_only_once_complete_and_a_failed_one_leaves_nothing(chroma_server, tmp_path, corpus_copy,
                                                                                     monkeypatch):
    import chromadb

    from assistant.ingest import indexing
    from assistant.retrieval.collection_generations import pointer_name, serving_collection

    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server, collection="generations")
    client = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    ingest([corpus_copy], settings, show_progress=False)
    first = serving_collection(client, settings.collection)
    replica = Services.load(settings)
    ask = lambda: replica.chain.invoke({"question": "What do senior engineers earn in California?", "history": []})  # noqa: E731

    role = corpus_copy / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("~$170,193", "~$175,500"))

    def crash(*_args, **_kwargs):
        raise RuntimeError("killed mid-ingest")

    # The new generation is filled, then the ingest dies before publishing: nothing changes for anyone.
    with monkeypatch.context() as patched:
        patched.setattr(indexing, "_add", crash)
        with pytest.raises(RuntimeError):
            ingest([corpus_copy], settings, show_progress=False)
    assert serving_collection(client, settings.collection) == first
    mine = lambda: {c.name for c in client.list_collections() if c.name.startswith(settings.collection)}  # noqa: E731
    assert mine() == {first, pointer_name(settings.collection)}, "a failed ingest left its collection behind"
    replica.retriever.refresh(force=True)
    assert "170,193" in ask()["answer"]

    # Completed, it is served; the generation before stays for a replica mid-refresh, older ones go.
    assert ingest([corpus_copy], settings, show_progress=False).added == 1
    second = serving_collection(client, settings.collection)
    assert second != first
    replica.retriever.refresh(force=True)
    assert "175,500" in ask()["answer"]
    role.write_text(role.read_text().replace("~$175,500", "~$180,000"))
    ingest([corpus_copy], settings, show_progress=False)
    third = serving_collection(client, settings.collection)
    assert mine() == {second, third, pointer_name(settings.collection)}


def test_replicas_answering_through_a_server_ingest_see_the_old_index_or_the_new_never_a_mix(chroma_server, tmp_path,
                                                                                             corpus_copy):
    import threading

    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server, collection="streamed")
    ingest([corpus_copy], settings, show_progress=False)
    replicas = [Services.load(settings) for _ in range(2)]  # index_refresh_seconds=0: every question checks
    question = {"question": "What do senior engineers earn in California?", "history": []}
    role = corpus_copy / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("~$170,193", "~$175,500"))
    seen, errors, done = [], [], threading.Event()

    def ask_until_done(replica):
        while not done.is_set():
            try:
                passages = " ".join(c["text"] for c in replica.chain.invoke(question)["citations"])
                seen.append(("175,500" in passages, "170,193" in passages))
            except Exception as error:  # any failure is the finding
                errors.append(error)

    askers = [threading.Thread(target=ask_until_done, args=(replica,)) for replica in replicas]
    for asker in askers:
        asker.start()
    try:
        assert ingest([corpus_copy], settings, show_progress=False).added >= 1
        after = len(seen)
        deadline = time.monotonic() + 30
        while len(seen) < after + 4 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        done.set()
        for asker in askers:
            asker.join(timeout=60)
    assert errors == []
    assert all(new != old for new, old in seen), "an answer saw both values, or neither (a half-written index)"
    assert seen[0] == (False, True) and seen[-1] == (True, False)
