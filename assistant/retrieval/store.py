"""The Chroma vector store: embedded in a folder by default, or a Chroma server when CHROMA_HOST is set."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import chromadb
from chromadb.config import Settings as ChromaClientSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ingest.section_names import as_matched
from assistant.ops.settings import StoreSettings
from assistant.retrieval.generations import serving_folder

READ_PAGE = 5000  # records per request when reading a whole store


class StoreUnavailableError(RuntimeError):
    pass


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str  # the passage as it stands in the source
    embedding_text: str
    source: str
    title: str  # the document's title
    section: str
    start: int
    end: int
    line_kinds: str  # one letter per line of `text`: h(eading), i(tem) or p(rose)
    format: str = ""  # the document's format; empty in an index made before formats were stored
    indexed_at: str = ""  # when ingest embedded it (ISO 8601, UTC); empty likewise

    @property
    def headings_within(self) -> str:
        """The heading path below the document's title: what the passage is about inside its document."""
        return self.section.partition(SECTION_SEPARATOR)[2]


def make_client(settings: StoreSettings, folder: Path | None = None) -> chromadb.ClientAPI:
    """A client of the Chroma server, or of an embedded folder: `folder`, else the generation being served."""
    client_settings = ChromaClientSettings(anonymized_telemetry=False)
    try:
        if settings.server_mode:
            return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=client_settings)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(folder or serving_folder(settings.chroma_dir)), settings=client_settings)
    except Exception as error:  # chromadb raises several types for an unreachable or unusable store
        where = f"{settings.chroma_host}:{settings.chroma_port}" if settings.server_mode else settings.chroma_dir
        raise StoreUnavailableError(f"cannot open the Chroma store at {where}: {error}") from error


def open_vector_store(
    settings: StoreSettings, embeddings: Embeddings, client: chromadb.ClientAPI | None = None, collection: str | None = None
) -> Chroma:
    """The store in `client` (by default the served embedded generation, or the server), on `collection`
    (by default COLLECTION)."""
    return Chroma(
        collection_name=collection or settings.collection,
        embedding_function=embeddings,
        client=client or make_client(settings),
        collection_configuration={"hnsw": {"space": "cosine"}},
    )


def nearest_ids(store: Chroma, vector: list[float], k: int) -> list[str]:
    """The ids of the k passages nearest `vector`, nearest first."""
    return nearest_ids_of_each(store, [vector], k)[0]


def nearest_ids_of_each(store: Chroma, vectors: list[list[float]], k: int) -> list[list[str]]:
    """For each vector, the ids of the k passages nearest it, nearest first. Asked of the collection itself, since
    langchain's searches also read every hit's text and metadata, which a caller holding the passages
    has no use for (about half of a query's time at 88 passages: README, Speed)."""
    return store._collection.query(query_embeddings=vectors, n_results=k, include=[])["ids"]


def passage_of(embedding_text: str, section: str) -> str:
    """Stored documents carry their heading path on the first line; the passage is the rest."""
    prefix = f"{as_matched(section)}\n"
    return embedding_text[len(prefix) :] if section and embedding_text.startswith(prefix) else embedding_text


def read_all_chunks(store: Chroma) -> list[StoredChunk]:
    """Every passage of the store, in document order: for ingest and tools, never per question."""
    return sorted(stored_chunks(read_in_pages(store, ["documents", "metadatas"])), key=document_order)


def document_order(chunk: StoredChunk) -> tuple[str, int]:
    return chunk.source, chunk.start


def read_in_pages(store: Chroma, include: list[str]) -> dict[str, list]:
    """Every record of the store, a page at a time: one request for all of them asks SQLite for more
    variables than it allows at tens of thousands of passages."""
    found: dict[str, list] = {"ids": [], **{field: [] for field in include}}
    while True:
        page = store.get(include=include, limit=READ_PAGE, offset=len(found["ids"]))
        if not page["ids"]:
            return found
        for field in found:
            found[field].extend(page[field])


def read_chunks(store: Chroma, ids: list[str]) -> list[StoredChunk]:
    """The passages with these ids, in no particular order."""
    return stored_chunks(store.get(ids=ids, include=["documents", "metadatas"]))


def stored_chunks(found: dict) -> list[StoredChunk]:
    return [
        StoredChunk(
            id=chunk_id,
            text=passage_of(document, metadata.get("section", "")),
            embedding_text=document,
            source=metadata.get("source", ""),
            title=metadata.get("title", ""),
            section=metadata.get("section", ""),
            start=int(metadata.get("start", 0)),
            end=int(metadata.get("end", 0)),
            line_kinds=metadata.get("line_kinds", ""),
            format=metadata.get("format", ""),
            indexed_at=metadata.get("indexed_at", ""),
        )
        for chunk_id, document, metadata in zip(found["ids"], found["documents"], found["metadatas"])
    ]


def corpus_version(chunk_ids: list[str]) -> str:
    """Names the exact set of indexed chunks; changes whenever ingest changes anything."""
    return hashlib.sha256("\n".join(sorted(chunk_ids)).encode()).hexdigest()[:12]
