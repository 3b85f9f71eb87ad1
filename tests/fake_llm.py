"""A fake OpenAI-compatible chat server for tests, over real HTTP on loopback.

`FakeLlm` answers `GET /v1/models` and `POST /v1/chat/completions` (plain and `"stream": true`) with the
shapes OpenAI sends, records every request, and can be told at any time to reply with a fixed text or a
text computed from the request, or to misbehave: HTTP errors, bodies that are not JSON, empty answers,
answers that hang, streams cut off mid-way. Point the real `openai` SDK or `langchain_openai` at `.base_url`.
"""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

DEFAULT_MODEL = "fake-model"
DEFAULT_REPLY = "This is a fake reply."
WAIT_SECONDS = 60  # generous: the machine is shared; a working client asks in well under a second
POLL_SECONDS = 0.02
MALFORMED_BODY = b'{"id": "chatcmpl-broken", "choices": [{"message": '  # cut short, so never valid JSON
_CONNECTION_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


def unused_port() -> int:
    """A loopback port with nothing listening on it: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def error_body(message: str, type_: str = "server_error", code: str | None = None, param: str | None = None) -> dict:
    """An error as OpenAI writes one."""
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def count_tokens(text: str) -> int:
    """A stand-in for a tokenizer: whitespace-separated words, stable across runs."""
    return len(text.split())


@dataclass
class Request:
    """One request the fake received; `request["messages"]` reads the JSON body like a dict."""

    method: str
    path: str
    headers: dict[str, str]  # keys lower-cased
    raw: bytes
    body: dict | None  # None when the body was absent or not a JSON object
    received_at: float = field(default_factory=time.monotonic)

    def __getitem__(self, key: str):
        return (self.body or {})[key]

    def get(self, key: str, default=None):
        return (self.body or {}).get(key, default)

    @property
    def api_key(self) -> str | None:
        authorization = self.headers.get("authorization", "")
        return authorization.removeprefix("Bearer ") if authorization.startswith("Bearer ") else None

    @property
    def messages(self) -> list[dict]:
        return self.get("messages") or []

    @property
    def is_chat(self) -> bool:
        return self.method == "POST" and self.path == "/v1/chat/completions"


@dataclass
class _Behaviour:
    mode: str = "reply"  # reply | fail | malformed | hang | cut
    text: str = DEFAULT_REPLY
    func: Callable[[dict], str] | None = None
    status: int = 500
    error: dict | str | None = None
    seconds: float = 0.0
    chunks: int = 0
    times: int | None = None  # misbehave for this many more requests, then reply normally; None is forever


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # closing must not wait on a handler that is hanging on purpose

    def handle_error(self, request, client_address) -> None:
        # A client that gave up (timeout, cut stream) is expected; anything else should be seen.
        if not isinstance(sys.exc_info()[1], _CONNECTION_ERRORS):
            super().handle_error(request, client_address)


class FakeLlm:
    """An OpenAI-compatible chat server on a loopback port. Use as a context manager, or start()/stop()."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        api_key: str | None = None,
        words_per_chunk: int = 3,
        chunk_delay: float = 0.0,
    ):
        self.model = model
        self.api_key = api_key  # when set, other keys get 401 as from OpenAI
        self.words_per_chunk = words_per_chunk
        self.chunk_delay = chunk_delay  # seconds between streamed chunks, for tests that watch tokens arrive
        self.requests: list[Request] = []
        self._behaviour = _Behaviour()
        self._lock = threading.Lock()
        self._wake = threading.Event()  # set to cut every current hang short
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.base_url = f"{self.url}/v1"
        # A short poll keeps stop() quick: shutdown() waits for the serving loop to notice.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> "FakeLlm":
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            self._wake.set()
        if self._thread.is_alive():  # shutdown() would wait forever on a loop that never ran
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FakeLlm":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # Behaviour: each call replaces the previous one and applies from the next request on.

    def reply(self, text: str) -> None:
        """Answer every following chat request with `text`."""
        self._set(_Behaviour(text=text))

    def reply_with(self, func: Callable[[dict], str]) -> None:
        """Answer with func(request_body); if func raises, the request gets a 500 naming the error."""
        self._set(_Behaviour(func=func))

    def empty(self) -> None:
        """Answer 200 with content "" (a stream then has no content deltas)."""
        self._set(_Behaviour(text=""))

    def fail(self, status: int = 500, body: dict | str | None = None, times: int | None = None) -> None:
        """Answer with HTTP `status` and `body` (default: an OpenAI error object) to every request."""
        self._set(_Behaviour(mode="fail", status=status, error=body, times=times))

    def malformed(self, times: int | None = None) -> None:
        """Answer 200 with a body that is not JSON (for a stream: an event whose data is not JSON)."""
        self._set(_Behaviour(mode="malformed", times=times))

    def hang(self, seconds: float, times: int | None = None) -> None:
        """Wait `seconds` before answering normally; stop() and reset() end the wait early."""
        self._set(_Behaviour(mode="hang", seconds=seconds, times=times))

    def cut_stream_after(self, n_chunks: int, times: int | None = None) -> None:
        """Stream `n_chunks` content deltas, then drop the connection: no finish_reason, no [DONE].

        A non-streaming request gets half of its body before the drop.
        """
        self._set(_Behaviour(mode="cut", chunks=n_chunks, times=times))

    def reset(self) -> None:
        """Back to the default reply, with no requests recorded; requests hanging now are released."""
        with self._lock:
            self._behaviour = _Behaviour()
            self.requests.clear()
            self._wake.set()
            self._wake = threading.Event()

    def _set(self, behaviour: _Behaviour) -> None:
        # Keep the text of reply() across failure modes, so hang() still answers with it afterwards.
        with self._lock:
            if behaviour.mode != "reply":
                behaviour.text, behaviour.func = self._behaviour.text, self._behaviour.func
            self._behaviour = behaviour

    # Inspection

    @property
    def chat_requests(self) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.is_chat]

    @property
    def last_request(self) -> Request:
        with self._lock:
            if not self.requests:
                raise AssertionError("the fake LLM received no request")
            return self.requests[-1]

    def wait_for_requests(self, count: int = 1, timeout: float = WAIT_SECONDS) -> list[Request]:
        """The chat requests, once at least `count` have arrived (polls; fails after `timeout`)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.chat_requests
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} chat request(s), got {len(found)}: {found}")
            time.sleep(POLL_SECONDS)

    # Serving

    def _record(self, method: str, path: str, headers, raw: bytes) -> Request:
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = Request(method, path, {k.lower(): v for k, v in headers.items()}, raw,
                          body if isinstance(body, dict) else None)
        with self._lock:
            self.requests.append(request)
        return request

    def _take_behaviour(self) -> tuple[_Behaviour, threading.Event]:
        """The behaviour for one request, counting down a limited misbehaviour."""
        with self._lock:
            behaviour = self._behaviour
            if behaviour.times is not None:
                behaviour.times -= 1
                if behaviour.times <= 0:
                    self._behaviour = _Behaviour(text=behaviour.text, func=behaviour.func)
            return behaviour, self._wake

    def _reply_text(self, behaviour: _Behaviour, body: dict) -> str:
        return behaviour.func(body) if behaviour.func else behaviour.text

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # as OpenAI: chunked streams need it

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _serve(self) -> None:
                self.close_connection = True  # one request per connection: nothing lingers after stop()
                path = urlsplit(self.path).path.rstrip("/")
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = fake._record(self.command, path, self.headers, raw)
                behaviour, wake = fake._take_behaviour()
                if behaviour.mode == "hang":
                    wake.wait(behaviour.seconds)
                elif behaviour.mode == "fail":
                    error = behaviour.error
                    return self._json(behaviour.status, error_body(f"fake failure {behaviour.status}")
                                      if error is None else error)
                elif behaviour.mode == "malformed" and not (request.is_chat and request.get("stream")):
                    return self._send(200, "application/json", MALFORMED_BODY)

                if fake.api_key is not None and request.api_key != fake.api_key:
                    return self._json(401, error_body("Incorrect API key provided.", "invalid_request_error",
                                                      "invalid_api_key"))
                if self.command == "GET" and path == "/v1/models":
                    return self._json(200, {"object": "list", "data": [
                        {"id": fake.model, "object": "model", "created": 1700000000, "owned_by": "fake"}]})
                if not request.is_chat:
                    return self._json(404, error_body(f"Invalid URL ({self.command} {path})", "invalid_request_error"))
                return self._chat(request, behaviour)

            do_GET = do_POST = do_DELETE = _serve

            def _chat(self, request: Request, behaviour: _Behaviour) -> None:
                body = request.body
                if body is None:
                    return self._json(400, error_body("We could not parse the JSON body of your request.",
                                                      "invalid_request_error"))
                for name in ("model", "messages"):
                    if name not in body:
                        return self._json(400, error_body(f"Missing required parameter: '{name}'.",
                                                          "invalid_request_error", "missing_required_parameter",
                                                          name))
                if not body["messages"]:
                    return self._json(400, error_body("[] is too short - 'messages'", "invalid_request_error",
                                                      "empty_array", "messages"))
                try:
                    text = fake._reply_text(behaviour, body)
                except Exception as exc:  # the test's own reply function broke: say so to the client
                    return self._json(500, error_body(f"reply_with function raised {exc!r}"))
                text, finish_reason = fake._limit(text, body.get("max_completion_tokens") or body.get("max_tokens"))
                usage = fake._usage(body, text)
                if body.get("stream"):
                    return self._stream(body, text, usage, behaviour, finish_reason)
                completion = {
                    "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body["model"],
                    "choices": [{
                        "index": 0,
                        "message": {"role": "assistant", "content": text, "refusal": None, "annotations": []},
                        "logprobs": None,
                        "finish_reason": finish_reason,
                    }],
                    "usage": usage,
                    "system_fingerprint": "fp_fake",
                }
                data = json.dumps(completion).encode()
                if behaviour.mode == "cut":
                    return self._send(200, "application/json", data, cut_at=len(data) // 2)
                return self._send(200, "application/json", data)

            def _stream(self, body: dict, text: str, usage: dict, behaviour: _Behaviour, finish_reason: str) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream; charset=utf-8")
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
                base = {
                    "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
                    "object": "chat.completion.chunk",
                    "created": int(time.time()),
                    "model": body["model"],
                    "system_fingerprint": "fp_fake",
                }

                def chunk(delta: dict, finish_reason: str | None = None) -> dict:
                    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
                    # With include_usage, OpenAI puts "usage": null on every chunk but the last.
                    return {**base, "choices": [choice], **({"usage": None} if include_usage else {})}

                if behaviour.mode == "malformed":
                    self._event(chunk({"role": "assistant", "content": "", "refusal": None}))
                    self._write_chunk(b"data: " + MALFORMED_BODY + b"\n\n")
                    return self._end_chunks()
                self._event(chunk({"role": "assistant", "content": "", "refusal": None}))
                for number, piece in enumerate(fake._pieces(text)):
                    if behaviour.mode == "cut" and number >= behaviour.chunks:
                        return  # drop the connection without the closing zero-length chunk
                    time.sleep(fake.chunk_delay)
                    self._event(chunk({"content": piece}))
                if behaviour.mode == "cut":
                    return
                self._event(chunk({}, finish_reason))
                if include_usage:
                    self._event({**base, "choices": [], "usage": usage})
                self._write_chunk(b"data: [DONE]\n\n")
                self._end_chunks()

            def _event(self, payload: dict) -> None:
                self._write_chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

            def _write_chunk(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

            def _end_chunks(self) -> None:
                self.wfile.write(b"0\r\n\r\n")

            def _json(self, status: int, payload: dict | str) -> None:
                if isinstance(payload, str):
                    return self._send(status, "text/plain; charset=utf-8", payload.encode())
                return self._send(status, "application/json", json.dumps(payload).encode())

            def _send(self, status: int, content_type: str, data: bytes, cut_at: int | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data if cut_at is None else data[:cut_at])

        return Handler

    @staticmethod
    def _words(text: str) -> list[str]:
        """`text` split before each word, whitespace kept, so joined they give `text` back."""
        return re.findall(r"\s*\S+\s*|\s+", text)

    def _limit(self, text: str, max_tokens: int | None) -> tuple[str, str]:
        """As OpenAI: a reply longer than max_tokens is cut there and finishes with "length"."""
        words = self._words(text)
        if max_tokens is None or count_tokens(text) <= max_tokens:
            return text, "stop"
        return "".join(words[:max_tokens]).rstrip(), "length"

    def _pieces(self, text: str) -> list[str]:
        """`text` in pieces of a few words each, for the deltas of a stream."""
        words = self._words(text)
        step = max(1, self.words_per_chunk)
        return ["".join(words[i:i + step]) for i in range(0, len(words), step)]

    @staticmethod
    def _usage(body: dict, text: str) -> dict:
        prompt = 0
        for message in body.get("messages") or []:
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, list):  # content parts: [{"type": "text", "text": ...}]
                content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
            prompt += count_tokens(content or "")
        completion = count_tokens(text)
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
