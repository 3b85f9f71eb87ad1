"""The shared state's database (SQLAlchemy 2): the feedback store and the Slack bot's memory.

SQLite (one file, `FEEDBACK_DB`) by default; PostgreSQL (`DATABASE_URL`) when several replicas must
share it. The schema is Alembic's (assistant/ops/migrations): every process brings the database up
to the newest revision when it opens it, under a lock (PostgreSQL's advisory lock, a file lock beside
a SQLite file) so that replicas and worker processes starting together migrate once.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from filelock import FileLock

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 7_311_045  # any constant: the advisory lock every replica takes to migrate
INGEST_LOCK = 7_311_046  # the advisory lock every ingest (ingest.py, the Documents page) holds against a Chroma server

# The tables are read from the database once migrated: the migrations are the one place the schema is written.
Tables = dict[str, sa.Table]


def database_url(feedback_db: Path, url: str | None) -> str:
    return url or f"sqlite:///{Path(feedback_db).resolve()}"


def open_database(url: str) -> tuple[sa.Engine, Tables]:
    """An engine on the database, brought up to the newest schema, and its tables.

    Feedback lives in `feedback`; the Slack bot's memory in `remembered`, one row per (map, key): the
    unique key makes "first to insert wins" decide races between replicas."""
    migrating = contextlib.nullcontext()
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # Worker processes opening a new file together: one creates the tables, the others find them.
        migrating = FileLock(f"{path}.migrate.lock")
    engine = sa.create_engine(url, pool_pre_ping=True)
    with migrating, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    metadata = sa.MetaData()
    metadata.reflect(engine, only=["feedback", "remembered", "document_changes"])
    return engine, dict(metadata.tables)


def is_postgresql(url: str) -> bool:
    return sa.engine.make_url(url).get_backend_name() == "postgresql"


@contextlib.contextmanager
def advisory_lock(url: str, key: int) -> Iterator[None]:
    """PostgreSQL's session advisory lock `key`, held until the block ends: one holder across every host.
    The session ending (a crash, a killed process) releases it."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})
                connection.commit()
    finally:
        engine.dispose()
