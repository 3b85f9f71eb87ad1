"""What every response of the app keeps to, whichever face served it.

- Security headers on every response: no MIME sniffing, no framing by other sites, no referrer
  leaking a question in a URL.
- The JSON endpoints answer a wrong method with 405 and an `Allow` header, and an unknown path under
  /api/ or /v1/ with 404, both as JSON errors (OpenAI's shape under /v1). Without this the web chat,
  mounted at /, would answer them with its own HTML or `{"detail": ...}`.
"""

from __future__ import annotations

import re

from fastapi import APIRouter
from fastapi.routing import APIRoute

from assistant.faces.errors import JSON_PREFIXES
from assistant.faces.limits import json_error

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
]


class HttpContract:
    """ASGI middleware over the whole app; `routes` maps each JSON endpoint's path to its methods."""

    def __init__(self, app, routes: list[tuple[re.Pattern, set[str]]]):
        self.app = app
        self.routes = routes

    @staticmethod
    def routes_of(*routers: APIRouter) -> list[tuple[re.Pattern, set[str]]]:
        """Each JSON endpoint's path pattern ("/v1/models/{model}" included) and its methods."""
        return [(route.path_regex, set(route.methods)) for router in routers for route in router.routes
                if isinstance(route, APIRoute)]

    def _allowed(self, path: str) -> set[str] | None:
        """The methods the endpoints at this path take, or None when no endpoint is there."""
        methods = [allowed for pattern, allowed in self.routes if pattern.match(path)]
        return set().union(*methods) if methods else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        path, method = scope["path"], scope["method"]
        allowed = self._allowed(path)
        if allowed is not None and method not in allowed | ({"HEAD"} if "GET" in allowed else set()):
            return await json_error(with_headers, 405, f"{method} is not allowed on {path}; use {', '.join(sorted(allowed))}",
                                    [(b"allow", ", ".join(sorted(allowed)).encode())], path)
        if allowed is None and path.startswith(JSON_PREFIXES):
            return await json_error(with_headers, 404, f"no such endpoint: {path}", path=path)
        await self.app(scope, receive, with_headers)
