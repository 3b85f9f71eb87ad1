"""Synchronise the vector store with a corpus: embed only new passages, drop vanished ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from tqdm import tqdm

from assistant.ingest.chunking import Chunk, chunk_document
from assistant.ingest.loader import CorpusError, LoadedCorpus, load_corpus
from assistant.ops.settings import IngestSettings, Settings
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.generations import discard, ingest_lock, new_generation, publish
from assistant.retrieval.store import make_client, open_vector_store

EMBED_BATCH = 32


@dataclass(frozen=True)
class IngestReport:
    added: int
    removed: int
    unchanged: int
    documents: int
    skipped: tuple[str, ...] = ()

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


def ingest(paths: Sequence[Path], settings: Settings, show_progress: bool = True) -> IngestReport:
    """Make the index hold exactly the passages of `paths` (a full sync, like LangChain's 'full' cleanup).

    Embedded, the sync goes into a new generation that is served only once it is complete (see
    `assistant.retrieval.generations`); with a Chroma server, into the shared collection.
    """
    chunks, corpus = chunk_corpus(paths, settings)
    embeddings = load_embeddings(settings.embedding_model)
    if settings.server_mode:
        store = open_vector_store(settings, embeddings)
        return _sync(store, *_changes(store, chunks), chunks, corpus, show_progress)
    root = settings.chroma_dir
    with ingest_lock(root):
        # The new generation starts as a copy of the served one, so the changes are the same for both.
        to_add, to_remove = _changes(open_vector_store(settings, embeddings), chunks)
        if not to_add and not to_remove:
            return _report([], [], chunks, corpus)  # nothing to write: no new generation
        folder = new_generation(root)
        try:
            store = open_vector_store(settings, embeddings, make_client(settings, folder))
            report = _sync(store, to_add, to_remove, chunks, corpus, show_progress)
        except BaseException:
            discard(folder)
            raise
        publish(root, folder)
    return report


def _changes(store, chunks: list[Chunk]) -> tuple[list[Chunk], list[str]]:
    """The passages to embed and the stored ids to drop; both empty when the store is up to date."""
    existing = set(store.get(include=[])["ids"])
    wanted = {chunk.id for chunk in chunks}
    return [chunk for chunk in chunks if chunk.id not in existing], sorted(existing - wanted)


def _report(to_add: list[Chunk], to_remove: list[str], chunks: list[Chunk], corpus: LoadedCorpus) -> IngestReport:
    return IngestReport(added=len(to_add), removed=len(to_remove), unchanged=len(chunks) - len(to_add),
                        documents=len(corpus.documents), skipped=tuple(corpus.skipped))


def _sync(store, to_add: list[Chunk], to_remove: list[str], chunks: list[Chunk], corpus: LoadedCorpus,
          show_progress: bool) -> IngestReport:
    added: list[str] = []
    progress = tqdm(total=len(to_add), desc="embedding", unit="passage", disable=not (show_progress and to_add))
    try:
        for batch in _batches(to_add, EMBED_BATCH):
            ids = [chunk.id for chunk in batch]
            store.add_texts(
                texts=[chunk.embedding_text for chunk in batch],
                metadatas=[chunk.metadata() for chunk in batch],
                ids=ids,
            )
            added.extend(ids)
            progress.update(len(batch))
    except BaseException:
        # Leave the store as it was before this run (a Chroma server's shared collection).
        if added:
            store.delete(ids=added)
        raise
    finally:
        progress.close()
    if to_remove:
        store.delete(ids=to_remove)
    return _report(to_add, to_remove, chunks, corpus)
