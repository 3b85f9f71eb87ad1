"""Concurrent clients of `/api/ask` on loopback, for the load test and the benchmark.

They run on the server's own cores, so they are made cheap: aiohttp's client took 0.6 to 0.8 ms of CPU a
request where httpx's took 8 (32 clients against the app with a canned answer), and httpx alone then
capped the app at 80 to 90 req/s. What the server does per request is the same either way.
"""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp

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
    connections = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(url, connector=connections, timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)) as client:

        async def worker() -> None:
            while not queue.empty():
                body = queue.get_nowait()
                started = time.perf_counter()
                try:
                    async with client.post("/api/ask", json=body) as response:
                        status, reply = response.status, await response.read()
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    status = 0
                statuses.append(status)
                if status == 200:
                    server_ms.append(json.loads(reply)["timings_ms"]["total"])
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
