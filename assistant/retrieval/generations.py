"""Whole-index generations in the embedded Chroma folder: what makes re-ingesting safe while an app serves.

Chroma's embedded store is not safe to share between processes: an app that keeps its client
open while `ingest.py` writes to the same folder fails ("Error finding id") or serves stale
vectors. So an embedded ingest never writes to the folder an app reads. It copies the serving
generation into a new one, brings that up to date, and only then points `CHROMA_DIR/CURRENT` at
it, with one atomic rename. An app checks the pointer every `INDEX_REFRESH_SECONDS` and opens the
new generation. A crash before the rename leaves the pointer, and so the served index, as it was.
Ingests take an exclusive lock, so two never interleave.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

POINTER = "CURRENT"
GENERATIONS = "generations"
LOCK = ".ingest.lock"
DIGEST = "digest"  # what ingest works out for the app (see `assistant.retrieval.digest`): made anew per generation
# An app may still read the generation before the newest until its next refresh; keep a spare.
KEPT_GENERATIONS = 3


def serving_folder(root: Path) -> Path:
    """The folder of the generation `CURRENT` names, or `root` itself for an index made before generations."""
    pointer = root / POINTER
    if pointer.is_file():
        name = pointer.read_text().strip()
        if name and (root / GENERATIONS / name).is_dir():
            return root / GENERATIONS / name
    return root


@contextmanager
def ingest_lock(root: Path) -> Iterator[None]:
    """Held for a whole ingest: a second ingest of the same folder waits for the first to finish."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_generation(root: Path) -> Path:
    """A new generation folder holding a copy of the serving one (nothing yet for a new index)."""
    # To the microsecond: generations are ordered by name, and two ingests can fall in one second.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    folder = root / GENERATIONS / f"{stamp}-{uuid.uuid4().hex[:8]}"
    serving = serving_folder(root)
    if serving == root and not (root / "chroma.sqlite3").exists():
        folder.mkdir(parents=True)
    else:
        shutil.copytree(serving, folder, ignore=shutil.ignore_patterns(GENERATIONS, POINTER, LOCK, DIGEST, "*.tmp"))
    return folder


def publish(root: Path, folder: Path) -> None:
    """Point `CURRENT` at `folder` in one atomic step, then drop the generations no app should still
    read: all but the newest few up to `folder`, and whatever a crashed ingest left behind."""
    staged = root / f"{POINTER}.{uuid.uuid4().hex[:8]}.tmp"
    staged.write_text(folder.name + "\n")
    os.replace(staged, root / POINTER)
    served = sorted(path for path in (root / GENERATIONS).iterdir() if path.name <= folder.name)
    keep = set(served[-KEPT_GENERATIONS:])
    for old in (root / GENERATIONS).iterdir():
        if old not in keep:
            shutil.rmtree(old, ignore_errors=True)


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
