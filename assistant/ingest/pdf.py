"""Text-based PDF, read with pdfplumber: lines of text with their font size and weight.

A PDF has no structure to read, only layout, so it is inferred:
- the body size is the size most characters are set in; a short line (at most 12 words, not a
  sentence) set noticeably larger than that, or all in bold, is a heading, a bigger size giving a
  higher heading (a lower level number);
- a line starting with a bullet or a number ("•", "-", "–", "*", "3.") is a list entry, nested by how
  far it is indented;
- browsers print a list's bullets as drawings, not text: a line with a small dot, ring or square drawn
  just before it starts a list entry, however much of the page is indented; a paragraph indented past
  the body's left margin, with no bullet at all, is a list entry too;
- lines of one paragraph are joined: a line continues the one before it when that one was wrapped
  (its first word would not have fit after it, before the page's right text edge) and it is set in
  the same style and close below it (a list entry's continuation also indented past its bullet, in
  whatever weight: a bold tail wrapped under the entry is no heading), or
  when the one before does not end a sentence and it starts in lower case or at the next page's head
  where the one before started (a paragraph across a page break); a word hyphenated across two lines
  is joined back without a space ("infra-" "structure");
  a block set in from the left whose longest line stops about as far in from the right (a blockquote,
  Word's Quote style) wraps at that inset, so its full lines join; short lines set in only from the left
  (a form's fields) stay apart;
- a footnote's mark (digits or symbols raised and smaller than the word or stop before them) is no text,
  as the other formats drop theirs; other raised text (the "st" of "1st") stays in its line, even raised
  so far that it came out as a line of its own;
- page furniture is not text: a page's first or last line that recurs on most pages with only its
  numbers changed (a running header, "Acme - Confidential - page 3"), or that is only a page number,
  or that a browser printed in the margin of even a single page (the date and time before the page's
  title, the address before "1/1");
- a page set in two columns (LaTeX's twocolumn, Word's columns, a browser's CSS columns) is read down its
  left column and then its right one, a band at a time: lines running across the gutter (a title, a
  heading spanning both columns) are bands of their own. The gutter is a narrow strip down the middle that
  no line's text crosses while several lines have text on both sides of it, most of them reaching across
  their column (running text, not a form of short labels and their values at a tab stop);
- a table drawn with ruling lines (pdfplumber's table finder) is read as a table, not as lines whose
  cells would interleave: its rows are entries named by its header row when that row is all in bold,
  and a table continued on the next page without repeating its header carries on under it. A row cut
  by a page break (a browser draws no line across it there) is found where its cells' side lines stop,
  and its two parts are joined back into one row.
The title is the document's /Title unless that is an editor's placeholder, else the first heading.
A PDF with no text at all is a scan and is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.table import Table as PdfTable
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
CELL_MIN_WIDTH = 10.0  # points: a horizontal line shorter than this is a border's corner, not a line across a cell
SIZE_PRECISION = 0.5  # points: sizes are compared rounded to this
SPACE_WIDTH = 0.5  # a space is at most this many of its font size wide
NOTE_MARK_CHARACTERS = frozenset("0123456789*†‡§")
SUPERSCRIPT_MAX_SIZE = 0.9  # raised text this much smaller than its line's, or smaller, is a superscript
SUPERSCRIPT_MIN_RAISE = 0.1  # its top this many of its line's font sizes above theirs, at least
SUPERSCRIPT_MAX_GAP = 0.15  # and this close after the character before it: a mark touches its word
INSET_FILL = 3.0  # an indented block's longest line ends within this many font sizes of its right inset
DRAWN_BULLET_MAX = 0.6  # a drawn bullet is at most this many of its line's font size across
DRAWN_BULLET_REACH = 2.5  # and ends at most this many font sizes before the line's text
# "3", "Page 3", "page 3 of 12", "- 3 -", "3 / 12": a line that only numbers its page.
PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:page\s*)?\d+(?:\s*(?:of|/)\s*\d+)?[-–—\s]*$", re.IGNORECASE)
HYPHENATED_END = re.compile(r"[a-z]-$")
PAGE_COUNTER = re.compile(r"\s(\d+)/(\d+)$")  # "1/4" at a line's end, as browsers number printed pages
COLUMN_GAP = 0.6  # a gap wider than this many font sizes inside a line may be the gutter between columns
GUTTER_ZONE = (0.25, 0.75)  # where a gutter between two columns can be, as shares of the text's width
GUTTER_MAX_WIDTH = 0.1  # a gutter is at most this share of the text's width; a wider gap is a form's tab stop
MIN_COLUMN_ROWS = 3  # lines with text on both sides of a gutter that make two columns (a running header has one)
FULL_LINE_SLACK = 0.3  # a line of running text ends within this share of its column's width from its edge
PRINT_STAMP = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?\s")  # "12/3/26, 4:42 PM "


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
    drawn_bullet: bool  # a bullet drawn just before the line, as browsers print a list's
    column: int  # 0 across the page; 1 and 2 the left and right columns of a page set in two


@dataclass(frozen=True)
class _Table:
    """A ruled table on one page: its rows of cell texts, and whether its first row is a header."""

    page: int  # where it starts
    top: float
    rows: list[list[str]]
    has_header: bool
    last_page: int  # where it ends, once continued on the pages after


def parse_pdf(data: bytes, path: Path) -> ParsedDocument:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines: list[_Line] = []
            tables: list[_Table] = []
            for page in pdf.pages:
                page_tables = _ruled_tables(page)
                tables += [_table(page, found) for found in page_tables]
                for column, region in _reading_regions(_outside(page, page_tables)):
                    lines += _lines(region, column)
            metadata_title = str(pdf.metadata.get("Title") or "")
            lines = _without_page_furniture(lines, len(pdf.pages), metadata_title)
    except (PdfminerException, MalformedPDFException) as error:
        raise _unreadable(path, error) from error
    if not lines and not tables:
        raise file_error(path, "has no text layer (scanned?); OCR it first")
    blocks = _Layout(lines, _continued(tables)).blocks()
    first_heading = next((block.text for block in blocks if block.kind == "heading"), "")
    title = metadata_title if not is_placeholder_title(metadata_title) else first_heading
    text = "\n".join(line.text for line in lines)
    return build_document(path, title or title_from_file_name(path, text), blocks)


def _unreadable(path: Path, error: Exception) -> CorpusError:
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    if isinstance(cause, PDFEncryptionError):
        return file_error(path, "is encrypted (password-protected); save an unprotected copy first")
    return file_error(path, f"cannot be read as a PDF ({type(cause).__name__}: {cause}); is it damaged?")


def _reading_regions(page: pdfplumber.page.Page) -> list[tuple[int, pdfplumber.page.Page]]:
    """The parts of a page in reading order, each with its column (see _Line.column): the page itself, or,
    for a page set in two columns, its bands from the top, a band of two columns giving its left column
    and then its right one."""
    rows = [spans for row in page.extract_text_lines(return_chars=True) if (spans := _text_spans(row))]
    gutter = _gutter(rows)
    if gutter is None:
        return [(0, page)]
    left, top, right, bottom = page.bbox
    regions: list[tuple[int, pdfplumber.page.Page]] = []
    for band_top, band_bottom, two_columns in _bands(rows, gutter, top, bottom):
        if two_columns:
            regions += [(1, page.crop((left, band_top, gutter, band_bottom))),
                        (2, page.crop((gutter, band_top, right, band_bottom)))]
        else:
            regions.append((0, page.crop((left, band_top, right, band_bottom))))
    return regions


@dataclass(frozen=True)
class _Spans:
    """A line's stretches of text (x0, x1), parted where a gap is too wide for a space between words."""

    top: float
    bottom: float
    parts: list[tuple[float, float]]

    def crosses(self, x: float) -> bool:
        return any(x0 <= x <= x1 for x0, x1 in self.parts)

    def on_both_sides(self, x: float) -> bool:
        """Whether the line has text left and right of `x` with its widest gap there: a justified line's every
        gap between words is wide, and one that happens to lie at `x` parts no columns."""
        if self.crosses(x) or not self.parts[0][1] < x < self.parts[-1][0]:
            return False
        gaps = [(start - end, end < x < start) for (_, end), (start, _) in zip(self.parts, self.parts[1:])]
        at_x = max(width for width, here in gaps if here)
        return all(width < at_x for width, here in gaps if not here)


def _text_spans(row: dict) -> _Spans | None:
    characters = sorted((char for char in row["chars"] if char["text"].strip()), key=lambda char: char["x0"])
    parts: list[tuple[float, float]] = []
    for char in characters:
        if parts and char["x0"] - parts[-1][1] <= char["size"] * COLUMN_GAP:
            parts[-1] = (parts[-1][0], max(parts[-1][1], char["x1"]))
        else:
            parts.append((char["x0"], char["x1"]))
    return _Spans(row["top"], row["bottom"], parts) if parts else None


def _gutter(rows: list[_Spans]) -> float | None:
    """The middle of the gutter between a page's two columns, or None for a page in one column: the widest
    strip near the middle that the fewest lines cross, if it is narrow and has running text on both sides."""
    if not rows:
        return None
    left = min(row.parts[0][0] for row in rows)
    right = max(row.parts[-1][1] for row in rows)
    zone = range(math.ceil(left + (right - left) * GUTTER_ZONE[0]), math.floor(left + (right - left) * GUTTER_ZONE[1]))
    crossing = {x: sum(1 for row in rows if row.crosses(x)) for x in zone}
    if not crossing:
        return None
    fewest = min(crossing.values())
    strip = _widest_run([x for x in zone if crossing[x] == fewest])
    gutter = (strip[0] + strip[-1]) / 2
    two_sided = [row for row in rows if row.on_both_sides(gutter)]
    if len(strip) > (right - left) * GUTTER_MAX_WIDTH or len(two_sided) < MIN_COLUMN_ROWS:
        return None
    full = [row for row in two_sided if _fills_column(row, left, gutter, right)]
    return gutter if len(full) * 2 >= len(two_sided) else None


def _widest_run(xs: list[int]) -> list[int]:
    """The longest run of consecutive numbers in an ascending list."""
    runs: list[list[int]] = []
    for x in xs:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    return max(runs, key=len)


def _fills_column(row: _Spans, left: float, gutter: float, right: float) -> bool:
    """Whether a line's text on each side of the gutter runs nearly to that column's edge, as running text does."""
    left_end = max(x1 for _, x1 in row.parts if x1 < gutter)
    return (left_end >= gutter - (gutter - left) * FULL_LINE_SLACK
            and row.parts[-1][1] >= right - (right - gutter) * FULL_LINE_SLACK)


def _bands(rows: list[_Spans], gutter: float, top: float, bottom: float) -> list[tuple[float, float, bool]]:
    """(top, bottom, in two columns) of each band of a two-column page: runs of lines that leave the gutter
    clear, and runs that cross it. A run of fewer lines than make two columns (a running header with its
    parts at both margins) is read across."""
    runs: list[list[_Spans]] = []
    for row in sorted(rows, key=lambda row: row.top):
        if runs and runs[-1][0].crosses(gutter) == row.crosses(gutter):
            runs[-1].append(row)
        else:
            runs.append([row])
    bands: list[tuple[float, float, bool]] = []
    for index, run in enumerate(runs):
        band_top = (runs[index - 1][-1].bottom + run[0].top) / 2 if index else top
        band_bottom = (run[-1].bottom + runs[index + 1][0].top) / 2 if index + 1 < len(runs) else bottom
        two_columns = not run[0].crosses(gutter) and len(run) >= MIN_COLUMN_ROWS
        bands.append((band_top, band_bottom, two_columns))
    return bands


def _lines(page: pdfplumber.page.Page, column: int) -> Iterator[_Line]:
    marks = page.curves + page.rects
    marks_of_notes = _note_marks(page.chars)
    page = page.filter(lambda obj: obj.get("object_type") != "char" or _char_key(obj) not in marks_of_notes)
    for found in _with_raised_text_set_in(page.extract_text_lines(return_chars=True)):
        characters = [char for char in found["chars"] if char["text"].strip()]
        if not characters:
            continue
        sizes = Counter(_rounded(char["size"]) for char in characters)
        text = _without_unmapped_glyphs(found["text"].strip())
        first_word = text.split(" ", 1)[0]
        yield _Line(
            text=text,
            size=sizes.most_common(1)[0][0],
            bold=_all_bold(characters),
            page=page.page_number,
            top=found["top"],
            bottom=found["bottom"],
            x0=found["x0"],
            x1=found["x1"],
            characters=len(characters),
            first_word_width=sum(char["x1"] - char["x0"] for char in characters[: len(first_word)]),
            drawn_bullet=any(_is_bullet_before(mark, found, sizes.most_common(1)[0][0]) for mark in marks),
            column=column,
        )


# pdfminer writes a glyph its font maps to no character as "(cid:127)": ReportLab's list bullets, a symbol font's marks.
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
LEADING_UNMAPPED_GLYPH = re.compile(r"^\(cid:\d+\)\s+")


def _without_unmapped_glyphs(text: str) -> str:
    """A line's text with its unreadable glyphs gone: one opening the line before its words is the bullet it was drawn
    with ("•"); any other is dropped, as a glyph no reader could copy."""
    text = LEADING_UNMAPPED_GLYPH.sub(BULLET_MARKER + " ", text)
    return re.sub(r"[ \t]{2,}", " ", UNMAPPED_GLYPH.sub("", text)).strip()


def _note_marks(chars: list[dict]) -> set[tuple]:
    """The characters of footnote marks ("1", "23", "*"): raised above the word or stop they touch and
    smaller than it. They are no text, as the other formats drop theirs ("scheme1" would be one word)."""
    marks: set[tuple] = set()
    base = previous = None  # the last character of the text, not of a mark; the last of either
    for char in chars:
        if not char["text"].strip():
            continue
        if (base is not None and char["text"] in NOTE_MARK_CHARACTERS and not base["text"].isdigit()
                and _raised(char, base) and -INDENT_TOLERANCE <= char["x0"] - previous["x1"] <= base["size"] * SUPERSCRIPT_MAX_GAP):
            marks.add(_char_key(char))
        else:
            base = char
        previous = char
    return marks


def _raised(char: dict, base: dict) -> bool:
    """Whether `char` is set smaller than `base` and higher: its top above base's (smaller text on base's
    baseline, "Pay 2026" beside a heading, starts lower) and its bottom inside base's line."""
    return (char["size"] <= base["size"] * SUPERSCRIPT_MAX_SIZE
            and char["top"] < base["top"] - base["size"] * SUPERSCRIPT_MIN_RAISE
            and base["top"] - base["size"] < char["bottom"] < base["bottom"])


def _char_key(char: dict) -> tuple:
    return char["page_number"], char["x0"], char["top"], char["text"]


def _with_raised_text_set_in(rows: list[dict]) -> list[dict]:
    """Lines with the superscripts set above them put back in: raised far enough, a superscript comes out
    as a line of its own just before its line ("st", the ordinal's of "1st"), which it rejoins after the
    character it follows."""
    merged: list[dict] = []
    for row in rows:
        raised = merged[-1] if merged else None
        if raised is not None and _is_raised_above(raised, row):
            merged[-1] = _with_raised(row, raised)
        else:
            merged.append(row)
    return merged


def _is_raised_above(raised: dict, line: dict) -> bool:
    """Whether a line is superscript text of the line after it: smaller, its bottom within that line's
    upper part, and beside its text."""
    own = [char for char in line["chars"] if char["text"].strip()]
    high = [char for char in raised["chars"] if char["text"].strip()]
    if not own or not high:
        return False
    size = max(char["size"] for char in own)
    return (max(char["size"] for char in high) <= size * SUPERSCRIPT_MAX_SIZE
            and line["top"] < raised["bottom"] < line["bottom"]
            and line["x0"] < raised["x0"] <= line["x1"] + size * SPACE_WIDTH)


def _with_raised(line: dict, raised: dict) -> dict:
    """`line` with the words of `raised` put in, each right after the character before it."""
    text = line["text"]
    raised_chars = [char for char in raised["chars"] if char["text"].strip()]
    inserted: list[dict] = []
    for word in raised["text"].split():
        word_chars, raised_chars = raised_chars[:len(word)], raised_chars[len(word):]
        before = sum(1 for char in line["chars"] if char["text"].strip() and char["x1"] <= word_chars[0]["x0"] + 1)
        text = _inserted_after(text, before + len(inserted), word)
        inserted += word_chars
    return {**line, "text": text, "chars": sorted([*line["chars"], *inserted], key=lambda char: char["x0"])}


def _inserted_after(text: str, count: int, word: str) -> str:
    """`text` with `word` put right after its `count`-th character other than a space."""
    seen = 0
    for index, character in enumerate(text):
        seen += not character.isspace()
        if seen == count:
            return text[:index + 1] + word + text[index + 1:]
    return text + word


def _is_bullet_before(mark: dict, line: dict, size: float) -> bool:
    """Whether a drawn shape is a line's bullet: a dot, ring or square, small beside the line's type, just
    left of its text and level with it (an underline or a cell's border is neither small nor square)."""
    small = 0 < mark["width"] <= size * DRAWN_BULLET_MAX and 0 < mark["height"] <= size * DRAWN_BULLET_MAX
    square = abs(mark["width"] - mark["height"]) <= mark["width"] / 2
    before = 0 <= line["x0"] - mark["x1"] <= size * DRAWN_BULLET_REACH
    level = line["top"] <= (mark["top"] + mark["bottom"]) / 2 <= line["bottom"]
    return small and square and before and level


def _all_bold(characters: list[dict]) -> bool:
    return all("bold" in char["fontname"].lower() for char in characters)


def _ruled_tables(page: pdfplumber.page.Page) -> list[PdfTable]:
    """Tables drawn with ruling lines (pdfplumber's default finder), with at least two columns: read as
    lines, their cells would interleave column by column."""
    settings = {"explicit_horizontal_lines": _cut_row_edges(page)}
    return [table for table in page.find_tables(settings) if max(len(row.cells) for row in table.rows) >= 2]


def _cut_row_edges(page: pdfplumber.page.Page) -> list[float]:
    """Where a page break cuts a table's row: the ruling lines down its cells' sides stop there with no
    line across them (a browser draws none), so the table finder would not see that part of the row."""
    across = [edge for edge in page.edges if edge["orientation"] == "h" and edge["width"] > CELL_MIN_WIDTH]
    ends: Counter[float] = Counter()
    for edge in page.edges:
        if edge["orientation"] == "v":
            ends.update({round(edge["top"]), round(edge["bottom"])})
    return [y for y, count in ends.items()
            if count >= 3 and not any(abs(edge["top"] - y) <= INDENT_TOLERANCE for edge in across)]


def _outside(page: pdfplumber.page.Page, tables: list[PdfTable]) -> pdfplumber.page.Page:
    """The page without the characters inside its tables, which are read as tables instead."""
    if not tables:
        return page
    boxes = [table.bbox for table in tables]
    return page.filter(lambda obj: obj.get("object_type") != "char" or not any(_centred_in(obj, box) for box in boxes))


def _centred_in(char: dict, box: tuple[float, float, float, float]) -> bool:
    """Whether a character's centre is inside a box (a cell may reach past the page's edge, so no crop)."""
    x0, top, x1, bottom = box
    return x0 <= (char["x0"] + char["x1"]) / 2 <= x1 and top <= (char["top"] + char["bottom"]) / 2 <= bottom


def _table(page: pdfplumber.page.Page, table: PdfTable) -> _Table:
    rows = [[_cell_text(cell) for cell in row] for row in table.extract()]
    # A header row is set in bold, as browsers print <th> and exported tables style their first row.
    first_row = [char for char in page.chars if char["text"].strip()
                 and any(cell and _centred_in(char, cell) for cell in table.rows[0].cells)]
    has_header = bool(first_row) and _all_bold(first_row)
    return _Table(page.page_number, table.bbox[1], rows, has_header, page.page_number)


def _cell_text(cell: str | None) -> str:
    """A cell's lines joined as a paragraph's are (a word hyphenated across two lines rejoined); a cell
    merged into the one before it has no text (None)."""
    text = ""
    for line in (cell or "").split("\n"):
        line = line.strip()
        hyphenated = HYPHENATED_END.search(text) and line[:1].islower()
        text = f"{text}{line}" if hyphenated or not text else f"{text} {line}"
    return text


def _continued(tables: list[_Table]) -> list[_Table]:
    """Tables with a table's continuation on the next page merged into it: a table without a header row
    right after one with the same columns, on the next page, carries on its rows under that header, and
    a first row with nothing in its first column is the rest of the row the page break cut."""
    merged: list[_Table] = []
    for table in tables:
        before = merged[-1] if merged else None
        if (before is not None and not table.has_header and before.has_header
                and table.page == before.last_page + 1 and len(table.rows[0]) == len(before.rows[0])):
            rows = table.rows
            if not rows[0][0] and len(before.rows) > 1:
                cut_row = [_cell_text(f"{head}\n{tail}") for head, tail in zip(before.rows[-1], rows[0])]
                rows = [cut_row, *rows[1:]]
                before = _Table(before.page, before.top, before.rows[:-1], True, before.last_page)
            merged[-1] = _Table(before.page, before.top, before.rows + rows, True, table.page)
        else:
            merged.append(table)
    return merged


def _without_page_furniture(lines: list[_Line], page_count: int, title: str) -> list[_Line]:
    """The lines minus running headers and footers and page numbers (see the module's docstring)."""
    pages: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        pages[line.page].append(line)
    edges = [line for on_page in pages.values() for line in {on_page[0].top: on_page[0], on_page[-1].top: on_page[-1]}.values()]
    recurring = Counter(_numbers_blanked(line.text) for line in edges)
    furniture = {
        id(line) for line in edges
        if PAGE_NUMBER.match(line.text) or (len(pages) > 1 and recurring[_numbers_blanked(line.text)] * 2 > len(pages))
        or _is_browser_print_margin(line, page_count, title)
    }
    return [line for line in lines if id(line) not in furniture]


def _is_browser_print_margin(line: _Line, page_count: int, title: str) -> bool:
    """What a browser prints in a page's margins, which a one-page print has nowhere to recur: the date,
    time and page title ("12/3/26, 4:42 PM Data Analyst"), or the address and page counter
    ("https://jobs.example.com/analyst 1/1")."""
    counter = PAGE_COUNTER.search(line.text)
    if counter and int(counter.group(1)) == line.page and int(counter.group(2)) == page_count:
        return True
    stamp = PRINT_STAMP.match(line.text)
    return bool(title.strip()) and stamp is not None and line.text[stamp.end():].strip() == title.strip()


def _numbers_blanked(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _rounded(size: float) -> float:
    return round(size / SIZE_PRECISION) * SIZE_PRECISION


class _Layout:
    """Lines grouped into paragraphs, each paragraph read as a heading, a list entry or prose."""

    def __init__(self, lines: list[_Line], tables: list[_Table]) -> None:
        self.lines = lines
        self.tables = tables
        by_size: Counter[float] = Counter()
        for line in lines:
            by_size[line.size] += line.characters
        self.body_size = by_size.most_common(1)[0][0] if by_size else 0.0
        by_indent: dict[int, Counter[float]] = defaultdict(Counter)
        for line in lines:
            if line.size == self.body_size:
                by_indent[line.column][round(line.x0)] += line.characters
        # Each column has its own left margin.
        self.left_margins = {column: indents.most_common(1)[0][0] for column, indents in by_indent.items()}
        self.on_page: dict[int, list[_Line]] = defaultdict(list)
        for line in lines:
            self.on_page[line.page].append(line)
        self.block_ends = _indented_block_ends(lines)

    def blocks(self) -> list[Block]:
        paragraphs = [(paragraph, self.is_heading(paragraph)) for paragraph in self.paragraphs()]
        # Bigger type is a higher heading: the largest size is level 1.
        heading_sizes = sorted({paragraph[0].size for paragraph, is_heading in paragraphs if is_heading}, reverse=True)
        out = BlockCollector()
        tables = list(self.tables)
        indents: list[float] = []  # x of each open list level's bullet, outermost first
        for paragraph, is_heading in paragraphs:
            while tables and (tables[0].page, tables[0].top) < (paragraph[0].page, paragraph[0].top):
                table = tables.pop(0)
                out.table(table.rows, table.has_header)
                indents.clear()
            text = _joined(paragraph)
            listed = None if is_heading else split_list_marker(text) or self.drawn_entry(paragraph, text)
            if is_heading:
                out.heading(text, heading_sizes.index(paragraph[0].size) + 1)
            elif listed:
                out.item(listed[1], _nesting(indents, paragraph[0].x0), listed[0])
            else:
                out.prose(text)
            if not listed:
                indents.clear()
        for table in tables:
            out.table(table.rows, table.has_header)
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
        # A numbered line is a list entry, unless set in larger type than the body ("1. Purpose" of a policy).
        return (self.heading_styled(paragraph[0]) and looks_like_heading(text, HEADING_MAX_WORDS)
                and (not split_list_marker(text) or paragraph[0].size >= self.body_size * HEADING_SIZE_RATIO))

    def drawn_entry(self, paragraph: list[_Line], text: str) -> tuple[str, str] | None:
        """An entry whose bullet was drawn, not written: found by the drawing, or else by the paragraph
        being set in from the left margin."""
        first = paragraph[0]
        drawn = first.drawn_bullet or first.x0 > self.left_margins.get(first.column, first.x0) + INDENT_TOLERANCE
        return (BULLET_MARKER, text) if drawn else None

    def wrapped(self, previous: _Line, line: _Line) -> bool:
        """Whether `previous` ended because it was full: `line`'s first word (and a space) had no room
        after it, before the right edge of the text it is part of (the lines in its type size starting
        no further right, in its column)."""
        if HYPHENATED_END.search(previous.text) and line.text[:1].islower():
            return True
        edge = max(other.x1 for other in self.on_page[previous.page] if other.size == previous.size
                   and other.column == previous.column and other.x0 <= previous.x0 + INDENT_TOLERANCE)
        return self.inset_edge(previous, edge) - previous.x1 < line.first_word_width + line.size * SPACE_WIDTH

    def inset_edge(self, line: _Line, edge: float) -> float:
        """The right edge of the block `line` is in: a block set in from the left margin whose longest line
        ends about as far in from `edge` (a blockquote, Word's Quote style, LaTeX's quote) is set in from
        the right by as much, so its lines wrap there; any other block wraps at `edge`."""
        indent = line.x0 - self.left_margins.get(line.column, line.x0)
        inset = edge - indent
        longest = self.block_ends[id(line)]
        fills_inset = inset - line.size * INSET_FILL <= longest <= inset + INDENT_TOLERANCE
        return inset if indent > INDENT_TOLERANCE and fills_inset else edge

    def continues(self, paragraph: list[_Line], line: _Line) -> bool:
        previous = paragraph[-1]
        close = line.page == previous.page and line.top - previous.bottom <= PARAGRAPH_GAP * line.size
        in_list = split_list_marker(paragraph[0].text) is not None
        # A list entry's next line is indented past its bullet; one back at the bullet is new text.
        aligned = not in_list or line.x0 > paragraph[0].x0 + INDENT_TOLERANCE
        # A line hanging under an entry's text goes on with it even in bold: the entry's bold tail wrapped onto a
        # line of its own ("46018 GBP annually") is no heading.
        same_style = (previous.size, self.heading_styled(previous)) == (line.size, self.heading_styled(line))
        hangs = in_list and close and aligned and previous.size == line.size
        if split_list_marker(line.text) or line.drawn_bullet or not (same_style or hangs) or not self.wrapped(previous, line):
            return False
        unfinished = previous.text[-1] not in SENTENCE_ENDS
        runs_on = unfinished and line.text[:1].islower()
        # A full line with no stop at a page's foot goes on at the next page's head, whatever its first
        # letter ("... salary in Czech" / "Republic in CZK."), when it starts where the line before did.
        turns_page = unfinished and line.page == previous.page + 1 and abs(line.x0 - previous.x0) <= INDENT_TOLERANCE
        return runs_on or ((close or turns_page) and aligned)


def _indented_block_ends(lines: list[_Line]) -> dict[int, float]:
    """For each line (by id), where the longest line of its block ends: the run of lines around it on its
    page and in its column, in its type size, starting where it starts."""
    runs: list[list[_Line]] = []
    for line in lines:
        if runs and _same_block(runs[-1][0], line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return {id(line): max(member.x1 for member in run) for run in runs for line in run}


def _same_block(first: _Line, line: _Line) -> bool:
    return ((first.page, first.column, first.size) == (line.page, line.column, line.size)
            and abs(line.x0 - first.x0) <= INDENT_TOLERANCE)


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
