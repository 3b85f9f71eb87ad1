"""Speed benchmarks, each beside a floor measured in the same run: `python -m assistant.ops.bench`.

For the role corpus and for the multi-document corpus (eval/corpora/roles), each with its gold sets'
questions:
- ingest: a fresh index of the corpus, against embedding the same passages with no store;
- start-up: `python app.py` until /readyz answers 200, against loading the embedding model alone;
- /api/ask: warm latency over HTTP for every gold question, against GET /healthz on the same server,
  and against retrieval's floor: one query embedding plus one Chroma query (k=TOP_K), in process.
`--scale N` measures the same on N distinct copies of the role document instead (N x its passages).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from assistant.eval.gold import load_gold
from assistant.eval.metrics import percentile
from assistant.eval.suite import GOLD_SETS, PARTS, ROLE, GoldSet
from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.store import open_vector_store

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


def bench_ingest(env: dict) -> dict:
    ingest = timed([sys.executable, "ingest.py"], env)
    floor_code = (
        "from assistant.ops.settings import Settings; from assistant.ingest.indexing import chunk_corpus;"
        "from assistant.retrieval.embeddings import load_embeddings; s = Settings(); chunks, _ = chunk_corpus([s.corpus_dir], s);"
        "load_embeddings(s.embedding_model).embed_documents([c.embedding_text for c in chunks])"
    )
    floor = timed([sys.executable, "-c", floor_code], env)
    return {"ingest_s": round(ingest, 2), "embed_only_floor_s": round(floor, 2), "ratio": round(ingest / floor, 2)}


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


def bench_server(env: dict, port: int, questions: list[dict]) -> dict:
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
        with httpx.Client(base_url=url, timeout=60) as client:
            for item in questions[:WARM_UP_REQUESTS]:
                client.post("/api/ask", json=item)
            ask_ms, lengths = [], []
            for item in questions:
                t = time.perf_counter()
                body = client.post("/api/ask", json=item).json()
                ask_ms.append((time.perf_counter() - t) * 1000)
                if body["grounded"]:
                    lengths.append(len(body["answer"]))
            health_ms = []
            for _ in questions:
                t = time.perf_counter()
                client.get("/healthz")
                health_ms.append((time.perf_counter() - t) * 1000)
    finally:
        process.terminate()
        process.wait(timeout=30)
    p50, p95, floor50 = percentile(ask_ms, 50), percentile(ask_ms, 95), percentile(health_ms, 50)
    return {
        "startup_to_ready_s": round(startup, 2),
        "model_load_floor_s": round(model_floor, 2),
        "startup_ratio": round(startup / model_floor, 2),
        "ask_p50_ms": round(p50, 1),
        "ask_p95_ms": round(p95, 1),
        "healthz_p50_floor_ms": round(floor50, 2),
        "ask_p50_ratio": round(p50 / floor50, 1),
        "requests": len(ask_ms),
        "median_answer_chars": statistics.median(lengths) if lengths else 0,
    }


def search_floor_ms(chroma_dir: Path, questions: list[str]) -> float:
    """p50 of one query embedding plus one Chroma query (k=TOP_K), warm and in process: what any
    answer costs at least, whatever the chain does around it."""
    settings = Settings(chroma_dir=chroma_dir, chroma_host=None)
    embeddings = load_embeddings(settings.embedding_model)
    store = open_vector_store(settings, embeddings)

    def search(question: str) -> None:
        store.similarity_search_by_vector(embeddings.embed_query(question), k=settings.top_k)

    for question in questions[:WARM_UP_REQUESTS]:
        search(question)
    elapsed_ms = []
    for question in questions:
        started = time.perf_counter()
        search(question)
        elapsed_ms.append((time.perf_counter() - started) * 1000)
    return percentile(elapsed_ms, 50)


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


def bench_corpus(name: str, corpus: Path, questions: list[dict], scratch: Path, port: int) -> dict:
    # A private index and feedback store, so the benchmark never touches the user's data.
    chroma_dir = scratch / name / "chroma"
    env = {**os.environ, "CHROMA_DIR": str(chroma_dir), "FEEDBACK_DB": str(scratch / name / "feedback.sqlite3"),
           "CHROMA_HOST": "", "CORPUS_DIR": str(corpus)}
    ingest, server = bench_ingest(env), bench_server(env, port, questions)
    # Measured once the server has stopped, so the two never compete for the CPU.
    floor = search_floor_ms(chroma_dir, [question["question"] for question in questions])
    server |= {"search_p50_floor_ms": round(floor, 2), "ask_p50_search_ratio": round(server["ask_p50_ms"] / floor, 1)}
    return {"corpus": str(corpus), "ingest": ingest, "server": server}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m assistant.ops.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=7899)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "bench.json")
    parser.add_argument("--scale", type=int, default=0, metavar="N",
                        help="instead, N distinct copies of the role document, asked the role questions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.scale:
            corpus = scaled_corpus(Path(scratch) / "corpus", args.scale)
            results = {f"role-x{args.scale}": bench_corpus(f"x{args.scale}", corpus, gold_questions(ROLE), Path(scratch), args.port)}
        else:
            results = {
                gold_set.name: bench_corpus(gold_set.name, ROOT / (gold_set.corpus or Settings().corpus_dir),  # absolute stays
                                            gold_questions(gold_set), Path(scratch), args.port)
                for gold_set in GOLD_SETS
            }
    write_results(args.out, results)
    return 0


def write_results(out: Path, results: dict) -> None:
    """Print the figures and keep them in `out` (under artifacts/)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    raise SystemExit(main())
