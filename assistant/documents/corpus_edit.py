"""Crash-safe changes to the corpus folder, so that it and the index never disagree.

A new file is written aside under a hidden name and renamed into place; a file it replaces, or one
removed, is first renamed to a hidden backup. Ingest never reads hidden files. If the ingest that
follows fails, `undo` puts every file back as it was; once it succeeds, `done` drops the backups. A
process killed in between leaves its backups and markers behind, and `recover`, run under the ingest
lock before the next change, puts the folder back so that the next ingest makes the index match it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

STAGED = ".upload~"  # a new file's bytes, before the rename into place
PREVIOUS = ".previous~"  # the file a change replaced or removed, kept until the change is indexed
ADDED = ".added~"  # an empty marker: this name did not exist before the change


class CorpusEdit:
    def __init__(self, folder: Path):
        self.folder = folder
        self._undo: list[tuple[str, Path]] = []  # (what was done, the path it concerns), in order

    def write(self, name: str, data: bytes) -> Path:
        """Put `data` at `folder/name`, keeping what was there for an undo."""
        target = self.folder / name
        staged = self.folder / f"{STAGED}{uuid.uuid4().hex}"
        with open(staged, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.replace(target, _backup(target))
            self._undo.append(("replaced", target))
        else:
            _backup(target, ADDED).touch()
            self._undo.append(("added", target))
        os.replace(staged, target)
        _sync_folder(self.folder)
        return target

    def remove(self, target: Path) -> None:
        os.replace(target, _backup(target))
        self._undo.append(("replaced", target))
        _sync_folder(target.parent)

    def undo(self) -> None:
        for done, target in reversed(self._undo):
            _restore(done, target)
        self._undo.clear()

    def done(self) -> None:
        for done, target in self._undo:
            _backup(target, ADDED if done == "added" else PREVIOUS).unlink(missing_ok=True)
        self._undo.clear()


def recover(folder: Path) -> list[str]:
    """Undo the unfinished changes a killed process left in `folder`; the names of the files put back."""
    restored = []
    for marker in sorted(folder.rglob(".*~*")):
        name = marker.name
        if name.startswith(STAGED):
            marker.unlink(missing_ok=True)
        elif name.startswith((PREVIOUS, ADDED)):
            done = "added" if name.startswith(ADDED) else "replaced"
            target = marker.with_name(name.split("~", 1)[1])
            _restore(done, target)
            restored.append(target.name)
    return restored


def _backup(target: Path, kind: str = PREVIOUS) -> Path:
    return target.with_name(f"{kind}{target.name}")


def _restore(done: str, target: Path) -> None:
    if done == "added":
        target.unlink(missing_ok=True)
        _backup(target, ADDED).unlink(missing_ok=True)
    else:
        os.replace(_backup(target), target)
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the renames in `folder` durable before ingest relies on them."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
