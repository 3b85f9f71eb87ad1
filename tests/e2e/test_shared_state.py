"""Two app replicas on loopback sharing one Chroma server and one real PostgreSQL (DATABASE_URL):
Slack's deliveries are answered once whichever replica gets them, votes land in one store, and an
ingest reaches both."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest
from pydantic import SecretStr

from assistant.faces.server import create_app
from assistant.ingest.indexing import ingest
from assistant.ops.services import Services
from tests.conftest import ROOT, ServedApp, make_settings
from tests.fake_slack import BOT_TOKEN, SIGNING_SECRET, WAIT_SECONDS, FakeSlack, SlackSender, new_ts

QUESTION = "What do experienced engineers earn?"


@pytest.fixture(scope="module")
def replicas(tmp_path_factory, chroma_server, postgres_url, corpus_copy_module):
    fake = FakeSlack().__enter__()
    settings = make_settings(
        tmp_path_factory.mktemp("replicas"), corpus_dir=corpus_copy_module, chroma_host="127.0.0.1",
        chroma_port=chroma_server, collection="shared_state", database_url=SecretStr(postgres_url),
        slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_base_url=fake.api_url,
    )
    ingest([corpus_copy_module], settings, show_progress=False)
    apps = [create_app(services=Services.load(settings)) for _ in range(2)]
    with ServedApp(apps[0]) as a, ServedApp(apps[1]) as b:
        senders = [SlackSender(a.url), SlackSender(b.url)]
        for sender, app in zip(senders, apps):
            sender.bot = app.state.slack_bot
        yield settings, fake, senders
        for sender in senders:
            sender.http.close()
    fake.__exit__(None, None, None)


@pytest.fixture(scope="module")
def corpus_copy_module(tmp_path_factory):
    import shutil

    target = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(ROOT / "corpus", target)
    return target


def wait_idle(senders) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not all(sender.bot.idle for sender in senders):
        assert time.monotonic() < deadline, "a replica never finished its deliveries"
        time.sleep(0.01)


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
        wait_idle(senders)
        posts = [call for call in fake.calls_to("chat.postMessage") if call.params["channel"] == channel]
        assert len(posts) == 1, f"attempt {attempt}: answered {len(posts)} times"


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
    for sender in senders:
        answer = sender.http.post("/api/ask", json={"question": QUESTION}).json()["answer"]
        assert answer.startswith("Experienced: $131,000 - $161,000")
