"""The check on a model's sentences, on the real model and index: the labelled sentences it was
calibrated on, held to what the calibration measured."""

from __future__ import annotations

from assistant.core.chain import MIN_SUPPORT
from assistant.eval.support import Calibration, load_labelled, precision_recall


def test_at_min_support_no_false_labelled_sentence_is_kept_and_nearly_every_true_one_is(indexed_settings):
    items = load_labelled()
    kept = Calibration(indexed_settings).kept_at(MIN_SUPPORT, items)
    precision, recall = precision_recall(kept, [item["supported"] for item in items])
    wrongly_kept = [item["sentence"] for item, k in zip(items, kept) if k and not item["supported"]]
    assert precision == 1.0, wrongly_kept
    assert recall >= 0.95, [item["sentence"] for item, k in zip(items, kept) if item["supported"] and not k]
