"""Slack: mentions, DMs, `/ask` and feedback buttons, through slack-bolt inside the FastAPI app.

Slack calls three Request URLs under /slack; the bot answers through the Web API
(chat.postMessage, in the thread) or, for the slash command, the command's response_url.
Bolt acknowledges first and runs a listener afterwards, so Slack gets its 2xx at once.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import re
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from itertools import takewhile
from typing import Awaitable, Callable
from urllib.parse import parse_qs

import aiohttp
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackClientError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from assistant.core.request import InvalidRequest, newest_turns
from assistant.faces.slack_blocks import (
    FEEDBACK_ACTION,
    answer_message,
    draft_message,
    notice_message,
    question_from_message,
    unescape_mrkdwn,
)
from assistant.ops.feedback import AnsweredTurn
from assistant.ops.services import MODEL_RESTARTING, Services
from assistant.ops.shared_memory import SEEN_LIMIT, SEEN_TTL_SECONDS, TURN_LIMIT, TURN_TTL_SECONDS
from assistant.retrieval.embeddings import ModelUnavailableError
from assistant.retrieval.retriever import IndexNotReadyError

logger = logging.getLogger(__name__)

ASK_COMMAND = "/ask"
NOT_CONFIGURED = "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, then restart the app"
INVALID_SIGNATURE = "invalid Slack request signature"
USAGE = "Ask me about the Senior ML Infrastructure Engineer role, e.g. `/ask What does the role pay?`"
WORKING = ":hourglass_flowing_sand: Looking that up…"
CANNOT_ASK = "That question can't be asked: {problem}."
NOT_READY = "I can't answer yet: the role notes have not been indexed. An admin needs to run the ingest."
FAILED = "Sorry, I couldn't answer that just now. The error has been logged."
MODEL_STOPPED = f"I couldn't answer that just now: {MODEL_RESTARTING}."
THANKS = "Thanks for the feedback!"
VOTE_EXPIRED = "Sorry, that answer is too old to rate now. Ask again and rate the new answer."
TOO_MANY_VOTES = "That's a lot of votes in a minute: this one wasn't saved. Please try again shortly."

# Plain messages are questions; edits, deletions, joins and bot posts are not.
QUESTION_SUBTYPES = {None, "file_share", "thread_broadcast"}
THREAD_FETCH_LIMIT = 200
# Slack questions are answered one at a time, in the order they came (the API and the web chat share
# ANSWER_WORKERS, whose questions are embedded together).
ANSWER_WORKERS = 1
DRAFT_UPDATE_SECONDS = 1.0  # chat.update is rate-limited to about one call a second per message
DRAFT_POLL_SECONDS = 0.1
DraftShower = Callable[[str], Awaitable[None]]
# Network and protocol failures of a Slack call: logged, never retried, never raised.
SLACK_FAILURES = (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError)


def signature_is_valid(verifier: SignatureVerifier, headers, body: bytes) -> bool:
    """Slack's HMAC over the raw body, with the 5-minute replay window."""
    try:
        return verifier.is_valid(body, headers.get("x-slack-request-timestamp"), headers.get("x-slack-signature"))
    except ValueError:  # slack_sdk raises on a non-numeric timestamp; it is just a bad request
        return False


def malformed(path: str, body: bytes) -> str | None:
    """What is wrong with a signed body that is not the shape Slack sends to `path`, or None.

    Events are a JSON object; commands a form naming the command; interactions a form whose
    `payload` is a JSON object. Bolt would fail on anything else with a 500.
    """
    try:
        text = body.decode("utf-8")
        if path.endswith("/events"):
            envelope = json.loads(text)
            return None if isinstance(envelope, dict) and isinstance(envelope.get("type"), str) else "not a Slack event"
        form = parse_qs(text, strict_parsing=bool(text))
        if path.endswith("/commands"):
            return None if form.get("command") else "not a Slack slash command"
        payload = json.loads(form["payload"][0]) if form.get("payload") else None
        return None if isinstance(payload, dict) and isinstance(payload.get("type"), str) else "not a Slack interaction"
    except (UnicodeDecodeError, ValueError):
        return "the body cannot be read"


async def call_slack(method: str, call: Awaitable):
    """The Web API response, or None after logging: Slack already has its ack, so nothing retries."""
    try:
        return await call
    except SLACK_FAILURES as error:
        logger.error("Slack %s failed: %s", method, error)
        return None


def _bot_user_id(body: dict) -> str | None:
    """The app's own user, as Slack names it in every event (no auth.test call needed)."""
    authorizations = body.get("authorizations") or [{}]
    return authorizations[0].get("user_id")


def _is_question(event: dict) -> bool:
    return not event.get("bot_id") and event.get("subtype") in QUESTION_SUBTYPES


def fixed_token_authorize(bot_token: str):
    """One workspace, one token: Bolt needs no auth.test round trip to authorize a request."""

    async def authorize(enterprise_id: str | None, team_id: str | None) -> AuthorizeResult:
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token=bot_token)

    return authorize


def _counted(handle):
    """Counts the delivery in `in_flight` from the listener's first step, before it yields, to its end."""

    @functools.wraps(handle)
    async def counted(self: "SlackBot", *args, **kwargs):
        self.in_flight += 1
        try:
            return await handle(self, *args, **kwargs)
        finally:
            self.in_flight -= 1

    return counted


class SlackBot:
    """The Bolt app and its listeners, sharing the chain and feedback store with the other faces."""

    def __init__(self, services: Services):
        self.services = services
        self.settings = services.settings
        # In the feedback database, so that replicas sharing it (DATABASE_URL) share what they remember.
        memory = services.feedback.remembered
        self.seen = memory("seen", SEEN_TTL_SECONDS, SEEN_LIMIT)
        self.turns = memory("turns", TURN_TTL_SECONDS, TURN_LIMIT)  # answer id -> the answered turn, for votes on it
        # (user, answer) -> the feedback row of that user's vote on it
        self.votes = memory("votes", TURN_TTL_SECONDS, TURN_LIMIT)
        self.answering = ThreadPoolExecutor(max_workers=ANSWER_WORKERS, thread_name_prefix="slack-answer")
        self.in_flight = 0  # deliveries being handled; only the event loop's thread changes it
        self.app = AsyncApp(
            signing_secret=self.settings.slack_signing_secret,
            authorize=fixed_token_authorize(self.settings.slack_bot_token),
            client=AsyncWebClient(base_url=self.settings.slack_api_base_url),
            # Checked before dispatch instead (see slack_router): Bolt's check answers 500 to a bad timestamp.
            request_verification_enabled=False,
        )
        self.app.event("app_mention")(self._on_mention)
        self.app.event("message")(self._on_message)
        # Bolt answers 404 to an event no listener matches, and Slack then retries it.
        self.app.event(re.compile(".*"))(self._on_other_event)
        self.app.command(ASK_COMMAND)(self._on_ask)
        self.app.action(FEEDBACK_ACTION)(self._on_feedback)

    # Events

    @property
    def idle(self) -> bool:
        """No delivery is being handled: every question that reached a listener has been answered."""
        return self.in_flight == 0

    async def _on_mention(self, body: dict, event: dict, client: AsyncWebClient) -> None:
        await self._answer_in_thread(body, event, client)

    async def _on_message(self, body: dict, event: dict, client: AsyncWebClient) -> None:
        # In channels the app_mention event covers mentions; only DMs are answered without one.
        if event.get("channel_type") == "im":
            await self._answer_in_thread(body, event, client)

    async def _on_other_event(self) -> None:
        """Subscribed events we don't act on still get their 2xx."""

    async def _first_delivery(self, body: dict, event: dict) -> bool:
        # Recorded before any work, so a retry that lands while we answer is dropped too. A mention in a
        # channel whose messages the app also receives arrives twice, with two event ids, so the message
        # (channel, ts) is the key; a retry carries the same message. One key, so that one insert decides:
        # with two (event, then message), two replicas could each win one and neither answer.
        key = ("message", event["channel"], event["ts"]) if event.get("channel") and event.get("ts") else ("event", body["event_id"])
        return await asyncio.to_thread(self.seen.add, key)

    @_counted
    async def _answer_in_thread(self, body: dict, event: dict, client: AsyncWebClient) -> None:
        if not _is_question(event) or not await self._first_delivery(body, event):
            return
        channel = event["channel"]
        bot_user_id = _bot_user_id(body)
        question = question_from_message(event.get("text", ""), bot_user_id)
        history = await self._thread_history(client, event, bot_user_id) if event.get("thread_ts") else []
        thread_ts = event.get("thread_ts") or event["ts"]
        if self.services.settings.answerer == "llm":
            # A model takes seconds: post at once, show its words as they come, end with the verified answer.
            posted = await call_slack(
                "chat.postMessage", client.chat_postMessage(channel=channel, thread_ts=thread_ts, **notice_message(WORKING))
            )
            if posted is not None:
                async def show_draft(draft: str) -> None:
                    await call_slack("chat.update", client.chat_update(channel=channel, ts=posted["ts"], **draft_message(draft)))

                message = await self._reply_to(question, history, show_draft)
                await call_slack("chat.update", client.chat_update(channel=channel, ts=posted["ts"], **message))
                return
        message = await self._reply_to(question, history)
        await call_slack("chat.postMessage", client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message))

    async def _thread_history(self, client: AsyncWebClient, event: dict, bot_user_id: str | None) -> list[dict]:
        """The thread's messages before this one, as chat turns: a follow-up is read in context."""
        response = await call_slack(
            "conversations.replies",
            client.conversations_replies(channel=event["channel"], ts=event["thread_ts"], limit=THREAD_FETCH_LIMIT),
        )
        if response is None:
            return []
        turns = []
        for message in takewhile(lambda m: m.get("ts") != event["ts"], response.get("messages", [])):
            if message.get("bot_id"):
                turns.append({"role": "assistant", "content": unescape_mrkdwn(message.get("text", ""))})
            elif _is_question(message):
                turns.append({"role": "user", "content": question_from_message(message.get("text", ""), bot_user_id)})
        return newest_turns([turn for turn in turns if turn["content"]], self.settings.max_history_turns,
                            self.settings.max_history_chars)

    # Answering, shared by events and the slash command

    async def _reply_to(self, question: str, history: list[dict], show_draft: DraftShower | None = None) -> dict:
        """The message to post: the answer with sources and buttons, or a notice saying why not. With
        `show_draft`, a model's words are shown as they arrive, at most once every DRAFT_UPDATE_SECONDS."""
        if not question:
            return notice_message(USAGE)
        try:
            result = await self._answer(question, history, show_draft)
        except InvalidRequest as error:
            return notice_message(CANNOT_ASK.format(problem=error))
        except IndexNotReadyError:
            logger.error("Slack question not answered: the index is empty")
            return notice_message(NOT_READY)
        except ModelUnavailableError:
            return notice_message(MODEL_STOPPED)
        except Exception:  # whatever broke, the user hears back and the error is logged
            logger.exception("Slack question not answered")
            return notice_message(FAILED)
        turn_id = uuid.uuid4().hex
        await asyncio.to_thread(self.turns.add, turn_id, asdict(self.services.answered_turn(question, history, result)))
        return answer_message(result, turn_id)

    async def _answer(self, question: str, history: list[dict], show_draft: DraftShower | None) -> dict:
        """The chain's result, worked out off the event loop so acks for other requests stay fast."""
        loop = asyncio.get_running_loop()
        inputs = {"question": question, "history": history}
        if show_draft is None:
            return await loop.run_in_executor(self.answering, functools.partial(self.services.chain.invoke, inputs))
        drafts: asyncio.Queue[str] = asyncio.Queue()

        def stream() -> dict:
            result = None
            for chunk in self.services.chain.stream(inputs):
                if "draft" in chunk:
                    loop.call_soon_threadsafe(drafts.put_nowait, chunk["draft"])
                result = chunk if result is None else result + chunk
            return result

        work = loop.run_in_executor(self.answering, stream)
        draft, shown_at = "", loop.time()
        while not work.done():
            try:
                draft += await asyncio.wait_for(drafts.get(), timeout=DRAFT_POLL_SECONDS)
            except asyncio.TimeoutError:
                continue
            if loop.time() - shown_at >= DRAFT_UPDATE_SECONDS:  # Slack allows about one update a second
                shown_at = loop.time()
                await show_draft(draft)
        return await work

    async def _respond(self, respond, message: dict, **options) -> None:
        """Post to a response_url; failures are logged like Web API failures."""
        try:
            response = await respond(**message, **options)
        except SLACK_FAILURES as error:
            logger.error("Slack response_url failed: %s", error)
            return
        if response.status_code != 200:
            logger.error("Slack response_url failed: HTTP %s %s", response.status_code, response.body)

    # Slash command and buttons

    @_counted
    async def _on_ask(self, ack, command: dict, respond) -> None:
        question = unescape_mrkdwn(command.get("text", "")).strip()
        trigger = command.get("trigger_id")
        if trigger and not await asyncio.to_thread(self.seen.add, ("command", trigger)):
            await ack()  # a replay of a command already answered
            return
        if not question:
            await ack(**notice_message(USAGE))
            return
        await ack(**notice_message(WORKING))
        await self._respond(respond, await self._reply_to(question, []), response_type="in_channel")

    @_counted
    async def _on_feedback(self, ack, body: dict, action: dict, respond) -> None:
        await ack()
        remembered = await asyncio.to_thread(self.turns.get, action.get("value"))
        turn = AnsweredTurn(**remembered) if remembered else None
        if turn is None:
            logger.warning("Slack vote on an answer no longer remembered: %s", action.get("value"))
            await self._respond(respond, notice_message(VOTE_EXPIRED), response_type="ephemeral", replace_original=False)
            return
        user = body.get("user", {}).get("id")
        if not self.services.feedback_limits.allow("slack", str(user)):
            await self._respond(respond, notice_message(TOO_MANY_VOTES), response_type="ephemeral", replace_original=False)
            return
        container = body.get("container", {})
        vote = FEEDBACK_ACTION.match(action["action_id"]).group(1)
        # One vote per user and answer: clicking again, or the other button, changes it and adds no row.
        voter = (user, action.get("value"))
        earlier = await asyncio.to_thread(self.votes.get, voter)
        if earlier is not None:
            await asyncio.to_thread(self.services.feedback.set_vote, earlier, vote)
        else:
            record = turn.vote("slack", vote, reference=f"{container.get('channel_id')}/{container.get('message_ts')}")
            feedback_id = await asyncio.to_thread(self.services.feedback.record, record)
            await asyncio.to_thread(self.votes.add, voter, feedback_id)
        await self._respond(respond, notice_message(THANKS), response_type="ephemeral", replace_original=False)


def slack_bot(services: Services) -> SlackBot | None:
    """The bot, once Slack is configured (a bot token and a signing secret)."""
    settings = services.settings
    return SlackBot(services) if settings.slack_bot_token and settings.slack_signing_secret else None


def slack_router(services: Services, bot: SlackBot | None) -> APIRouter:
    """POST /slack/events, /slack/commands and /slack/interactions; 503 until Slack is configured."""
    router = APIRouter(prefix="/slack", tags=["slack"])
    handler = AsyncSlackRequestHandler(bot.app) if bot else None
    verifier = SignatureVerifier(services.settings.slack_signing_secret) if bot else None

    async def dispatch(request: Request) -> Response:
        if handler is None:
            return JSONResponse(status_code=503, content={"error": NOT_CONFIGURED})
        body = await request.body()
        if not signature_is_valid(verifier, request.headers, body):
            return JSONResponse(status_code=401, content={"error": INVALID_SIGNATURE})
        if problem := malformed(request.url.path, body):
            return JSONResponse(status_code=400, content={"error": f"malformed Slack request: {problem}"})
        return await handler.handle(request)

    for path in ("/events", "/commands", "/interactions"):
        router.add_api_route(path, dispatch, methods=["POST"], responses={401: {}, 503: {}})
    return router
