"""What an upload must be before anything is written: a safe file name in the corpus folder, within the
size limit, and content that ingest can read (told by its bytes, not its name)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.ingest.detect import DOCX_PART, PDF_MAGIC, PDF_MAGIC_WINDOW, SUPPORTED_SUFFIXES, is_supported
from assistant.ingest.document import CorpusError, ParsedDocument
from assistant.ingest.loader import parse_bytes

ErrorKind = Literal["not_found", "too_big", "unsupported", "unreadable", "conflict", "unwritable"]
MAX_NAME_CHARS = 120
UNSAFE = re.compile(r"[^\w.\- ()]+")  # letters (any script), digits and a few marks; everything else goes


class DocumentError(Exception):
    """A change that cannot be made; nothing was changed. `kind` says why, the message says it in words."""

    def __init__(self, kind: ErrorKind, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Upload:
    file_name: str  # as the client sent it: only a hint
    data: bytes


@dataclass(frozen=True)
class CheckedUpload:
    file_name: str  # safe, and with a suffix ingest reads
    data: bytes
    document: ParsedDocument  # as ingest will read it from the corpus folder


def safe_file_name(sent: str, data: bytes) -> str:
    """The name an upload is stored under: its last path part, with unsafe characters replaced and no
    leading dot (no hidden file, no `..`). A PDF or Word file whose name lacks its suffix gets it."""
    name = unicodedata.normalize("NFC", sent).replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE.sub("-", name).strip(" .-")
    if not name:
        raise DocumentError("unsupported", f"{sent!r}: the file name has no usable characters")
    name = Path(name).stem[:MAX_NAME_CHARS] + Path(name).suffix
    if not is_supported(Path(name)):
        suffix = _suffix_of_content(data)
        if suffix is None:
            shown = Path(name).suffix.lower() or "(none)"
            raise DocumentError("unsupported", f"{sent!r}: unsupported file type {shown!r}; "
                                               f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
        name += suffix
    return name


def _suffix_of_content(data: bytes) -> str | None:
    if PDF_MAGIC in data[:PDF_MAGIC_WINDOW]:
        return ".pdf"
    if data.startswith(b"PK") and DOCX_PART.encode() in data:
        return ".docx"  # a zip naming the Word part; parsing checks the rest
    return None


def check_upload(upload: Upload, folder: Path, max_bytes: int) -> CheckedUpload:
    """The upload as it would be stored in `folder`, or DocumentError saying why it cannot be."""
    if len(upload.data) > max_bytes:
        raise DocumentError("too_big", f"{upload.file_name!r} is larger than {max_bytes} bytes")
    if not upload.data.strip():
        raise DocumentError("unreadable", f"{upload.file_name!r} is empty")
    name = safe_file_name(upload.file_name, upload.data)
    target = folder / name
    if target.resolve().parent != folder.resolve():  # never outside the corpus folder, whatever the name held
        raise DocumentError("unsupported", f"{upload.file_name!r}: not a plain file name")
    try:
        document = parse_bytes(target, upload.data)
    except CorpusError as error:
        raise DocumentError("unreadable", str(error)) from None
    return CheckedUpload(name, upload.data, document)
