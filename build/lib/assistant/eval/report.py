"""Writes a run (or a comparison of runs) as metrics.json, results.jsonl, report.md and chart.png."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from assistant.eval.runner import Run
from assistant.eval.scoring import METRICS, ItemResult

WORST_SHOWN = 15
ANSWER_EXCERPT_CHARS = 160
TAG_COLUMNS = ("key_fact_coverage", "fully_correct", "citation_relevance", "right_document_cited",
               "every_named_document_cited", "faithfulness", "refusal_accuracy", "false_refusal_rate", "mrr")
LABEL = {info.key: info.label for info in METRICS}
CHART_ROW_INCHES = 0.35
CHART_WIDTH_INCHES = 9

HOW_SCORED = """\
How it is scored: a passage or citation is relevant when it contains one of the item's
`reference_contexts` (whitespace collapsed, case ignored). A fact is covered when one of its
acceptable strings appears in the answer. Each answer line is a statement; a statement is
supported by a passage when it appears in it verbatim, or when at least 90% of its words appear
in it in order; a line with no marker that ends with ":" is an attribution header, not a statement.
Retrieval metrics score the chain's first k `retrieved` passages; faithfulness checks each
statement against every passage the chain reports retrieving. Retrieval metrics, coverage and
citation relevance are over answerable items; citation relevance is pooled over all their
citations. Documents are compared by file name: an answered item that names `reference_sources`
cites only the named documents when it has a citation and each one comes from one of them; an
item naming two or more has every named document cited when each is among the cited ones. An
answerable item is fully correct when it is answered, covers every fact and, when it names
documents, cites only them. A metric no item qualifies for is n/a. Latency is measured by the
harness around each call."""

HTTP_NOTE = """\
This run went over HTTP: `/api/ask` returns only citations, not the ranked retrieved passages,
so the retrieval metrics (hit@k, recall@k, MRR, nDCG, context precision) are omitted and
faithfulness is checked against the cited passages only."""


def _format(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    info = next(info for info in METRICS if info.key == key)
    return f"{value:.3f}" if info.is_rate else f"{value:.0f}"


def metrics_table(columns: dict[str, dict[str, float | None]], keys: Sequence[str] | None = None) -> list[str]:
    """A Markdown table with a row per metric (every one, or those in `keys`) and a column per run."""
    lines = ["| metric | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for info in METRICS:
        if keys is not None and info.key not in keys:
            continue
        direction = "lower is better" if info.lower_is_better else ""
        label = f"{info.label} ({direction})" if direction and info.is_rate else info.label
        lines.append(f"| {label} | " + " | ".join(_format(info.key, m[info.key]) for m in columns.values()) + " |")
    return lines


def plot_metrics(columns: dict[str, dict[str, float | None]], path: Path, title: str) -> None:
    """Grouped horizontal bars of the rate metrics, one colour per run."""
    keys = [info.key for info in METRICS if info.is_rate]
    figure = Figure(figsize=(CHART_WIDTH_INCHES, 1.5 + CHART_ROW_INCHES * len(keys) * max(1, len(columns) / 2)))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    height = 0.8 / len(columns)
    for index, (name, metrics) in enumerate(columns.items()):
        positions = [row + index * height for row in range(len(keys))]
        axes.barh(positions, [metrics[key] or 0.0 for key in keys], height=height, label=name)
    axes.set_yticks([row + 0.4 - height / 2 for row in range(len(keys))], [LABEL[key] for key in keys])
    axes.invert_yaxis()
    axes.set_xlim(0, 1)
    axes.set_title(title)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=len(columns), frameon=False)
    figure.tight_layout()
    figure.savefig(path, format="png")


def _row(result: ItemResult) -> dict:
    relevant = result.relevant_citations or [None] * len(result.reply.citations)
    return {
        "id": result.item.id,
        "tags": result.item.tags,
        "answerable": result.item.answerable,
        "user_input": result.item.user_input,
        "history": [turn.model_dump() for turn in result.item.history],
        "answer": result.reply.answer,
        "grounded": result.reply.grounded,
        "reference_sources": result.item.reference_sources,
        "citations": [
            {key: citation.get(key) for key in ("n", "id", "source", "title", "section", "text")} | {"relevant": flag}
            for citation, flag in zip(result.reply.citations, relevant)
        ],
        "metrics": result.scores,
        "passed": result.passed,
        "failures": result.failures,
        "unmatched_contexts": result.unmatched_contexts,
    }


def _worst(results: Sequence[ItemResult]) -> list[ItemResult]:
    failing = [r for r in results if not r.passed]
    return sorted(failing, key=lambda r: (-len(r.failures), r.scores.get("key_fact_coverage") or 0.0))[:WORST_SHOWN]


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _answering_lines(answering: dict) -> list[str]:
    """Who answered and how fast; with a model, its fallbacks and the sentences verification dropped."""
    lines = [f"- {name}: {count} answers, p50 {answering['latency_p50_ms'][name]} ms"
             for name, count in answering["answers"].items()]
    if "model_asked" in answering:
        fallbacks = ", ".join(f"{reason} {n}" for reason, n in answering["fallbacks"].items()) or "none"
        dropped = ", ".join(f"{reason} {share:.1%}" for reason, share in answering["dropped_share"].items()) or "none"
        lines += [f"- the model was asked {answering['model_asked']} times; the quoted answer stood in "
                  f"{answering['fallback_rate']:.1%} of them ({fallbacks})",
                  f"- of its {answering['model_sentences']} sentences, dropped: {dropped}"]
    return lines


def _run_report(run: Run) -> str:
    summary = run.summary()
    count = summary["counts"]
    lines = [
        f"# Evaluation: {run.name}",
        "",
        f"{count['items']} items ({count['answerable']} answerable, {count['out_of_scope']} out of scope), "
        f"{count['passed']} passed; run {run.description} in {run.seconds:.1f}s"
        + (f" on {run.passages} passages." if run.passages is not None else "."),
        "",
        "Settings: " + (", ".join(f"`{k}={v}`" for k, v in sorted(run.settings.items())) or "the server's own"),
        "",
        "## Summary",
        "",
        *metrics_table({"value": summary["metrics"]}),
        "",
        HOW_SCORED,
        "",
    ]
    if run.passages is None:
        lines += [HTTP_NOTE, ""]
    lines += ["## Answerers", "", *_answering_lines(summary["answering"]), ""]
    lines += ["## Per tag", "", "| tag | items | " + " | ".join(LABEL[k] for k in TAG_COLUMNS) + " |",
              "|---|---:|" + "---:|" * len(TAG_COLUMNS)]
    for tag, metrics in summary["by_tag"].items():
        items = sum(1 for r in run.results if tag in r.item.tags)
        lines.append(f"| {tag} | {items} | " + " | ".join(_format(k, metrics[k]) for k in TAG_COLUMNS) + " |")
    unmatched = [r for r in run.results if r.unmatched_contexts]
    if unmatched:
        lines += ["", "## Reference passages no indexed passage contains", "",
                  "These spans cross a chunk boundary, so no citation can match them: fix the gold span or the chunking.", ""]
        lines += [f"- {r.item.id}: " + "; ".join(f"`{_cell(span)}`" for span in r.unmatched_contexts) for r in unmatched]
    lines += ["", "## Worst items", ""]
    worst = _worst(run.results)
    if not worst:
        lines.append("Every item passed.")
    else:
        lines += ["| id | why it failed | question | answer |", "|---|---|---|---|"]
        for result in worst:
            answer = result.reply.answer[:ANSWER_EXCERPT_CHARS]
            lines.append(f"| {result.item.id} | {_cell('; '.join(result.failures))} | "
                         f"{_cell(result.item.user_input)} | {_cell(answer)} |")
    return "\n".join(lines) + "\n"


def write_run(folder: Path, run: Run) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "metrics.json").write_text(json.dumps(run.summary(), indent=2) + "\n")
    with (folder / "results.jsonl").open("w") as rows:
        for result in run.results:
            rows.write(json.dumps(_row(result)) + "\n")
    (folder / "report.md").write_text(_run_report(run))
    plot_metrics({run.name: run.metrics}, folder / "chart.png", f"{run.name}: {len(run.results)} gold items")


def write_comparison(folder: Path, runs: Sequence[Run], title: str = "comparison") -> None:
    """Each run in its own sub-folder, plus one table and one chart with a column per run."""
    for run in runs:
        write_run(folder / run.name, run)
    columns = {run.name: run.metrics for run in runs}
    (folder / "metrics.json").write_text(json.dumps({"variants": {run.name: run.summary() for run in runs}}, indent=2) + "\n")
    lines = [
        f"# Evaluation: {title}",
        "",
        *(f"- **{run.name}**: {run.description}, {run.passages} passages, {run.seconds:.1f}s; "
          + ", ".join(f"`{k}={v}`" for k, v in sorted(run.settings.items())) for run in runs),
        "",
        *metrics_table(columns),
        "",
        HOW_SCORED,
        "",
        "Each run's items, worst items and per-tag metrics are in its own folder.",
    ]
    (folder / "report.md").write_text("\n".join(lines) + "\n")
    plot_metrics(columns, folder / "chart.png", f"{title}: " + " vs ".join(columns))
