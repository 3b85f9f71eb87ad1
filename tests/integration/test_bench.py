"""The benchmark's summaries: a ratio is the median of each phase pair's own ratio; the chart is drawn."""

from __future__ import annotations

from assistant.ops.bench import medians
from assistant.ops.bench_chart import chart_latency_by_size


def test_a_ratio_is_the_median_of_the_pairs_ratios_not_a_ratio_of_medians():
    pairs = [
        {"floor_ms": 10.0, "served_ms": 20.0, "ratio": 2.0},
        {"floor_ms": 30.0, "served_ms": 33.0, "ratio": 1.1},
        {"floor_ms": 20.0, "served_ms": 60.0, "ratio": 3.0},
    ]
    summary = medians(pairs)
    assert summary == {"floor_ms": 20.0, "served_ms": 33.0, "ratio": 2.0, "phase_pairs": 3}
    assert summary["ratio"] != summary["served_ms"] / summary["floor_ms"]


def test_the_chart_plots_latency_against_passages(tmp_path):
    latency = {"ask_p50_ms": 20.0, "ask_p95_ms": 30.0, "floor_p50_ms": 15.0, "floor_p95_ms": 18.0}
    results = {f"role-x{n}": {"server": {"passages": 88 * n, "latency": latency}} for n in (100, 1, 10)}
    out = tmp_path / "chart" / "latency-by-size.png"
    chart_latency_by_size(results, out)
    assert out.read_bytes().startswith(b"\x89PNG")
