"""Collection generations on a Chroma server: the server-mode counterpart of `generations` (folders).

Replicas read the served collection while an ingest runs elsewhere, so an ingest never writes to it.
It creates a new collection, copies in the served one's unchanged records (vectors included, so
nothing is embedded twice), adds what changed, and only then points `<COLLECTION>-serving` at it:
one update of that collection's metadata, atomic on the server. Replicas read the pointer every
`INDEX_REFRESH_SECONDS`, one small request, and load a generation once. The generation before the
newest stays for a replica still reading it; older ones, and those a crashed ingest left, are deleted.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

import chromadb
from chromadb.errors import NotFoundError

POINTER_SUFFIX = "-serving"
KEPT_COLLECTIONS = 2


def pointer_name(base: str) -> str:
    return f"{base}{POINTER_SUFFIX}"


def serving_collection(client: chromadb.ClientAPI, base: str) -> str | None:
    """The collection the pointer names; else `base` itself, for an index made before generations;
    else None: nothing has been indexed yet."""
    try:
        pointer = client.get_collection(pointer_name(base))
        return (pointer.metadata or {}).get("serving") or base
    except NotFoundError:
        pass
    try:
        return client.get_collection(base).name
    except NotFoundError:
        return None


def new_collection_name(base: str) -> str:
    # To the microsecond: generations are ordered by name, and two ingests can fall in one second.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    return f"{base}-g{stamp}-{uuid.uuid4().hex[:8]}"


def copy_records(client: chromadb.ClientAPI, source: str, target: str, ids: list[str], batch: int = 256) -> None:
    """Copy these records, vectors and all, from one collection to another."""
    origin, destination = client.get_collection(source), client.get_collection(target)
    for start in range(0, len(ids), batch):
        found = origin.get(ids=ids[start : start + batch], include=["embeddings", "documents", "metadatas"])
        destination.add(ids=found["ids"], embeddings=found["embeddings"], documents=found["documents"],
                        metadatas=found["metadatas"])


def publish(client: chromadb.ClientAPI, base: str, name: str) -> None:
    """Point the pointer at `name`, then delete generations no replica should still read."""
    client.get_or_create_collection(pointer_name(base)).modify(metadata={"serving": name})
    prefix = f"{base}-g"
    generations = sorted(c.name for c in client.list_collections() if c.name.startswith(prefix))
    keep = set([generation for generation in generations if generation <= name][-KEPT_COLLECTIONS:])
    for old in generations:
        if old < name and old not in keep:  # a newer one is another ingest's, still being written
            client.delete_collection(old)


def discard(client: chromadb.ClientAPI, name: str) -> None:
    try:
        client.delete_collection(name)
    except NotFoundError:
        pass
