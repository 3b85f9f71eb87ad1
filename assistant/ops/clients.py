"""Concurrent clients of `/api/ask` on loopback, for the load test and the benchmark."""

from __future__ import annotations

import asyncio
import time

import httpx

from assistant.eval.metrics import percentile

TIMEOUT_SECONDS = 120


async def _post_all(url: str, bodies: list[dict], clients: int) -> dict:
    """Every body posted once, by `clients` concurrent clients; what came back, and how fast."""
    statuses: list[int] = []
    waits_ms: list[float] = []
    server_ms: list[float] = []  # what the server itself took for an answer (its timings_ms.total)
    queue: asyncio.Queue = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=TIMEOUT_SECONDS, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                body = queue.get_nowait()
                started = time.perf_counter()
                try:
                    response = await client.post("/api/ask", json=body)
                    statuses.append(response.status_code)
                    if response.status_code == 200:
                        server_ms.append(response.json()["timings_ms"]["total"])
                except httpx.HTTPError:
                    statuses.append(0)
                waits_ms.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        seconds = time.perf_counter() - started
    answered = [wait for wait, status in zip(waits_ms, statuses) if status == 200]
    return {
        "requests": len(statuses),
        "clients": clients,
        "ok": statuses.count(200),
        "turned_away_503": statuses.count(503),
        "errors": sum(1 for status in statuses if status not in (200, 503)),
        "req_per_s": round(len(statuses) / seconds, 1),
        "p50_ms": round(percentile(answered, 50), 1),
        "p95_ms": round(percentile(answered, 95), 1),
        "p99_ms": round(percentile(answered, 99), 1),
        "worst_wait_ms": round(max(waits_ms), 1),
        "server_p50_ms": round(percentile(server_ms, 50), 1),
        "server_max_ms": round(max(server_ms, default=0.0), 1),
    }


def post_concurrently(url: str, bodies: list[dict], clients: int) -> dict:
    return asyncio.run(_post_all(url, bodies, clients))
