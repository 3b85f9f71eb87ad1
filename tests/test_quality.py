"""The project's quality gate: the harness on eval/gold.jsonl, held to the foundation issue's thresholds.

Each failing gate names the items that pulled it down, so a regression points at questions.
"""

from __future__ import annotations

import pytest

from assistant.eval.gold import load_gold
from assistant.eval.runner import Run, run_gold
from assistant.eval.targets import ChainTarget
from tests.conftest import ROOT

GOLD = ROOT / "eval" / "gold.jsonl"
CORPUS = ROOT / "corpus" / "senior-ml-infrastructure-engineer.txt"
MIN_KEY_FACT_COVERAGE = 0.90
MIN_CITATION_RELEVANCE = 0.85
MIN_REFUSAL_ACCURACY = 0.90
MAX_FALSE_REFUSAL_RATE = 0.05


@pytest.fixture(scope="module")
def gold_run(services) -> Run:
    items = load_gold(GOLD, CORPUS.read_text())
    return run_gold("quality", items, ChainTarget(services.settings, services.retriever), progress=False)


def failing(run: Run, reason: str) -> str:
    """The items whose failures start with `reason`, each with what went wrong."""
    lines = [f"  {r.item.id}: {'; '.join(r.failures)}" for r in run.results if any(f.startswith(reason) for f in r.failures)]
    return "\n".join(lines) or "  (none)"


def test_key_fact_coverage(gold_run):
    coverage = gold_run.metrics["key_fact_coverage"]
    assert coverage >= MIN_KEY_FACT_COVERAGE, (
        f"key-fact coverage {coverage:.3f} < {MIN_KEY_FACT_COVERAGE}; items missing facts:\n"
        + failing(gold_run, "missing facts")
    )


def test_citations_contain_a_reference_passage(gold_run):
    share = gold_run.metrics["citation_relevance"]
    assert share >= MIN_CITATION_RELEVANCE, (
        f"{share:.3f} of citations contain a reference passage, < {MIN_CITATION_RELEVANCE}; items citing others:\n"
        + failing(gold_run, "citations")
    )


def test_out_of_scope_questions_are_refused(gold_run):
    accuracy = gold_run.metrics["refusal_accuracy"]
    assert accuracy >= MIN_REFUSAL_ACCURACY, (
        f"refusal accuracy {accuracy:.3f} < {MIN_REFUSAL_ACCURACY}; out-of-scope items answered:\n"
        + failing(gold_run, "answered an out-of-scope question")
    )


def test_answerable_questions_are_rarely_refused(gold_run):
    rate = gold_run.metrics["false_refusal_rate"]
    assert rate <= MAX_FALSE_REFUSAL_RATE, (
        f"false refusal rate {rate:.3f} > {MAX_FALSE_REFUSAL_RATE}; answerable items refused:\n"
        + failing(gold_run, "refused an answerable question")
    )


def test_every_citation_marker_is_valid_and_every_statement_is_in_its_passage(gold_run):
    # The extractive answerer only writes spans of the passages it cites, so these hold exactly.
    assert gold_run.metrics["citation_validity"] == 1.0, failing(gold_run, "markers")
    assert gold_run.metrics["citation_recall"] == 1.0, failing(gold_run, "statement")
