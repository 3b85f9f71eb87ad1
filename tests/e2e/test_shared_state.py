"""Two app replicas (`python app.py` processes) on loopback sharing one Chroma server and one real
PostgreSQL (DATABASE_URL):
Slack's deliveries are answered once whichever replica gets them, votes land in one store, an
ingest reaches both, and so does a document uploaded through either."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
from pydantic import SecretStr

from assistant.ingest.indexing import ingest
from assistant.ops.bench import wait_ready
from tests.conftest import ROOT, free_port, make_settings
from tests.documents import (
    GLACIER,
    GLACIER_QUESTION,
    LIGHTHOUSE,
    LIGHTHOUSE_QUESTION,
    glacier_docx,
    lighthouse_markdown,
)
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, SlackSender, new_ts

QUESTION = "What do experienced engineers earn?"
ADMIN_KEY = "shared-admin-key"


@pytest.fixture(scope="module")
def corpus_copy_module(tmp_path_factory):
    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(ROOT / "corpus", target)
    return target


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, chroma_server, postgres_url, corpus_copy_module):
    """Two `python app.py` processes, as replicas are, on one Chroma server and one PostgreSQL."""
    with FakeSlack() as fake:
        folder = tmp_path_factory.mktemp("replicas")
        settings = make_settings(
            folder, corpus_dir=corpus_copy_module, chroma_host="127.0.0.1", chroma_port=chroma_server,
            collection="shared_state", database_url=SecretStr(postgres_url), index_refresh_seconds=0.5,
        )
        ingest([corpus_copy_module], settings, show_progress=False)
        env = {**os.environ, "CORPUS_DIR": str(corpus_copy_module), "CHROMA_HOST": "127.0.0.1",
               "CHROMA_PORT": str(chroma_server), "COLLECTION": "shared_state", "DATABASE_URL": postgres_url,
               "INDEX_REFRESH_SECONDS": "0.5", "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
               "SLACK_API_BASE_URL": fake.api_url, "ADMIN_KEYS": ADMIN_KEY}
        ports = [free_port(), free_port()]
        processes = [subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
        try:
            for port, process in zip(ports, processes):
                wait_ready(f"http://127.0.0.1:{port}", process)
            senders = [SlackSender(f"http://127.0.0.1:{port}") for port in ports]
            yield settings, fake, senders
            for sender in senders:
                sender.http.close()
        finally:
            for process in processes:
                process.terminate()
                process.wait(timeout=30)


def posts_to(fake, channel: str) -> list:
    return [call for call in fake.calls_to("chat.postMessage") if call.params["channel"] == channel]


def test_the_same_slack_event_sent_to_both_replicas_at_once_is_answered_once(replicas):
    _settings, fake, senders = replicas
    for attempt in range(3):
        channel = f"C0SHARED{attempt}"
        event = senders[0].mention(QUESTION, channel)
        start = threading.Barrier(2)

        def deliver(sender):
            start.wait()
            assert sender.event(event, f"Ev0SHARED{attempt}").status_code == 200

        threads = [threading.Thread(target=deliver, args=(sender,)) for sender in senders]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        fake.wait_for("chat.postMessage", where=lambda call, channel=channel: call.params["channel"] == channel)
        # A second answer, if there were one, comes from the other replica as fast as the first did:
        # each replica's next question (a DM of its own) is answered after anything still running.
        for index, sender in enumerate(senders):
            sentinel = f"D0SETTLE{attempt}{index}"
            assert sender.event(sender.direct_message(QUESTION, sentinel)).status_code == 200
            fake.wait_for("chat.postMessage", where=lambda call, sentinel=sentinel: call.params["channel"] == sentinel)
        assert len(posts_to(fake, channel)) == 1, f"attempt {attempt}: answered {len(posts_to(fake, channel))} times"


def test_a_vote_on_either_replica_lands_in_the_one_store_that_feedback_stats_reads(replicas, postgres_url):
    settings, fake, (replica_a, replica_b) = replicas
    dm = replica_a.direct_message(QUESTION, "D0SHARED1")
    assert replica_a.event(dm).status_code == 200
    (post,) = fake.wait_for("chat.postMessage", where=lambda call: call.params["channel"] == "D0SHARED1")
    (actions,) = [block for block in post.params["blocks"] if block["type"] == "actions"]
    down = next(button for button in actions["elements"] if button["action_id"] == "feedback_down")
    # The answer was posted by replica A; the click reaches replica B, which knows the answer from the database.
    url = fake.response_url()
    assert replica_b.click(down, "D0SHARED1", new_ts(), url).status_code == 200
    (thanks,) = fake.wait_for("response_url", where=lambda call: call.path in url)
    assert thanks.params["text"] == "Thanks for the feedback!"
    stats = subprocess.run([sys.executable, "-m", "assistant.ops.feedback", "stats"], cwd=ROOT, capture_output=True,
                           text=True, timeout=120, check=True, env={**os.environ, "DATABASE_URL": postgres_url})
    totals = stats.stdout.splitlines()[-1].split()
    assert totals[:2] == ["all", "topics"] and totals[3] == "1"  # one down vote


def test_an_ingest_reaches_both_replicas(replicas, corpus_copy_module):
    settings, _fake, senders = replicas
    role = corpus_copy_module / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("Experienced: $130,000 - $160,000", "Experienced: $131,000 - $161,000"))
    ingest([corpus_copy_module], settings, show_progress=False)
    for sender in senders:  # each sees it within its INDEX_REFRESH_SECONDS (0.5 s here), with room to spare
        deadline = time.monotonic() + 30
        while not (answer := sender.http.post("/api/ask", json={"question": QUESTION}).json()["answer"]).startswith(
                "Experienced: $131,000 - $161,000") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answer.startswith("Experienced: $131,000 - $161,000")


def answered_within_refresh(sender, question: str, fact: str) -> str:
    """The answer once it states `fact`: a replica sees a change within INDEX_REFRESH_SECONDS (0.5 s here)."""
    deadline = time.monotonic() + 30
    while fact not in (answer := sender.http.post("/api/ask", json={"question": question}).json()["answer"]) \
            and time.monotonic() < deadline:
        time.sleep(0.1)
    return answer


def test_a_document_uploaded_through_one_replica_is_answered_by_the_other(replicas):
    _settings, _fake, (replica_a, replica_b) = replicas
    admin = {"authorization": f"Bearer {ADMIN_KEY}"}
    uploaded = replica_a.http.post("/api/documents", headers=admin,
                                   files=[("files", (LIGHTHOUSE, lighthouse_markdown(), "text/markdown"))])
    assert uploaded.status_code == 200, uploaded.text
    # Replica A answers from it at once; B within its refresh.
    assert "41,000 crowns" in replica_a.http.post("/api/ask", json={"question": LIGHTHOUSE_QUESTION}).json()["answer"]
    assert "41,000 crowns" in answered_within_refresh(replica_b, LIGHTHOUSE_QUESTION, "41,000 crowns")
    # The record of changes is in the shared database, whichever replica is asked.
    (change,) = replica_b.http.get("/api/documents/changes", params={"limit": 1}).json()["changes"]
    assert (change["action"], change["file_name"]) == ("added", LIGHTHOUSE)


def test_uploads_through_both_replicas_at_once_are_both_indexed(replicas):
    """Each change syncs the whole shared corpus folder under PostgreSQL's advisory lock: one at a time, so
    neither publishes an index that lacks the other's document."""
    _settings, _fake, senders = replicas
    admin = {"authorization": f"Bearer {ADMIN_KEY}"}
    files = [(LIGHTHOUSE, lighthouse_markdown(pay="47,000 crowns"), "text/markdown"),
             (GLACIER, glacier_docx(), "application/octet-stream")]
    start = threading.Barrier(2)
    statuses = []

    def send(sender, file):
        start.wait()
        statuses.append(sender.http.post("/api/documents", headers=admin, files=[("files", file)]).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(senders, files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200]
    for sender in senders:
        assert "47,000 crowns" in answered_within_refresh(sender, LIGHTHOUSE_QUESTION, "47,000 crowns")
        assert "300 flight hours" in answered_within_refresh(sender, GLACIER_QUESTION, "300 flight hours")
