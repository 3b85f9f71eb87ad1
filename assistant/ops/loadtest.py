"""A bounded load test on loopback: `python -m assistant.ops.loadtest` (`make loadtest`).

It indexes the role corpus into a scratch folder, starts `python app.py` on 127.0.0.1, and measures:
- steady load: REQUESTS questions from CLIENTS concurrent clients: errors, req/s, p50/p95/p99;
- overload: CROWD clients at once, each asking CROWD_ROUNDS questions: the share turned away with
  503 (MAX_IN_FLIGHT), and the longest any client waited for its reply, answer or 503;
- memory: the server's RSS before, half-way through and after RANDOM questions made of random words.
Nothing leaves the machine; the user's index and feedback store are never touched.
"""

from __future__ import annotations

import argparse
import os
import random
import string
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.eval.gold import load_gold
from assistant.eval.suite import GOLD_SETS, PARTS
from assistant.ops.bench import ROOT, timed, wait_ready, write_results
from assistant.ops.clients import post_concurrently
from assistant.ops.settings import Settings


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _random_question(rng: random.Random) -> dict:
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10))) for _ in range(rng.randint(3, 8))]
    return {"question": " ".join(words) + "?"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.ops.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7898)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--crowd", type=int, default=256)
    parser.add_argument("--crowd-rounds", type=int, default=4)
    parser.add_argument("--random", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "loadtest.json")
    args = parser.parse_args(argv)
    questions = [{"question": item.user_input} for part in PARTS for item in load_gold(ROOT / GOLD_SETS[0].path(part))]
    rng = random.Random(7)
    url = f"http://127.0.0.1:{args.port}"
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "CHROMA_DIR": f"{scratch}/chroma", "FEEDBACK_DB": f"{scratch}/feedback.sqlite3", "CHROMA_HOST": ""}
        timed([sys.executable, "ingest.py"], env)
        server = subprocess.Popen([sys.executable, "app.py", "--host", "127.0.0.1", "--port", str(args.port)], env=env,
                                  cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(url, server)
            settings = Settings()  # what app.py reads too, from the same environment
            results: dict = {"max_in_flight": settings.max_in_flight, "answer_workers": settings.answer_workers}
            results["steady"] = post_concurrently(url, [rng.choice(questions) for _ in range(args.requests)], args.clients)
            crowd = [rng.choice(questions) for _ in range(args.crowd * args.crowd_rounds)]
            results["overload"] = post_concurrently(url, crowd, args.crowd)
            # In two halves: whether memory levels off once the caches are full shows in the second.
            rss = [_rss_mb(server.pid)]
            errors = 0
            for _ in range(2):
                half = [_random_question(rng) for _ in range(args.random // 2)]
                errors += post_concurrently(url, half, args.clients)["errors"]
                rss.append(_rss_mb(server.pid))
            results["memory"] = {"random_questions": args.random, "rss_mb_before_half_after": rss, "errors": errors}
        finally:
            server.terminate()
            server.wait(timeout=30)
    write_results(args.out, results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
