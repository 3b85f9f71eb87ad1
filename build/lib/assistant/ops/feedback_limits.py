"""How often one client may write feedback: a moving window per client, in this replica's memory.

A client is a web chat visitor's address or a Slack user. Each vote, changed vote, withdrawal or
comment counts; past MAX_VOTES_PER_MINUTE the write is refused with a message and nothing changes.
"""

from __future__ import annotations

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


class FeedbackLimiter:
    def __init__(self, per_minute: int):
        self._window = MovingWindowRateLimiter(MemoryStorage())
        self._limit = parse(f"{per_minute}/minute")

    def allow(self, face: str, client: str) -> bool:
        """Count one feedback write by `client` on `face`; False when it is one too many."""
        return self._window.hit(self._limit, face, client)
