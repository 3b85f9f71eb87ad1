"""How often one client may do something: a moving window per client, in this replica's memory.

Two limits use it. Feedback writes (votes, changed votes, withdrawals, comments) by a web chat
visitor's address or a Slack user, past MAX_VOTES_PER_MINUTE. Questions (API, /v1 and the web chat)
by API key, or by client address when there is none, past QUESTIONS_PER_MINUTE. Each replica counts
its own clients: behind a load balancer spreading requests over N replicas, a client may get up to
N times the limit.
"""

from __future__ import annotations

import math
import time

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class RateLimiter:
    """`per_minute` actions per client and face; 0 is no limit."""

    def __init__(self, per_minute: int):
        self._window = MovingWindowRateLimiter(MemoryStorage())
        self._limit = parse(f"{per_minute}/minute") if per_minute else None

    def allow(self, face: str, client: str) -> bool:
        """Count one action by `client` on `face`; False when it is one too many."""
        return self._limit is None or self._window.hit(self._limit, face, client)

    def retry_after(self, face: str, client: str) -> int:
        """Whole seconds until `client` may act again on `face`."""
        if self._limit is None:
            return 0
        reset = self._window.get_window_stats(self._limit, face, client).reset_time
        return max(1, math.ceil(reset - time.time()))
