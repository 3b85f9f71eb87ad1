"""Synchronise the vector store with a corpus: embed only new passages, drop vanished ones."""

from __future__ import annotations

import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence

from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from assistant.answerers.extractive import StatementScorer
from assistant.ingest.chunking import Chunk, chunk_document
from assistant.ingest.loader import CorpusError, LoadedCorpus, load_corpus
from assistant.ops.database import INGEST_LOCK, advisory_lock, is_postgresql
from assistant.ops.settings import IngestSettings, Settings
from assistant.retrieval import collection_generations, generations
from assistant.retrieval.digest import digest_of, load_digest, save_digest
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.store import READ_PAGE, corpus_version, make_client, open_vector_store

EMBED_BATCH = 32

Progress = Callable[[int, int], None]  # (passages embedded so far, passages to embed)


@dataclass(frozen=True)
class PassageCounts:
    added: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class IngestReport:
    added: int
    removed: int
    unchanged: int
    documents: int
    skipped: tuple[str, ...] = ()
    version: str = ""  # the corpus version of the index it leaves
    by_source: dict[str, PassageCounts] = field(default_factory=dict)  # each document's share, by its source

    def summary(self) -> str:
        line = (f"{self.added} added, {self.removed} removed, {self.unchanged} unchanged "
                f"({self.documents} document{'s' * (self.documents != 1)})")
        if self.skipped:
            count = len(self.skipped)
            line += f"; skipped {count} file{'s' * (count != 1)}: {', '.join(self.skipped)}"
        return line


def chunk_corpus(paths: Sequence[Path], settings: IngestSettings) -> tuple[list[Chunk], LoadedCorpus]:
    """Read and chunk everything first, so a bad file fails before the index is touched."""
    corpus = load_corpus(list(paths))
    chunks = [chunk for document in corpus.documents for chunk in chunk_document(document, settings.chunk_max_chars)]
    if not chunks:
        raise CorpusError("the corpus has no text to index")
    return chunks, corpus


def _batches(items: list[Chunk], size: int) -> Iterator[list[Chunk]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ingest(paths: Sequence[Path], settings: Settings, show_progress: bool = True,
           progress: Progress | None = None) -> IngestReport:
    """Make the index hold exactly the passages of `paths` (a full sync, like LangChain's 'full' cleanup),
    under the ingest lock."""
    with ingest_lock(settings):
        return sync(paths, settings, show_progress, progress)


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """One ingest of an index at a time, so two never interleave: PostgreSQL's advisory lock when replicas
    share a Chroma server and a PostgreSQL `DATABASE_URL` (it holds across hosts), else a file lock (it
    holds across the processes of one host): in CHROMA_DIR, or for a server in the temporary folder, since
    server mode writes nothing in CHROMA_DIR."""
    url = settings.database_url.get_secret_value() if settings.database_url else ""
    if settings.server_mode and url and is_postgresql(url):
        with advisory_lock(url, INGEST_LOCK):
            yield
        return
    folder = settings.chroma_dir
    if settings.server_mode:
        folder = Path(tempfile.gettempdir()) / "role-assistant-ingest" / f"{settings.chroma_host}-{settings.chroma_port}-{settings.collection}"
    with generations.ingest_lock(folder):
        yield


def sync(paths: Sequence[Path], settings: Settings, show_progress: bool = True,
         progress: Progress | None = None, embeddings: Embeddings | None = None) -> IngestReport:
    """`ingest` for a caller already holding the ingest lock; a running app passes its own model
    (`embeddings`), rather than loading a second copy of it.

    Either way the sync goes into a new generation that is served only once it is complete: a new
    folder embedded (see `assistant.retrieval.generations`), a new collection on a Chroma server (see
    `assistant.retrieval.collection_generations`).
    """
    chunks, corpus = chunk_corpus(paths, settings)
    embeddings = embeddings or load_embeddings(settings.embedding_model, at_once=False)  # loaded only if a passage is new
    if settings.server_mode:
        return _ingest_into_server(settings, embeddings, chunks, corpus, show_progress, progress)
    root = settings.chroma_dir
    served_digest = load_digest(generations.serving_folder(root))
    # The new generation starts as a copy of the served one, so the changes are the same for both.
    to_add, to_remove = _changes(open_vector_store(settings, embeddings), chunks)
    if not to_add and not to_remove and served_digest is not None:
        return _report([], {}, chunks, corpus)  # nothing to write: no new generation
    folder = generations.new_generation(root)
    try:
        store = open_vector_store(settings, embeddings, make_client(settings, folder))
        _add(store, to_add, show_progress, progress)
        if to_remove:
            store.delete(ids=sorted(to_remove))
        save_digest(digest_of(store, embeddings.embed_documents, StatementScorer.scored_texts, served_digest), folder)
    except BaseException:
        generations.discard(folder)
        raise
    generations.publish(root, folder)
    return _report(to_add, to_remove, chunks, corpus)


def _ingest_into_server(settings: Settings, embeddings, chunks: list[Chunk], corpus: LoadedCorpus,
                        show_progress: bool, progress: Progress | None) -> IngestReport:
    """A new collection generation, served once complete (see `assistant.retrieval.collection_generations`)."""
    client = make_client(settings)
    served = collection_generations.serving_collection(client, settings.collection)
    to_add, to_remove = _changes(open_vector_store(settings, embeddings, client, served) if served else None, chunks)
    if not to_add and not to_remove:
        return _report([], {}, chunks, corpus)
    name = collection_generations.new_collection_name(settings.collection)
    store = open_vector_store(settings, embeddings, client, name)  # created empty, with the served one's settings
    try:
        adding = {chunk.id for chunk in to_add}
        if served:
            collection_generations.copy_records(client, served, name, [c.id for c in chunks if c.id not in adding])
        _add(store, to_add, show_progress, progress)
    except BaseException:
        collection_generations.discard(client, name)
        raise
    collection_generations.publish(client, settings.collection, name)
    return _report(to_add, to_remove, chunks, corpus)


def _changes(store, chunks: list[Chunk]) -> tuple[list[Chunk], dict[str, str]]:
    """The passages to embed, and the stored passages to drop with their sources (from no store yet: every
    passage, none)."""
    existing = set(store.get(include=[])["ids"]) if store is not None else set()
    wanted = {chunk.id for chunk in chunks}
    dropped = sorted(existing - wanted)
    # Only the dropped passages' metadata is read, a page at a time: an unchanged corpus costs its ids alone.
    source_of = {}
    for first in range(0, len(dropped), READ_PAGE):
        stored = store.get(ids=dropped[first : first + READ_PAGE], include=["metadatas"])
        source_of |= {chunk_id: (metadata or {}).get("source", "") for chunk_id, metadata in zip(stored["ids"], stored["metadatas"])}
    return [chunk for chunk in chunks if chunk.id not in existing], source_of


def _report(to_add: list[Chunk], to_remove: dict[str, str], chunks: list[Chunk], corpus: LoadedCorpus) -> IngestReport:
    adding = {chunk.id for chunk in to_add}
    counts: dict[str, Counter] = {}
    for chunk in chunks:
        counts.setdefault(chunk.source, Counter())["added" if chunk.id in adding else "unchanged"] += 1
    for source in to_remove.values():
        counts.setdefault(source, Counter())["removed"] += 1
    return IngestReport(added=len(to_add), removed=len(to_remove), unchanged=len(chunks) - len(to_add),
                        documents=len(corpus.documents), skipped=tuple(corpus.skipped),
                        version=corpus_version([chunk.id for chunk in chunks]),
                        by_source={source: PassageCounts(**count) for source, count in counts.items()})


def _add(store, to_add: list[Chunk], show_progress: bool, progress: Progress | None) -> None:
    """Embed and add these passages to a generation no app reads yet: a failure just discards it."""
    indexed_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    bar = tqdm(total=len(to_add), desc="embedding", unit="passage", disable=not (show_progress and to_add))
    done = 0
    with bar:
        for batch in _batches(to_add, EMBED_BATCH):
            if progress:
                progress(done, len(to_add))
            store.add_texts(
                texts=[chunk.embedding_text for chunk in batch],
                metadatas=[{**chunk.metadata(), "indexed_at": indexed_at} for chunk in batch],
                ids=[chunk.id for chunk in batch],
            )
            done += len(batch)
            bar.update(len(batch))
        if progress and to_add:
            progress(done, len(to_add))
