"""Find corpus files and parse each one into the document model, refusing anything that cannot be
ingested as it is.

A folder is walked for supported files; hidden files are ignored and files of other types are
reported as skipped. A path named explicitly must be ingestible. Any bad file (unreadable, of the
wrong content, not UTF-8, or with no text) fails the whole load with a message naming it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.blocks import file_error
from assistant.ingest.detect import SUPPORTED_SUFFIXES, detect, is_supported, unsupported_error
from assistant.ingest.document import CorpusError, ParsedDocument, display_path
from assistant.ingest.docx import parse_docx
from assistant.ingest.html import parse_html
from assistant.ingest.markdown import parse_markdown
from assistant.ingest.pdf import parse_pdf
from assistant.ingest.plain import parse_plain

__all__ = ["SUPPORTED_SUFFIXES", "CorpusError", "LoadedCorpus", "load_corpus", "parse_bytes", "parse_file"]


@dataclass(frozen=True)
class LoadedCorpus:
    documents: list[ParsedDocument]
    skipped: list[str]  # display paths of files a folder walk found but cannot ingest (unsupported type)


def load_corpus(paths: list[Path]) -> LoadedCorpus:
    """Parse every supported file under the given paths; any bad file fails the whole load."""
    files: list[Path] = []
    skipped: list[str] = []
    for path in paths:
        found, unsupported = files_under(path)
        files.extend(found)
        skipped.extend(unsupported)
    if not files:
        shown = ", ".join(str(path) for path in paths)
        raise CorpusError(f"the corpus is empty: no {', '.join(SUPPORTED_SUFFIXES)} files found in {shown}"
                          + (f" (skipped {len(skipped)} of other types)" if skipped else ""))
    unique = sorted(set(files), key=lambda path: path.as_posix())
    return LoadedCorpus([parse_file(path) for path in unique], sorted(set(skipped)))


def parse_file(path: Path) -> ParsedDocument:
    """One file, parsed by the loader for its detected format."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise file_error(path, f"cannot be read ({error.strerror or error})") from error
    return parse_bytes(path, data)


def parse_bytes(path: Path, data: bytes) -> ParsedDocument:
    """The content of a file that is, or will be, at `path` (an upload is checked before it is written)."""
    detected = detect(path, data)
    match detected.format:
        case "pdf":
            document = parse_pdf(data, path)
        case "docx":
            document = parse_docx(data, path)
        case "markdown":
            document = parse_markdown(detected.text, path)
        case "html":
            document = parse_html(detected.text, path)
        case "text":
            document = parse_plain(detected.text, path)
    if not document.blocks:
        raise file_error(path, "has no text to index (the document is empty)")
    return dataclasses.replace(document, format=detected.format)


def files_under(path: Path) -> tuple[list[Path], list[str]]:
    """(supported files, display paths of unsupported ones) under a path given by the user."""
    if path.is_symlink() and not path.exists():
        raise file_error(path, "cannot be read (the link points to nothing)")
    if path.is_file():
        if not is_supported(path):
            raise unsupported_error(path)
        return [path], []
    if path.is_dir():
        found: list[Path] = []
        unsupported: list[str] = []
        for root, folders, names in os.walk(path):
            folders[:] = [folder for folder in folders if not folder.startswith(".")]
            for name in names:
                if name.startswith("."):
                    continue
                file = Path(root) / name
                if is_supported(file):
                    found.append(file)
                else:
                    unsupported.append(display_path(file))
        return found, unsupported
    raise file_error(path, "no such file or folder")
