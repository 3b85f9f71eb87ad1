"""The record of every change to the indexed documents, in the shared database: who, what, when, and
the passages it added, removed and left unchanged."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Literal

import sqlalchemy as sa

Action = Literal["added", "replaced", "removed"]


@dataclass(frozen=True)
class DocumentChange:
    actor: str  # "web:<user>", or "api:<fingerprint of the admin key>"; never a key itself
    action: Action
    document_id: str
    file_name: str
    title: str
    passages_added: int
    passages_removed: int
    passages_unchanged: int
    corpus_version: str  # of the index the change left
    changed_at: str = ""  # ISO 8601, UTC; set when recorded


class DocumentChanges:
    """Rows of `document_changes`, newest first when read."""

    def __init__(self, engine: sa.Engine, table: sa.Table):
        self._engine, self._table = engine, table

    def record(self, changes: list[DocumentChange]) -> list[DocumentChange]:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        stamped = [DocumentChange(**{**asdict(change), "changed_at": now}) for change in changes]
        if stamped:
            with self._engine.begin() as connection:
                connection.execute(sa.insert(self._table), [asdict(change) for change in stamped])
        return stamped

    def recent(self, limit: int) -> list[DocumentChange]:
        columns = [self._table.c[name] for name in DocumentChange.__dataclass_fields__]
        query = sa.select(*columns).order_by(self._table.c.id.desc()).limit(limit)
        with self._engine.connect() as connection:
            return [DocumentChange(**row) for row in connection.execute(query).mappings()]
