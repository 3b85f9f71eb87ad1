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

# (metric, bound, whether the bound is a floor or a ceiling, the item failure that pulls it the wrong way)
GATES = [
    ("key_fact_coverage", 0.90, "floor", "missing facts"),
    ("citation_relevance", 0.85, "floor", "citations"),  # the share of citations containing a reference passage
    ("refusal_accuracy", 0.90, "floor", "answered an out-of-scope question"),
    ("false_refusal_rate", 0.05, "ceiling", "refused an answerable question"),
]


@pytest.fixture(scope="module")
def gold_run(services) -> Run:
    items = load_gold(GOLD, CORPUS.read_text())
    return run_gold("quality", items, ChainTarget(services.settings, services.retriever), progress=False)


def failing(run: Run, reason: str) -> str:
    """The items whose failures start with `reason`, each with what went wrong."""
    lines = [f"  {r.item.id}: {'; '.join(r.failures)}" for r in run.results if any(f.startswith(reason) for f in r.failures)]
    return "\n".join(lines) or "  (none)"


@pytest.mark.parametrize(("metric", "bound", "kind", "reason"), GATES, ids=[gate[0] for gate in GATES])
def test_quality_gate(gold_run, metric, bound, kind, reason):
    value = gold_run.metrics[metric]
    within = value >= bound if kind == "floor" else value <= bound
    assert within, f"{metric} is {value:.3f}, past its {kind} of {bound}; the items behind it:\n" + failing(gold_run, reason)


def test_every_citation_marker_is_valid_and_every_statement_is_in_its_passage(gold_run):
    # The extractive answerer only writes spans of the passages it cites, so these hold exactly.
    assert gold_run.metrics["citation_validity"] == 1.0, failing(gold_run, "markers")
    assert gold_run.metrics["citation_recall"] == 1.0, failing(gold_run, "statement")


def test_every_reference_passage_is_inside_one_indexed_passage(gold_run):
    # A span across a chunk boundary can never be cited, so it would count correct citations as wrong.
    unmatched = [f"  {r.item.id}: {r.unmatched_contexts}" for r in gold_run.results if r.unmatched_contexts]
    assert not unmatched, "reference_contexts no indexed passage contains:\n" + "\n".join(unmatched)
