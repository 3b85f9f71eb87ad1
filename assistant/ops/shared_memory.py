"""What the Slack bot remembers between requests, in the shared database so that every replica
remembers it too: deliveries seen (to drop Slack's retries), the answers it posted (for votes) and
each user's vote on each (so a second click changes it).

Each entry is a row of `remembered` under a unique (map, key): adding is an insert that does nothing
on conflict, never a check-then-insert, so two replicas given the same delivery at the same moment
cannot both think it new. Entries older than their map's time to live are forgotten, and so are the
oldest beyond its most entries.
"""

from __future__ import annotations

import json
import time
from typing import Any, Hashable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

# Slack's last retry comes about 5 minutes after the first delivery; keep ids well past that.
SEEN_TTL_SECONDS = 60 * 60
SEEN_LIMIT = 50_000
# Votes usually come within minutes; an older answer can no longer be rated.
TURN_TTL_SECONDS = 24 * 60 * 60
TURN_LIMIT = 2_000
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class SharedMemory:
    """A map with a time to live and a most entries, in one table shared by replicas; keys and values are JSON."""

    def __init__(self, engine: sa.Engine, table: sa.Table, name: str, ttl_seconds: float, limit: int):
        self._engine, self._table, self._name, self._ttl, self._limit = engine, table, name, ttl_seconds, limit
        self._insert = INSERTS[engine.dialect.name]

    @staticmethod
    def _key(key: Hashable) -> str:
        return json.dumps(key, separators=(",", ":"))

    def add(self, key: Hashable, value: Any = None) -> bool:
        """Store `value` under `key` unless the key is already there; True when it was new."""
        now = time.time()
        table = self._table
        with self._engine.begin() as connection:
            connection.execute(sa.delete(table).where(table.c.map == self._name, table.c.stored_at < now - self._ttl))
            added = connection.execute(
                self._insert(table).values(map=self._name, key=self._key(key), value=json.dumps(value), stored_at=now)
                .on_conflict_do_nothing().returning(table.c.key)  # a row back only when this insert won
            )
            is_new = added.first() is not None
            # Past its most entries, the oldest go: a flood of deliveries cannot grow the table without bound.
            beyond = (sa.select(table.c.key).where(table.c.map == self._name)
                      .order_by(table.c.stored_at.desc()).offset(self._limit))
            connection.execute(sa.delete(table).where(table.c.map == self._name, table.c.key.in_(beyond)))
            return is_new

    def get(self, key: Hashable) -> Any:
        table = self._table
        query = sa.select(table.c.value).where(
            table.c.map == self._name, table.c.key == self._key(key), table.c.stored_at >= time.time() - self._ttl
        )
        with self._engine.connect() as connection:
            value = connection.execute(query).scalar_one_or_none()
        return None if value is None else json.loads(value)
