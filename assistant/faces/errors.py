"""Error bodies, in the shape each family of routes promises: `{"error": "..."}` for our own API,
OpenAI's `{"error": {"message", "type", "param", "code"}}` under /v1, where OpenAI clients read them."""

from __future__ import annotations

OPENAI_PREFIX = "/v1/"
JSON_PREFIXES = ("/api/", OPENAI_PREFIX)  # the JSON APIs: errors as JSON, behind API keys when they are set
# OpenAI's error types, by status; its SDKs pick their exception class from the status alone.
OPENAI_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "invalid_request_error",
                405: "invalid_request_error", 413: "invalid_request_error", 422: "invalid_request_error",
                429: "rate_limit_error"}


def openai_error(status: int, message: str, code: str | None = None, param: str | None = None) -> dict:
    return {"error": {"message": message, "type": OPENAI_TYPES.get(status, "server_error"), "param": param, "code": code}}


def error_body(path: str, status: int, message: str) -> dict:
    return openai_error(status, message) if path.startswith(OPENAI_PREFIX) else {"error": message}
