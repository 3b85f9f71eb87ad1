"""Tell a file's format from its content, with the extension only choosing among text formats.

A PDF or a Word file is recognised by its bytes whatever it is called; a zip that is not a Word
document, or any other binary, is refused rather than indexed as garbage. Text must be UTF-8. A text
file holding HTML (a careers page saved as .txt) is HTML, so no tag ever reaches the index as text.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bs4 import BeautifulSoup, Tag

from assistant.ingest.blocks import file_error
from assistant.ingest.document import CorpusError

Format = Literal["pdf", "docx", "markdown", "html", "text"]

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *MARKDOWN_SUFFIXES, *HTML_SUFFIXES, ".docx", ".pdf")

PDF_MAGIC = b"%PDF-"
PDF_MAGIC_WINDOW = 1024  # readers accept the header anywhere in the first kilobyte
DOCX_PART = "word/document.xml"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
HTML_DOCUMENT_STARTS = ("<!doctype html", "<html")
SNIFF_CHARS = 4096
# Elements that show a .txt file starting with a tag is an HTML page or fragment, not prose about tags.
HTML_ELEMENTS = frozenset(
    "html head body title meta link style script div span p a ul ol li dl dt dd table thead tbody tr th td "
    "h1 h2 h3 h4 h5 h6 section article main header footer nav aside strong b em i br hr blockquote pre "
    "form img".split()
)


@dataclass(frozen=True)
class DetectedFile:
    format: Format
    text: str = ""  # the decoded text, for the text formats


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def unsupported_error(path: Path) -> CorpusError:
    return file_error(path, f"unsupported file type {path.suffix.lower() or '(none)'!r}; "
                            f"supported: {', '.join(SUPPORTED_SUFFIXES)}")


def detect(path: Path, data: bytes) -> DetectedFile:
    """The format of a file with a supported extension; CorpusError when its content is not that."""
    suffix = path.suffix.lower()
    if not is_supported(path):
        raise unsupported_error(path)
    if PDF_MAGIC in data[:PDF_MAGIC_WINDOW]:
        return DetectedFile("pdf")
    if zipfile.is_zipfile(io.BytesIO(data)):
        return DetectedFile(_zip_format(path, data))
    if suffix in (".pdf", ".docx"):
        raise file_error(path, f"is not a {'PDF' if suffix == '.pdf' else 'Word document'} "
                               "(its content does not match its extension)")
    text = decode_text(path, data)
    return DetectedFile(_text_format(suffix, text), text)


def _zip_format(path: Path, data: bytes) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise file_error(path, f"is a damaged zip archive ({error})") from error
    if DOCX_PART not in names:
        raise file_error(path, "is a zip archive but not a Word (.docx) document")
    return "docx"


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a byte-order mark is dropped) with line endings normalised."""
    if data.startswith(UTF16_BOMS):
        raise file_error(path, "not UTF-8 text (it is UTF-16); save it as UTF-8")
    if b"\x00" in data:
        raise file_error(path, "is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_error(path, f"not UTF-8 text (invalid byte at offset {error.start}); save it as UTF-8") from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _text_format(suffix: str, text: str) -> Format:
    start = text.lstrip()[:SNIFF_CHARS]
    if start.lower().startswith(HTML_DOCUMENT_STARTS):
        return "html"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"  # Markdown may open with raw HTML (<div align=...>); that stays Markdown
    return "html" if _starts_with_html_element(start) else "text"


def _starts_with_html_element(start: str) -> bool:
    if not start.startswith("<"):
        return False
    first = BeautifulSoup(start, "html.parser").find(True)
    return isinstance(first, Tag) and first.name in HTML_ELEMENTS
