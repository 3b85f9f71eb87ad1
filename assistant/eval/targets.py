"""What the harness asks: the chain in this process, or a running server through `/api/ask`.

The in-process target knows the ranked retrieved passages and the whole index, so it can score
retrieval. A server only returns its citations, so over HTTP the retrieval metrics are omitted.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Protocol

import httpx

from assistant.core.chain import build_chain, open_retriever
from assistant.core.timing import elapsed_ms
from assistant.eval.gold import GoldItem
from assistant.eval.scoring import Reply
from assistant.ingest.indexing import ingest
from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.store import open_vector_store, read_all_chunks

HTTP_TIMEOUT_SECONDS = 60.0
# Settings that cannot change an answer; every other one is recorded with a run, so a score can be
# traced to what produced it, including answer settings added later. Secrets are never recorded.
# Settings read when the index is built: a variant that changes one gets its own temporary index.
INDEX_SETTINGS = frozenset({"corpus_dir", "chunk_max_chars", "embedding_model"})
# Settings the Retriever reads from its own copy, or that point at another store.
RETRIEVER_SETTINGS = frozenset(
    {"candidate_pool", "rrf_k", "index_refresh_seconds", "chroma_dir", "chroma_host", "chroma_port", "collection"}
)


class EvalError(Exception):
    """A run that cannot go on: an unreachable server, an empty index, a request the server refuses."""



class Target(Protocol):
    description: str
    index_passages: list[str] | None  # every passage in the index, for nDCG's ideal ranking
    settings_used: dict[str, Any]  # what is known of the settings that shaped the answers

    def ask(self, item: GoldItem) -> Reply: ...


class ChainTarget:
    def __init__(self, settings: Settings, retriever: Retriever, description: str = "in process"):
        if not retriever.size:
            raise EvalError("the index is empty: run `python ingest.py` first")
        self.settings_used = settings.answer_shaping()
        self._k = settings.top_k
        self.retriever = retriever
        self.description = description
        self._chain = build_chain(settings, retriever)
        self._text_of = _passages_by_id(settings)
        self.index_passages = list(self._text_of.values())
        # The model loads on its own thread meanwhile; waited for here, a run's seconds and its first item's
        # latency time answers alone (the first had waited 5.6 s for the model once whole_words left transformers).
        retriever.embeddings.wait_loaded()

    def ask(self, item: GoldItem) -> Reply:
        started = time.perf_counter()
        result = self._chain.invoke({"question": item.user_input, "history": _history(item), "k": None})
        latency = elapsed_ms(started)
        # The chain may add passages after its top k (a follow-up's earlier topic): context, not ranking.
        context = [self._text_of[chunk_id] for chunk_id in result["retrieved"]]
        return Reply(
            answer=result["answer"],
            grounded=result["grounded"],
            citations=result["citations"],
            statements=result["statements"],
            latency_ms=latency,
            retrieved=context[: self._k],
            context=context,
            answerer=result["answerer"],
            written=result.get("written"),
        )


def _history(item: GoldItem) -> list[dict[str, str]]:
    return [turn.model_dump() for turn in item.history]


def _passages_by_id(settings: Settings) -> dict[str, str]:
    store = open_vector_store(settings, load_embeddings(settings.embedding_model))
    return {chunk.id: chunk.text for chunk in read_all_chunks(store)}


class ChainTargets:
    """Opens a chain per settings variant; variants that retrieve alike share one retriever.

    A variant that changes chunking or the embedding model is indexed into a temporary embedded
    store that `stack` removes: the serving index is never written to.
    """

    def __init__(self, serving: Settings, stack: ExitStack):
        self._serving = serving
        self._stack = stack
        self._retrievers: dict[str, tuple[Settings, Retriever, str]] = {}

    def open(self, settings: Settings) -> ChainTarget:
        key = settings.model_dump_json(include=INDEX_SETTINGS | RETRIEVER_SETTINGS)
        if key not in self._retrievers:
            self._retrievers[key] = self._open_retriever(settings)
        index_settings, retriever, description = self._retrievers[key]
        answer_settings = settings.model_copy(update={"chroma_dir": index_settings.chroma_dir,
                                                      "chroma_host": index_settings.chroma_host})
        return ChainTarget(answer_settings, retriever, description)

    def _open_retriever(self, settings: Settings) -> tuple[Settings, Retriever, str]:
        reindexed = sorted(key for key in INDEX_SETTINGS if getattr(settings, key) != getattr(self._serving, key))
        if not reindexed:
            return settings, open_retriever(settings), "in process"
        folder = Path(self._stack.enter_context(TemporaryDirectory(prefix="eval-index-")))
        settings = settings.model_copy(update={"chroma_dir": folder, "chroma_host": None})
        ingest([settings.corpus_dir], settings, show_progress=False)
        return settings, open_retriever(settings), f"in process, temporary index ({', '.join(reindexed)} changed)"


class HttpTarget:
    index_passages = None

    def __init__(self, url: str, k: int | None = None, client: httpx.Client | None = None):
        if not url.startswith(("http://", "https://")):
            raise EvalError(f"--url {url!r}: expected an http:// or https:// address")
        self.url = url.rstrip("/")
        self.description = f"over HTTP at {self.url}"
        self.settings_used = {"top_k": k} if k is not None else {}  # the rest are the server's own
        self._k = k
        self._client = client or httpx.Client(timeout=HTTP_TIMEOUT_SECONDS)
        self._check_ready()

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            return self._client.request(method, f"{self.url}{path}", **kwargs)
        except httpx.HTTPError as error:
            raise EvalError(f"cannot reach {self.url}: {error or type(error).__name__}") from None

    def _check_ready(self) -> None:
        response = self._request("GET", "/readyz")
        if response.status_code == 503:
            raise EvalError(f"{self.url} is not ready: {_error_text(response)}")
        if response.status_code != 200:
            raise EvalError(f"{self.url}/readyz answered {response.status_code}: is this a role-assistant server?")

    def ask(self, item: GoldItem) -> Reply:
        body: dict[str, Any] = {"question": item.user_input, "history": _history(item)}
        if self._k is not None:
            body["k"] = self._k
        started = time.perf_counter()
        response = self._request("POST", "/api/ask", json=body)
        latency = elapsed_ms(started)
        if response.status_code != 200:
            raise EvalError(f"item {item.id}: /api/ask answered {response.status_code}: {_error_text(response)}")
        try:
            result = response.json()
            return Reply(result["answer"], result["grounded"], result["citations"], result["statements"], latency,
                         answerer=result.get("answerer", "extractive"))
        except (ValueError, KeyError, TypeError):
            raise EvalError(f"item {item.id}: /api/ask returned something other than its contract") from None


def _error_text(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", response.text))
    except ValueError:
        return response.text[:200]
