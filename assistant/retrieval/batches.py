"""Work asked for by many threads at once, done on one thread of its own as one batch."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Callable, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batches(Generic[Item, Result]):
    """`run` on `thread`, given every item waiting: items asked for while a batch runs wait, and go together
    in the next. The first item to wait starts a batch after `wait_seconds`, for more to join it; with a wait
    of 0 a lone item goes at once. `run` returns one result per item, in order; what it raises, every caller
    of its batch hears."""

    def __init__(self, run: Callable[[list[Item]], list[Result]], thread: ThreadPoolExecutor, wait_seconds: float = 0.0):
        self._run = run
        self._thread = thread
        self._wait_seconds = wait_seconds
        self._waiting: list[tuple[Item, Future]] = []
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many items wait for a batch."""
        return len(self._waiting)

    def ask(self, items: list[Item]) -> list[Result]:
        """The results of `items`, which go in one batch."""
        asked = [Future() for _ in items]
        with self._lock:
            first = not self._waiting
            self._waiting.extend(zip(items, asked))
        if first:  # nothing was waiting: no batch is on its way to take these items yet
            self._thread.submit(self._run_waiting, time.monotonic() + self._wait_seconds)
        return [future.result() for future in asked]

    def _run_waiting(self, until: float) -> None:
        time.sleep(max(0.0, until - time.monotonic()))
        with self._lock:
            batch, self._waiting = self._waiting, []
        try:
            results = self._run([item for item, _ in batch])
        except BaseException as error:
            for _, asked in batch:
                asked.set_exception(error)
            return
        for (_, asked), result in zip(batch, results):
            asked.set_result(result)
