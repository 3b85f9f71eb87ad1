"""The feedback store: thumbs up or down on an answer, from any face, in one database (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import sqlalchemy as sa

from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ops.database import database_url, open_database
from assistant.ops.metrics import VOTES
from assistant.ops.shared_memory import SharedMemory

Vote = Literal["up", "down"]
Surface = Literal["web", "slack"]

@dataclass
class FeedbackRecord:
    surface: Surface
    vote: Vote
    question: str
    answer: str
    grounded: bool
    history: list[dict] = field(default_factory=list)
    citations: list[dict] = field(default_factory=list)
    comment: str = ""
    settings: dict = field(default_factory=dict)
    corpus_version: str = ""
    reference: str = ""  # where it came from on its surface, e.g. a Slack channel and ts

    @property
    def topic(self) -> str:
        """The top-level section of the first citation (below the document's title): what the question was about."""
        if not self.citations:
            return "(refused)"
        path = self.citations[0]["section"].split(SECTION_SEPARATOR)
        return path[1] if len(path) > 1 else path[0]


@dataclass
class AnsweredTurn:
    """One answer as a face showed it, with what produced it: kept so that a vote on it is stored
    with the question, the history, the settings and the corpus version behind it."""

    question: str
    history: list[dict]
    answer: str
    citations: list[dict]
    grounded: bool
    settings: dict
    corpus_version: str

    def vote(self, surface: Surface, vote: Vote, reference: str = "") -> FeedbackRecord:
        return FeedbackRecord(
            surface=surface, vote=vote, question=self.question, answer=self.answer, grounded=self.grounded,
            history=self.history, citations=self.citations, settings=self.settings,
            corpus_version=self.corpus_version, reference=reference,
        )


class FeedbackStore:
    """Votes in the `feedback` table: a SQLite file by default, or any database URL (PostgreSQL for replicas)."""

    def __init__(self, location: Path | str):
        self.url = location if isinstance(location, str) and "://" in location else database_url(Path(location), None)
        self.engine, self._tables = open_database(self.url)
        self._feedback = self._tables["feedback"]

    def record(self, record: FeedbackRecord) -> int:
        row = asdict(record)
        row.update(
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            history=json.dumps(record.history),
            citations=json.dumps(record.citations),
            settings=json.dumps(record.settings, default=str),
            grounded=int(record.grounded),
            topic=record.topic,
        )
        with self.engine.begin() as connection:
            feedback_id = connection.execute(sa.insert(self._feedback).values(**row).returning(self._feedback.c.id)).scalar_one()
        VOTES.labels(record.surface, record.vote).inc()
        return int(feedback_id)

    def _update(self, feedback_id: int, **values) -> bool:
        with self.engine.begin() as connection:
            changed = connection.execute(sa.update(self._feedback).where(self._feedback.c.id == feedback_id).values(**values))
            return changed.rowcount == 1

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        return self._update(feedback_id, comment=comment)

    def set_vote(self, feedback_id: int, vote: Vote) -> bool:
        """A changed mind: the same answer, rated the other way."""
        return self._update(feedback_id, vote=vote)

    def withdraw(self, feedback_id: int) -> bool:
        """A vote taken back is no longer feedback."""
        with self.engine.begin() as connection:
            return connection.execute(sa.delete(self._feedback).where(self._feedback.c.id == feedback_id)).rowcount == 1

    def rows(self, vote: Vote | None = None) -> list[dict]:
        query = sa.select(self._feedback).order_by(self._feedback.c.id)
        if vote:
            query = query.where(self._feedback.c.vote == vote)
        with self.engine.connect() as connection:
            found = connection.execute(query).mappings().all()
        return [
            {**dict(row), **{key: json.loads(row[key]) for key in ("history", "citations", "settings")}, "grounded": bool(row["grounded"])}
            for row in found
        ]

    def table(self, name: str) -> sa.Table:
        """Another table of this database (migrated with it), for a store of its own."""
        return self._tables[name]

    def remembered(self, name: str, ttl_seconds: float, limit: int) -> SharedMemory:
        """A map the Slack bot keeps in this database, shared by every replica that uses it."""
        return SharedMemory(self.engine, self._tables["remembered"], name, ttl_seconds, limit)


if __name__ == "__main__":
    from assistant.ops.feedback_cli import main

    raise SystemExit(main())
