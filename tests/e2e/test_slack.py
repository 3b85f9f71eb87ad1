"""Slack end to end: the app served by uvicorn, Slack played by a fake on loopback (tests/fake_slack.py).

Tests named `test_NN_...` cover item NN of the checklist in shared/notes/slack.md. "Nothing was
posted" is checked by settling: a DM sent afterwards, costing the same work, is answered first.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import statistics
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, urlencode

import pytest
from langchain_core.runnables import RunnableLambda

from assistant.faces.server import create_app
from assistant.faces.slack import (
    CANNOT_ASK,
    INVALID_SIGNATURE,
    MODEL_STOPPED,
    NOT_CONFIGURED,
    THANKS,
    USAGE,
    VOTE_EXPIRED,
    WORKING,
)
from assistant.faces.slack import TOO_MANY_VOTES as TOO_MANY_VOTES_SLACK
from assistant.faces.slack_blocks import MESSAGE_BLOCK_LIMIT, REFUSAL_BANNER, SECTION_TEXT_LIMIT
from assistant.ingest.indexing import ingest
from assistant.ops.feedback import FeedbackStore
from assistant.ops.rate_limits import RateLimiter
from assistant.ops.services import Services
from assistant.retrieval.embeddings import ModelUnavailableError
from tests.conftest import ServedApp, make_settings
from tests.fake_slack import (
    BOT_ID,
    BOT_TOKEN,
    BOT_USER_ID,
    SIGNING_SECRET,
    WAIT_SECONDS,
    Call,
    FakeSlack,
    SlackSender,
    new_ts,
    signed_headers,
)

SALARY_QUESTION = "What are the salary ranges?"
SALARY_LEAD = "Range: $110,000 - $180,000+ annually"
ROLE_TITLE = "Senior ML Infrastructure Engineer"
SALARY_SOURCE = f"{ROLE_TITLE} › Salary Ranges (US Market, 2024) › Salary Overview — corpus/senior-ml-infrastructure-engineer.txt"
SENIOR_FOLLOW_UP = "And at senior level?"
SENIOR_SALARY = "Senior/Lead: $160,000 - $180,000+"  # only with the thread's salary question as history
OFF_TOPIC = "What is the capital of France?"
STALE_SECONDS = 301


def channel(prefix: str = "C") -> str:
    return f"{prefix}{uuid.uuid4().hex[:10].upper()}"


def slack_services(services: Services, fake: FakeSlack, feedback_db: Path, chain=None) -> Services:
    """The session's real retriever and chain, with Slack pointed at the fake."""
    settings = services.settings.model_copy(
        update={"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SIGNING_SECRET, "slack_api_base_url": fake.api_url}
    )
    return dataclasses.replace(services, settings=settings, chain=chain or services.chain, feedback=FeedbackStore(feedback_db))


@contextmanager
def serving(services: Services) -> Iterator[SlackSender]:
    app = create_app(services=services)
    with ServedApp(app) as served:
        sender = SlackSender(served.url)
        sender.bot = app.state.slack_bot
        try:
            yield sender
        finally:
            sender.http.close()


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(autouse=True)
def clean_fake(fake: FakeSlack) -> None:
    fake.reset()


@pytest.fixture(scope="module")
def bot_services(services: Services, fake: FakeSlack, tmp_path_factory) -> Services:
    return slack_services(services, fake, tmp_path_factory.mktemp("slack") / "feedback.sqlite3")


@pytest.fixture(scope="module")
def slack(bot_services: Services) -> Iterator[SlackSender]:
    with serving(bot_services) as sender:
        yield sender


# Reading what the fake received


def posts_to(fake: FakeSlack, where: str) -> list[Call]:
    return [call for call in fake.calls_to("chat.postMessage") if call.params["channel"] == where]


def wait_for_post(fake: FakeSlack, where: str, count: int = 1) -> list[Call]:
    return fake.wait_for("chat.postMessage", count, lambda call: call.params["channel"] == where)


def settle(slack: SlackSender, fake: FakeSlack, text: str) -> None:
    """Wait until every delivery made before now is handled, however many answer at once.

    A DM sent now is answered only after every earlier delivery has reached its listener (the event
    loop starts them in order), and so is counted by the bot; then the bot must fall idle.
    """
    sentinel = channel("D")
    assert slack.event(slack.direct_message(text, sentinel)).status_code == 200
    wait_for_post(fake, sentinel)
    deadline = time.monotonic() + WAIT_SECONDS
    while not slack.bot.idle:
        assert time.monotonic() < deadline, "the bot never finished the deliveries it was given"
        time.sleep(0.01)


def all_text(message: dict) -> str:
    """Everything a message shows: its blocks' text, and the fallback text."""
    pieces = [message.get("text", "")]
    for block in message.get("blocks", []):
        pieces.append(block.get("text", {}).get("text", ""))
        pieces += [element.get("text", "") for element in block.get("elements", []) if block["type"] == "context"]
    return "\n".join(pieces)


def context_text(message: dict) -> str:
    return "\n".join(e["text"] for b in message["blocks"] if b["type"] == "context" for e in b["elements"])


def assert_within_block_kit_limits(message: dict) -> None:
    assert 0 < len(message["blocks"]) <= MESSAGE_BLOCK_LIMIT
    for block in message["blocks"]:
        texts = [block.get("text", {}).get("text", "")] + [e.get("text", "") for e in block.get("elements", [])]
        assert all(len(text) <= SECTION_TEXT_LIMIT for text in texts if isinstance(text, str))


def feedback_buttons(message: dict) -> dict[str, dict]:
    (actions,) = [block for block in message["blocks"] if block["type"] == "actions"]
    return {button["action_id"]: button for button in actions["elements"]}


# The end-to-end path


def test_a_mention_gets_one_threaded_answer_with_sources_even_when_slack_retries(slack, fake):
    where = channel()
    mention = slack.mention(SALARY_QUESTION, where)
    event_id = "Ev0MENTION01"
    assert slack.event(mention, event_id).status_code == 200

    (post,) = wait_for_post(fake, where)
    assert post.token == BOT_TOKEN
    assert post.params["thread_ts"] == mention["ts"]
    assert post.params["text"].startswith(SALARY_LEAD + " [1]")
    assert f"*[1]* {SALARY_SOURCE}" in context_text(post.params)
    assert set(feedback_buttons(post.params)) == {"feedback_up", "feedback_down"}
    assert_within_block_kit_limits(post.params)

    assert slack.event(mention, event_id, retry=1).status_code == 200
    settle(slack, fake, SALARY_QUESTION)
    assert len(posts_to(fake, where)) == 1


# 1-4: signatures


def bad_signatures(body: bytes) -> dict[str, dict]:
    now = int(time.time())
    signed = signed_headers(body, str(now))
    return {
        "no signature": {"X-Slack-Request-Timestamp": signed["X-Slack-Request-Timestamp"]},
        "no timestamp": {"X-Slack-Signature": signed["X-Slack-Signature"]},
        "wrong secret": signed_headers(body, str(now), secret="another-secret"),
        # A correct HMAC over a timestamp outside the replay window, or not a number at all
        "old": signed_headers(body, str(now - STALE_SECONDS)),
        "future": signed_headers(body, str(now + STALE_SECONDS)),
        "non-numeric timestamp": signed_headers(body, "yesterday"),
    }


def assert_only_the_signed_delivery_answered(slack, fake, rejected: list[tuple[dict, str]]) -> None:
    """A rejected delivery left no trace: the signed delivery of the same event_id is answered, once."""
    for event, event_id in rejected:
        assert slack.event(event, event_id).status_code == 200
    for event, _event_id in rejected:
        wait_for_post(fake, event["channel"])
    settle(slack, fake, "")
    for event, _event_id in rejected:
        (post,) = posts_to(fake, event["channel"])
        assert post.params["thread_ts"] == event["ts"]


def test_01_02_bad_missing_or_stale_signatures_get_401_and_nothing_runs(slack, fake):
    rejected = []
    for case in bad_signatures(b""):
        event, event_id = slack.mention("", channel()), f"Ev{uuid.uuid4().hex[:10]}"
        body = slack.event_body(event, event_id)
        response = slack.post("/slack/events", body, "application/json", bad_signatures(body)[case])
        assert response.status_code == 401, case
        assert response.json() == {"error": INVALID_SIGNATURE}
        rejected.append((event, event_id))
    assert_only_the_signed_delivery_answered(slack, fake, rejected)


@pytest.mark.parametrize(("path", "body", "content_type", "problem"), [
    ("/slack/events", b"{not json", "application/json", "the body cannot be read"),
    ("/slack/events", b"[1, 2]", "application/json", "not a Slack event"),
    ("/slack/commands", b"text=hello", "application/x-www-form-urlencoded", "not a Slack slash command"),
    ("/slack/interactions", b"payload=%7Bbroken", "application/x-www-form-urlencoded", "the body cannot be read"),
    ("/slack/interactions", b"payload=%5B%5D", "application/x-www-form-urlencoded", "not a Slack interaction"),
])
def test_a_signed_but_malformed_body_gets_400_and_nothing_runs(slack, fake, path, body, content_type, problem):
    response = slack.post(path, body, content_type)
    assert response.status_code == 400
    assert response.json() == {"error": f"malformed Slack request: {problem}"}
    settle(slack, fake, "")
    assert len(fake.calls_to("chat.postMessage")) == 1  # the settling DM's answer, nothing else


def test_03_body_changed_after_signing_gets_401(slack, fake):
    event, event_id = slack.mention("", channel()), "Ev0TAMPERED1"
    signed = slack.event_body(event, event_id)
    tampered = signed.replace(b"app_mention", b"app_mention ", 1)
    response = slack.post("/slack/events", tampered, "application/json", signed_headers(signed))
    assert response.status_code == 401
    assert_only_the_signed_delivery_answered(slack, fake, [(event, event_id)])


def test_01_02_forged_slash_commands_and_button_clicks_get_401_and_nothing_runs(slack, fake, bot_services):
    dm = slack.direct_message(SALARY_QUESTION, channel("D"))
    assert slack.event(dm).status_code == 200
    buttons = feedback_buttons(wait_for_post(fake, dm["channel"])[0].params)
    votes_before = len(bot_services.feedback.rows())
    forged_urls = []
    for case in bad_signatures(b""):
        command_url, click_url = fake.response_url(), fake.response_url()
        forged_urls += [command_url, click_url]
        command = slack.command_body(SALARY_QUESTION, command_url)
        click = slack.click_body(buttons["feedback_down"], dm["channel"], new_ts(), click_url)
        for path, body in (("/slack/commands", command), ("/slack/interactions", click)):
            response = slack.post(path, body, "application/x-www-form-urlencoded", bad_signatures(body)[case])
            assert response.status_code == 401, (path, case)
            assert response.json() == {"error": INVALID_SIGNATURE}
    # A signed command afterwards is answered; nothing was answered or recorded for the forged ones.
    settled_url = fake.response_url()
    assert slack.command(SALARY_QUESTION, settled_url).status_code == 200
    fake.wait_for("response_url", where=lambda call: call.path in settled_url)
    settle(slack, fake, "")
    assert [call for call in fake.calls_to("response_url") if any(call.path in url for url in forged_urls)] == []
    assert len(bot_services.feedback.rows()) == votes_before


def test_04_url_verification_echoes_the_challenge_only_when_signed(slack):
    body = b'{"token": "unused", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "type": "url_verification"}'
    response = slack.post("/slack/events", body, "application/json")
    assert response.status_code == 200
    assert response.json() == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}
    unsigned = slack.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401


# 5: ack first


class PausedChain:
    """The real chain, held until released, so answering takes as long as the test wants."""

    def __init__(self, chain):
        self._chain = chain
        self.release = threading.Event()

    def invoke(self, inputs: dict) -> dict:
        assert self.release.wait(WAIT_SECONDS), "the test never released the chain"
        return self._chain.invoke(inputs)


def test_05_acks_come_back_while_answering_is_still_running(services, fake, tmp_path):
    paused = PausedChain(services.chain)
    with serving(slack_services(services, fake, tmp_path / "feedback.sqlite3", chain=paused)) as slack:
        questions = [slack.direct_message(SALARY_QUESTION, channel("D")) for _ in range(3)]
        response_url = fake.response_url()
        try:
            # Every ack arrives while every answer is held: answering blocks neither the ack nor the event loop.
            assert [slack.event(dm).status_code for dm in questions] == [200, 200, 200]
            command_ack = slack.command(SALARY_QUESTION, response_url)
            assert command_ack.status_code == 200 and command_ack.json()["text"] == WORKING
            assert fake.calls == []
        finally:
            paused.release.set()
        for dm in questions:
            (post,) = wait_for_post(fake, dm["channel"])
            assert post.params["text"].startswith(SALARY_LEAD)
        (answer,) = fake.wait_for("response_url", where=lambda call: call.path in response_url)
        assert answer.params["text"].startswith(SALARY_LEAD)


# 6-11: which events get an answer, and where


def test_06_a_repeated_event_id_is_answered_once_but_an_unseen_retry_is_answered(slack, fake):
    first_try, retried_only = channel(), channel()
    mention = slack.mention("", first_try)
    for retry in (None, 1, 2):
        assert slack.event(mention, "Ev0REPEATED1", retry=retry).status_code == 200
    # The first delivery of this one never reached us; its retry is all there is.
    late = slack.mention("", retried_only)
    assert slack.event(late, "Ev0RETRYONLY", retry=1).status_code == 200
    (post,) = wait_for_post(fake, retried_only)
    assert post.params["thread_ts"] == late["ts"]
    settle(slack, fake, "")
    assert len(posts_to(fake, first_try)) == 1


def test_07_app_mention_and_message_for_the_same_message_get_one_reply(slack, fake):
    where = channel("D")
    mention = slack.mention("", where)
    message = {**mention, "type": "message", "channel_type": "im"}
    assert slack.event(mention).status_code == 200
    assert slack.event(message).status_code == 200
    wait_for_post(fake, where)
    settle(slack, fake, "")
    assert len(posts_to(fake, where)) == 1


def test_08_messages_from_bots_get_no_reply(slack, fake):
    from_bots = [
        slack.direct_message(SALARY_QUESTION, channel("D"), bot_id=BOT_ID, user=BOT_USER_ID),  # our own reply
        slack.direct_message(SALARY_QUESTION, channel("D"), subtype="bot_message", bot_id="B0OTHER1"),
        slack.mention(SALARY_QUESTION, channel(), bot_id="B0OTHER1"),
    ]
    for event in from_bots:
        assert slack.event(event).status_code == 200
    settle(slack, fake, SALARY_QUESTION)
    assert [posts_to(fake, event["channel"]) for event in from_bots] == [[], [], []]


@pytest.mark.parametrize(
    "event",
    [
        {"type": "reaction_added", "user": "U0ASKER1", "reaction": "eyes", "item": {"type": "message"}},
        {"type": "app_home_opened", "user": "U0ASKER1", "channel": "D0HOME001", "tab": "home"},
        {"type": "member_joined_channel", "user": "U0ASKER1", "channel": "C0JOINED1"},
        {"type": "message", "subtype": "message_changed", "channel": "D0EDITED1", "channel_type": "im",
         "message": {"text": "edited"}, "ts": "1.000001"},
    ],
    ids=lambda event: event.get("subtype", event["type"]),
)
def test_09_unhandled_event_types_get_a_2xx(slack, event):
    response = slack.event(event)
    assert 200 <= response.status_code < 300


def test_10_a_mention_inside_a_thread_is_answered_in_that_thread_with_its_history(slack, fake):
    where, parent = channel(), new_ts()
    question = slack.mention(SENIOR_FOLLOW_UP, where, thread_ts=parent)
    fake.threads[(where, parent)] = [
        {"type": "message", "user": "U0ASKER1", "text": f"<@{BOT_USER_ID}> {SALARY_QUESTION}", "ts": parent},
        {"type": "message", "bot_id": BOT_ID, "user": BOT_USER_ID, "text": "Range: $110,000 - $180,000+", "ts": new_ts()},
        {"type": "message", "user": "U0ASKER1", "text": question["text"], "ts": question["ts"], "thread_ts": parent},
    ]
    assert slack.event(question).status_code == 200
    (post,) = wait_for_post(fake, where)
    assert post.params["thread_ts"] == parent
    (replies,) = fake.calls_to("conversations.replies")
    assert (replies.params["channel"], replies.params["ts"]) == (where, parent)
    assert SENIOR_SALARY in post.params["text"]


def test_11_a_dm_is_answered_without_a_mention_but_a_channel_message_is_not(slack, fake):
    dm = slack.direct_message(SALARY_QUESTION, channel("D"))
    chatter = {**slack.direct_message(SALARY_QUESTION, channel()), "channel_type": "channel"}
    assert slack.event(dm).status_code == 200
    assert slack.event(chatter).status_code == 200
    (post,) = wait_for_post(fake, dm["channel"])
    assert post.params["thread_ts"] == dm["ts"]
    assert post.params["text"].startswith(SALARY_LEAD)
    settle(slack, fake, SALARY_QUESTION)
    assert posts_to(fake, chatter["channel"]) == []


def test_a_refusal_looks_different_from_an_answer(slack, fake):
    where = channel()
    assert slack.event(slack.mention(OFF_TOPIC, where)).status_code == 200
    (post,) = wait_for_post(fake, where)
    assert post.params["blocks"][0] == {"type": "context", "elements": [{"type": "mrkdwn", "text": REFUSAL_BANNER}]}
    assert "Sources" not in context_text(post.params)
    assert "I can't answer that from the documents I have" in post.params["text"]
    assert "I can help with questions about: Overview, " in post.params["text"]


def test_an_empty_mention_gets_the_usage_hint(slack, fake):
    where = channel()
    assert slack.event(slack.mention("  ", where)).status_code == 200
    (post,) = wait_for_post(fake, where)
    assert "Ask me about the Senior ML Infrastructure Engineer role" in post.params["text"]
    assert "actions" not in [block["type"] for block in post.params["blocks"]]


# 13: escaping, with a corpus passage that would ping everyone


# Plain text keeps every character of a line; Markdown would read "<!channel>" as an HTML declaration.
PINGING_DOCUMENT = """On-call

Incident updates

During an incident the on-call engineer posts updates to <!channel> and pages <@U0OPS001> & the GPU team when queue depth > 100.
"""


def test_13_a_passage_with_a_channel_ping_is_posted_escaped(tmp_path, fake):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "on-call <runbook>.txt").write_text(PINGING_DOCUMENT)
    settings = make_settings(
        tmp_path, corpus_dir=corpus, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
        slack_api_base_url=fake.api_url,
    )
    ingest([corpus], settings, show_progress=False)
    with serving(Services.load(settings)) as slack:
        where = channel()
        assert slack.event(slack.mention("Where does the on-call engineer post incident updates?", where)).status_code == 200
        (post,) = wait_for_post(fake, where)
    shown = all_text(post.params)
    assert "&lt;!channel&gt;" in shown and "&lt;@U0OPS001&gt;" in shown
    assert "&amp; the GPU team" in shown and "queue depth &gt; 100" in shown
    assert "On-call › Incident updates — " in context_text(post.params)  # the title, then the heading
    assert "on-call &lt;runbook&gt;.txt" in context_text(post.params)
    assert "<!channel>" not in shown and "<@U0OPS001>" not in shown and "<runbook>" not in shown


# 14: the slash command


def test_14_ask_acks_at_once_and_answers_at_the_response_url(slack, fake):
    response_url = fake.response_url()
    ack = slack.command(SALARY_QUESTION, response_url)
    assert ack.status_code == 200
    assert WORKING in ack.json()["text"]
    (answer,) = fake.wait_for("response_url", where=lambda call: call.path in response_url)
    assert answer.params["response_type"] == "in_channel"
    assert answer.params["text"].startswith(SALARY_LEAD)
    assert f"*[1]* {SALARY_SOURCE}" in context_text(answer.params)
    assert_within_block_kit_limits(answer.params)


def test_14_ask_without_a_question_gets_the_usage_message_and_nothing_else(slack, fake):
    silent_url = fake.response_url()
    ack = slack.command("   ", silent_url)
    assert ack.status_code == 200
    assert "/ask What does the role pay?" in ack.json()["text"]
    assert USAGE.split(",")[0] in ack.json()["text"]
    settled_url = fake.response_url()
    slack.command(SALARY_QUESTION, settled_url)
    fake.wait_for("response_url", where=lambda call: call.path in settled_url)
    assert [call for call in fake.calls_to("response_url") if call.path in silent_url] == []


def test_14_a_question_over_the_limit_gets_the_reason_and_no_answer(slack, fake, bot_services):
    limit = bot_services.settings.max_question_chars
    response_url = fake.response_url()
    assert slack.command("why " * limit, response_url).status_code == 200
    (reply,) = fake.wait_for("response_url", where=lambda call: call.path in response_url)
    assert reply.params["text"] == CANNOT_ASK.format(problem=f"question: longer than {limit} characters")


# 15: Slack API failures


@pytest.mark.parametrize("failure", [{"status": 500}, {"error": "channel_not_found"}], ids=["http-500", "ok-false"])
def test_15_a_failing_post_is_logged_once_and_the_bot_keeps_working(slack, fake, caplog, failure):
    caplog.set_level(logging.ERROR, logger="assistant.faces.slack")
    fake.fail("chat.postMessage", **failure)
    where = channel()
    assert slack.event(slack.mention("", where)).status_code == 200
    wait_for_post(fake, where)
    settle(slack, fake, "")
    assert len(posts_to(fake, where)) == 1  # tried once, never retried
    assert any("chat.postMessage failed" in record.getMessage() for record in caplog.records)

    fake.reset()
    working = slack.direct_message(SALARY_QUESTION, channel("D"))
    assert slack.event(working).status_code == 200
    (post,) = wait_for_post(fake, working["channel"])
    assert post.params["text"].startswith(SALARY_LEAD)


def test_15_a_failing_history_lookup_still_gets_an_answer(slack, fake, caplog):
    caplog.set_level(logging.ERROR, logger="assistant.faces.slack")
    fake.fail("conversations.replies", status=500)
    where = channel()
    assert slack.event(slack.mention(SALARY_QUESTION, where, thread_ts=new_ts())).status_code == 200
    (post,) = wait_for_post(fake, where)
    assert post.params["text"].startswith(SALARY_LEAD)
    assert any("conversations.replies failed" in record.getMessage() for record in caplog.records)


def test_15_a_failing_response_url_is_logged(slack, fake, caplog):
    caplog.set_level(logging.ERROR, logger="assistant.faces.slack")
    fake.fail("response_url", status=500)
    response_url = fake.response_url()
    assert slack.command(SALARY_QUESTION, response_url).status_code == 200
    fake.wait_for("response_url", where=lambda call: call.path in response_url)
    settle(slack, fake, "")
    assert len(fake.calls_to("response_url")) == 1
    assert any("response_url failed: HTTP 500" in record.getMessage() for record in caplog.records)


def test_15_when_the_models_process_has_stopped_the_user_is_told_to_ask_again_in_a_moment(services, fake, tmp_path):
    def stopped(_inputs):
        raise ModelUnavailableError("the embedding model's process ended (exit code -9)")

    with serving(slack_services(services, fake, tmp_path / "feedback.sqlite3", chain=RunnableLambda(stopped))) as slack:
        dm = slack.direct_message(SALARY_QUESTION, channel("D"))
        assert slack.event(dm).status_code == 200
        (post,) = wait_for_post(fake, dm["channel"])
    assert post.params["text"] == MODEL_STOPPED


# Feedback buttons


def test_votes_are_saved_in_the_feedback_store_as_coming_from_slack(slack, fake, bot_services):
    dm = slack.direct_message(SALARY_QUESTION, channel("D"))
    assert slack.event(dm).status_code == 200
    (post,) = wait_for_post(fake, dm["channel"])
    buttons = feedback_buttons(post.params)
    answer_ts, response_url = new_ts(), fake.response_url()
    before = len(bot_services.feedback.rows())

    assert slack.click(buttons["feedback_down"], dm["channel"], answer_ts, response_url).status_code == 200
    (thanks,) = fake.wait_for("response_url", where=lambda call: call.path in response_url)
    assert thanks.params["text"] == THANKS and thanks.params["response_type"] == "ephemeral"

    (row,) = bot_services.feedback.rows()[before:]
    assert (row["surface"], row["vote"], row["question"]) == ("slack", "down", SALARY_QUESTION)
    assert row["answer"].startswith(SALARY_LEAD) and row["grounded"] is True
    assert row["citations"][0]["section"] == f"{ROLE_TITLE} > Salary Ranges (US Market, 2024) > Salary Overview"
    assert row["citations"][0]["title"] == ROLE_TITLE
    assert row["settings"] == bot_services.answer_settings()
    assert row["corpus_version"] == bot_services.retriever.version != ""
    assert row["reference"] == f"{dm['channel']}/{answer_ts}"


def test_a_user_has_one_vote_per_answer_however_often_they_click(slack, fake, bot_services):
    dm = slack.direct_message(SALARY_QUESTION, channel("D"))
    assert slack.event(dm).status_code == 200
    buttons = feedback_buttons(wait_for_post(fake, dm["channel"])[0].params)
    before = len(bot_services.feedback.rows())
    clicks = [("U0VOTER1", "feedback_down")] * 5 + [("U0VOTER1", "feedback_up"), ("U0OTHER2", "feedback_down")]
    for user, button in clicks:
        url = fake.response_url()
        assert slack.click(buttons[button], dm["channel"], new_ts(), url, user=user).status_code == 200
        fake.wait_for("response_url", where=lambda call, url=url: call.path in url)
    # The first voter changed their mind once; the second voter's vote is their own.
    assert [row["vote"] for row in bot_services.feedback.rows()[before:]] == ["up", "down"]


def test_a_user_voting_too_fast_is_told_so_and_nothing_is_saved(bot_services, fake):
    limited = dataclasses.replace(bot_services, feedback_limits=RateLimiter(1))
    with serving(limited) as slack:
        dm = slack.direct_message(SALARY_QUESTION, channel("D"))
        assert slack.event(dm).status_code == 200
        buttons = feedback_buttons(wait_for_post(fake, dm["channel"])[0].params)
        before = len(limited.feedback.rows())
        replies = []
        for button in ("feedback_up", "feedback_down"):
            url = fake.response_url()
            assert slack.click(buttons[button], dm["channel"], new_ts(), url).status_code == 200
            replies += fake.wait_for("response_url", where=lambda call, url=url: call.path in url)
        assert [reply.params["text"] for reply in replies] == [THANKS, TOO_MANY_VOTES_SLACK]
        assert [row["vote"] for row in limited.feedback.rows()[before:]] == ["up"]


def test_a_replayed_slash_command_is_answered_once(slack, fake):
    body = slack.command_body(SALARY_QUESTION, fake.response_url(), trigger_id="777.888.999")
    for _ in range(3):
        assert slack.post("/slack/commands", body, "application/x-www-form-urlencoded").status_code == 200
    settle(slack, fake, "")
    assert len(fake.calls_to("response_url")) == 1
    # A command without a trigger_id cannot be told from another: each one is answered.
    untriggered = urlencode({**parse_qs(slack.command_body(SALARY_QUESTION, fake.response_url()).decode()),
                             "trigger_id": ""}, doseq=True).encode()
    for _ in range(2):
        assert slack.post("/slack/commands", untriggered, "application/x-www-form-urlencoded").status_code == 200
    settle(slack, fake, "")
    assert len(fake.calls_to("response_url")) == 3


def test_a_vote_on_a_forgotten_answer_is_not_saved_and_says_so(slack, fake, bot_services):
    before = len(bot_services.feedback.rows())
    response_url = fake.response_url()
    unknown = {"action_id": "feedback_up", "value": "no-such-turn", "type": "button"}
    assert slack.click(unknown, channel("D"), new_ts(), response_url).status_code == 200
    (notice,) = fake.wait_for("response_url", where=lambda call: call.path in response_url)
    assert notice.params["text"] == VOTE_EXPIRED
    assert len(bot_services.feedback.rows()) == before


# Not configured


def test_without_a_token_or_secret_slack_answers_503_and_the_rest_works(services, tmp_path):
    plain = dataclasses.replace(services, feedback=FeedbackStore(tmp_path / "f.sqlite3"))
    assert plain.settings.slack_bot_token is None
    with serving(plain) as slack:
        for path in ("/slack/events", "/slack/commands", "/slack/interactions"):
            response = slack.post(path, b"{}", "application/json")
            assert response.status_code == 503
            assert response.json() == {"error": NOT_CONFIGURED}
        answered = slack.http.post("/api/ask", json={"question": SALARY_QUESTION})
        assert answered.status_code == 200 and answered.json()["answer"].startswith(SALARY_LEAD)


# A measurement, not a test: the time to ack and to the posted answer, p50 over real HTTP.

LATENCY_EVENTS = 24
LATENCY_QUESTIONS = [
    "What are the salary ranges?",
    "What are the common challenges?",
    "Which programming languages are required?",
    "What degree do I need?",
    "How do I deal with alert fatigue?",
    "What benefits are offered?",
]


@pytest.mark.skipif(not os.environ.get("MEASURE_SLACK_LATENCY"), reason="a measurement, not a test: set MEASURE_SLACK_LATENCY=1")
def test_measure_ack_and_answer_latency(slack, fake):
    acks, answers = [], []
    for index in range(LATENCY_EVENTS):
        where = channel()
        mention = slack.mention(LATENCY_QUESTIONS[index % len(LATENCY_QUESTIONS)], where)
        sent = time.monotonic()
        assert slack.event(mention).status_code == 200
        acks.append(time.monotonic() - sent)
        (post,) = wait_for_post(fake, where)
        answers.append(post.received_at - sent)
    figures = {
        "events": LATENCY_EVENTS,
        "ack_p50_ms": round(statistics.median(acks) * 1000, 1),
        "posted_answer_p50_ms": round(statistics.median(answers) * 1000, 1),
    }
    out = Path("artifacts/slack-latency.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2))
    print(figures)
