"""Find and read corpus files, refusing anything that cannot be ingested as it is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".md")


class CorpusError(Exception):
    """A corpus path or file that cannot be ingested; the message says which and why."""


@dataclass(frozen=True)
class SourceDocument:
    source: str  # the path as shown to users and stored with each chunk
    text: str

    @property
    def is_markdown(self) -> bool:
        return self.source.lower().endswith(".md")


def display_path(path: Path) -> str:
    """A path relative to the working directory when possible, so sources stay stable across machines."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _files_under(path: Path) -> list[Path]:
    if path.is_symlink() and not path.exists():
        raise CorpusError(f"{path}: cannot be read (the link points to nothing)")
    if path.is_file():
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise CorpusError(
                f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                f"supported: {', '.join(SUPPORTED_SUFFIXES)}"
            )
        return [path]
    if path.is_dir():
        found = [
            Path(root) / name
            for root, dirs, names in os.walk(path)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
        ]
        return sorted(found)
    raise CorpusError(f"{path}: no such file or folder")


def read_source(path: Path) -> SourceDocument:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CorpusError(f"{path}: cannot be read ({error.strerror or error})") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(f"{path}: not UTF-8 text (byte {error.start})") from error
    if not text.strip():
        raise CorpusError(f"{path}: file is empty")
    # Offsets are kept against this text, so normalise only line endings.
    return SourceDocument(source=display_path(path), text=text.replace("\r\n", "\n").replace("\r", "\n"))


def load_corpus(paths: list[Path]) -> list[SourceDocument]:
    """Read every supported file under the given paths; any bad file fails the whole load."""
    files: list[Path] = []
    for path in paths:
        files.extend(_files_under(path))
    if not files:
        shown = ", ".join(str(p) for p in paths)
        raise CorpusError(f"no .txt or .md files found in {shown}: the corpus is empty")
    unique = sorted(set(files), key=lambda p: p.as_posix())
    return [read_source(path) for path in unique]
