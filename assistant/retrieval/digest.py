"""What an app needs of an index besides Chroma's own search, worked out once per generation.

The ingest that publishes an embedded generation writes it into the generation's folder: each
passage's place (id, document, heading path) and vector, the keyword index (bm25s), each document's
facts and vocabulary, and the vectors of every text the answerer scores a passage's statements by.
An app reads it at start-up, the vectors memory-mapped, and holds no passage text: it reads the
passages a question considers from Chroma, by id. So start-up and memory no longer grow with a pass
over every passage, and no statement waits to be embedded. An index without one (a Chroma server's
collection, or a folder from before digests) has it built in memory from the store instead, the
same way.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import bm25s
import numpy as np
from langchain_chroma import Chroma

from assistant.core.subjects import DocumentVocabulary, document_vocabularies, lower_case_words
from assistant.core.text import content_terms
from assistant.retrieval.generations import DIGEST as FOLDER
from assistant.retrieval.store import StoredChunk, document_order, read_in_pages, stored_chunks

FORMAT = 54  # a digest of another format is rebuilt from the store, not misread
EMBED_BATCH = 64  # texts per call, which bounds one call's memory; the model itself encodes 32 at a time


@dataclass(frozen=True)
class DocumentFacts:
    title: str
    format: str
    indexed_at: str  # when its newest passage was embedded


@dataclass
class StatementVectors:
    """Vectors by text, looked up through a sorted array of 64-bit hashes of the texts."""

    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    def find(self, texts: list[str]) -> dict[str, np.ndarray]:
        if not len(self.keys):
            return {}
        wanted = np.array([text_key(text) for text in texts], dtype=np.uint64)
        rows = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        found = self.keys[rows] == wanted
        return {text: np.asarray(self.vectors[row]) for text, row, hit in zip(texts, rows, found) if hit}

    @classmethod
    def of(cls, vector_of: dict[str, np.ndarray]) -> StatementVectors:
        if not vector_of:
            return cls()
        keys = np.array([text_key(text) for text in vector_of], dtype=np.uint64)
        order = np.argsort(keys)
        return cls(keys[order], np.stack(list(vector_of.values())).astype(np.float32)[order])


@dataclass
class DocumentIdf:
    """Per document, how rare each word is among its passages: held as arrays, and a document's words made
    into a dict when first asked for. Reading every document's dict at start-up took 0.25 s at 1,000 documents."""

    sources: list[str]
    words: np.ndarray  # every word some document uses, once
    starts: np.ndarray  # the entries of `sources[d]` are [starts[d], starts[d + 1])
    word_codes: np.ndarray  # each entry's word, as its position in `words`
    values: np.ndarray  # each entry's idf
    _decoded: dict[str, dict[str, float]] = field(default_factory=dict)

    def __post_init__(self):
        self._position = {source: position for position, source in enumerate(self.sources)}
        self._word_list = self.words.tolist()  # one string per word, shared by every document's dict

    def of(self, source: str) -> dict[str, float]:
        """The idf of each word `source` uses; empty for a source not indexed."""
        if source not in self._decoded and source in self._position:
            first, end = self.starts[self._position[source]], self.starts[self._position[source] + 1]
            words = [self._word_list[code] for code in self.word_codes[first:end].tolist()]
            self._decoded[source] = dict(zip(words, self.values[first:end].tolist()))
        return self._decoded.get(source, {})

    @classmethod
    def of_tables(cls, sources: list[str], tables: dict[str, dict[str, float]]) -> DocumentIdf:
        words = sorted({word for table in tables.values() for word in table})
        code = {word: position for position, word in enumerate(words)}
        ordered = [tables[source] for source in sources]
        return cls(
            sources, np.array(words, dtype=str), np.cumsum([0] + [len(table) for table in ordered]),
            np.array([code[word] for table in ordered for word in table], dtype=np.int32),
            np.array([value for table in ordered for value in table.values()], dtype=np.float64),
        )


def text_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


@dataclass
class IndexDigest:
    ids: list[str]  # in document order: by source, then by place in the source
    source_codes: np.ndarray  # each passage's position in `sources`
    section_codes: np.ndarray  # each passage's position in `sections`
    sources: list[str]
    sections: list[str]
    vectors: np.ndarray  # each passage's, in the order of `ids`
    keywords: bm25s.BM25  # scipy sparse: a query costs its words' postings, not a pass over every passage
    documents: dict[str, DocumentFacts]
    vocabularies: list[DocumentVocabulary]
    lower_case_words: set[str]  # words the corpus writes in lower case: ordinary words, never names
    document_idf: DocumentIdf
    statements: StatementVectors


def build_digest(chunks: list[StoredChunk], vectors: np.ndarray, statements: StatementVectors | None = None) -> IndexDigest:
    """The digest of these passages (in document order) and their vectors."""
    terms_of = [content_terms(chunk.embedding_text) for chunk in chunks]
    sources = list(dict.fromkeys(chunk.source for chunk in chunks))
    sections = list(dict.fromkeys(chunk.section for chunk in chunks))
    source_index = {source: index for index, source in enumerate(sources)}
    section_index = {section: index for index, section in enumerate(sections)}
    keywords = bm25s.BM25()
    keywords.index([terms or ["\0"] for terms in terms_of], show_progress=False)
    documents: dict[str, DocumentFacts] = {}
    for chunk in chunks:
        known = documents.get(chunk.source)
        documents[chunk.source] = DocumentFacts(
            chunk.title, chunk.format or Path(chunk.source).suffix.lstrip(".").lower(),  # an index from before formats were kept
            max(chunk.indexed_at, known.indexed_at) if known else chunk.indexed_at,
        )
    return IndexDigest(
        ids=[chunk.id for chunk in chunks],
        source_codes=np.array([source_index[chunk.source] for chunk in chunks], dtype=np.int32),
        section_codes=np.array([section_index[chunk.section] for chunk in chunks], dtype=np.int32),
        sources=sources,
        sections=sections,
        vectors=np.asarray(vectors, dtype=np.float32).reshape(len(chunks), -1),
        keywords=keywords,
        documents=documents,
        vocabularies=document_vocabularies(chunks),
        lower_case_words=lower_case_words(chunk.embedding_text for chunk in chunks),
        document_idf=DocumentIdf.of_tables(sources, _document_idf(chunks, terms_of)),
        statements=statements or StatementVectors(),
    )


def _document_idf(chunks: list[StoredChunk], terms_of: list[list[str]]) -> dict[str, dict[str, float]]:
    """Smoothed inverse document frequency of each word over each source's passages."""
    passages_of: dict[str, list[set[str]]] = {}
    for chunk, terms in zip(chunks, terms_of):
        passages_of.setdefault(chunk.source, []).append(set(terms))
    result = {}
    for source, passages in passages_of.items():
        frequency = Counter(term for terms in passages for term in terms)
        result[source] = {term: math.log((len(passages) + 1) / (count + 0.5)) for term, count in frequency.items()}
    return result


def read_store(store: Chroma) -> tuple[list[StoredChunk], np.ndarray]:
    """Every passage of a store, in document order, with its vector."""
    found = read_in_pages(store, ["documents", "metadatas", "embeddings"])
    chunks = stored_chunks(found)
    vectors = np.asarray(found["embeddings"], dtype=np.float32).reshape(len(chunks), -1)
    order = sorted(range(len(chunks)), key=lambda index: document_order(chunks[index]))
    return [chunks[index] for index in order], vectors[order]


def statement_vectors(
    texts: Iterable[str], embed: Callable[[list[str]], list[list[float]]], earlier: StatementVectors | None = None
) -> StatementVectors:
    """Vectors of `texts`: those an earlier digest holds are copied, only the others embedded."""
    unique = list(dict.fromkeys(text for text in texts if text))
    vector_of = (earlier or StatementVectors()).find(unique)
    missing = [text for text in unique if text not in vector_of]
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        vector_of.update(zip(batch, np.asarray(embed(batch), dtype=np.float32)))
    return StatementVectors.of({text: vector_of[text] for text in unique})


def digest_of(
    store: Chroma, embed: Callable[[list[str]], list[list[float]]], scored_texts: Callable[[StoredChunk], list[str]],
    earlier: IndexDigest | None = None,
) -> IndexDigest:
    """The digest of a store, with the vectors of every text its statements are scored by (`scored_texts`):
    copied from an `earlier` digest where it has them, else embedded."""
    chunks, vectors = read_store(store)
    texts = (text for chunk in chunks for text in scored_texts(chunk))
    return build_digest(chunks, vectors, statement_vectors(texts, embed, earlier.statements if earlier else None))


def save_digest(digest: IndexDigest, generation: Path) -> None:
    """Into `generation`'s folder, complete or not at all: written aside, then renamed into place."""
    staged = generation / f"{FOLDER}.tmp"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    np.save(staged / "vectors.npy", digest.vectors)
    np.save(staged / "statement_keys.npy", digest.statements.keys)
    np.save(staged / "statement_vectors.npy", digest.statements.vectors)
    digest.keywords.save(str(staged / "keywords"), show_progress=False)
    np.savez(staged / "codes.npz", sources=digest.source_codes, sections=digest.section_codes)
    idf = digest.document_idf
    np.savez(staged / "document_idf.npz", words=idf.words, starts=idf.starts, word_codes=idf.word_codes, values=idf.values)
    facts = {
        "format": FORMAT,
        "ids": digest.ids,
        "sources": digest.sources,
        "sections": digest.sections,
        "documents": {source: [f.title, f.format, f.indexed_at] for source, f in digest.documents.items()},
        "vocabularies": [_vocabulary_json(vocabulary) for vocabulary in digest.vocabularies],
        "lower_case_words": sorted(digest.lower_case_words),
    }
    (staged / "facts.json").write_text(json.dumps(facts))
    staged.rename(generation / FOLDER)


def load_digest(generation: Path) -> IndexDigest | None:
    """The digest saved in `generation`'s folder; None when it has none, or one of another format."""
    folder = generation / FOLDER
    if not (folder / "facts.json").is_file():
        return None
    facts = json.loads((folder / "facts.json").read_text())
    if facts.get("format") != FORMAT:
        return None
    with np.load(folder / "codes.npz") as codes, np.load(folder / "document_idf.npz") as idf:
        return IndexDigest(
            ids=facts["ids"],
            source_codes=codes["sources"],
            section_codes=codes["sections"],
            sources=facts["sources"],
            sections=facts["sections"],
            # Mapped, but read as a plain array: np.memmap's Python hooks ran at every lookup (2% of the app's samples
            # at 32 clients).
            vectors=np.load(folder / "vectors.npy", mmap_mode="r").view(np.ndarray),
            keywords=_plain_arrays(bm25s.BM25.load(str(folder / "keywords"), mmap=True, show_progress=False)),
            documents={source: DocumentFacts(*values) for source, values in facts["documents"].items()},
            vocabularies=[_vocabulary_from_json(values) for values in facts["vocabularies"]],
            lower_case_words=set(facts["lower_case_words"]),
            document_idf=DocumentIdf(facts["sources"], idf["words"], idf["starts"], idf["word_codes"], idf["values"]),
            statements=StatementVectors(
                np.load(folder / "statement_keys.npy"), np.load(folder / "statement_vectors.npy", mmap_mode="r").view(np.ndarray)
            ),
        )


def _plain_arrays(keywords: bm25s.BM25) -> bm25s.BM25:
    """The index's postings, still mapped, read as plain arrays: every word a question asks slices them, and np.memmap's
    hooks on each slice were 7% of the app's samples at 32 clients and 1,000 documents."""
    keywords.scores = {name: value.view(np.ndarray) if isinstance(value, np.memmap) else value for name, value in keywords.scores.items()}
    return keywords


def _vocabulary_json(vocabulary: DocumentVocabulary) -> dict:
    return {
        "source": vocabulary.source, "title": vocabulary.title, "terms": sorted(vocabulary.terms),
        "identity": vocabulary.identity, "phrases": sorted(vocabulary.phrases), "parts": sorted(vocabulary.parts),
        "capitalised": dict(vocabulary.capitalised), "name_uses": dict(vocabulary.name_uses),
        "name_phrases": sorted(vocabulary.name_phrases), "only_in_names": sorted(vocabulary.only_in_names),
        "title_pairs_written": sorted(vocabulary.title_pairs_written), "address_names": vocabulary.address_names,
        "sections": sorted(vocabulary.sections), "spellings": vocabulary.spellings,
        "lower_case_names": sorted(vocabulary.lower_case_names), "pitched_names": sorted(vocabulary.pitched_names),
    }


def _vocabulary_from_json(values: dict) -> DocumentVocabulary:
    return DocumentVocabulary(
        values["source"], values["title"], set(values["terms"]), values["identity"],
        {tuple(phrase) for phrase in values["phrases"]}, {tuple(part) for part in values["parts"]},
        Counter(values["capitalised"]), Counter(values["name_uses"]), {tuple(name) for name in values["name_phrases"]},
        set(values["only_in_names"]),
        {tuple(pair) for pair in values["title_pairs_written"]}, values["address_names"],
        {tuple(section) for section in values["sections"]}, values["spellings"], set(values["lower_case_names"]),
        set(values["pitched_names"]),
    )
