"""Every evaluation metric on hand-built cases whose answers are worked out in the comments."""

from __future__ import annotations

import math

import pytest

from assistant.eval import metrics as m
from assistant.eval.gold import GoldItem
from assistant.eval.scoring import Reply, aggregate, score_item

PASSAGE_SALARY = "Compensation\n- California average: ~$170,193 base salary for senior roles"
PASSAGE_DEGREE = "Education and Experience\n- Bachelor's or Master's degree in Computer Science, Engineering, or a related field."
PASSAGE_OTHER = "Soft Skills\n- Strong problem-solving abilities and adaptability in fast-paced environments."


def test_relevance_ignores_case_and_collapses_whitespace():
    assert m.contains_any("California   AVERAGE:\n~$170,193", ["california average: ~$170,193"])
    assert not m.contains_any("California average", ["California average: ~$170,193"])
    assert m.relevance([PASSAGE_OTHER, PASSAGE_SALARY], ["170,193", "bachelor's"]) == [False, True]


@pytest.mark.parametrize(
    ("flags", "expected"),
    [([False, True, False], 1.0), ([False, False], 0.0), ([], 0.0)],
)
def test_hit_at_k(flags, expected):
    assert m.hit_at_k(flags) == expected


def test_recall_counts_reference_spans_not_passages():
    # Two of the three spans are in the top k: 2/3.
    assert m.recall_at_k(["alpha beta", "gamma"], ["alpha", "gamma", "delta"]) == pytest.approx(2 / 3)
    # The same span in two passages still counts once: 1/2.
    assert m.recall_at_k(["alpha x", "alpha y"], ["alpha", "zeta"]) == 0.5
    # Nothing retrieved: 0.
    assert m.recall_at_k([], ["alpha"]) == 0.0


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([False, False, True, True], 1 / 3),  # the first relevant passage is at rank 3
        ([True, True], 1.0),  # two relevant passages tied at the top: the first one counts
        ([False, False], 0.0),
        ([], 0.0),
    ],
)
def test_reciprocal_rank(flags, expected):
    assert m.reciprocal_rank(flags) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("flags", "k", "in_index", "expected"),
    [
        # DCG = 1/log2(3); one relevant passage in the index, so ideal DCG = 1.
        ([False, True, False], 3, 1, 1 / math.log2(3)),
        # DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3).
        ([True, False, True], 3, 2, 1.5 / (1 + 1 / math.log2(3))),
        # Five relevant in the index but k = 2: the ideal has two hits, which the ranking has.
        ([True, True], 2, 5, 1.0),
        # Ten relevant in the index, only one retrieved, at rank 1: 1 / (1 + 1/log2(3)).
        ([True, False], 2, 10, 1 / (1 + 1 / math.log2(3))),
        ([], 3, 2, 0.0),
        ([False, False], 2, 0, 0.0),
    ],
)
def test_ndcg_at_k(flags, k, in_index, expected):
    assert m.ndcg_at_k(flags, k, in_index) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([True, False, True], (1 / 1 + 2 / 3) / 2),
        ([False, True], (1 / 2) / 1),
        ([True, True, False], 1.0),
        ([False, False], 0.0),
        ([], 0.0),
    ],
)
def test_context_precision(flags, expected):
    assert m.context_precision(flags) == pytest.approx(expected)


def test_statements_are_answer_lines_with_their_markers():
    answer = "The lead. [1]\n- A second statement [1][2]\n- An uncited one\n"
    assert m.parse_statements(answer, grounded=True) == [
        m.Statement("The lead.", (1,)),
        m.Statement("A second statement", (1, 2)),
        m.Statement("An uncited one", ()),
    ]


def test_a_refusal_has_no_statements():
    assert m.parse_statements("I can't answer that [1]", grounded=False) == []


def test_fact_coverage_accepts_any_alternative_case_insensitively():
    answer = "California average: ~$170,193 base salary for SENIOR roles"
    groups = [["$170,193", "170,193"], ["senior roles"], ["bonus", "equity"]]
    assert m.missing_facts(answer, groups) == ["bonus"]
    assert m.fact_coverage(answer, groups) == pytest.approx(2 / 3)
    assert m.fact_coverage("", groups) == 0.0


def test_support_is_verbatim_or_near_verbatim_in_order():
    passage = "one two three four five six seven eight nine ten eleven"
    assert m.is_supported("THREE   four five", passage)
    # 9 of 10 words in order (one substituted): 0.9, supported.
    assert m.is_supported("one two three four five six seven eight nine TWELVE", passage)
    # 8 of 10: not supported.
    assert not m.is_supported("one two three four five six seven eight TWELVE THIRTEEN", passage)
    # The same words in another order are not the passage's statement.
    assert not m.is_supported("five four three two one", passage)
    assert not m.is_supported("...", passage)
    assert not m.is_supported("", passage)
    assert not m.is_supported("three four", "")


def test_invalid_markers_are_the_ones_without_a_citation():
    statements = [m.Statement("a", (1,)), m.Statement("b", (3, 2)), m.Statement("c", ())]
    assert m.invalid_markers(statements, [1, 2]) == [3]
    assert m.invalid_markers(statements, []) == [1, 3, 2]


def test_citation_recall_and_precision():
    passage_of = {1: "alpha beta gamma", 2: "delta epsilon"}
    statements = [
        m.Statement("alpha beta", (1,)),  # supported by [1]
        m.Statement("delta epsilon", (1, 2)),  # [1] does not support it, [2] does
        m.Statement("zeta eta", ()),  # cites nothing
    ]
    # Recall: statements 1 and 2 have a supporting citation: 2/3.
    assert m.citation_recall(statements, passage_of) == pytest.approx(2 / 3)
    # Precision: pairs (1,[1]) yes, (2,[1]) no, (2,[2]) yes: 2/3.
    assert m.citation_precision(statements, passage_of) == pytest.approx(2 / 3)
    assert m.unsupported_statements(statements, passage_of) == [statements[2]]


def test_citation_metrics_without_statements_or_citations():
    assert m.citation_recall([], {}) is None
    assert m.citation_precision([], {}) is None
    # Statements without markers: no pairs for precision, and none is supported.
    assert m.citation_precision([m.Statement("a b", ())], {}) is None
    assert m.citation_recall([m.Statement("a b", ())], {}) == 0.0
    # A marker whose citation was not returned supports nothing.
    assert m.citation_precision([m.Statement("a b", (4,))], {}) == 0.0


def test_faithfulness_is_support_by_any_context_passage():
    statements = [m.Statement("alpha beta", (2,)), m.Statement("delta", ()), m.Statement("omega", (1,))]
    assert m.faithfulness(statements, ["alpha beta gamma", "delta epsilon"]) == pytest.approx(2 / 3)
    assert m.faithfulness(statements, []) == 0.0
    assert m.faithfulness([], ["alpha"]) is None


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([10, 20, 30, 40], 50, 25.0),  # halfway between 20 and 30
        ([10, 20, 30, 40], 95, 38.5),  # position 2.85: 30 + 0.85 * 10
        ([40, 10, 30, 20], 0, 10.0),  # order of input does not matter
        ([5, 5, 5, 100], 50, 5.0),  # ties
        ([7], 95, 7.0),
        ([], 50, None),
    ],
)
def test_percentile(values, q, expected):
    assert m.percentile(values, q) == expected


def test_mean_and_share_skip_what_is_undefined():
    assert m.mean([None, 1.0, 0.0]) == 0.5
    assert m.mean([None]) is None
    assert m.share([True, False, False, True]) == 0.5
    assert m.share([]) is None


# Scoring a whole reply


def item(**fields) -> GoldItem:
    defaults = {"id": "x", "user_input": "q?", "answerable": True, "reference_contexts": ["$170,193"],
                "reference_facts": [["$170,193", "170,193"]]}
    return GoldItem.model_validate(defaults | fields)


def citation(n: int, text: str) -> dict:
    return {"n": n, "id": f"c{n}", "section": "s", "text": text}


def reply(answer: str, citations: list[dict], grounded: bool = True, retrieved=None, latency: float = 10.0,
          context=None) -> Reply:
    return Reply(answer, grounded, citations, latency, retrieved, context if context is not None else retrieved)


def test_a_good_answer_passes_with_full_scores():
    result = score_item(
        item(),
        reply("California average: ~$170,193 base salary for senior roles [1]", [citation(1, PASSAGE_SALARY)],
              retrieved=[PASSAGE_OTHER, PASSAGE_SALARY]),
        index_passages=[PASSAGE_OTHER, PASSAGE_SALARY, PASSAGE_DEGREE],
    )
    assert result.passed, result.failures
    scores = result.scores
    assert scores["key_fact_coverage"] == 1.0 and scores["citation_relevance"] == 1.0
    assert scores["citation_validity"] == scores["citation_precision"] == scores["citation_recall"] == 1.0
    assert scores["mrr"] == 0.5 and scores["hit_at_k"] == 1.0 and scores["refused"] == 0.0
    assert scores["ndcg_at_k"] == pytest.approx(1 / math.log2(3))
    assert result.unmatched_contexts == []


def test_a_reference_span_that_no_indexed_passage_contains_is_flagged():
    # "senior roles Education" runs across two passages, so no single passage can ever match it.
    gold = item(reference_contexts=["$170,193", "senior roles Education"])
    result = score_item(gold, reply("$170,193 [1]", [citation(1, PASSAGE_SALARY)], retrieved=[PASSAGE_SALARY]),
                        index_passages=[PASSAGE_SALARY, PASSAGE_DEGREE])
    assert result.unmatched_contexts == ["senior roles Education"]
    assert result.scores["recall_at_k"] == 0.5


def test_retrieval_is_scored_on_the_top_k_and_faithfulness_on_the_whole_context():
    answer = "California average: ~$170,193 base salary for senior roles [1]\n- Strong problem-solving abilities [2]"
    citations = [citation(1, PASSAGE_SALARY), citation(2, PASSAGE_OTHER)]
    # The salary passage came after the top k (a follow-up's extra passage); the other one is cited
    # but the chain never reported retrieving it.
    result = score_item(item(), reply(answer, citations, retrieved=[PASSAGE_DEGREE], context=[PASSAGE_DEGREE, PASSAGE_SALARY]),
                        index_passages=[PASSAGE_OTHER, PASSAGE_SALARY, PASSAGE_DEGREE])
    assert result.scores["hit_at_k"] == 0.0 and result.scores["mrr"] == 0.0
    assert result.scores["faithfulness"] == 0.5
    assert result.scores["citation_recall"] == 1.0


def test_a_refused_answerable_item_fails_and_scores_zero_coverage():
    result = score_item(item(), reply("I can't answer that.", [], grounded=False, retrieved=[]), index_passages=[])
    assert result.failures[0] == "refused an answerable question"
    assert result.scores["refused"] == 1.0 and result.scores["key_fact_coverage"] == 0.0
    assert result.scores["hit_at_k"] == 0.0 and result.scores["mrr"] == 0.0
    # No statements and no citations: the citation metrics do not apply.
    assert result.scores["citation_precision"] is None and result.scores["citation_relevance"] is None


def test_out_of_scope_items_pass_when_refused_and_fail_when_answered():
    refused = score_item(item(answerable=False, reference_contexts=[], reference_facts=[]),
                         reply("I can't answer that.", [], grounded=False))
    assert refused.passed and "key_fact_coverage" not in refused.scores
    answered = score_item(item(answerable=False, reference_contexts=[], reference_facts=[]),
                          reply("Strong problem-solving abilities [1]", [citation(1, PASSAGE_OTHER)]))
    assert answered.failures == ["answered an out-of-scope question"]


def test_failures_name_bad_markers_irrelevant_citations_and_unsupported_statements():
    result = score_item(
        item(),
        reply("Strong problem-solving abilities [1]\n- Something the passage never says [1]\n- More [3]",
              [citation(1, PASSAGE_OTHER)]),
    )
    assert result.failures == [
        "markers [3] point at no returned citation",
        "2 statement(s) not supported by their citations",
        "missing facts: $170,193",
        "citations [1] contain no reference passage",
    ]
    # Over HTTP nothing retrieved is known: no retrieval metrics, faithfulness against the citations.
    assert "mrr" not in result.scores
    assert result.scores["faithfulness"] == pytest.approx(1 / 3)


def test_aggregate_pools_citation_relevance_and_splits_refusals_by_answerability():
    results = [
        # Two citations, one relevant.
        score_item(item(id="a"), reply("$170,193 [1]\n- adaptability [2]",
                                       [citation(1, PASSAGE_SALARY), citation(2, PASSAGE_OTHER)], latency=10)),
        # One citation, relevant.
        score_item(item(id="b"), reply("$170,193 [1]", [citation(1, PASSAGE_SALARY)], latency=20)),
        # A false refusal.
        score_item(item(id="c"), reply("No.", [], grounded=False, latency=30)),
        # Out of scope: one refused, one answered.
        score_item(item(id="d", answerable=False, reference_contexts=[], reference_facts=[]),
                   reply("No.", [], grounded=False, latency=40)),
        score_item(item(id="e", answerable=False, reference_contexts=[], reference_facts=[]),
                   reply("adaptability [1]", [citation(1, PASSAGE_OTHER)], latency=50)),
    ]
    metrics = aggregate(results)
    assert metrics["citation_relevance"] == pytest.approx(2 / 3)  # pooled 2 of 3, not the item mean 0.75
    assert metrics["key_fact_coverage"] == pytest.approx(2 / 3)  # items a, b covered; c refused
    assert metrics["false_refusal_rate"] == pytest.approx(1 / 3)
    assert metrics["refusal_accuracy"] == 0.5
    assert metrics["latency_p50_ms"] == 30.0
    assert metrics["latency_p95_ms"] == pytest.approx(48.0)
    # The median length is over the answers given, not the refusals: lengths 31, 12, 16.
    assert metrics["answer_chars_median"] == 16.0
    # No retrieved passages were given: the retrieval metrics are undefined, not zero.
    assert metrics["mrr"] is None
