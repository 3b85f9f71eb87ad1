"""Dense search from Chroma, a BM25 keyword ranking, and their reciprocal rank fusion."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Collection

import numpy as np
from cachetools import LRUCache
from langchain_chroma import Chroma
from lemminflect import getAllInflections, getAllLemmas

from assistant.core.subjects import DocumentCatalog
from assistant.core.text import content_terms, stem
from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ops.settings import RetrievalMode, Settings
from assistant.retrieval import collection_generations
from assistant.retrieval.batches import Batches
from assistant.retrieval.digest import DocumentFacts, IndexDigest, digest_of, load_digest
from assistant.retrieval.embeddings import OnItsOwnThread, whole_words
from assistant.retrieval.generations import serving_folder
from assistant.retrieval.store import (
    StoredChunk,
    corpus_version,
    make_client,
    nearest_ids_of_each,
    open_vector_store,
    read_chunks,
)

MIN_SHARED_PREFIX = 5  # shorter shared prefixes join unrelated words ("data", "date")
# Derived words change a word's last letters ("proficient", "proficiency"; "available", "availability"): a word
# sharing all but this many of its letters, and a stem this long, is one ("policy", "police" share only five).
DERIVED_ENDING = 2
MIN_DERIVED_STEM = 7


class IndexNotReadyError(RuntimeError):
    pass


@dataclass(frozen=True)
class Retrieved:
    chunk: StoredChunk
    rank_score: float  # what the ranking was made on (fused, dense or BM25)
    similarity: float  # cosine similarity between the question and the passage


@dataclass
class _Snapshot:
    """One index generation as an app serves it: its digest, and what is looked up in it per question."""

    version: str
    digest: IndexDigest
    by_id: dict[str, int]
    catalog: DocumentCatalog
    indices_of_source: dict[str, np.ndarray]  # per source: its passages' positions, in document order
    sources_titled: dict[str, list[str]]  # a heading path starts with its document's title
    cache_entries: int

    def __post_init__(self):
        # A question's word -> the corpus's word for it, bounded as questions bring any words. functools' cache,
        # in C: cachetools' took 4 µs a lookup, and a question at 1,000 documents looks up hundreds.
        self.corpus_form = lru_cache(maxsize=self.cache_entries)(self._corpus_form)

    @cached_property
    def every_title(self) -> list[str]:
        """Each document as answers name it, once: a refusal and the web page list them after every answer."""
        return list(dict.fromkeys(self.catalog.title(source) for source in self.digest.sources))

    def _corpus_form(self, term: str) -> str | None:
        """The corpus's own word for `term`: itself, another form of the same word ("tune", "tuning": the stemmer
        leaves words this short whole), or a word sharing a long prefix ("familiar", "familiarity"; "proficient",
        "proficiency")."""
        vocabulary = self.digest.keywords.vocab_dict
        if term in vocabulary:
            return term
        lemmas = {term}.union(*getAllLemmas(term).values())
        forms = {stem(form) for lemma in lemmas for inflections in getAllInflections(lemma).values() for form in inflections}
        if found := sorted(form for form in forms if form in vocabulary):
            return found[0]
        # Only words opening as it does are compared: a fifth of the time over a large vocabulary.
        opening = term[:MIN_SHARED_PREFIX]
        related = [word for word in vocabulary if word.startswith(opening) and _forms_of_one_word(word, term)]
        return min(related, key=len) if related else None


def _forms_of_one_word(word: str, term: str) -> bool:
    shorter = min(len(word), len(term))
    if shorter < MIN_SHARED_PREFIX:
        return False
    shared = len(os.path.commonprefix([word, term]))
    return shared == shorter or shared >= max(MIN_DERIVED_STEM, shorter - DERIVED_ENDING)


NO_PASSAGES = np.empty(0, dtype=np.int64)


def _indices_of_source(digest: IndexDigest) -> dict[str, np.ndarray]:
    # One sort, rather than a pass over every passage per document (14 against 1 ms at 1,000 documents).
    order = np.argsort(digest.source_codes, kind="stable")
    return dict(zip(digest.sources, np.split(order, np.cumsum(np.bincount(digest.source_codes, minlength=len(digest.sources)))[:-1])))


def _sources_titled(digest: IndexDigest) -> dict[str, list[str]]:
    titled: dict[str, list[str]] = {}
    for source, facts in digest.documents.items():
        titled.setdefault(facts.title, []).append(source)
    return titled


def reciprocal_rank_fusion(rankings: list[list[int]], rrf_k: int) -> dict[int, float]:
    """Each candidate's fused score: the sum over rankings of 1 / (rrf_k + its rank there)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, index in enumerate(ranking, start=1):
            fused[index] = fused.get(index, 0.0) + 1.0 / (rrf_k + rank)
    return fused


class Retriever:
    def __init__(self, embeddings: OnItsOwnThread, settings: Settings,
                 scored_texts: Callable[[StoredChunk], list[str]] = lambda chunk: []):
        self._embeddings = embeddings
        self._settings = settings
        self._scored_texts = scored_texts  # the texts a passage's statements are scored by, for a digest built here
        self._lock = threading.Lock()
        self._known_words = {stem(word) for word in whole_words(settings.embedding_model)}
        self._client = make_client(settings) if settings.server_mode else None
        self._served = self._serving()  # the generation `_store` reads: a folder, or a collection on a server
        self._store = self._open(self._served)
        self._snapshot: _Snapshot | None = None
        self._checked_at = 0.0
        # Passages are read from Chroma as questions need them; ids name their content, so one never goes stale.
        self._passages: LRUCache = LRUCache(settings.cache_entries)
        self._passages_lock = threading.Lock()
        # Questions answered at once search Chroma in one query: 32 vectors took 1.5 ms, one alone 0.8 ms.
        self._searches = Batches(self._nearest_of_each, ThreadPoolExecutor(max_workers=1, thread_name_prefix="dense-search"),
                                 on_callers_thread=True)
        self.refresh(force=True)

    def _serving(self) -> str | None:
        if self._client is not None:
            return collection_generations.serving_collection(self._client, self._settings.collection)
        return str(serving_folder(self._settings.chroma_dir))

    def _is_generation(self, served: str | None) -> bool:
        """Whether `served` is a published generation rather than an index made before generations."""
        legacy = self._settings.collection if self._client is not None else str(self._settings.chroma_dir)
        return served not in (legacy, None)

    def _open(self, served: str | None) -> Chroma | None:
        if self._client is not None:
            return open_vector_store(self._settings, self._embeddings, self._client, served) if served else None
        return open_vector_store(self._settings, self._embeddings, make_client(self._settings, Path(served)))

    @property
    def version(self) -> str:
        return self._snapshot.version if self._snapshot else ""

    @property
    def size(self) -> int:
        return len(self._snapshot.digest.ids) if self._snapshot else 0

    def refresh(self, force: bool = False) -> None:
        """Reload when another process (ingest, or a replica's ingest) changed the collection."""
        now = time.monotonic()
        if not force and now - self._checked_at < self._settings.index_refresh_seconds:
            return
        with self._lock:
            self._checked_at = now
            # An ingest publishes a new generation; one that is published is never written again.
            served = self._serving()
            if served != self._served:
                self._store = self._open(served)
                self._served = served
            elif self._snapshot and self._is_generation(served):
                return  # nothing can have changed: no need to read every id
            digest = load_digest(Path(served)) if self._client is None else None
            if digest is None:
                ids = self._store.get(include=[])["ids"] if self._store is not None else []
                if not ids:
                    self._snapshot = None
                    return
                if self._snapshot and self._snapshot.version == corpus_version(ids):
                    return
                digest = digest_of(self._store, self._embeddings.embed_documents, self._scored_texts)
            self._snapshot = _Snapshot(
                version=corpus_version(digest.ids),
                digest=digest,
                by_id={chunk_id: index for index, chunk_id in enumerate(digest.ids)},
                catalog=DocumentCatalog(digest.vocabularies, self._known_words, digest.lower_case_words),
                indices_of_source=_indices_of_source(digest),
                sources_titled=_sources_titled(digest),
                cache_entries=self._settings.cache_entries,
            )

    @property
    def embeddings(self) -> OnItsOwnThread:
        return self._embeddings

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._embeddings.embed_queries(texts), dtype=np.float32)

    @property
    def catalog(self) -> DocumentCatalog:
        snapshot = self._snapshot
        if snapshot is None:
            raise IndexNotReadyError("the index is empty: run `python ingest.py` first")
        return snapshot.catalog

    def passages(self, ids: list[str]) -> list[StoredChunk]:
        """These passages, in this order, read from Chroma unless a recent question read them."""
        with self._passages_lock:
            found = {chunk_id: self._passages.get(chunk_id) for chunk_id in ids}
        missing = [chunk_id for chunk_id, chunk in found.items() if chunk is None]
        if missing:
            read = read_chunks(self._store, ids=missing)
            with self._passages_lock:
                for chunk in read:
                    found[chunk.id] = self._passages[chunk.id] = chunk
        return [found[chunk_id] for chunk_id in ids if found.get(chunk_id) is not None]  # a passage since removed: none

    def retrieve(
        self,
        query: str,
        k: int,
        mode: RetrievalMode,
        query_vector: np.ndarray | None = None,
        sources: Collection[str] | None = None,
    ) -> list[Retrieved]:
        """The k best passages for `query`, from the documents `sources` names when given."""
        self.refresh()
        snapshot = self._snapshot
        if snapshot is None:
            raise IndexNotReadyError("the index is empty: run `python ingest.py` first")
        vector = self.embed_query(query) if query_vector is None else query_vector
        pool = self._settings.candidate_pool

        rankings: list[list[int]] = []
        if mode in ("dense", "hybrid"):
            rankings.append(self._dense_ranking(snapshot, vector, pool, sources))
        if mode in ("bm25", "hybrid"):
            rankings.append(self._keyword_ranking(snapshot, query, pool, sources))

        fused = reciprocal_rank_fusion(rankings, self._settings.rrf_k)
        # Only the candidates are compared with the question: a product with every vector grows with the
        # corpus, and at thousands of passages it wakes BLAS threads that then spin against the model's.
        candidates = list(fused)
        similarities = dict(zip(candidates, (snapshot.digest.vectors[candidates] @ vector).tolist())) if candidates else {}
        # Ties (common in BM25-only runs) fall back to dense similarity.
        order = sorted(fused, key=lambda index: (-fused[index], -similarities[index]))[:k]
        chunk_of = {chunk.id: chunk for chunk in self.passages([snapshot.digest.ids[index] for index in order])}
        return [
            Retrieved(chunk_of[chunk_id], fused[index], similarities[index])
            for index in order if (chunk_id := snapshot.digest.ids[index]) in chunk_of
        ]

    def most_alike_in_words(self, text: str, sources: Collection[str] | None = None) -> StoredChunk | None:
        """The passage sharing most of `text`'s rarer words (BM25), from the documents `sources` names when given."""
        snapshot = self._snapshot
        found = self._keyword_ranking(snapshot, text, 1, sources) if snapshot else []
        return next(iter(self.passages([snapshot.digest.ids[found[0]]])), None) if found else None

    def _dense_ranking(
        self, snapshot: _Snapshot, vector: np.ndarray, pool: int, sources: Collection[str] | None
    ) -> list[int]:
        if sources:
            # The named documents' passages, ranked exactly in memory: Chroma filters on metadata before it
            # searches, which took 54 ms a query at 88,000 passages however few the documents held.
            indices = np.concatenate([snapshot.indices_of_source.get(source, NO_PASSAGES) for source in sorted(sources)])
            nearest = np.argsort(-(snapshot.digest.vectors[indices] @ vector), kind="stable")[:pool]
            return indices[nearest].tolist()
        [nearest] = self._searches.ask([(vector.tolist(), pool)])
        return [snapshot.by_id[found] for found in nearest if found in snapshot.by_id]

    def _nearest_of_each(self, searches: list[tuple[list[float], int]]) -> list[list[str]]:
        """Each (vector, k) search's k nearest ids, from one query for as many as the widest asks."""
        found = nearest_ids_of_each(self._store, [vector for vector, _ in searches], max(k for _, k in searches))
        return [ids[:k] for ids, (_, k) in zip(found, searches)]

    @staticmethod
    def _keyword_ranking(snapshot: _Snapshot, query: str, pool: int, sources: Collection[str] | None) -> list[int]:
        terms = [form for term in content_terms(query, expand=True) if (form := snapshot.corpus_form(term))]
        if not terms:
            return []
        scores = snapshot.digest.keywords.get_scores(terms)
        if sources:
            allowed = np.zeros(len(scores), dtype=bool)
            for source in sources:
                allowed[snapshot.indices_of_source.get(source, [])] = True
            scores = np.where(allowed, scores, 0.0)
        # The pool's best, ties in document order, by a partial sort of the passages using a word asked: a
        # full sort grows with the corpus, and partitioning all the zeros with them was ten times slower.
        # When the pool fits among the passages scoring at least half the best, its best are all there: at
        # 1,000 documents, where a common word asked gives 36,000 passages a score, that cut keeps 4,700.
        top = scores.max()
        if top <= 0:
            return []
        best = np.flatnonzero(scores >= top / 2)
        if len(best) < pool:
            best = np.flatnonzero(scores)
        if len(best) > pool:
            best = best[scores[best] >= np.partition(scores[best], -pool)[-pool]]
        return best[np.argsort(-scores[best], kind="stable")][:pool].tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embeddings.embed_documents(texts)

    def stored_statement_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The vectors ingest stored for these texts (the texts statements are scored by), by text."""
        snapshot = self._snapshot
        return snapshot.digest.statements.find(texts) if snapshot else {}

    def idf(self, term: str, source: str) -> float:
        """How rare a word (or the corpus word it is a form of) is among one document's passages; 0 if it never uses it.

        Per document, so that adding other documents never changes how this one's statements score.
        """
        snapshot = self._snapshot
        if snapshot is None:
            return 0.0
        return snapshot.digest.document_idf.of(source).get(snapshot.corpus_form(term) or term, 0.0)

    def corpus_form(self, term: str) -> str | None:
        return self._snapshot.corpus_form(term) if self._snapshot else None

    def similarity(self, vector: np.ndarray, chunk_id: str) -> float:
        snapshot = self._snapshot
        if snapshot is None or chunk_id not in snapshot.by_id:
            return 0.0
        return float(snapshot.digest.vectors[snapshot.by_id[chunk_id]] @ vector)

    def passages_under(self, section: str) -> list[StoredChunk]:
        """Every passage whose heading path starts with `section`, in document order."""
        snapshot = self._snapshot
        return self.passages([snapshot.digest.ids[index] for index in self._indices_under(snapshot, section)]) if snapshot else []

    def sections_under(self, section: str) -> list[str]:
        """The heading paths starting with `section`, in document order, read from the digest: no passage is fetched."""
        snapshot = self._snapshot
        if snapshot is None:
            return []
        digest = snapshot.digest
        return list(dict.fromkeys(digest.sections[digest.section_codes[index]] for index in self._indices_under(snapshot, section)))

    @staticmethod
    def _indices_under(snapshot: _Snapshot, section: str) -> list[int]:
        digest, below = snapshot.digest, f"{section}{SECTION_SEPARATOR}"
        # Looked for in the documents the path's title names: the cost of a document, not of the corpus.
        return [
            index for source in snapshot.sources_titled.get(section.split(SECTION_SEPARATOR)[0], [])
            for index in snapshot.indices_of_source[source].tolist()
            if (path := digest.sections[digest.section_codes[index]]) == section or path.startswith(below)
        ]

    def passages_of(self, source: str) -> list[StoredChunk]:
        """Every passage of one document, in document order."""
        snapshot = self._snapshot
        indices = snapshot.indices_of_source.get(source, []) if snapshot else []
        return self.passages([snapshot.digest.ids[index] for index in indices])

    def documents(self) -> dict[str, tuple[DocumentFacts, list[str]]]:
        """Each indexed document's facts and its passages' ids, by source."""
        snapshot = self._snapshot
        if snapshot is None:
            return {}
        digest = snapshot.digest
        return {
            source: (digest.documents[source], [digest.ids[index] for index in snapshot.indices_of_source[source]])
            for source in digest.sources
        }

    def topics(self, sources: Collection[str] | None = None) -> list[str]:
        """What the assistant can talk about: the documents, as answers name them, or one document's top-level sections."""
        snapshot = self._snapshot
        if snapshot is None:
            return []
        digest = snapshot.digest
        if not sources and len(digest.sources) > 1:
            return list(snapshot.every_title)
        chosen = [source for source in digest.sources if not sources or source in sources]
        if len(chosen) > 1:
            return list(dict.fromkeys(snapshot.catalog.title(source) for source in chosen))
        codes = [code for source in chosen for code in digest.section_codes[snapshot.indices_of_source[source]].tolist()]
        paths = [digest.sections[code].split(SECTION_SEPARATOR) for code in codes]
        return list(dict.fromkeys(path[1] for path in paths if len(path) > 1))
