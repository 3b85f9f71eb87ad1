"""API keys: with API_KEYS (or API_KEYS_FILE) set, /api/* and /v1/* need `Authorization: Bearer <key>`,
and so does /metrics with METRICS_REQUIRE_KEY. The probes stay open. Changing documents needs an admin
key (ADMIN_KEYS), which may also do whatever an API key may. Keys are compared in constant time and
never logged."""

from __future__ import annotations

import hashlib
import hmac

from assistant.faces.errors import JSON_PREFIXES
from assistant.faces.limits import bearer_key, json_error

MISSING = "an API key is required: send Authorization: Bearer <key>"
WRONG = "that API key is not valid"
ADMIN_MISSING = "changing documents needs an admin key: send Authorization: Bearer <admin key>"
ADMIN_WRONG = "that key may not change documents: an admin key (ADMIN_KEYS) is needed"
ADMIN_NONE = "changing documents through the API is turned off: no admin key (ADMIN_KEYS) is set"


def _known(offered: bytes, keys: list[bytes]) -> bool:
    # Every key is compared, so the time taken says nothing about which one came close.
    return any([hmac.compare_digest(offered, key) for key in keys])


def key_fingerprint(key: bytes) -> str:
    """Names a key in records without revealing it."""
    return hashlib.sha256(key).hexdigest()[:8]


class ApiKeys:
    """ASGI middleware; with no API keys configured it lets everything through. Admin keys are API keys too."""

    def __init__(self, app, keys: frozenset[str], protect_metrics: bool, admin_keys: frozenset[str] = frozenset()):
        self.app = app
        self._keys = [key.encode() for key in keys]
        self._accepted = [key.encode() for key in keys | admin_keys]
        self._protect_metrics = protect_metrics

    def _protects(self, path: str) -> bool:
        return path.startswith(JSON_PREFIXES) or (self._protect_metrics and path == "/metrics")

    def _known(self, offered: bytes) -> bool:
        return _known(offered, self._accepted)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self._keys or not self._protects(scope["path"]):
            return await self.app(scope, receive, send)
        offered = bearer_key(scope)
        if offered is None:
            return await json_error(send, 401, MISSING, [(b"www-authenticate", b"Bearer")], scope["path"])
        if not self._known(offered):
            return await json_error(send, 401, WRONG, [(b"www-authenticate", b"Bearer")], scope["path"])
        await self.app(scope, receive, send)


class AdminKeys:
    """ASGI middleware: a change to documents (a method in `changing` on a path under `prefix`) needs an
    admin key, checked before the body is read: 401 without a bearer key, 403 with one that is not an
    admin's, whatever API_KEYS say."""

    def __init__(self, app, admin_keys: frozenset[str], prefix: str, changing: frozenset[str]):
        self.app = app
        self._keys = [key.encode() for key in admin_keys]
        self._prefix = prefix
        self._changing = changing

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] not in self._changing
                or not (scope["path"] == self._prefix or scope["path"].startswith(self._prefix + "/"))):
            return await self.app(scope, receive, send)
        offered = bearer_key(scope)
        if not self._keys:
            return await json_error(send, 403, ADMIN_NONE, path=scope["path"])
        if offered is None:
            return await json_error(send, 401, ADMIN_MISSING, [(b"www-authenticate", b"Bearer")], scope["path"])
        if not _known(offered, self._keys):
            return await json_error(send, 403, ADMIN_WRONG, path=scope["path"])
        await self.app(scope, receive, send)
