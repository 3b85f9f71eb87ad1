"""The benchmark's chart: `/api/ask` latency and its floor against the number of passages."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402

LINES = (  # figure in the results' "latency", legend, style
    ("ask_p50_ms", "/api/ask p50", "o-"),
    ("ask_p95_ms", "/api/ask p95", "o--"),
    ("floor_p50_ms", "floor p50 (query embedding + Chroma query)", "s-"),
    ("floor_p95_ms", "floor p95", "s--"),
)


def chart_latency_by_size(results: dict, out: Path) -> None:
    runs = sorted(results.values(), key=lambda run: run["server"]["passages"])
    passages = [run["server"]["passages"] for run in runs]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for figure_name, label, style in LINES:
        axes.plot(passages, [run["server"]["latency"][figure_name] for run in runs], style, label=label)
    axes.set_xscale("log")
    axes.set_xlabel("passages in the index")
    axes.set_ylabel("milliseconds (median over phase pairs)")
    axes.set_title("Latency against corpus size")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1), fontsize="small")
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=120, bbox_inches="tight")
    plt.close(figure)
