"""The extractive answerer: picks the sentences and bullets that answer, and cites where each came from.

Every statement it writes is a verbatim span of the passage it cites, so an answer can never say
more than the corpus does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from assistant.chunking import BULLET, NUMBERED, SECTION_SEPARATOR
from assistant.retrieval import Retrieved
from assistant.settings import Settings
from assistant.store import StoredChunk
from assistant.text import content_terms, normalise, split_sentences

LIST_MARKER = re.compile(f"(?:{BULLET.pattern})|(?:{NUMBERED.pattern})")
DUPLICATE_OVERLAP = 0.75
EMBEDDING_CACHE_LIMIT = 20_000


@dataclass(frozen=True)
class Statement:
    text: str  # verbatim from the passage
    chunk: StoredChunk
    start: int  # offsets in chunk.text
    end: int
    position: int  # order within the passage
    is_heading: bool
    score: float = 0.0


@dataclass
class Citation:
    n: int
    chunk: StoredChunk
    score: float
    quotes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "id": self.chunk.id,
            "source": self.chunk.source,
            "section": self.chunk.section,
            "text": self.chunk.text,
            "score": round(self.score, 4),
            "quotes": list(self.quotes),
        }


@dataclass
class Answer:
    lines: list[str]  # the lead, then one line per further statement
    citations: list[Citation]
    grounded: bool

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _last_heading(chunk: StoredChunk) -> str:
    return chunk.section.rsplit(SECTION_SEPARATOR, 1)[-1] if chunk.section else ""


def passage_statements(chunk: StoredChunk) -> list[Statement]:
    """Split a passage into candidate statements: list items, sentences, and list-style sub-headings."""
    statements: list[Statement] = []
    offset = 0
    heading = normalise(_last_heading(chunk)).rstrip(":")
    for line_number, line in enumerate(chunk.text.split("\n")):
        line_start, offset = offset, offset + len(line) + 1
        marker = LIST_MARKER.match(line)
        body_start = line_start + (marker.end() if marker else 0)
        body = chunk.text[body_start : line_start + len(line)].rstrip()
        if not body.strip():
            continue
        if line_number == 0 and normalise(body).rstrip(":") == heading:
            # A numbered or bulleted sub-heading names one item of a larger list; a plain title does not.
            if marker:
                statements.append(Statement(body.rstrip(":"), chunk, body_start, body_start + len(body.rstrip(":")), len(statements), True))
            continue
        for start, end in split_sentences(body):
            text = body[start:end].strip()
            statements.append(Statement(text, chunk, body_start + start, body_start + start + len(text), len(statements), False))
    return statements


class StatementScorer:
    """Scores statements against a question: meaning (embeddings) plus shared rare words."""

    def __init__(self, embed: Callable[[list[str]], list[list[float]]], idf: Callable[[str], float], settings: Settings):
        self._embed = embed
        self._idf = idf
        self._settings = settings
        self._cache: dict[str, np.ndarray] = {}

    def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if text not in self._cache]
        if missing:
            if len(self._cache) > EMBEDDING_CACHE_LIMIT:
                self._cache.clear()
            for text, vector in zip(missing, self._embed(missing)):
                self._cache[text] = np.asarray(vector, dtype=np.float32)
        return np.stack([self._cache[text] for text in texts])

    @staticmethod
    def _context(statement: Statement) -> str:
        if statement.is_heading:
            return statement.chunk.section
        heading = _last_heading(statement.chunk)
        return f"{heading}: {statement.text}" if heading else statement.text

    def _keyword_overlap(self, focus_terms: set[str], statement: Statement) -> float:
        weights = {term: self._idf(term) for term in focus_terms}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        present = set(content_terms(f"{statement.chunk.section} {statement.text}"))
        return sum(weight for term, weight in weights.items() if term in present) / total

    def score(self, question_vector: np.ndarray, focus: str, statements: list[Statement]) -> list[Statement]:
        if not statements:
            return []
        similarities = self._vectors([self._context(s) for s in statements]) @ question_vector
        focus_terms = set(content_terms(focus, expand=True))
        weight = self._settings.keyword_weight
        return [
            Statement(**{**s.__dict__, "score": float(sim) + weight * self._keyword_overlap(focus_terms, s)})
            for s, sim in zip(statements, similarities)
        ]


def _is_duplicate(candidate: Statement, chosen: list[Statement]) -> bool:
    terms = set(content_terms(candidate.text))
    for other in chosen:
        other_terms = set(content_terms(other.text))
        union = terms | other_terms
        if union and len(terms & other_terms) / len(union) >= DUPLICATE_OVERLAP:
            return True
    return False


def select_statements(scored: list[Statement], settings: Settings) -> list[Statement]:
    """The best statement, plus every other one that scores close to it, most relevant passage first."""
    ranked = sorted(scored, key=lambda s: -s.score)
    if not ranked:
        return []
    floor = ranked[0].score * settings.statement_min_ratio
    chosen: list[Statement] = []
    for statement in ranked:
        if statement.score < floor or len(chosen) >= settings.max_statements:
            break
        if not _is_duplicate(statement, chosen):
            chosen.append(statement)
    lead, rest = chosen[0], chosen[1:]
    passage_rank = {}
    for statement in chosen:
        passage_rank.setdefault(statement.chunk.id, len(passage_rank))
    # Keep the lead first, then read each passage's statements in document order.
    rest.sort(key=lambda s: (passage_rank[s.chunk.id], s.position))
    return [lead, *rest]


def compose(statements: list[Statement], similarity_of: dict[str, float]) -> Answer:
    citations: dict[str, Citation] = {}
    lines = []
    for index, statement in enumerate(statements):
        citation = citations.get(statement.chunk.id)
        if citation is None:
            citation = Citation(len(citations) + 1, statement.chunk, similarity_of[statement.chunk.id])
            citations[statement.chunk.id] = citation
        citation.quotes.append(statement.text)
        marked = f"{statement.text} [{citation.n}]"
        lines.append(marked if index == 0 else f"- {marked}")
    return Answer(lines, list(citations.values()), grounded=True)


def refusal(topics: list[str]) -> Answer:
    covered = ", ".join(topics) if topics else "the Senior ML Infrastructure Engineer role"
    message = (
        "I can't answer that from the role knowledge I have, so I won't guess. "
        f"I can help with questions about: {covered}."
    )
    return Answer([message], [], grounded=False)


def stream_lines(answer: Answer) -> Iterator[str]:
    """The answer's text in pieces that add up to `answer.text`, one statement at a time."""
    for index, line in enumerate(answer.lines):
        yield line if index == 0 else "\n" + line
