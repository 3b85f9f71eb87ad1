"""The evaluation harness end to end: gold-file checks, the CLI's errors, --url, --compare, --baseline,
--corpus and --suite."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from assistant.eval import suite, targets
from assistant.eval.baseline import Delta, compare
from assistant.eval.cli import main
from assistant.eval.gold import GoldFileError, corpus_documents, load_gold
from assistant.eval.overrides import OverrideError, apply_overrides, parse_assignments, parse_variants
from assistant.eval.runner import run_gold
from assistant.eval.scoring import METRICS
from assistant.eval.targets import ChainTarget
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.store import open_vector_store
from tests.conftest import CORPUS, MULTI_CORPUS, ROOT, free_port, make_settings

ROLE_DOCUMENT = "senior-ml-infrastructure-engineer.txt"
NORTHWIND, QUILLFEATHER = "northwind-data-engineer.txt", "quillfeather-product-designer.md"
# Two documents, as gold sets see a corpus: file name -> visible text.
TWO_DOCUMENTS = {
    NORTHWIND: "What you'll do\nBuild and maintain streaming pipelines with Kafka and Spark Structured Streaming",
    QUILLFEATHER: "What we're looking for\nExpert knowledge of Figma, including components and variables",
}

# A small gold set of this test's own, so the harness is tested apart from the project's gold set.
SMALL_GOLD = [
    {"id": "salary-ca", "user_input": "What do senior engineers earn in California?",
     "reference_contexts": ["California average: ~$170,193 base salary"], "reference_facts": [["$170,193", "170,193"]],
     "answerable": True, "tags": ["salary"]},
    {"id": "salary-ca-followup", "user_input": "And what about California?",
     "history": [{"role": "user", "content": "What is the average salary in the US?"}],
     "reference_contexts": ["California average: ~$170,193 base salary"], "reference_facts": [["$170,193", "170,193"]],
     "answerable": True, "tags": ["salary", "follow-up"]},
    {"id": "degree", "user_input": "What degree do I need for this role?",
     "reference_contexts": ["Bachelor's or Master's degree in Computer Science"], "reference_facts": ["Bachelor"],
     "answerable": True, "tags": ["education"]},
    {"id": "mlops-tools", "user_input": "Which MLOps tools should they be familiar with?",
     "reference_contexts": ["Familiarity with tools like MLFlow, Kubeflow, and AWS Sagemaker."],
     "reference_facts": ["MLFlow", "Kubeflow"], "answerable": True, "tags": ["skills"]},
    {"id": "oos-france", "user_input": "What is the capital of France?", "answerable": False, "tags": ["out-of-scope"]},
    {"id": "oos-bread", "user_input": "How do I bake sourdough bread?", "answerable": False, "tags": ["out-of-scope"]},
]
OUTPUT_FILES = {"metrics.json", "results.jsonl", "report.md", "chart.png"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


@pytest.fixture()
def small_gold(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "gold.jsonl", SMALL_GOLD)


def read_results(folder: Path) -> dict[str, dict]:
    rows = [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]
    return {row["id"]: row for row in rows}


# The gold file


@pytest.fixture(scope="module")
def role_documents() -> dict[str, str]:
    return corpus_documents(CORPUS)


def test_the_small_gold_set_loads_with_facts_as_alternatives(small_gold, role_documents):
    assert ROLE_DOCUMENT in role_documents
    items = load_gold(small_gold, role_documents)
    assert [i.id for i in items] == [row["id"] for row in SMALL_GOLD]
    assert items[0].reference_facts == [["$170,193", "170,193"]]
    assert items[2].reference_facts == [["Bachelor"]]
    assert items[1].history[0].role == "user"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ({"user_input": "q", "answerable": False}, "id: Field required"),
        ({"id": "a", "user_input": "  ", "answerable": False}, "user_input: String should have at least 1 character"),
        ({"id": "a", "user_input": "q", "answerable": "yes"}, "answerable: Input should be a valid boolean"),
        ({"id": "a", "user_input": "q", "answerable": True, "reference_facts": ["x"]},
         "reference_contexts: an answerable item needs at least one"),
        ({"id": "a", "user_input": "q", "answerable": True, "reference_contexts": ["Soft Skills"],
          "reference_facts": [3]}, "reference_facts[0]: a fact must be a string or a list of acceptable strings"),
        ({"id": "a", "user_input": "q", "answerable": True, "reference_contexts": ["Soft Skills"],
          "reference_facts": [["x", ""]]}, "reference_facts[0][1]: String should have at least 1 character"),
        ({"id": "a", "user_input": "q", "answerable": False, "history": [{"role": "bot", "content": "hi"}]},
         "history[0].role: Input should be 'user' or 'assistant'"),
        ({"id": "a", "user_input": "q", "answerable": False, "refrence": "typo"}, "refrence: Extra inputs are not permitted"),
        ({"id": "a", "user_input": "q", "answerable": True, "reference_contexts": ["Soft Skillz"], "reference_facts": ["x"]},
         "reference_contexts[0]: not found in the corpus: 'Soft Skillz'"),
        ({"id": "salary-ca", "user_input": "q", "answerable": False}, "id: 'salary-ca' is already used on line 1"),
        ({"id": "a", "user_input": "q", "answerable": True, "reference_contexts": ["Soft Skills"], "reference_facts": ["x"],
          "reference_sources": ["senior-ml.txt"]}, "reference_sources[0]: no document named 'senior-ml.txt' in the corpus"),
        ({"id": "a", "user_input": "q", "answerable": False, "reference_sources": [ROLE_DOCUMENT]},
         "reference_sources: an out-of-scope item names no document"),
        ({"id": "a", "user_input": "q", "answerable": True, "reference_contexts": ["Soft Skills"], "reference_facts": ["x"],
          "reference_sources": [""]}, "reference_sources[0]: String should have at least 1 character"),
    ],
)
def test_a_bad_line_is_named_by_line_number_and_field(tmp_path, role_documents, line, expected):
    # The bad line is the third: a good item, a blank line, then the bad one.
    path = write_jsonl(tmp_path / "gold.jsonl", [SMALL_GOLD[0], "", line, SMALL_GOLD[2]])
    with pytest.raises(GoldFileError) as raised:
        load_gold(path, role_documents)
    [error] = str(raised.value).splitlines()  # the good lines around it raise nothing
    assert error.startswith(f"{path}:3: {expected}")


def multi_item(sources: list[str], span: str) -> dict:
    return {"id": "m", "user_input": "q", "answerable": True, "reference_contexts": [span], "reference_facts": ["x"],
            "reference_sources": sources}


@pytest.mark.parametrize(
    ("sources", "span", "expected"),
    [
        ([NORTHWIND], "streaming pipelines with KAFKA  and spark", None),  # case and whitespace aside
        ([NORTHWIND, QUILLFEATHER], "Expert knowledge of Figma", None),  # in one of the named documents
        ([], "Expert knowledge of Figma", None),  # naming none: any document will do
        ([NORTHWIND], "Expert knowledge of Figma", f"reference_contexts[0]: not found in {NORTHWIND}: 'Expert"),
        ([QUILLFEATHER, "acme.pdf"], "Figma", "reference_sources[1]: no document named 'acme.pdf' in the corpus"),
        ([], "Figma, Kafka", "reference_contexts[0]: not found in the corpus: 'Figma, Kafka'"),
    ],
)
def test_reference_spans_are_checked_against_the_documents_an_item_names(tmp_path, sources, span, expected):
    path = write_jsonl(tmp_path / "gold.jsonl", [multi_item(sources, span)])
    if expected is None:
        assert load_gold(path, TWO_DOCUMENTS)[0].reference_sources == sources
        return
    with pytest.raises(GoldFileError) as raised:
        load_gold(path, TWO_DOCUMENTS)
    [error] = str(raised.value).splitlines()
    assert error.startswith(f"{path}:1: {expected}")


def test_corpus_documents_are_named_by_file_name_and_must_be_told_apart(tmp_path):
    documents = corpus_documents(MULTI_CORPUS)
    assert {NORTHWIND, QUILLFEATHER, "fernhollow-mlops-engineer.pdf"} <= set(documents)
    assert "Build and maintain streaming pipelines" in documents[NORTHWIND]
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(MULTI_CORPUS / NORTHWIND, tmp_path / folder / NORTHWIND)
    with pytest.raises(GoldFileError, match=f"two documents are named {NORTHWIND}"):
        corpus_documents(tmp_path)


def test_every_bad_line_is_reported_at_once(tmp_path):
    path = write_jsonl(tmp_path / "gold.jsonl", ["{", SMALL_GOLD[0], "[]"])
    with pytest.raises(GoldFileError) as raised:
        load_gold(path)
    assert str(raised.value).splitlines() == [f"{path}:1: not valid JSON (Expecting property name enclosed in "
                                              "double quotes at column 2)", f"{path}:3: expected a JSON object"]


def test_an_empty_or_missing_gold_file_is_an_error(tmp_path):
    with pytest.raises(GoldFileError, match="has no items"):
        load_gold(write_jsonl(tmp_path / "empty.jsonl", ["", "  "]))
    with pytest.raises(GoldFileError, match="no such gold file"):
        load_gold(tmp_path / "absent.jsonl")


# Settings overrides


def test_overrides_are_validated_and_coerced(tmp_path):
    base = make_settings(tmp_path)
    changed = apply_overrides(base, parse_assignments(["top_k=3", "retrieval_mode=dense"]))
    assert (changed.top_k, changed.retrieval_mode) == (3, "dense")
    assert changed.model_dump(exclude={"top_k", "retrieval_mode"}) == base.model_dump(exclude={"top_k", "retrieval_mode"})
    with pytest.raises(OverrideError, match="unknown setting"):
        apply_overrides(base, {"topk": "3"})
    with pytest.raises(OverrideError, match="retrieval_mode='sparse'"):
        apply_overrides(base, {"retrieval_mode": "sparse"})
    with pytest.raises(OverrideError, match="expected key=value"):
        parse_assignments(["top_k"])
    with pytest.raises(OverrideError, match="given twice"):
        parse_variants(["a:top_k=1", "a:top_k=2"])
    assert parse_variants(["dense:retrieval_mode=dense,top_k=4", "base"])[0].overrides == {
        "retrieval_mode": "dense", "top_k": "4"}


# The CLI's bad input: a message, exit status 2, no traceback


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--gold", "{tmp}/absent.jsonl"], "no such gold file"),
        (["--gold", "{gold}", "--set", "top_k=many"], "top_k='many': Input should be a valid integer"),
        (["--gold", "{gold}", "--set", "no_such_setting=1"], "unknown setting(s) no_such_setting"),
        (["--gold", "{gold}", "--set", "top_k"], "expected key=value"),
        (["--gold", "{gold}", "--compare", "bad/name:top_k=1"], "a variant is NAME:key=value"),
        (["--gold", "{gold}", "--baseline", "{tmp}/absent.json"], "no such baseline file"),
        (["--gold", "{gold}", "--baseline", "{gold}"], "not a readable metrics.json"),
        (["--gold", "{gold}", "--url", "localhost:1"], "expected an http:// or https:// address"),
        (["--gold", "{gold}", "--corpus", "{tmp}/absent"], "absent"),
        # The small gold set is about the role document, which the multi-document corpus does not hold.
        (["--gold", "{gold}", "--corpus", str(MULTI_CORPUS)], "reference_contexts[0]: not found in the corpus"),
    ],
)
def test_bad_input_gets_a_message_and_exit_status_2(tmp_path, small_gold, capsys, argv, message):
    argv = [arg.format(tmp=tmp_path, gold=small_gold) for arg in argv]
    assert main([*argv, "--out", str(tmp_path / "out")], settings=make_settings(tmp_path)) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "one of the arguments --gold --suite is required"),
        (["--gold", "g", "--suite"], "not allowed with argument --gold"),
        (["--suite", "--url", "http://x"], "--suite runs each gold set in process"),
        (["--suite", "--corpus", "c"], "cannot be combined with --url, --compare, --baseline or --corpus"),
        (["--gold", "g", "--tolerance", "much"], "invalid float value"),
        (["--gold", "g", "--tolerance", "-1"], "--tolerance must be zero or more"),
        (["--gold", "g", "--url", "http://x", "--compare", "a"], "cannot be combined with --url"),
        (["--gold", "g", "--url", "http://x", "--set", "retrieval_mode=dense"], "retrieval_mode belong to the server"),
        (["--gold", "g", "--compare", "a", "--baseline", "m.json"], "--baseline gates a single run"),
    ],
)
def test_bad_arguments_print_usage_and_exit_2(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exited:
        main(argv, settings=make_settings(tmp_path))
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_an_unreachable_url_is_reported_by_the_real_command(small_gold, tmp_path):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    done = subprocess.run(
        [sys.executable, "-m", "assistant.eval", "--gold", str(small_gold), "--url", url, "--out", str(tmp_path / "o")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 2
    assert f"eval: cannot reach {url}" in done.stderr
    assert "Traceback" not in done.stderr


# Runs


def test_url_run_scores_the_served_app_like_the_chain_in_process(served_app, services, indexed_settings, small_gold, tmp_path):
    out = tmp_path / "http"
    assert main(["--gold", str(small_gold), "--url", served_app.url, "--set", "top_k=2", "--out", str(out)],
                settings=indexed_settings) == 0
    assert {p.name for p in out.iterdir()} == OUTPUT_FILES
    assert (out / "chart.png").read_bytes().startswith(PNG_SIGNATURE)

    summary = json.loads((out / "metrics.json").read_text())
    assert summary["target"] == f"over HTTP at {served_app.url}" and summary["settings"] == {"top_k": 2}
    assert summary["counts"] == {"items": 6, "answerable": 4, "out_of_scope": 2, "passed": summary["counts"]["passed"]}
    assert all(summary["metrics"][key] is None for key in ("hit_at_k", "recall_at_k", "mrr", "ndcg_at_k"))
    assert summary["metrics"]["key_fact_coverage"] is not None
    assert "retrieval metrics (hit@k, recall@k, MRR, nDCG, context precision) are omitted" in (out / "report.md").read_text()

    # The same answers as the chain gives in process with k=2, each scored and marked passed or not.
    rows = read_results(out)
    for gold in SMALL_GOLD:
        expected = services.chain.invoke({"question": gold["user_input"], "history": gold.get("history", []), "k": 2})
        row = rows[gold["id"]]
        assert row["answer"] == expected["answer"] and row["grounded"] == expected["grounded"]
        assert len(row["citations"]) <= 2
        assert row["passed"] == (row["failures"] == [])
        assert "key_fact_coverage" in row["metrics"] if gold["answerable"] else "refused" in row["metrics"]


def test_compare_runs_each_variant_with_its_own_settings(services, indexed_settings, small_gold, tmp_path):
    out = tmp_path / "cmp"
    modes = ("dense", "bm25", "hybrid")
    argv = ["--gold", str(small_gold), "--out", str(out), "--compare", *(f"{mode}:retrieval_mode={mode}" for mode in modes)]
    assert main(argv, settings=indexed_settings) == 0

    summary = json.loads((out / "metrics.json").read_text())["variants"]
    assert list(summary) == list(modes)
    table = (out / "report.md").read_text()
    assert "| metric | dense | bm25 | hybrid |" in table
    assert (out / "chart.png").read_bytes().startswith(PNG_SIGNATURE)
    per_item = {}
    for mode in modes:
        assert summary[mode]["settings"]["retrieval_mode"] == mode
        assert not {"slack_bot_token", "slack_signing_secret", "feedback_db"} & set(summary[mode]["settings"])
        assert {p.name for p in (out / mode).iterdir()} == OUTPUT_FILES
        # Each variant's results are what the chain with that mode gives when run directly.
        direct = run_gold(mode, load_gold(small_gold), ChainTarget(
            services.settings.model_copy(update={"retrieval_mode": mode}), services.retriever), progress=False)
        rows = read_results(out / mode)
        for result in direct.results:
            assert rows[result.item.id]["answer"] == result.reply.answer
            assert rows[result.item.id]["metrics"].get("mrr") == result.scores.get("mrr")
        per_item[mode] = [(row["answer"], row["metrics"].get("mrr")) for row in rows.values()]
    assert per_item["dense"] != per_item["bm25"], "dense and bm25 ranked every item alike: were the variants applied?"


def _serving_ids(settings) -> list[str]:
    return sorted(open_vector_store(settings, load_embeddings(settings.embedding_model)).get(include=[])["ids"])


@pytest.fixture()
def temporary_indexes(monkeypatch) -> list[Path]:
    """The folders of the temporary indexes the harness creates, in order."""
    created: list[Path] = []

    def recorded_temporary_directory(**kwargs):
        folder = tempfile.TemporaryDirectory(**kwargs)
        created.append(Path(folder.name))
        return folder

    monkeypatch.setattr(targets, "TemporaryDirectory", recorded_temporary_directory)
    return created


def test_a_chunk_size_variant_builds_a_temporary_index_and_leaves_the_serving_one(
    indexed_settings, small_gold, tmp_path, temporary_indexes
):
    before = _serving_ids(indexed_settings)
    out = tmp_path / "chunks"
    serving, smaller = indexed_settings.chunk_max_chars, indexed_settings.chunk_max_chars // 2
    argv = [
        "--gold", str(small_gold), "--out", str(out),
        "--compare", f"serving:chunk_max_chars={serving}", f"smaller:chunk_max_chars={smaller}",
    ]
    assert main(argv, settings=indexed_settings) == 0

    summary = json.loads((out / "metrics.json").read_text())["variants"]
    assert summary["serving"]["target"] == "in process" and summary["serving"]["passages"] == len(before)
    assert summary["smaller"]["target"] == "in process, temporary index (chunk_max_chars changed)"
    assert summary["smaller"]["passages"] > len(before), "smaller chunks should make more passages"
    assert summary["smaller"]["settings"]["chunk_max_chars"] == smaller
    assert _serving_ids(indexed_settings) == before
    [folder] = temporary_indexes
    assert folder != indexed_settings.chroma_dir and not folder.exists(), "the temporary index was not removed"


# A small multi-document set over two documents of eval/corpora/roles.
MULTI_GOLD = [
    {"id": "northwind-streaming", "user_input": "Which tools does the Northwind Robotics data engineer stream data with?",
     "reference_contexts": ["streaming pipelines with Kafka and Spark Structured Streaming"], "reference_facts": ["Kafka"],
     "reference_sources": [NORTHWIND], "answerable": True, "tags": ["single-fact"]},
    {"id": "quillfeather-figma", "user_input": "Which design tool must the Quillfeather product designer know well?",
     "reference_contexts": ["Expert knowledge of Figma"], "reference_facts": ["Figma"],
     "reference_sources": [QUILLFEATHER], "answerable": True, "tags": ["single-fact"]},
    SMALL_GOLD[-1],  # out of scope
]


def test_suite_scores_each_part_of_each_set_on_its_own_corpus(indexed_settings, tmp_path, monkeypatch,
                                                              temporary_indexes, capsys):
    gold_dir, corpus = tmp_path / "gold", tmp_path / "two-roles"
    gold_dir.mkdir()
    corpus.mkdir()
    for name in (NORTHWIND, QUILLFEATHER):
        shutil.copy(MULTI_CORPUS / name, corpus / name)
    for part in suite.PARTS:
        write_jsonl(gold_dir / f"role-{part}.jsonl", SMALL_GOLD)
        write_jsonl(gold_dir / f"multi-{part}.jsonl", MULTI_GOLD)
    monkeypatch.setattr(suite, "GOLD_DIR", gold_dir)
    monkeypatch.setattr(suite, "GOLD_SETS", (suite.GoldSet("role", None), suite.GoldSet("multi", corpus)))
    before = _serving_ids(indexed_settings)
    out = tmp_path / "suite"
    assert main(["--suite", "--out", str(out)], settings=indexed_settings) == 0

    runs = json.loads((out / "metrics.json").read_text())["variants"]
    assert list(runs) == ["role-dev", "role-test", "multi-dev", "multi-test"]
    assert {p.name for p in out.iterdir()} == {*runs, "metrics.json", "report.md", "chart.png"}
    assert runs["role-test"]["target"] == "in process" and runs["role-test"]["passages"] == len(before)
    assert runs["multi-test"]["target"] == "in process, temporary index (corpus_dir changed)"
    # The multi-document parts share one temporary index of their corpus, removed after the run.
    [folder] = temporary_indexes
    assert not folder.exists() and _serving_ids(indexed_settings) == before
    multi_citations = [c for row in read_results(out / "multi-test").values() for c in row["citations"]]
    assert multi_citations and all(Path(c["source"]).name in (NORTHWIND, QUILLFEATHER) for c in multi_citations)
    assert runs["role-dev"]["metrics"]["right_document_cited"] is None  # the role items name no document

    printed = capsys.readouterr().out
    assert "| metric | role-dev | role-test | multi-dev | multi-test |" in printed
    assert "| every named document cited |" in printed and "MRR" not in printed  # the headline metrics only


def test_baseline_gates_on_a_drop_past_the_tolerance(indexed_settings, small_gold, tmp_path, capsys):
    first = tmp_path / "first"
    assert main(["--gold", str(small_gold), "--out", str(first)], settings=indexed_settings) == 0
    old = json.loads((first / "metrics.json").read_text())

    # Against itself nothing drops; against a baseline 0.5 better on coverage, coverage regressed.
    assert main(["--gold", str(small_gold), "--out", str(tmp_path / "same"), "--baseline", str(first / "metrics.json")],
                settings=indexed_settings) == 0
    better = tmp_path / "better.json"
    old["metrics"]["key_fact_coverage"] += 0.5
    better.write_text(json.dumps(old))
    capsys.readouterr()
    argv = ["--gold", str(small_gold), "--out", str(tmp_path / "worse"), "--baseline", str(better), "--tolerance", "0.1"]
    assert main(argv, settings=indexed_settings) == 1
    captured = capsys.readouterr()
    assert "quality gate failed: key-fact coverage dropped by more than 0.1" in captured.err
    assert "| key-fact coverage |" in captured.out and "REGRESSED" in captured.out


def test_only_share_metrics_gate_and_direction_is_respected():
    info = {i.key: i for i in METRICS}
    assert Delta(info["false_refusal_rate"], 0.0, 0.1).regressed(0.05)  # a higher false-refusal rate is worse
    assert not Delta(info["false_refusal_rate"], 0.1, 0.0).regressed(0.05)
    assert not Delta(info["key_fact_coverage"], 0.9, 0.89).regressed(0.02)
    assert not Delta(info["latency_p95_ms"], 10.0, 500.0).regressed(0.02)  # machine noise never gates
    assert not Delta(info["mrr"], 0.9, None).regressed(0.0)  # omitted over HTTP: not a drop
    assert [d.info.key for d in compare({"mrr": 0.5}, {"mrr": 0.9}) if d.regressed(0.02)] == ["mrr"]
