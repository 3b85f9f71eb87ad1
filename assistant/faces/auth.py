"""API keys: with API_KEYS (or API_KEYS_FILE) set, /api/* and /v1/* need `Authorization: Bearer <key>`,
and so does /metrics with METRICS_REQUIRE_KEY. The probes stay open. Keys are compared in constant
time and never logged."""

from __future__ import annotations

import hmac

from assistant.faces.errors import JSON_PREFIXES
from assistant.faces.limits import bearer_key, json_error

MISSING = "an API key is required: send Authorization: Bearer <key>"
WRONG = "that API key is not valid"


class ApiKeys:
    """ASGI middleware; with no keys configured it lets everything through."""

    def __init__(self, app, keys: frozenset[str], protect_metrics: bool):
        self.app = app
        self._keys = [key.encode() for key in keys]
        self._protect_metrics = protect_metrics

    def _protects(self, path: str) -> bool:
        return path.startswith(JSON_PREFIXES) or (self._protect_metrics and path == "/metrics")

    def _known(self, offered: bytes) -> bool:
        # Every key is compared, so the time taken says nothing about which one came close.
        return any([hmac.compare_digest(offered, key) for key in self._keys])

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self._keys or not self._protects(scope["path"]):
            return await self.app(scope, receive, send)
        offered = bearer_key(scope)
        if offered is None:
            return await json_error(send, 401, MISSING, [(b"www-authenticate", b"Bearer")], scope["path"])
        if not self._known(offered):
            return await json_error(send, 401, WRONG, [(b"www-authenticate", b"Bearer")], scope["path"])
        await self.app(scope, receive, send)
