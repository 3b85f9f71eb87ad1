"""Synchronise the vector store with a corpus: embed only new passages, drop vanished ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from tqdm import tqdm

from assistant.ingest.chunking import Chunk, chunk_document
from assistant.ingest.loader import CorpusError, LoadedCorpus, load_corpus
from assistant.ops.settings import IngestSettings, Settings
from assistant.retrieval import collection_generations, generations
from assistant.retrieval.embeddings import load_embeddings
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

    Either way the sync goes into a new generation that is served only once it is complete: a new
    folder embedded (see `assistant.retrieval.generations`), a new collection on a Chroma server (see
    `assistant.retrieval.collection_generations`).
    """
    chunks, corpus = chunk_corpus(paths, settings)
    embeddings = load_embeddings(settings.embedding_model, at_once=False)  # loaded only if a passage is new
    if settings.server_mode:
        return _ingest_into_server(settings, embeddings, chunks, corpus, show_progress)
    root = settings.chroma_dir
    with generations.ingest_lock(root):
        # The new generation starts as a copy of the served one, so the changes are the same for both.
        to_add, to_remove = _changes(open_vector_store(settings, embeddings), chunks)
        if not to_add and not to_remove:
            return _report([], [], chunks, corpus)  # nothing to write: no new generation
        folder = generations.new_generation(root)
        try:
            store = open_vector_store(settings, embeddings, make_client(settings, folder))
            _add(store, to_add, show_progress)
            if to_remove:
                store.delete(ids=to_remove)
        except BaseException:
            generations.discard(folder)
            raise
        generations.publish(root, folder)
    return _report(to_add, to_remove, chunks, corpus)


def _ingest_into_server(settings: Settings, embeddings, chunks: list[Chunk], corpus: LoadedCorpus,
                        show_progress: bool) -> IngestReport:
    """A new collection generation, served once complete (see `assistant.retrieval.collection_generations`)."""
    client = make_client(settings)
    served = collection_generations.serving_collection(client, settings.collection)
    to_add, to_remove = _changes(open_vector_store(settings, embeddings, client, served) if served else None, chunks)
    if not to_add and not to_remove:
        return _report([], [], chunks, corpus)
    name = collection_generations.new_collection_name(settings.collection)
    store = open_vector_store(settings, embeddings, client, name)  # created empty, with the served one's settings
    try:
        adding = {chunk.id for chunk in to_add}
        if served:
            collection_generations.copy_records(client, served, name, [c.id for c in chunks if c.id not in adding])
        _add(store, to_add, show_progress)
    except BaseException:
        collection_generations.discard(client, name)
        raise
    collection_generations.publish(client, settings.collection, name)
    return _report(to_add, to_remove, chunks, corpus)


def _changes(store, chunks: list[Chunk]) -> tuple[list[Chunk], list[str]]:
    """The passages to embed and the stored ids to drop (from no store yet: every passage, none)."""
    existing = set(store.get(include=[])["ids"]) if store is not None else set()
    wanted = {chunk.id for chunk in chunks}
    return [chunk for chunk in chunks if chunk.id not in existing], sorted(existing - wanted)


def _report(to_add: list[Chunk], to_remove: list[str], chunks: list[Chunk], corpus: LoadedCorpus) -> IngestReport:
    return IngestReport(added=len(to_add), removed=len(to_remove), unchanged=len(chunks) - len(to_add),
                        documents=len(corpus.documents), skipped=tuple(corpus.skipped))


def _add(store, to_add: list[Chunk], show_progress: bool) -> None:
    """Embed and add these passages to a generation no app reads yet: a failure just discards it."""
    progress = tqdm(total=len(to_add), desc="embedding", unit="passage", disable=not (show_progress and to_add))
    with progress:
        for batch in _batches(to_add, EMBED_BATCH):
            store.add_texts(
                texts=[chunk.embedding_text for chunk in batch],
                metadatas=[chunk.metadata() for chunk in batch],
                ids=[chunk.id for chunk in batch],
            )
            progress.update(len(batch))
