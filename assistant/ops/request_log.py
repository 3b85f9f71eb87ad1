"""One JSON log line per request (python-json-logger): request id, route, status, latency, and for an
answer whether it was grounded and who wrote it. The question's text is logged only with
LOG_QUESTIONS=true: questions can be personal. An incoming X-Request-ID is kept (when it is a
sane token), otherwise one is made; either way it is echoed in the response."""

from __future__ import annotations

import logging
import re
import time
import uuid

from pythonjsonlogger.json import JsonFormatter

from assistant.ops.metrics import record_request

logger = logging.getLogger("role_assistant.requests")
REQUEST_ID_HEADER = b"x-request-id"
SANE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")  # never echo or log a client's arbitrary bytes
ANSWER_STATE = "answer"  # what an answering route leaves in request.state for this line


def json_handler() -> logging.Handler:
    """A stderr handler writing each record as one JSON object."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter("{asctime}{levelname}{name}{message}", style="{", rename_fields={"asctime": "time"}))
    return handler


def use_json_logs() -> None:
    """Send the request log (and only it) through the JSON handler, once."""
    if not any(getattr(handler, "role_assistant_json", False) for handler in logger.handlers):
        handler = json_handler()
        handler.role_assistant_json = True
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


class RequestLog:
    """ASGI middleware: the request id, then, when the response is done, the request's metrics and its log line."""

    def __init__(self, app, log_questions: bool):
        self.app = app
        self.log_questions = log_questions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        offered = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER, b"")
        request_id = offered.decode() if SANE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        scope.setdefault("state", {})
        started, status = time.perf_counter(), [500]

        async def with_request_id(message):
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (REQUEST_ID_HEADER, request_id.encode())]}
            await send(message)

        try:
            await self.app(scope, receive, with_request_id)
        finally:
            seconds = time.perf_counter() - started
            template = getattr(scope.get("route"), "path", None)
            # The web page at "/" is a mount, not a route: named by its path, which is fixed.
            record_request(template or ("/" if scope["path"] == "/" else None), scope["method"], status[0], seconds)
            fields = {"request_id": request_id, "route": template or scope["path"], "method": scope["method"],
                      "status": status[0], "latency_ms": round(seconds * 1000, 1)}
            answer = scope["state"].get(ANSWER_STATE)
            if answer:
                fields |= {"grounded": answer["grounded"], "answerer": answer["answerer"]}
                if self.log_questions:
                    fields["question"] = answer["question"]
            logger.info("request", extra=fields)
