"""Metric functions: pure, on plain strings and lists, so each one can be checked by hand.

Definitions follow ../shared/notes/eval-metrics.md (BEIR/pytrec_eval, ragas, ALCE). Relevance is
lexical: a passage is relevant when it contains one of the item's reference spans.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Collection, Mapping, Sequence

from assistant.core.text import normalise, words
from assistant.ingest.chunking import SECTION_SEPARATOR

# A statement is supported when at least this share of its words appears, in order, in the passage.
SUPPORT_MIN_OVERLAP = 0.9
LEAD_IN_END = ":"


def contains_any(text: str, spans: Sequence[str]) -> bool:
    """Whether `text` contains one of `spans`, with whitespace collapsed and case ignored."""
    haystack = normalise(text)
    return any(normalise(span) in haystack for span in spans)


def relevance(passages: Sequence[str], reference_contexts: Sequence[str]) -> list[bool]:
    return [contains_any(passage, reference_contexts) for passage in passages]


# Retrieval at k: `relevant` is one flag per retrieved passage, in rank order, already cut at k.


def hit_at_k(relevant: Sequence[bool]) -> float:
    return 1.0 if any(relevant) else 0.0


def recall_at_k(passages: Sequence[str], reference_contexts: Sequence[str]) -> float:
    """The share of reference spans found in the top k; spans, not chunk ids, are the relevant set."""
    found = sum(1 for span in reference_contexts if any(contains_any(p, [span]) for p in passages))
    return found / len(reference_contexts)


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    return next((1.0 / rank for rank, flag in enumerate(relevant, start=1) if flag), 0.0)


def _dcg(gains: Sequence[bool]) -> float:
    return sum(1.0 / math.log2(rank + 1) for rank, gain in enumerate(gains, start=1) if gain)


def ndcg_at_k(relevant: Sequence[bool], k: int, relevant_in_index: int) -> float:
    """Binary nDCG@k; the ideal ranking puts every relevant passage of the whole index first."""
    ideal_hits = min(k, max(relevant_in_index, sum(relevant)))
    ideal = _dcg([True] * ideal_hits)
    return _dcg(relevant[:k]) / ideal if ideal else 0.0


def context_precision(relevant: Sequence[bool]) -> float:
    """ragas' context precision@k: the mean of precision@i over the ranks i that hold a relevant passage."""
    total, hits = 0.0, 0
    for rank, flag in enumerate(relevant, start=1):
        if flag:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


# Answers


@dataclass(frozen=True)
class Statement:
    text: str  # without its markers
    markers: tuple[int, ...]


def statements_of(reply_statements: Sequence[Mapping], grounded: bool) -> list[Statement]:
    """The answer's statements as /api/ask and the chain return them; a refusal has none."""
    if not grounded:
        return []
    return [Statement(s["text"], tuple(s["citations"])) for s in reply_statements]


def section_headings(section: str) -> list[str]:
    """The headings of a heading path such as "Market Demand > Compensation"."""
    return [heading.strip() for heading in section.split(SECTION_SEPARATOR) if heading.strip()]


def says_something(statement: Statement, headings: Collection[str]) -> bool:
    """Neither a list lead-in ("The main duties are:") nor a bare heading of a passage it cites,
    unless that heading states a figure ("Mid-Level to Senior (7-10+ years experience)")."""
    if statement.text.endswith(LEAD_IN_END):
        return False
    is_heading = normalise(statement.text) in {normalise(heading) for heading in headings}
    return not is_heading or any(character.isdigit() for character in statement.text)


def has_content(statements: Sequence[Statement], section_of: Mapping[int, str]) -> bool:
    """Whether some statement says more than a heading or a lead-in of the passages it cites.

    Several distinct sub-headings, each citing its own sub-section, are a list's entries
    ("What are the common challenges?"), which is an answer.
    """
    if len({normalise(s.text) for s in statements if not s.text.endswith(LEAD_IN_END)}) > 1:
        return True
    return any(
        says_something(s, [heading for n in s.markers for heading in section_headings(section_of.get(n, ""))])
        for s in statements
    )


def missing_facts(answer: str, fact_groups: Sequence[Sequence[str]]) -> list[str]:
    """The facts the answer lacks, each named by its first acceptable string."""
    return [group[0] for group in fact_groups if not contains_any(answer, group)]


def fact_coverage(answer: str, fact_groups: Sequence[Sequence[str]]) -> float:
    return 1.0 - len(missing_facts(answer, fact_groups)) / len(fact_groups)


def is_supported(statement: str, passage: str) -> bool:
    """Lexical support: the statement is in the passage verbatim, or near-verbatim.

    Near-verbatim means at least SUPPORT_MIN_OVERLAP of the statement's words appear in the
    passage in the same order (matching blocks of difflib over word lists).
    """
    claimed = words(statement)
    if not claimed:
        return False
    if normalise(statement) in normalise(passage):
        return True
    matcher = SequenceMatcher(None, words(passage), claimed, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(claimed) >= SUPPORT_MIN_OVERLAP


def invalid_markers(statements: Sequence[Statement], citation_numbers: Sequence[int]) -> list[int]:
    """Markers that point at no returned citation, in order of appearance."""
    known = set(citation_numbers)
    return [n for statement in statements for n in statement.markers if n not in known]


def unsupported_statements(statements: Sequence[Statement], passage_of: Mapping[int, str]) -> list[Statement]:
    """Statements that none of their own citations supports (a statement without markers included)."""
    return [s for s in statements if not any(is_supported(s.text, passage_of.get(n, "")) for n in s.markers)]


def citation_recall(statements: Sequence[Statement], passage_of: Mapping[int, str]) -> float | None:
    """ALCE citation recall: the share of statements that at least one of their citations supports."""
    if not statements:
        return None
    return 1.0 - len(unsupported_statements(statements, passage_of)) / len(statements)


def citation_precision(statements: Sequence[Statement], passage_of: Mapping[int, str]) -> float | None:
    """ALCE citation precision: the share of (statement, citation) pairs where the citation supports it."""
    pairs = [(s.text, n) for s in statements for n in s.markers]
    if not pairs:
        return None
    return sum(1 for text, n in pairs if is_supported(text, passage_of.get(n, ""))) / len(pairs)


def faithfulness(statements: Sequence[Statement], contexts: Sequence[str]) -> float | None:
    """The share of statements that some context passage supports, whatever they cite."""
    if not statements:
        return None
    return sum(1 for s in statements if any(is_supported(s.text, c) for c in contexts)) / len(statements)


# Documents: gold items name the documents an answer must cite by file name.


def document_name(source: str) -> str:
    """A citation's source as gold sets name it: the file name, without its folder."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def foreign_documents(cited_sources: Sequence[str], reference_sources: Collection[str]) -> list[str]:
    """The cited documents an item does not name, each once, in order of citation."""
    names = dict.fromkeys(document_name(source) for source in cited_sources)
    return [name for name in names if name not in reference_sources]


def right_document_cited(cited_sources: Sequence[str], reference_sources: Collection[str]) -> bool:
    """At least one citation, and every one of them from a document the item names."""
    return bool(cited_sources) and not foreign_documents(cited_sources, reference_sources)


def uncited_documents(cited_sources: Sequence[str], reference_sources: Sequence[str]) -> list[str]:
    """The documents an item names that no citation comes from."""
    cited = {document_name(source) for source in cited_sources}
    return [name for name in dict.fromkeys(reference_sources) if name not in cited]


def every_named_document_cited(cited_sources: Sequence[str], reference_sources: Sequence[str]) -> bool:
    return not uncited_documents(cited_sources, reference_sources)


def fully_correct(answered: bool, missing: Sequence[str], right_document: bool | None) -> bool:
    """Answered, with every reference fact, citing only the right documents (None: the item names none)."""
    return answered and not missing and right_document is not False


def share(flags: Sequence[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None


def mean(values: Sequence[float | None]) -> float | None:
    """The mean of the defined values; None when no value is defined."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks, as numpy's default."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
