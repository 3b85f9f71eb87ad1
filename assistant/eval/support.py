"""Calibrates the check that keeps a model's sentence: `python -m assistant.eval.support`.

`eval/support/labelled.jsonl` holds sentences a model might write about a passage of the role
document, each labelled supported or not by hand. Each is verified exactly as a model's reply is
(markers, figures, names, then meaning) at several thresholds of meaning support; the table gives
precision (kept sentences that are supported) and recall (supported sentences kept) on the even
items (dev, for choosing) and the odd ones (test, for reporting).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.answerers.extractive import StatementScorer, passage_statements
from assistant.answerers.verify import Verifier
from assistant.core.chain import MIN_SUPPORT, open_retriever
from assistant.ops.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "eval" / "support" / "labelled.jsonl"
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)


def load_labelled(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def precision_recall(kept: list[bool], supported: list[bool]) -> tuple[float, float]:
    true_kept = sum(k and s for k, s in zip(kept, supported))
    precision = true_kept / sum(kept) if any(kept) else 1.0
    recall = true_kept / sum(supported) if any(supported) else 1.0
    return precision, recall


class Calibration:
    """The verifier over the serving index of the role document, at any threshold."""

    def __init__(self, settings: Settings):
        retriever = open_retriever(settings)
        self._scorer = StatementScorer(retriever.embed_documents, retriever.idf, retriever.corpus_form, settings)
        self._by_section = {}
        for source in retriever.documents():
            for chunk in retriever.passages_of(source):
                self._by_section.setdefault(chunk.section, chunk)

    def kept_at(self, threshold: float, items: list[dict]) -> list[bool]:
        """Whether the verifier keeps each labelled sentence, cited to its passage, at this threshold."""
        verifier = Verifier(passage_statements, self._scorer.text_similarities, threshold)
        return [bool(verifier.verify(f"{item['sentence']} [1]", [self._by_section[item["section"]]]).kept) for item in items]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.eval.support", description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    calibration = Calibration(Settings())
    items = load_labelled()
    parts = {"dev": items[0::2], "test": items[1::2]}
    print("| threshold | dev precision | dev recall | test precision | test recall |")
    print("|---:|---:|---:|---:|---:|")
    for threshold in THRESHOLDS:
        cells = []
        for part in parts.values():
            precision, recall = precision_recall(calibration.kept_at(threshold, part), [i["supported"] for i in part])
            cells += [f"{precision:.2f}", f"{recall:.2f}"]
        chosen = " (MIN_SUPPORT)" if threshold == MIN_SUPPORT else ""
        print(f"| {threshold}{chosen} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
