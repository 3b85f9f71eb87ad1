"""Runs every gold item through a target, with a progress bar, and scores the run."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Sequence

from tqdm import tqdm

from assistant.eval.gold import GoldItem
from assistant.eval.scoring import ItemResult, aggregate, answering, by_tag, counts, score_item
from assistant.eval.targets import Target


@dataclass(repr=False)  # the full results would flood a failing test's report
class Run:
    name: str
    description: str
    settings: dict
    results: list[ItemResult]
    seconds: float
    passages: int | None  # passages in the index it ran on; None over HTTP

    def __repr__(self) -> str:
        return f"Run({self.name!r}, {len(self.results)} items, {self.description})"

    @property
    def metrics(self) -> dict[str, float | None]:
        return aggregate(self.results)

    def summary(self) -> dict:
        return {
            "name": self.name,
            "target": self.description,
            "settings": self.settings,
            "passages": self.passages,
            "counts": counts(self.results),
            "run_seconds": round(self.seconds, 2),
            "metrics": self.metrics,
            "answering": answering(self.results),
            "by_tag": by_tag(self.results),
        }


def run_gold(name: str, items: Sequence[GoldItem], target: Target, progress: bool = True) -> Run:
    started = time.perf_counter()
    results = [
        score_item(item, target.ask(item), target.index_passages)
        # disable=None: a bar on a terminal, none in a CI log, where it would be a wall of carriage returns.
        for item in tqdm(items, desc=name, unit="item", file=sys.stderr, disable=None if progress else True, leave=False)
    ]
    passages = len(target.index_passages) if target.index_passages is not None else None
    return Run(name, target.description, target.settings_used, results, time.perf_counter() - started, passages)
