"""The extractive answerer: picks the sentences and bullets that answer, and cites where each came from.

Every statement it writes is a verbatim span of the passage it cites, so an answer can never say
more than the corpus does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator

import numpy as np

from assistant.chunking import BULLET, NUMBERED, SECTION_SEPARATOR
from assistant.retrieval import Retrieved
from assistant.settings import Settings
from assistant.store import StoredChunk
from assistant.text import content_terms, normalise, split_sentences

LIST_MARKER = re.compile(f"(?:{BULLET.pattern})|(?:{NUMBERED.pattern})")
DUPLICATE_OVERLAP = 0.75
HEADING_PRIOR = 0.9
FRAMING_PROSE_PRIOR = 0.75
LEAD_IN_MAX_WORDS = 8
EMBEDDING_CACHE_LIMIT = 20_000


@dataclass(frozen=True)
class Statement:
    text: str  # verbatim from the passage
    chunk: StoredChunk
    start: int  # offsets in chunk.text
    end: int
    position: int  # order within the passage
    kind: str  # "heading" (a list-style sub-heading), "item" (a list entry) or "prose"
    score: float = 0.0

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


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
            title = body.rstrip(":")
            if marker:
                statements.append(Statement(title, chunk, body_start, body_start + len(title), len(statements), "heading"))
            continue
        kind = "item" if marker else "prose"
        for start, end in split_sentences(body):
            text = body[start:end].strip()
            # A short lead-in such as "Their core responsibilities include:" says nothing on its own.
            if not (text.endswith(":") and len(text.split()) < LEAD_IN_MAX_WORDS):
                statements.append(Statement(text, chunk, body_start + start, body_start + start + len(text), len(statements), kind))
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
        section = statement.chunk.section
        return f"{section}: {statement.text}" if section else statement.text

    @staticmethod
    def _prior(statement: Statement) -> float:
        """Prefer statements that carry content over list titles and section-level framing prose."""
        if statement.is_heading:
            return HEADING_PRIOR
        if statement.kind == "prose" and SECTION_SEPARATOR not in statement.chunk.section:
            return FRAMING_PROSE_PRIOR
        return 1.0

    def _keyword_overlap(self, focus_terms: set[str], statement: Statement) -> float:
        weights = {term: self._idf(term) for term in focus_terms}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        present = set(content_terms(f"{statement.chunk.section} {statement.text}"))
        return sum(weight for term, weight in weights.items() if term in present) / total

    def similarities(self, question_vector: np.ndarray, texts: list[str]) -> list[float]:
        return [float(value) for value in self._vectors(texts) @ question_vector]

    def score(self, question_vector: np.ndarray, focus: str, statements: list[Statement]) -> list[Statement]:
        if not statements:
            return []
        similarities = self.similarities(question_vector, [self._context(s) for s in statements])
        focus_terms = set(content_terms(focus, expand=True))
        weight = self._settings.keyword_weight
        return [
            replace(s, score=self._prior(s) * (float(sim) + weight * self._keyword_overlap(focus_terms, s)))
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


def _parent(section: str) -> str:
    return section.rsplit(SECTION_SEPARATOR, 1)[0]


def select_statements(scored: list[Statement], settings: Settings) -> list[Statement]:
    """The best statement, then what else answers from the few passages that match almost as well.

    Staying within a few passages keeps every citation pointed at text that answers, rather than
    at loosely related passages elsewhere in the corpus.
    """
    ranked = sorted(scored, key=lambda s: -s.score)
    if not ranked:
        return []
    best = ranked[0]
    passage_best: dict[str, float] = {}
    for statement in ranked:
        passage_best.setdefault(statement.chunk.id, statement.score)
    passages = [
        chunk_id for chunk_id, score in passage_best.items() if score >= best.score * settings.passage_min_ratio
    ][: settings.max_passages]
    chosen: list[Statement] = []
    for statement in ranked:
        if len(chosen) >= settings.max_statements:
            break
        if statement.chunk.id not in passages:
            continue
        # The rest of the best passage's list usually belongs to the same answer.
        ratio = settings.sibling_min_ratio if statement.chunk.id == best.chunk.id else settings.statement_min_ratio
        if statement.score >= best.score * ratio and not _is_duplicate(statement, chosen):
            chosen.append(statement)
    lead, rest = chosen[0], chosen[1:]
    # Keep the lead first, then read each passage's statements in document order.
    rest.sort(key=lambda s: (passages.index(s.chunk.id), s.position))
    return [lead, *rest]


class ExtractiveAnswerer:
    """Turns retrieved passages into an answer made only of quoted statements."""

    def __init__(self, scorer: StatementScorer, passages_under: Callable[[str], list[StoredChunk]], settings: Settings):
        self._scorer = scorer
        self._passages_under = passages_under
        self._settings = settings

    def answer(self, question_vector: np.ndarray, focus: str, passages: list[Retrieved]) -> list[Statement]:
        candidates = [s for p in passages for s in passage_statements(p.chunk)]
        scored = self._scorer.score(question_vector, focus, candidates)
        if not scored:
            return []
        best = max(scored, key=lambda s: s.score)
        if best.is_heading and self._asks_for_the_whole_list(question_vector, best):
            return self._list_items(best)
        return select_statements(scored, self._settings)

    def _asks_for_the_whole_list(self, question_vector: np.ndarray, best: Statement) -> bool:
        """"What are the common challenges?" matches the list's title better than any one item's."""
        parent = _parent(best.chunk.section)
        if parent == best.chunk.section:
            return False
        list_title, item_title = self._scorer.similarities(question_vector, [parent, best.chunk.section])
        return list_title >= item_title

    def _list_items(self, best: Statement) -> list[Statement]:
        parent = _parent(best.chunk.section)
        items = [
            statement
            for chunk in self._passages_under(parent)
            if _parent(chunk.section) == parent
            for statement in passage_statements(chunk)[:1]
            if statement.is_heading
        ]
        return sorted(items, key=lambda s: s.chunk.start)[: self._settings.max_list_items]


def compose(statements: list[Statement], similarity_of: Callable[[StoredChunk], float]) -> Answer:
    citations: dict[str, Citation] = {}
    lines = []
    for index, statement in enumerate(statements):
        citation = citations.get(statement.chunk.id)
        if citation is None:
            citation = Citation(len(citations) + 1, statement.chunk, similarity_of(statement.chunk))
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
