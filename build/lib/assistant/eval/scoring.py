"""Scores one reply against its gold item, and sums item scores into the run's metrics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from assistant.eval import metrics as m
from assistant.eval.gold import GoldItem

LATENCY_PERCENTILES = (50, 95)


@dataclass(frozen=True)
class MetricInfo:
    key: str
    label: str
    lower_is_better: bool = False
    is_rate: bool = True  # a share in [0, 1]: charted, and gated against a baseline
    retrieval: bool = False  # needs the ranked retrieved passages, which only an in-process run has


METRICS = (
    MetricInfo("hit_at_k", "hit@k", retrieval=True),
    MetricInfo("recall_at_k", "recall@k", retrieval=True),
    MetricInfo("mrr", "MRR@k", retrieval=True),
    MetricInfo("ndcg_at_k", "nDCG@k", retrieval=True),
    MetricInfo("context_precision", "context precision@k", retrieval=True),
    MetricInfo("key_fact_coverage", "key-fact coverage"),
    MetricInfo("fully_correct", "fully correct (answerable)"),
    MetricInfo("citation_relevance", "citations containing a reference passage"),
    MetricInfo("right_document_cited", "right document cited"),
    MetricInfo("every_named_document_cited", "every named document cited"),
    MetricInfo("citation_validity", "citation validity"),
    MetricInfo("citation_precision", "citation precision"),
    MetricInfo("citation_recall", "citation recall"),
    MetricInfo("faithfulness", "faithfulness"),
    MetricInfo("refusal_accuracy", "refusal accuracy (out of scope)"),
    MetricInfo("false_refusal_rate", "false refusals (answerable)", lower_is_better=True),
    MetricInfo("latency_p50_ms", "latency p50 (ms)", lower_is_better=True, is_rate=False),
    MetricInfo("latency_p95_ms", "latency p95 (ms)", lower_is_better=True, is_rate=False),
    MetricInfo("answer_chars_median", "median answer length (chars)", lower_is_better=True, is_rate=False),
)
RETRIEVAL_KEYS = tuple(info.key for info in METRICS if info.retrieval)
# Item-level scores averaged as they are into the run's metric of the same name.
AVERAGED_KEYS = (*RETRIEVAL_KEYS, "key_fact_coverage", "fully_correct", "right_document_cited",
                 "every_named_document_cited", "citation_validity", "citation_precision", "citation_recall",
                 "faithfulness")
# The first words of each reason an item fails: the quality gate lists the items behind a metric by them.
REFUSED_ANSWERABLE = "refused an answerable question"
ANSWERED_OUT_OF_SCOPE = "answered an out-of-scope question"
MISSING_FACTS = "missing facts"
IRRELEVANT_CITATIONS = "citations"
WRONG_DOCUMENTS = "wrong documents cited"
UNCITED_DOCUMENTS = "named documents not cited"
NO_CONTENT = "no statement beyond headings and list lead-ins"
INVALID_MARKERS = "markers"
UNSUPPORTED_STATEMENTS = "statements not supported by their citations"


@dataclass(frozen=True)
class Reply:
    answer: str
    grounded: bool
    citations: list[dict[str, Any]]  # as /api/ask returns them: n, id, source, title, section, text, ...
    statements: list[dict[str, Any]]  # as /api/ask returns them: text, citations, document, quote, ...
    latency_ms: float
    retrieved: list[str] | None = None  # the top-k passage texts in rank order; None over HTTP
    context: list[str] | None = None  # every passage the chain reports it retrieved; None over HTTP
    answerer: str = "extractive"  # whose text this is (after a model's fallback: extractive)
    written: dict[str, Any] | None = None  # with ANSWERER=llm, in process: what verification kept and dropped


@dataclass
class ItemResult:
    item: GoldItem
    reply: Reply
    scores: dict[str, float | None]
    relevant_citations: list[bool] = field(default_factory=list)  # one flag per citation, answerable items
    # Reference spans no indexed passage contains (one that crosses a chunk boundary): a gold-set or
    # chunking problem, which makes correct citations look irrelevant.
    unmatched_contexts: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _retrieval_scores(item: GoldItem, retrieved: list[str], index_passages: Sequence[str]) -> dict[str, float]:
    flags = m.relevance(retrieved, item.reference_contexts)
    in_index = sum(m.relevance(index_passages, item.reference_contexts))
    return {
        "hit_at_k": m.hit_at_k(flags),
        "recall_at_k": m.recall_at_k(retrieved, item.reference_contexts),
        "mrr": m.reciprocal_rank(flags),
        "ndcg_at_k": m.ndcg_at_k(flags, len(retrieved), in_index),
        "context_precision": m.context_precision(flags),
    }


def _document_scores(item: GoldItem, reply: Reply, result: ItemResult) -> bool | None:
    """Scores which documents an answerable item cites; returns right_document_cited (None: not scored)."""
    sources = item.reference_sources
    cited = [c.get("source", "") for c in reply.citations]
    right_document = m.right_document_cited(cited, sources) if sources and reply.grounded else None
    if right_document is False:
        wrong = m.foreign_documents(cited, sources)
        result.failures.append(f"{WRONG_DOCUMENTS}: " + (", ".join(wrong) or "no citation at all"))
    result.scores["right_document_cited"] = None if right_document is None else float(right_document)
    if len(sources) >= 2:
        every_named = m.every_named_document_cited(cited, sources)
        result.scores["every_named_document_cited"] = float(every_named)
        if not every_named:
            result.failures.append(f"{UNCITED_DOCUMENTS}: " + ", ".join(m.uncited_documents(cited, sources)))
    return right_document


def score_item(item: GoldItem, reply: Reply, index_passages: Sequence[str] | None = None) -> ItemResult:
    """Every metric that applies to this item, and the reasons it fails, if any.

    Faithfulness is checked against the retrieved context, or the cited passages when the context
    is unknown (over HTTP).
    """
    statements = m.statements_of(reply.statements, reply.grounded)
    passage_of = {c["n"]: c["text"] for c in reply.citations}
    section_of = {c["n"]: c.get("section") or "" for c in reply.citations}
    bad_markers = m.invalid_markers(statements, list(passage_of))
    unsupported = m.unsupported_statements(statements, passage_of)
    scores: dict[str, float | None] = {
        "citation_validity": (0.0 if bad_markers else 1.0) if statements else None,
        "citation_precision": m.citation_precision(statements, passage_of),
        "citation_recall": m.citation_recall(statements, passage_of),
        "faithfulness": m.faithfulness(
            statements, reply.context if reply.context is not None else list(passage_of.values())
        ),
        "refused": 0.0 if reply.grounded else 1.0,
        "latency_ms": reply.latency_ms,
        "answer_chars": float(len(reply.answer)),
    }
    result = ItemResult(item, reply, scores)
    if bad_markers:
        result.failures.append(f"{INVALID_MARKERS} {bad_markers} point at no returned citation")
    if unsupported:
        result.failures.append(f"{UNSUPPORTED_STATEMENTS}: {len(unsupported)}")
    if reply.grounded and not m.has_content(statements, section_of):
        result.failures.append(NO_CONTENT)

    if not item.answerable:
        if reply.grounded:
            result.failures.insert(0, ANSWERED_OUT_OF_SCOPE)
        return result

    if reply.retrieved is not None and index_passages is not None:
        scores.update(_retrieval_scores(item, reply.retrieved, index_passages))
        result.unmatched_contexts = [
            span for span in item.reference_contexts if not any(m.contains_any(p, [span]) for p in index_passages)
        ]
    missing = m.missing_facts(reply.answer, item.reference_facts)
    scores["key_fact_coverage"] = m.fact_coverage(reply.answer, item.reference_facts)
    result.relevant_citations = m.relevance([c["text"] for c in reply.citations], item.reference_contexts)
    scores["citation_relevance"] = m.share(result.relevant_citations)
    if not reply.grounded:
        result.failures.insert(0, REFUSED_ANSWERABLE)
    if missing:
        result.failures.append(f"{MISSING_FACTS}: " + "; ".join(missing))
    irrelevant = [c["n"] for c, ok in zip(reply.citations, result.relevant_citations) if not ok]
    if irrelevant:
        result.failures.append(f"{IRRELEVANT_CITATIONS} {irrelevant} contain no reference passage")
    right_document = _document_scores(item, reply, result)
    scores["fully_correct"] = float(m.fully_correct(reply.grounded, missing, right_document))
    return result


def _values(results: Sequence[ItemResult], key: str) -> list[float]:
    return [r.scores[key] for r in results if r.scores.get(key) is not None]


def aggregate(results: Sequence[ItemResult]) -> dict[str, float | None]:
    """The run's metrics: item means, except citation relevance, which is pooled over all citations."""
    answerable = [r for r in results if r.item.answerable]
    out_of_scope = [r for r in results if not r.item.answerable]
    latencies = _values(results, "latency_ms")
    metrics: dict[str, float | None] = {key: m.mean(_values(results, key)) for key in AVERAGED_KEYS}
    metrics["citation_relevance"] = m.share([flag for r in answerable for flag in r.relevant_citations])
    metrics["refusal_accuracy"] = m.mean(_values(out_of_scope, "refused"))
    metrics["false_refusal_rate"] = m.mean(_values(answerable, "refused"))
    for q in LATENCY_PERCENTILES:
        metrics[f"latency_p{q}_ms"] = m.percentile(latencies, q)
    metrics["answer_chars_median"] = m.percentile(_values([r for r in results if r.reply.grounded], "answer_chars"), 50)
    return {info.key: metrics[info.key] for info in METRICS}


def counts(results: Sequence[ItemResult]) -> dict[str, int]:
    return {
        "items": len(results),
        "answerable": sum(1 for r in results if r.item.answerable),
        "out_of_scope": sum(1 for r in results if not r.item.answerable),
        "passed": sum(1 for r in results if r.passed),
    }


def answering(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Who answered, and how fast; with a model, how often the quoted answer stood in and why, and the
    share of the model's sentences verification dropped, by reason."""
    latencies: dict[str, list[float]] = {}
    for r in results:
        latencies.setdefault(r.reply.answerer, []).append(r.reply.latency_ms)
    summary: dict[str, Any] = {
        "answers": {name: len(values) for name, values in latencies.items()},
        "latency_p50_ms": {name: round(m.percentile(values, 50), 1) for name, values in latencies.items()},
    }
    asked = [r.reply.written for r in results if r.reply.written]
    if asked:
        fallbacks = [w["fallback"] for w in asked if w.get("fallback")]
        sentences = sum(w.get("kept", 0) + len(w.get("dropped", [])) for w in asked)
        dropped: dict[str, int] = {}
        for w in asked:
            for reason in w.get("dropped", []):
                dropped[reason] = dropped.get(reason, 0) + 1
        summary |= {
            "model_asked": len(asked),
            "fallback_rate": round(len(fallbacks) / len(asked), 3),
            "fallbacks": {reason: fallbacks.count(reason) for reason in sorted(set(fallbacks))},
            "model_sentences": sentences,
            "dropped_share": {reason: round(n / sentences, 3) for reason, n in sorted(dropped.items())} if sentences else {},
        }
    return summary


def by_tag(results: Sequence[ItemResult]) -> dict[str, dict[str, float | None]]:
    tags = sorted({tag for r in results for tag in r.item.tags})
    return {tag: aggregate([r for r in results if tag in r.item.tags]) for tag in tags}
