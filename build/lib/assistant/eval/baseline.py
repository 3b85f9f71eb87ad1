"""`--baseline OLD/metrics.json`: the delta of each metric, and which ones dropped past the tolerance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from assistant.eval.scoring import METRICS, MetricInfo

DEFAULT_TOLERANCE = 0.02


class BaselineError(Exception):
    """A baseline file that cannot be compared against."""


@dataclass(frozen=True)
class Delta:
    info: MetricInfo
    old: float | None
    new: float | None

    @property
    def drop(self) -> float | None:
        """How much worse the new value is, in the metric's own direction; None when either is missing."""
        if self.old is None or self.new is None:
            return None
        return self.new - self.old if self.info.lower_is_better else self.old - self.new

    def regressed(self, tolerance: float) -> bool:
        # Only shares are gated: latency and length vary with the machine and the wording.
        return self.info.is_rate and self.drop is not None and self.drop > tolerance


def load_baseline(path: Path) -> dict[str, float | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: not a readable metrics.json ({error})") from None
    if isinstance(data, dict) and "variants" in data:
        raise BaselineError(f"{path}: holds a --compare result; pass one variant's metrics.json")
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise BaselineError(f"{path}: has no 'metrics' object; pass the metrics.json an earlier run wrote")
    return data["metrics"]


def compare(current: dict[str, float | None], baseline: dict[str, float | None]) -> list[Delta]:
    return [Delta(info, baseline.get(info.key), current.get(info.key)) for info in METRICS]


def format_deltas(deltas: list[Delta], tolerance: float) -> str:
    lines = ["| metric | baseline | now | change | |", "|---|---:|---:|---:|---|"]
    for delta in deltas:
        if delta.drop is None:
            lines.append(f"| {delta.info.label} | {delta.old} | {delta.new} | n/a | |")
            continue
        verdict = "REGRESSED" if delta.regressed(tolerance) else ""
        lines.append(f"| {delta.info.label} | {delta.old:.3f} | {delta.new:.3f} | {delta.new - delta.old:+.3f} | {verdict} |")
    return "\n".join(lines)
