"""What every response of the app keeps to, whichever face served it.

- Security headers on every response: no MIME sniffing, no framing by other sites, no referrer
  leaking a question in a URL.
- The JSON endpoints answer a wrong method with 405 and an `Allow` header, and an unknown path under
  /api/ with 404, both as `{"error": ...}`. Without this the web chat, mounted at /, would answer
  them with its own HTML or `{"detail": ...}`.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.routing import APIRoute

from assistant.faces.limits import json_error

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
]
API_PREFIX = "/api/"


class HttpContract:
    """ASGI middleware over the whole app; `routes` maps each JSON endpoint's path to its methods."""

    def __init__(self, app, routes: dict[str, set[str]]):
        self.app = app
        self.routes = routes

    @staticmethod
    def routes_of(*routers: APIRouter) -> dict[str, set[str]]:
        routes: dict[str, set[str]] = {}
        for router in routers:
            for route in router.routes:
                if isinstance(route, APIRoute):
                    routes.setdefault(route.path, set()).update(route.methods)
        return routes

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
        allowed = self.routes.get(path)
        if allowed is not None and method not in allowed | ({"HEAD"} if "GET" in allowed else set()):
            return await json_error(with_headers, 405, f"{method} is not allowed on {path}; use {', '.join(sorted(allowed))}",
                                [(b"allow", ", ".join(sorted(allowed)).encode())])
        if allowed is None and path.startswith(API_PREFIX):
            return await json_error(with_headers, 404, f"no such endpoint: {path}")
        await self.app(scope, receive, with_headers)
