"""Load shedding: at most MAX_IN_FLIGHT answers are worked on at once, across the API and the web chat.

Past that, a request is turned away at once (the API with 503 and Retry-After, the web chat with a
"busy" note) rather than queued: on two cores a queue only makes every answer late.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

RETRY_AFTER_SECONDS = 1  # an answer takes tens of milliseconds, so a slot is usually free by then


class Overloaded(RuntimeError):
    """Every answering slot is taken."""


class Admission:
    def __init__(self, limit: int):
        self._slots = threading.BoundedSemaphore(limit)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(blocking=False):
            raise Overloaded("the assistant is busy answering other questions")
        try:
            yield
        finally:
            self._slots.release()
