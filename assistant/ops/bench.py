"""Speed benchmarks, each beside a floor measured in the same run: `python -m assistant.ops.bench`.

For the role corpus and for the multi-document corpus (eval/corpora/roles), each with its gold sets'
questions:
- ingest: a fresh index of the corpus, against embedding the same passages with no store;
- start-up: `python app.py` until /readyz answers 200, against loading the embedding model alone;
- /api/ask: warm latency over HTTP for every gold question, against retrieval's floor: one query
  embedding plus one Chroma query (k=TOP_K), in process;
- with `--concurrency C`: throughput and p50/p99 of /api/ask at C concurrent clients, against the
  model embedding the same questions C at a time, in process.
The floor and the server are measured in alternating phases (floor, server, floor, ...), and each
ratio is the median of the phase pairs' own ratios. `--scale N[,N...]` measures the same on N distinct
copies of the role document instead (N x its passages), asked the role questions and a few naming the
copies or asking which of them say a thing, and charts latency against corpus size.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from assistant.eval.gold import load_gold
from assistant.eval.metrics import percentile
from assistant.eval.suite import GOLD_SETS, PARTS, ROLE, GoldSet
from assistant.ops.bench_chart import chart_latency_by_size
from assistant.ops.clients import post_concurrently
from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.store import nearest_ids, open_vector_store

ROOT = Path(__file__).resolve().parents[2]
AMOUNT = re.compile(r"\$(\d[\d,]*\d)")
READY_TIMEOUT_SECONDS = 300
WARM_UP_REQUESTS = 5


def timed(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:  # say why, rather than a bare CalledProcessError
        raise RuntimeError(f"{command[1]} exited with {done.returncode}:\n{done.stderr.strip()[-2000:]}")
    return time.perf_counter() - started


def bench_ingest(env: dict, record: Path) -> dict:
    """A full ingest against embedding the same passages with no store; or, when an earlier run left the
    index of the same corpus in `--workdir`, the re-ingest of that unchanged corpus against the full
    ingest `record` kept."""
    if record.is_file():
        full = json.loads(record.read_text())
        again = timed([sys.executable, "ingest.py"], env)
        return full | {"unchanged_reingest_s": round(again, 2), "unchanged_reingest_ratio": round(again / full["ingest_s"], 3)}
    ingest = timed([sys.executable, "ingest.py"], env)
    floor_code = (
        "from assistant.ops.settings import Settings; from assistant.ingest.indexing import chunk_corpus;"
        "from assistant.retrieval.embeddings import load_embeddings; s = Settings(); chunks, _ = chunk_corpus([s.corpus_dir], s);"
        "load_embeddings(s.embedding_model).embed_documents([c.embedding_text for c in chunks])"
    )
    floor = timed([sys.executable, "-c", floor_code], env)
    full = {"ingest_s": round(ingest, 2), "embed_only_floor_s": round(floor, 2), "ratio": round(ingest / floor, 2)}
    record.write_text(json.dumps(full))
    return full


def wait_ready(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("app.py exited before it was ready")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("app.py was not ready in time")


# Requests in a concurrency phase: its first and last answers, with fewer than all clients asking, take about one
# answer's wait (0.2 s at 32 clients). The 124 role questions asked once gave 105 req/s, asked 8 times 149 to 157.
CONCURRENT_REQUESTS = 1000


class Floor:
    """What any answer costs at least, in this process, warm: one query embedding plus one Chroma
    query for the TOP_K nearest ids per question; for many clients at once, the model embedding their questions as
    one batch."""

    def __init__(self, chroma_dir: Path):
        self.settings = Settings(chroma_dir=chroma_dir, chroma_host=None)
        # The model as the app runs it, on as many threads.
        self.embeddings = load_embeddings(self.settings.embedding_model, threads=self.settings.model_threads)
        self.store = open_vector_store(self.settings, self.embeddings)

    def search_ms(self, questions: list[str]) -> list[float]:
        elapsed_ms = []
        for question in questions:
            started = time.perf_counter()
            nearest_ids(self.store, self.embeddings.embed_query(question), self.settings.top_k)
            elapsed_ms.append((time.perf_counter() - started) * 1000)
        return elapsed_ms

    def batch_per_s(self, questions: list[str], size: int) -> float:
        """Questions embedded per second, `size` at a time."""
        started = time.perf_counter()
        for first in range(0, len(questions), size):
            self.embeddings.embed_documents(questions[first : first + size])
        return len(questions) / (time.perf_counter() - started)


def ask_ms(client: httpx.Client, questions: list[dict]) -> list[float]:
    elapsed_ms = []
    for item in questions:
        started = time.perf_counter()
        client.post("/api/ask", json=item).raise_for_status()
        elapsed_ms.append((time.perf_counter() - started) * 1000)
    return elapsed_ms


def latency_pair(floor: Floor, client: httpx.Client, questions: list[dict]) -> dict:
    """One floor phase, then one server phase, over every question."""
    floor_ms = floor.search_ms([item["question"] for item in questions])
    served_ms = ask_ms(client, questions)
    figures = {
        "floor_p50_ms": percentile(floor_ms, 50), "floor_p95_ms": percentile(floor_ms, 95),
        "ask_p50_ms": percentile(served_ms, 50), "ask_p95_ms": percentile(served_ms, 95),
    }
    return figures | {
        "p50_ratio": figures["ask_p50_ms"] / figures["floor_p50_ms"],
        "p95_ratio": figures["ask_p95_ms"] / figures["floor_p95_ms"],
    }


def concurrency_pair(floor: Floor, url: str, questions: list[dict], clients: int) -> dict:
    """One floor phase (the model embedding the questions `clients` at a time), then one server phase
    (`clients` concurrent clients asking them), over the questions repeated to CONCURRENT_REQUESTS."""
    questions = questions * math.ceil(CONCURRENT_REQUESTS / len(questions))
    batch = floor.batch_per_s([item["question"] for item in questions], clients)
    served = post_concurrently(url, questions, clients)
    return {
        "batch_floor_q_per_s": batch, "req_per_s": served["req_per_s"], "ratio": served["req_per_s"] / batch,
        "p50_ms": served["p50_ms"], "p99_ms": served["p99_ms"], "errors": served["errors"] + served["turned_away_503"],
    }


def medians(pairs: list[dict]) -> dict:
    """Each figure's median over the phase pairs (a ratio too: the median of the pairs' own ratios)."""
    return {name: round(statistics.median(pair[name] for pair in pairs), 2) for name in pairs[0]} | {"phase_pairs": len(pairs)}


def bench_server(env: dict, port: int, questions: list[dict], phases: int, clients: int) -> dict:
    """Start-up against loading the model alone; then the floor and the server, in `phases` pairs of
    alternating phases, so that both see the machine as it is at the time."""
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(url, process)
        startup = time.perf_counter() - started
        model_floor = timed(
            [sys.executable, "-c", "from assistant.retrieval.embeddings import load_embeddings; from assistant.ops.settings import Settings;"
             "load_embeddings(Settings().embedding_model).embed_query('warm')"],
            env,
        )
        floor = Floor(Path(env["CHROMA_DIR"]))
        with httpx.Client(base_url=url, timeout=60) as client:
            passages = client.get("/readyz").json()["passages"]
            floor.search_ms([item["question"] for item in questions[:WARM_UP_REQUESTS]])
            ask_ms(client, questions[:WARM_UP_REQUESTS])
            latency = [latency_pair(floor, client, questions) for _ in range(phases)]
        rss_mb = resident_mb(process.pid)
        concurrency = [concurrency_pair(floor, url, questions, clients) for _ in range(phases)] if clients else []
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "passages": passages,
        "startup_to_ready_s": round(startup, 2),
        "model_load_floor_s": round(model_floor, 2),
        "startup_ratio": round(startup / model_floor, 2),
        "latency": medians(latency),
        # What the app holds once it has answered every question: the goal allows the vectors' raw size on top.
        "rss_mb": rss_mb,
        "vectors_mb": round(passages * len(floor.embeddings.embed_query("size")) * 4 / 2**20, 1),
        **({"concurrency": {"clients": clients} | medians(concurrency)} if clients else {}),
    }


def resident_mb(pid: int) -> float:
    """What the process and its children (the model's process, MODEL_PROCESS) hold in memory."""
    status = Path(f"/proc/{pid}/status").read_text()
    children = (int(child) for task in Path(f"/proc/{pid}/task").iterdir() for child in (task / "children").read_text().split())
    return round(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024 + sum(resident_mb(child) for child in children), 1)


def gold_questions(gold_set: GoldSet) -> list[dict]:
    return [
        {"question": item.user_input, "history": [turn.model_dump() for turn in item.history]}
        for part in PARTS for item in load_gold(ROOT / gold_set.path(part))
    ]


def scaled_corpus(target: Path, copies: int) -> Path:
    """`copies` distinct role documents made from the role corpus: each names its own company in its
    title and scales its amounts, so that every passage (and so every passage id) differs."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted((ROOT / Settings().corpus_dir).glob("*.txt")):
        title, text = source.stem.replace("-", " ").title(), source.read_text()
        for copy in range(copies):
            factor = 1 + copy % 97 / 100
            scaled = AMOUNT.sub(lambda found: f"${round(int(found.group(1).replace(',', '')) * factor):,}", text)
            (target / f"{source.stem}-{copy:04d}.txt").write_text(f"{title} at Company {copy:04d}\n\n{scaled}")
    return target


def naming_questions(copies: int) -> list[dict]:
    """Questions that name the scaled corpus's documents, or ask which of them say a thing: their cost grows with
    the documents named or saying it (a question asking which documents once searched each of 1,000)."""
    first, last = "Company 0000", f"Company {copies - 1:04d}"
    asked = [f"What does {last} pay a senior engineer?", f"What benefits does {first} offer?",
             f"Compare the salary ranges at {first} and {last}.", "Which jobs offer 401(k) matching?",
             "Which companies mention parental leave?"]
    return [{"question": question, "history": []} for question in asked]


def bench_corpus(name: str, corpus: Path, questions: list[dict], scratch: Path, args: argparse.Namespace) -> dict:
    # A private index and feedback store, so the benchmark never touches the user's data.
    env = {**os.environ, "CHROMA_DIR": str(scratch / name / "chroma"), "FEEDBACK_DB": str(scratch / name / "feedback.sqlite3"),
           "CHROMA_HOST": "", "CORPUS_DIR": str(corpus)}
    ingest = bench_ingest(env, scratch / name / "full-ingest.json")
    return {"corpus": str(corpus), "ingest": ingest, "server": bench_server(env, args.port, questions, args.phases, args.concurrency)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.ops.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7899)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "bench", help="folder for bench.json (and the chart)")
    parser.add_argument("--scale", type=lambda text: [int(n) for n in text.split(",")], default=[], metavar="N[,N...]",
                        help="instead, N distinct copies of the role document, asked the role questions and a few naming "
                             "the copies; several N are charted")
    parser.add_argument("--phases", type=int, default=5, help="pairs of alternating floor and server phases")
    parser.add_argument("--concurrency", type=int, default=0, metavar="C",
                        help="also throughput and p50/p99 at C concurrent clients, against the model embedding C questions at a time")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the corpora and indexes here (default: a temporary folder): a later run re-ingests them "
                             "unchanged, which it measures against the first run's full ingest")
    args = parser.parse_args(argv)
    with working_folder(args.workdir) as scratch:
        if args.scale:
            results = {
                f"role-x{copies}": bench_corpus(f"x{copies}", scaled_corpus(Path(scratch) / f"corpus-x{copies}", copies),
                                                gold_questions(ROLE) + naming_questions(copies), Path(scratch), args)
                for copies in args.scale
            }
        else:
            results = {
                gold_set.name: bench_corpus(gold_set.name, ROOT / (gold_set.corpus or Settings().corpus_dir),  # absolute stays
                                            gold_questions(gold_set), Path(scratch), args)
                for gold_set in GOLD_SETS
            }
    write_results(args.out / "bench.json", results)
    if len(args.scale) > 1:
        chart_latency_by_size(results, args.out / "latency-by-size.png")
    return 0


@contextmanager
def working_folder(kept: Path | None) -> Iterator[str]:
    if kept is None:
        with tempfile.TemporaryDirectory() as scratch:
            yield scratch
        return
    kept.mkdir(parents=True, exist_ok=True)
    yield str(kept.resolve())


def write_results(out: Path, results: dict) -> None:
    """Print the figures and keep them in `out` (under artifacts/)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    raise SystemExit(main())
