"""A fake Slack for tests, over real HTTP on loopback.

`FakeSlack` plays Slack's servers: the Web API (recording every call, failing on demand) and the
target of slash-command response_urls. `SlackSender` plays Slack's delivery side: it signs events,
commands and button clicks with the signing secret and POSTs them to the app, as Slack does.
Modelled on slack-bolt's own tests/mock_web_api_server.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-test"
SIGNING_SECRET = "test-signing-secret"
BOT_USER_ID = "UBOT0001"
BOT_ID = "BBOT0001"
TEAM_ID = "T0000001"
WAIT_SECONDS = 60  # generous: the machine is shared; a working app answers in well under a second
POLL_SECONDS = 0.02
RESPONSE_PATH = "/response/"
_SEQUENCE = itertools.count(1)


def new_ts() -> str:
    """A message timestamp as Slack writes them, unique within the test run."""
    return f"{int(time.time())}.{next(_SEQUENCE):06d}"


@dataclass
class Call:
    method: str  # a Web API method such as "chat.postMessage", or "response_url"
    params: dict
    path: str
    token: str | None
    received_at: float = field(default_factory=time.monotonic)


class FakeSlack:
    """Slack's Web API on a loopback port."""

    def __init__(self):
        self.calls: list[Call] = []
        self.threads: dict[tuple[str, str], list[dict]] = {}  # (channel, thread_ts) → conversations.replies
        self._failures: dict[str, tuple[int, dict | str]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.api_url = f"{self.url}/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeSlack":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    # Controls

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.threads.clear()
            self._failures.clear()

    def fail(self, method: str, status: int = 500, error: str | None = None) -> None:
        """Make `method` fail: with an HTTP status, or with 200 and {"ok": false, "error": error}."""
        self._failures[method] = (200, {"ok": False, "error": error}) if error else (status, "internal error")

    def response_url(self) -> str:
        return f"{self.url}{RESPONSE_PATH}{uuid.uuid4().hex}"

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, where=lambda call: True) -> list[Call]:
        """The first `count` matching calls, once they have arrived (polls; fails after WAIT_SECONDS)."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            found = [call for call in self.calls_to(method) if where(call)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} {method} call(s), got {len(found)}: {self.calls}")
            time.sleep(POLL_SECONDS)

    # Serving

    def _answer(self, call: Call) -> tuple[int, dict | str]:
        if call.method in self._failures:
            return self._failures[call.method]
        if call.method == "response_url":
            return 200, "ok"
        if call.token != BOT_TOKEN:
            return 200, {"ok": False, "error": "not_authed"}
        if call.method == "chat.postMessage":
            ts = new_ts()
            message = {**call.params, "ts": ts, "bot_id": BOT_ID, "user": BOT_USER_ID}
            return 200, {"ok": True, "channel": call.params.get("channel"), "ts": ts, "message": message}
        if call.method == "chat.update":  # as Slack answers it: the message's channel, ts and new text
            return 200, {"ok": True, "channel": call.params.get("channel"), "ts": call.params.get("ts"),
                         "text": call.params.get("text")}
        if call.method == "conversations.replies":
            messages = self.threads.get((call.params.get("channel"), call.params.get("ts")))
            return 200, {"ok": True, "messages": messages} if messages else {"ok": False, "error": "thread_not_found"}
        return 200, {"ok": True}

    def _record(self, path: str, query: str, headers, body: bytes) -> Call:
        params = dict(parse_qsl(query))
        if headers.get("Content-Type", "").startswith("application/json"):
            params.update(json.loads(body or b"{}"))
        else:
            params.update(parse_qsl(body.decode()))
        authorization = headers.get("Authorization", "")
        method = "response_url" if path.startswith(RESPONSE_PATH) else path.removeprefix("/api/")
        call = Call(method, params, path, authorization.removeprefix("Bearer ") or params.get("token"))
        with self._lock:
            self.calls.append(call)
        return call

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, payload = fake._answer(fake._record(parts.path, parts.query, self.headers, body))
                data = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain" if isinstance(payload, str) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _serve

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        return Handler


def signed_headers(body: bytes, timestamp: str | None = None, secret: str = SIGNING_SECRET) -> dict:
    """Slack's signature headers for `body`."""
    timestamp = timestamp or str(int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


class SlackSender:
    """Slack's side of the Request URLs: signed POSTs of events, slash commands and button clicks."""

    def __init__(self, app_url: str):
        self.http = httpx.Client(base_url=app_url, timeout=WAIT_SECONDS)

    def post(self, path: str, body: bytes, content_type: str, headers: dict | None = None) -> httpx.Response:
        """POST `body` with `headers` in place of the signature headers, or signed when there are none."""
        signature = signed_headers(body) if headers is None else headers
        return self.http.post(path, content=body, headers={"Content-Type": content_type, **signature})

    def event_body(self, event: dict, event_id: str | None = None) -> bytes:
        envelope = {
            "token": "unused",
            "team_id": TEAM_ID,
            "api_app_id": "A0000001",
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:12].upper()}",
            "event_time": int(time.time()),
            "event": event,
            "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        }
        return json.dumps(envelope).encode()

    def event(self, event: dict, event_id: str | None = None, retry: int | None = None) -> httpx.Response:
        """Deliver an event; `retry` numbers a redelivery, with the headers Slack adds to one."""
        body = self.event_body(event, event_id)
        headers = signed_headers(body)
        if retry:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post("/slack/events", body, "application/json", headers)

    def command(self, text: str, response_url: str, channel: str = "C0COMMAND") -> httpx.Response:
        return self.post("/slack/commands", self.command_body(text, response_url, channel), "application/x-www-form-urlencoded")

    @staticmethod
    def command_body(text: str, response_url: str, channel: str = "C0COMMAND", trigger_id: str | None = None) -> bytes:
        form = {
            "token": "unused",
            "team_id": TEAM_ID,
            "channel_id": channel,
            "user_id": "U0ASKER1",
            "command": "/ask",
            "text": text,
            "response_url": response_url,
            "trigger_id": trigger_id or f"{time.time_ns()}.{uuid.uuid4().hex[:8]}",  # unique per command, as Slack's
        }
        return urlencode(form).encode()

    def click(self, action: dict, channel: str, message_ts: str, response_url: str, user: str = "U0VOTER1") -> httpx.Response:
        body = self.click_body(action, channel, message_ts, response_url, user)
        return self.post("/slack/interactions", body, "application/x-www-form-urlencoded")

    @staticmethod
    def click_body(action: dict, channel: str, message_ts: str, response_url: str, user: str = "U0VOTER1") -> bytes:
        payload = {
            "type": "block_actions",
            "team": {"id": TEAM_ID},
            "user": {"id": user},
            "api_app_id": "A0000001",
            "container": {"type": "message", "channel_id": channel, "message_ts": message_ts},
            "channel": {"id": channel},
            "message": {"ts": message_ts},
            "response_url": response_url,
            "trigger_id": "1.2.3",
            "actions": [{**action, "block_id": "feedback", "action_ts": str(time.time())}],
        }
        return urlencode({"payload": json.dumps(payload)}).encode()

    def mention(self, text: str, channel: str, **fields) -> dict:
        """An app_mention event: `text` addressed to the bot, as Slack writes it."""
        return {"type": "app_mention", "user": "U0ASKER1", "text": f"<@{BOT_USER_ID}> {text}",
                "channel": channel, "ts": new_ts(), **fields}

    def direct_message(self, text: str, channel: str, **fields) -> dict:
        return {"type": "message", "channel_type": "im", "user": "U0ASKER1", "text": text,
                "channel": channel, "ts": new_ts(), **fields}
