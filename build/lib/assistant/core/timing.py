"""One clock for every stage timing the chain and the harness report."""

from __future__ import annotations

import time


def elapsed_ms(since: float) -> float:
    """Milliseconds since `since` (a `time.perf_counter()` reading), to a tenth."""
    return round((time.perf_counter() - since) * 1000, 1)
