"""Bounds on what one request may cost, applied before any route reads it.

- Bodies: no face needs more than a question and its history, so a larger body is refused with 413,
  whether it declares its length or streams it in chunks.
- Load: a question to the API takes a place among MAX_IN_FLIGHT (assistant/ops/admission.py) here,
  before its body is even read; with no place left it gets 503 and Retry-After at once.
- Rate: past QUESTIONS_PER_MINUTE from one API key (or one client address, without a key), a question
  gets 429 and Retry-After (assistant/ops/rate_limits.py).
"""

from __future__ import annotations

import hashlib
import json

from assistant.faces.errors import error_body
from assistant.ops.admission import RETRY_AFTER_SECONDS, Admission, Overloaded
from assistant.ops.rate_limits import RateLimiter


class BodyLimit:
    """ASGI middleware: a 413 with a JSON error for a body over `limit` bytes.

    A body that declares its length is judged by it; one streamed in chunks is read here, up to the
    limit, and handed to the route whole (routes read whole bodies anyway). The paths in `larger` (uploads)
    have limits of their own.
    """

    def __init__(self, app, limit: int, larger: dict[str, int] | None = None):
        self.app = app
        self.limit = limit
        self.larger = larger or {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > limit:
                return await self._refuse(send, scope["path"], limit)
            return await self.app(scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return await self.app(scope, _replay([message], receive), send)  # the client left
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                return await self._refuse(send, scope["path"], limit)
            if not message.get("more_body"):
                break
        whole = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        await self.app(scope, _replay([whole], receive), send)

    @staticmethod
    async def _refuse(send, path: str, limit: int) -> None:
        await json_error(send, 413, f"the request body is larger than {limit} bytes", path=path)


class Shedding:
    """ASGI middleware: each request to `paths` holds a place of `admission` while it runs."""

    def __init__(self, app, admission: Admission, paths: frozenset[str]):
        self.app = app
        self.admission = admission
        self.paths = paths

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in self.paths:
            return await self.app(scope, receive, send)
        try:
            with self.admission.place():  # raises at once, before the route runs, when there is none
                await self.app(scope, receive, send)
        except Overloaded as error:
            await json_error(send, 503, f"{error}; retry in a moment", [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())],
                             scope["path"])


class QuestionRate:
    """ASGI middleware: each request to `paths` counts against its caller's QUESTIONS_PER_MINUTE. The caller
    is its API key when keys are required (the key check has passed it), else its address: without keys
    a bearer header is anyone's to vary."""

    def __init__(self, app, limiter: RateLimiter, paths: frozenset[str], by_key: bool):
        self.app = app
        self.limiter = limiter
        self.paths = paths
        self.by_key = by_key

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] not in self.paths:
            return await self.app(scope, receive, send)
        caller = _caller(scope, self.by_key)
        if self.limiter.allow("api", caller):
            return await self.app(scope, receive, send)
        seconds = self.limiter.retry_after("api", caller)
        await json_error(send, 429, f"too many questions: ask again in {seconds} s", [(b"retry-after", str(seconds).encode())],
                         scope["path"])


def bearer_key(scope) -> bytes | None:
    """The key of an `Authorization: Bearer <key>` header, or None without one."""
    authorization = dict(scope.get("headers") or []).get(b"authorization", b"")
    scheme, _, key = authorization.partition(b" ")
    return key.strip() if scheme.lower() == b"bearer" and key.strip() else None


def _caller(scope, by_key: bool) -> str:
    """The API key a request carries (by its digest: keys are never kept), or else its client address."""
    key = bearer_key(scope) if by_key else None
    if key:
        return "key:" + hashlib.sha256(key).hexdigest()
    client = scope.get("client")
    return client[0] if client else "unknown"


async def json_error(send, status: int, message: str, headers: list | None = None, path: str = "") -> None:
    body = json.dumps(error_body(path, status, message)).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def _replay(messages: list[dict], receive):
    """A `receive` that gives `messages` first, then whatever the client sends next."""
    pending = list(messages)

    async def replayed():
        return pending.pop(0) if pending else await receive()

    return replayed
