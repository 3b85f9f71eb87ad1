"""The feedback store: thumbs up or down on an answer, from any face, in one SQLite file."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ops.metrics import VOTES

Vote = Literal["up", "down"]
Surface = Literal["web", "slack"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    surface TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    question TEXT NOT NULL,
    history TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    grounded INTEGER NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    settings TEXT NOT NULL,
    corpus_version TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT ''
)
"""


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
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as connection:
            connection.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=10)
        connection.row_factory = sqlite3.Row
        return connection

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
        columns = ", ".join(row)
        with self._lock, self._connect() as connection:
            cursor = connection.execute(
                f"INSERT INTO feedback ({columns}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
            )
        VOTES.labels(record.surface, record.vote).inc()
        return int(cursor.lastrowid)

    def set_comment(self, feedback_id: int, comment: str) -> bool:
        with self._lock, self._connect() as connection:
            cursor = connection.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment, feedback_id))
            return cursor.rowcount == 1

    def set_vote(self, feedback_id: int, vote: Vote) -> bool:
        """A changed mind: the same answer, rated the other way."""
        with self._lock, self._connect() as connection:
            cursor = connection.execute("UPDATE feedback SET vote = ? WHERE id = ?", (vote, feedback_id))
            return cursor.rowcount == 1

    def withdraw(self, feedback_id: int) -> bool:
        """A vote taken back is no longer feedback."""
        with self._lock, self._connect() as connection:
            return connection.execute("DELETE FROM feedback WHERE id = ?", (feedback_id,)).rowcount == 1

    def rows(self, vote: Vote | None = None) -> list[dict]:
        query, params = "SELECT * FROM feedback", ()
        if vote:
            query, params = query + " WHERE vote = ?", (vote,)
        with self._connect() as connection:
            found = connection.execute(query + " ORDER BY id", params).fetchall()
        return [
            {**dict(row), **{key: json.loads(row[key]) for key in ("history", "citations", "settings")}, "grounded": bool(row["grounded"])}
            for row in found
        ]


if __name__ == "__main__":
    from assistant.ops.feedback_cli import main

    raise SystemExit(main())
