"""Load shedding: at most MAX_IN_FLIGHT questions are let in at once, across the API and the web chat,
and ANSWER_WORKERS of them are answered at a time while the rest wait their turn.

Several workers let questions reach the embedding model together, and it embeds them as one batch
(retrieval/embeddings.py); the rest of an answer is Python, run one thread at a time, so workers beyond
what fills a batch only add threads to switch between. Past MAX_IN_FLIGHT, a request is turned away at
once (the API with 503 and Retry-After, the web chat with a "busy" note): the wait of those let in
stays bounded, about MAX_IN_FLIGHT / ANSWER_WORKERS answers long.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

RETRY_AFTER_SECONDS = 1  # an answer takes tens of milliseconds, so a place is usually free by then


class Overloaded(RuntimeError):
    """Every place is taken."""


class Admission:
    def __init__(self, in_flight: int, workers: int = 1):
        self._places = threading.BoundedSemaphore(in_flight)
        self._workers = threading.BoundedSemaphore(workers)
        self._lock = threading.Lock()
        self.in_flight = 0  # places taken: questions waiting or being answered

    def _count(self, change: int) -> None:
        with self._lock:
            self.in_flight += change

    @contextmanager
    def place(self) -> Iterator[None]:
        """A place among those let in; Overloaded at once when there is none. Never blocks, so an
        event loop may take it before handing the work to a thread."""
        if not self._places.acquire(blocking=False):
            raise Overloaded("the assistant is busy answering other questions")
        self._count(+1)
        try:
            yield
        finally:
            self._count(-1)
            self._places.release()

    @contextmanager
    def worker(self) -> Iterator[bool]:
        """One of the workers, waited for if need be (hold a place first); yields whether it waited."""
        waited = not self._workers.acquire(blocking=False)
        if waited:
            self._workers.acquire()
        try:
            yield waited
        finally:
            self._workers.release()

    @contextmanager
    def slot(self) -> Iterator[None]:
        """A place, then a worker: for a face that answers in a thread of its own."""
        with self.place(), self.worker():
            yield
