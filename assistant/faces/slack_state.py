"""What the Slack bot remembers between requests, in memory and bounded: deliveries it has
seen (to drop Slack's retries and double deliveries), the answers it posted (for votes) and the
vote each user gave each of them (so a second click changes it)."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any, Hashable

# Slack's last retry comes about 5 minutes after the first delivery; keep ids well past that.
SEEN_TTL_SECONDS = 60 * 60
SEEN_LIMIT = 50_000
# Votes usually come within minutes; an older answer can no longer be rated.
TURN_TTL_SECONDS = 24 * 60 * 60
TURN_LIMIT = 2_000


class ExpiringMap:
    """A dict that forgets entries after `ttl` seconds and its oldest ones beyond `limit`."""

    def __init__(self, ttl: float, limit: int):
        self._ttl = ttl
        self._limit = limit
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()

    def _expire(self, now: float) -> None:
        while self._entries:
            key, (stored_at, _value) = next(iter(self._entries.items()))
            if now - stored_at <= self._ttl and len(self._entries) <= self._limit:
                break
            del self._entries[key]

    def add(self, key: Hashable, value: Any = None) -> bool:
        """Store `value` under `key` unless the key is already there; True when it was new."""
        now = time.monotonic()
        self._expire(now)
        if key in self._entries:
            return False
        self._entries[key] = (now, value)
        return True

    def get(self, key: Hashable) -> Any:
        self._expire(time.monotonic())
        entry = self._entries.get(key)
        return entry[1] if entry else None


def new_seen_deliveries() -> ExpiringMap:
    return ExpiringMap(SEEN_TTL_SECONDS, SEEN_LIMIT)


def new_answered_turns() -> ExpiringMap:
    return ExpiringMap(TURN_TTL_SECONDS, TURN_LIMIT)


def new_votes() -> ExpiringMap:
    """Kept as long as the answers they are on: a vote can be changed while its answer can be rated."""
    return ExpiringMap(TURN_TTL_SECONDS, TURN_LIMIT)
