"""Text-based PDF, read with pdfplumber: lines of text with their font size and weight.

A PDF has no structure to read, only layout, so it is inferred:
- the body size is the size most characters are set in; a short line (at most 12 words, not a
  sentence) set noticeably larger than that, or all in bold, is a heading, a bigger size giving a
  higher heading (a lower level number);
- a line starting with a bullet or a number ("•", "-", "–", "*", "3.") is a list entry, nested by how
  far it is indented;
- a paragraph indented past the body's left margin, with no bullet character, is a list entry too:
  browsers print a list's bullets as drawings, not text;
- lines of one paragraph are joined: a line continues the one before it when that one was wrapped
  (its first word would not have fit after it, before the page's right text edge) and it is set in
  the same style and close below it (a list entry's continuation also indented past its bullet), or
  when the one before does not end a sentence and it starts in lower case (a paragraph across a page
  break); a word hyphenated across two lines is joined back without a space ("infra-" "structure");
- page furniture is not text: a page's first or last line that recurs on most pages with only its
  numbers changed (a running header, "Acme - Confidential - page 3"), or that is only a page number.
The title is the document's /Title unless that is an editor's placeholder, else the first heading.
A PDF with no text at all is a scan and is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from assistant.ingest.blocks import (
    BULLET_MARKER,
    BlockCollector,
    build_document,
    file_error,
    is_placeholder_title,
    looks_like_heading,
    split_list_marker,
)
from assistant.ingest.document import Block, CorpusError, ParsedDocument, title_from_file_name

HEADING_SIZE_RATIO = 1.15  # this much larger than the body text reads as a heading
HEADING_MAX_WORDS = 12
PARAGRAPH_GAP = 0.8  # a gap above a line taller than this many of its font sizes starts a new paragraph
SENTENCE_ENDS = ".!?:"
INDENT_TOLERANCE = 2.0  # points: indents closer than this are the same
SIZE_PRECISION = 0.5  # points: sizes are compared rounded to this
SPACE_WIDTH = 0.5  # a space is at most this many of its font size wide
# "3", "Page 3", "page 3 of 12", "- 3 -", "3 / 12": a line that only numbers its page.
PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?[-–—\s]*$", re.IGNORECASE)
HYPHENATED_END = re.compile(r"[a-z]-$")


@dataclass(frozen=True)
class _Line:
    text: str
    size: float
    bold: bool
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    characters: int
    first_word_width: float


def parse_pdf(data: bytes, path: Path) -> ParsedDocument:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines = _without_page_furniture(list(_lines(pdf)))
            metadata_title = str(pdf.metadata.get("Title") or "")
    except (PdfminerException, MalformedPDFException) as error:
        raise _unreadable(path, error) from error
    if not lines:
        raise file_error(path, "has no text layer (scanned?); OCR it first")
    blocks = _Layout(lines).blocks()
    first_heading = next((block.text for block in blocks if block.kind == "heading"), "")
    title = metadata_title if not is_placeholder_title(metadata_title) else first_heading
    text = "\n".join(line.text for line in lines)
    return build_document(path, title or title_from_file_name(path, text), blocks)


def _unreadable(path: Path, error: Exception) -> CorpusError:
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(cause, PDFEncryptionError):
        return file_error(path, "is encrypted (password-protected); save an unprotected copy first")
    return file_error(path, f"cannot be read as a PDF ({type(cause).__name__}: {cause}); is it damaged?")


def _lines(pdf: pdfplumber.PDF) -> Iterator[_Line]:
    for page in pdf.pages:
        for found in page.extract_text_lines(return_chars=True):
            characters = [char for char in found["chars"] if char["text"].strip()]
            if not characters:
                continue
            sizes = Counter(_rounded(char["size"]) for char in characters)
            first_word = found["text"].strip().split(" ", 1)[0]
            yield _Line(
                text=found["text"].strip(),
                size=sizes.most_common(1)[0][0],
                bold=all("bold" in char["fontname"].lower() for char in characters),
                page=page.page_number,
                top=found["top"],
                bottom=found["bottom"],
                x0=found["x0"],
                x1=found["x1"],
                characters=len(characters),
                first_word_width=sum(char["x1"] - char["x0"] for char in characters[: len(first_word)]),
            )


def _without_page_furniture(lines: list[_Line]) -> list[_Line]:
    """The lines minus running headers and footers and page numbers (see the module's docstring)."""
    pages: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        pages[line.page].append(line)
    edges = [line for on_page in pages.values() for line in {on_page[0].top: on_page[0], on_page[-1].top: on_page[-1]}.values()]
    recurring = Counter(_numbers_blanked(line.text) for line in edges)
    furniture = {
        id(line) for line in edges
        if PAGE_NUMBER.match(line.text) or (len(pages) > 1 and recurring[_numbers_blanked(line.text)] * 2 > len(pages))
    }
    return [line for line in lines if id(line) not in furniture]


def _numbers_blanked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _rounded(size: float) -> float:
    return round(size / SIZE_PRECISION) * SIZE_PRECISION


class _Layout:
    """Lines grouped into paragraphs, each paragraph read as a heading, a list entry or prose."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        by_size: Counter[float] = Counter()
        for line in lines:
            by_size[line.size] += line.characters
        self.body_size = by_size.most_common(1)[0][0]
        by_indent: Counter[float] = Counter()
        for line in lines:
            if line.size == self.body_size:
                by_indent[round(line.x0)] += line.characters
        self.left_margin = by_indent.most_common(1)[0][0]
        self.on_page: dict[int, list[_Line]] = defaultdict(list)
        for line in lines:
            self.on_page[line.page].append(line)

    def blocks(self) -> list[Block]:
        paragraphs = [(paragraph, self.is_heading(paragraph)) for paragraph in self.paragraphs()]
        # Bigger type is a higher heading: the largest size is level 1.
        heading_sizes = sorted({paragraph[0].size for paragraph, is_heading in paragraphs if is_heading}, reverse=True)
        out = BlockCollector()
        indents: list[float] = []  # x of each open list level's bullet, outermost first
        for paragraph, is_heading in paragraphs:
            text = _joined(paragraph)
            listed = None if is_heading else split_list_marker(text) or self.indented_entry(paragraph, text)
            if is_heading:
                out.heading(text, heading_sizes.index(paragraph[0].size) + 1)
            elif listed:
                out.item(listed[1], _nesting(indents, paragraph[0].x0), listed[0])
            else:
                out.prose(text)
            if not listed:
                indents.clear()
        return out.blocks

    def paragraphs(self) -> list[list[_Line]]:
        paragraphs: list[list[_Line]] = []
        for line in self.lines:
            if paragraphs and self.continues(paragraphs[-1], line):
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
        return paragraphs

    def heading_styled(self, line: _Line) -> bool:
        return line.bold or line.size >= self.body_size * HEADING_SIZE_RATIO

    def is_heading(self, paragraph: list[_Line]) -> bool:
        text = _joined(paragraph)
        return (self.heading_styled(paragraph[0]) and looks_like_heading(text, HEADING_MAX_WORDS)
                and not split_list_marker(text))

    def indented_entry(self, paragraph: list[_Line], text: str) -> tuple[str, str] | None:
        """A paragraph set in from the left margin is an entry whose bullet was drawn, not written."""
        return (BULLET_MARKER, text) if paragraph[0].x0 > self.left_margin + INDENT_TOLERANCE else None

    def wrapped(self, previous: _Line, line: _Line) -> bool:
        """Whether `previous` ended because it was full: `line`'s first word (and a space) had no room
        after it, before the right edge of the text it is part of (the lines in its type size starting
        no further right)."""
        if HYPHENATED_END.search(previous.text) and line.text[:1].islower():
            return True
        edge = max(other.x1 for other in self.on_page[previous.page]
                   if other.size == previous.size and other.x0 <= previous.x0 + INDENT_TOLERANCE)
        return edge - previous.x1 < line.first_word_width + line.size * SPACE_WIDTH

    def continues(self, paragraph: list[_Line], line: _Line) -> bool:
        previous = paragraph[-1]
        same_style = (previous.size, self.heading_styled(previous)) == (line.size, self.heading_styled(line))
        if split_list_marker(line.text) or not same_style or not self.wrapped(previous, line):
            return False
        runs_on = previous.text[-1] not in SENTENCE_ENDS and line.text[:1].islower()
        close = line.page == previous.page and line.top - previous.bottom <= PARAGRAPH_GAP * line.size
        in_list = split_list_marker(paragraph[0].text) is not None
        # A list entry's next line is indented past its bullet; one back at the bullet is new text.
        aligned = not in_list or line.x0 > paragraph[0].x0 + INDENT_TOLERANCE
        return runs_on or (close and aligned)


def _joined(paragraph: list[_Line]) -> str:
    text = paragraph[0].text
    for line in paragraph[1:]:
        hyphenated = HYPHENATED_END.search(text) and line.text[:1].islower()
        text += line.text if hyphenated else " " + line.text
    return text


def _nesting(indents: list[float], x0: float) -> int:
    """The nesting depth of a list entry whose bullet is at x0, given the open levels' bullets."""
    while indents and x0 < indents[-1] - INDENT_TOLERANCE:
        indents.pop()
    if not indents or x0 > indents[-1] + INDENT_TOLERANCE:
        indents.append(x0)
    return len(indents)
