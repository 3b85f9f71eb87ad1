"""Every evaluation metric on hand-built cases whose answers are worked out in the comments."""

from __future__ import annotations

import math
import re

import pytest

from assistant.eval import metrics as m
from assistant.eval.gold import GoldItem
from assistant.eval.scoring import NO_CONTENT, Reply, aggregate, by_tag, score_item

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


def test_statements_come_from_the_reply_and_a_refusal_has_none():
    replied = [{"text": "The lead.", "heading": "", "citations": [1], "document": "Role"},
               {"text": "A second statement", "heading": "Skills", "citations": [1, 2], "document": "Role"}]
    assert m.statements_of(replied, grounded=True) == [
        m.Statement("The lead.", (1,)), m.Statement("A second statement", (1, 2))]
    assert m.statements_of(replied, grounded=False) == []


def test_section_headings_are_the_parts_of_a_heading_path():
    assert m.section_headings("Market Demand > Compensation") == ["Market Demand", "Compensation"]
    assert m.section_headings("Overview") == ["Overview"]
    assert m.section_headings("") == []


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("Compensation", False),  # a heading of the cited passage's path
        ("  market   DEMAND ", False),  # the same, whitespace and case aside
        ("The key responsibilities include:", False),  # a list lead-in
        ("California average: ~$170,193 base salary", True),  # a colon inside is fine
        ("Compensation varies by location", True),  # a heading's word is not the heading
        ("Mid-Level (4-7 years)", True),  # a heading that states a figure
    ],
)
def test_a_statement_says_something_unless_it_is_a_lead_in_or_a_heading(text, says):
    assert m.says_something(m.Statement(text, (1,)), ["Market Demand", "Compensation", "Mid-Level (4-7 years)"]) is says


def test_an_answer_has_content_when_one_statement_is_more_than_its_passages_headings():
    section_of = {1: "Market Demand > Compensation", 2: "Skills"}
    heading_only = [m.Statement("Compensation", (1,)), m.Statement("Skills are listed below:", (2,))]
    assert not m.has_content(heading_only, section_of)
    assert not m.has_content([], section_of)
    # "Skills" is a heading of passage 2, not of passage 1, which this statement cites.
    assert m.has_content([m.Statement("Skills", (1,))], section_of)
    assert m.has_content([*heading_only, m.Statement("~$170,193 in California", (1,))], section_of)


def test_a_list_of_distinct_sub_headings_is_an_answer_but_one_heading_repeated_is_not():
    section_of = {1: "Common Challenges > Alert Management", 2: "Common Challenges > System Stability"}
    entries = [m.Statement("Alert Management", (1,)), m.Statement("System Stability", (2,))]
    assert m.has_content(entries, section_of)
    assert not m.has_content([entries[0], m.Statement("Alert Management", (1,))], section_of)


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


def test_documents_are_named_by_file_name():
    assert m.document_name("eval/corpora/roles/northwind-data-engineer.txt") == "northwind-data-engineer.txt"
    assert m.document_name("C:\\corpus\\a.md") == "a.md"
    assert m.document_name("a.md") == "a.md"


NORTHWIND, KESTREL, QUILL = "northwind-data-engineer.txt", "kestrelpoint-staff-platform-engineer.html", "quill.md"
CITED = ["roles/northwind-data-engineer.txt", "/abs/roles/kestrelpoint-staff-platform-engineer.html",
         "roles/northwind-data-engineer.txt"]


def test_right_document_cited_needs_a_citation_and_only_named_documents():
    assert m.right_document_cited(CITED, [NORTHWIND, KESTREL])
    assert m.right_document_cited(CITED, [NORTHWIND, KESTREL, QUILL])  # naming more is not citing wrongly
    assert not m.right_document_cited(CITED, [NORTHWIND])  # Kestrel Point is not named
    assert not m.right_document_cited([], [NORTHWIND])  # no citation at all
    assert m.foreign_documents(CITED, [QUILL]) == [NORTHWIND, KESTREL]  # each once, in order of citation


def test_every_named_document_cited_needs_each_named_one_among_the_citations():
    assert m.every_named_document_cited(CITED, [KESTREL, NORTHWIND])
    assert not m.every_named_document_cited(CITED, [NORTHWIND, QUILL])
    assert m.uncited_documents(CITED, [NORTHWIND, QUILL, QUILL]) == [QUILL]
    assert m.uncited_documents([], [NORTHWIND, KESTREL]) == [NORTHWIND, KESTREL]


@pytest.mark.parametrize(
    ("answered", "missing", "right_document", "expected"),
    [
        (True, [], True, True),
        (True, [], None, True),  # the item names no document: facts alone decide
        (True, [], False, False),  # every fact, from the wrong document
        (True, ["$170,193"], True, False),
        (False, [], None, False),  # a refusal is never correct for an answerable item
    ],
)
def test_fully_correct(answered, missing, right_document, expected):
    assert m.fully_correct(answered, missing, right_document) is expected


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


def citation(n: int, text: str, source: str = "corpus/role.txt", section: str = "s") -> dict:
    return {"n": n, "id": f"c{n}", "source": source, "title": "t", "section": section, "text": text}


def reply(answer: str, citations: list[dict], grounded: bool = True, retrieved=None, latency: float = 10.0,
          context=None) -> Reply:
    """The reply to `answer`, written as the chain writes one: its statements are its cited lines
    (an attribution line, "From <document>:", is not one)."""
    statements = []
    for line in answer.splitlines() if grounded else []:
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", line)]
        if numbers or not line.endswith(":"):
            text = re.sub(r"\s*\[\d+\]", "", line.removeprefix("- ")).strip()
            statements.append({"text": text, "heading": "", "citations": numbers, "document": "t"})
    return Reply(answer, grounded, citations, statements, latency, retrieved, context if context is not None else retrieved)


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
        "statements not supported by their citations: 2",
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


# Which documents an answer cites


def multi_item(sources: list[str], **fields) -> GoldItem:
    return item(reference_sources=sources, **fields)


SALARY_ANSWER = "California average: ~$170,193 base salary for senior roles [1]"


@pytest.mark.parametrize(
    ("sources", "cited", "expected"),
    [
        # One named document, cited: right, and fully correct (the fact is there).
        ([NORTHWIND], [NORTHWIND], {"right_document_cited": 1.0, "fully_correct": 1.0, "failures": []}),
        # The fact from another document: not the right document, so not fully correct either.
        ([NORTHWIND], [KESTREL], {"right_document_cited": 0.0, "fully_correct": 0.0,
                                  "failures": [f"wrong documents cited: {KESTREL}"]}),
        # Two named, one cited: right documents, but not every named one.
        ([NORTHWIND, KESTREL], [NORTHWIND], {"right_document_cited": 1.0, "every_named_document_cited": 0.0,
                                             "fully_correct": 1.0, "failures": [f"named documents not cited: {KESTREL}"]}),
        ([NORTHWIND, KESTREL], [KESTREL, NORTHWIND], {"right_document_cited": 1.0, "every_named_document_cited": 1.0,
                                                      "fully_correct": 1.0, "failures": []}),
        # No document named (the role set): only facts decide; the document metrics do not apply.
        ([], [NORTHWIND], {"right_document_cited": None, "fully_correct": 1.0, "failures": []}),
    ],
)
def test_document_scores_of_an_answered_item(sources, cited, expected):
    citations = [citation(n, PASSAGE_SALARY, f"eval/corpora/roles/{name}") for n, name in enumerate(cited, start=1)]
    answer = "\n".join(f"- California average: ~$170,193 base salary [{n}]" for n in range(1, len(cited) + 1))
    result = score_item(multi_item(sources), reply(answer, citations))
    assert result.failures == expected.pop("failures")
    assert {key: result.scores.get(key) for key in expected} == expected
    if len(sources) < 2:
        assert "every_named_document_cited" not in result.scores


def test_a_refused_multi_document_item_misses_every_named_document_and_is_not_fully_correct():
    result = score_item(multi_item([NORTHWIND, KESTREL]), reply("I can't answer that.", [], grounded=False))
    # Nothing was answered, so "only the right documents" is not scored; naming both still counts.
    assert result.scores["right_document_cited"] is None
    assert result.scores["every_named_document_cited"] == 0.0 and result.scores["fully_correct"] == 0.0
    assert result.failures == ["refused an answerable question", "missing facts: $170,193",
                               f"named documents not cited: {NORTHWIND}, {KESTREL}"]


def test_an_answered_item_without_a_citation_cites_the_wrong_documents():
    result = score_item(multi_item([NORTHWIND]), reply("$170,193", []))
    assert result.scores["right_document_cited"] == 0.0
    assert "wrong documents cited: no citation at all" in result.failures


def test_an_answer_of_headings_and_lead_ins_fails_for_saying_nothing():
    passage = "Compensation\n- California average: ~$170,193 base salary"
    cited = [citation(1, passage, section="Market Demand > Compensation")]
    empty = score_item(item(), reply("From Acme — Engineer:\nCompensation [1]\n- Salaries are:[1]", cited))
    assert NO_CONTENT in empty.failures
    full = score_item(item(), reply("From Acme — Engineer:\nCompensation [1]\n- ~$170,193 base salary [1]", cited))
    assert NO_CONTENT not in full.failures and full.passed, full.failures
    # An answered out-of-scope question is checked too; a refusal has nothing to check.
    oos = item(answerable=False, reference_contexts=[], reference_facts=[])
    assert NO_CONTENT in score_item(oos, reply("Compensation [1]", cited)).failures
    assert score_item(oos, reply("I can't answer that.", [], grounded=False)).passed


def test_document_metrics_aggregate_as_shares_and_are_na_when_no_item_qualifies():
    def cites(name: str) -> list[dict]:
        return [citation(1, PASSAGE_SALARY, f"roles/{name}")]

    results = [
        score_item(multi_item([NORTHWIND], id="a", tags=["single-fact"]), reply(SALARY_ANSWER, cites(NORTHWIND))),
        score_item(multi_item([NORTHWIND], id="b", tags=["single-fact"]), reply(SALARY_ANSWER, cites(KESTREL))),
        score_item(multi_item([NORTHWIND, KESTREL], id="c", tags=["cross-document"]), reply(SALARY_ANSWER, cites(KESTREL))),
        score_item(multi_item([NORTHWIND], id="d", tags=["single-fact"]), reply("No.", [], grounded=False)),
        score_item(item(id="e", answerable=False, reference_contexts=[], reference_facts=[], tags=["out-of-scope"]),
                   reply("No.", [], grounded=False)),
    ]
    metrics = aggregate(results)
    # Right document: a yes, b no, c yes (Kestrel Point is named); d refused and e out of scope are not scored.
    assert metrics["right_document_cited"] == pytest.approx(2 / 3)
    # Every named document: only c names two, and it leaves Northwind out.
    assert metrics["every_named_document_cited"] == 0.0
    # Fully correct, over the four answerable items: a and c.
    assert metrics["fully_correct"] == 0.5
    tags = by_tag(results)
    assert tags["single-fact"]["right_document_cited"] == 0.5 and tags["single-fact"]["fully_correct"] == pytest.approx(1 / 3)
    assert tags["single-fact"]["every_named_document_cited"] is None  # no single-fact item names two documents
    assert tags["out-of-scope"]["fully_correct"] is None and tags["out-of-scope"]["refusal_accuracy"] == 1.0
