"""Word (.docx), read with python-docx, walking the body in document order so tables stay in place.

Paragraph styles carry the structure: "Title", "Heading N", the list styles, or numbering set on the
paragraph itself (Word numbers a "Normal" paragraph that way); a style based on one of those counts
as it. Numbered entries get their number from the list's definition in numbering.xml, counted per
list and level (an entry's level is its style's, "List Bullet 2", or its numbering's ilvl: a group's
title or lead-in heads the entries nested under it, as in every format). A short paragraph whose runs are
all bold is a pseudo-heading; a plain one between two list entries is content, not a label over the next
ones, unless it ends in a colon (Word marks headings by style). Table rows become items
naming their columns (a two-column table without a bold or repeated first row is a form: "label: value"),
and content controls (w:sdt) are read through; a text box's paragraphs follow the paragraph it is drawn in
(once: Word stores each box twice, the second as a fallback for old readers). A paragraph's text is all of its runs, also those that
python-docx's paragraph.text skips: inside inline content controls (a template's filled-in fields),
tracked insertions, simple fields and smart tags; deleted text is not shown, so it is not read.
A line break inside a paragraph (Shift+Enter) starts a new line, as <br> does in HTML ("• Python" lines
are entries). A table that lays the page out (one cell boxing text, or cells holding headings, tables, or
lists under no marked header row) is read as the blocks in its cells. Footnotes, then endnotes, follow
the text, as printed, without their marks.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.oxml.numbering import CT_Numbering
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from assistant.ingest.blocks import (
    BULLET_MARKER,
    BlockCollector,
    build_document,
    file_error,
    is_placeholder_title,
)
from assistant.ingest.document import ParsedDocument, fold_whitespace, title_from_file_name

HEADING_STYLE = re.compile(r"^Heading ([1-9])$")
LIST_STYLE = re.compile(r"^List (Bullet|Number|Paragraph)(?: ([2-9]))?$")
UNNUMBERED_FORMATS = ("bullet", "none")
LINE_BREAK = "\n"  # a line break inside a paragraph (Shift+Enter), as python-docx gives it: a new line, as <br> is
NOTE_PARTS = ((RT.FOOTNOTES, "w:footnote"), (RT.ENDNOTES, "w:endnote"))
SEPARATOR_NOTES = ("separator", "continuationSeparator", "continuationNotice")  # the rules above the notes
COMPATIBILITY_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def parse_docx(data: bytes, path: Path) -> ParsedDocument:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx has no error of its own for a damaged package: any means damaged
        raise file_error(path, f"cannot be read as a Word document ({type(error).__name__}: {error})") from error
    walker = _DocxWalker(document)
    for block in (*_body_blocks(document), *_notes(document)):
        walker.visit(block)
    blocks = walker.out.blocks
    core_title = document.core_properties.title or ""
    title = next(
        (candidate for candidate in (core_title, walker.title_paragraph, walker.first_heading)
         if candidate and not is_placeholder_title(candidate)),
        "",
    )
    return build_document(path, title or title_from_file_name(path, "\n".join(b.text for b in blocks)), blocks)


def _body_blocks(document: Document) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables of the body in document order, including those inside content controls."""
    yield from _blocks_in(document.element.body, document)


def _notes(document: Document) -> Iterator[Paragraph | Table]:
    """The footnotes' paragraphs and tables, then the endnotes', to follow the text as they are printed;
    python-docx reads neither part. Their marks in the text are no text (run.text skips them)."""
    for relationship, tag in NOTE_PARTS:
        try:
            part = document.part.part_related_by(relationship)
        except KeyError:
            continue
        for note in parse_xml(part.blob).iterchildren(qn(tag)):
            if note.get(qn("w:type")) not in SEPARATOR_NOTES:
                yield from _blocks_in(note, document)


def _blocks_in(container, document: Document) -> Iterator[Paragraph | Table]:
    for element in container.iterchildren():
        if element.tag == qn("w:p"):
            yield Paragraph(element, document)
            for box in _text_boxes(element):
                yield from _blocks_in(box, document)
        elif element.tag == qn("w:tbl"):
            yield Table(element, document)
        elif element.tag == qn("w:sdt"):
            for content in element.iterchildren(qn("w:sdtContent")):
                yield from _blocks_in(content, document)


def _text_boxes(paragraph: CT_P) -> Iterator[BaseOxmlElement]:
    """The text boxes drawn in a paragraph (not those inside its boxes, read with their own paragraph),
    each once: the copy in a compatibility fallback repeats the one before it."""
    for box in paragraph.iter(qn("w:txbxContent")):
        own = next(box.iterancestors(qn("w:p"))) is paragraph
        if own and not any(ancestor.tag == COMPATIBILITY_FALLBACK for ancestor in box.iterancestors()):
            yield box


def _style_chain(style: BaseStyle | None) -> Iterator[BaseStyle]:
    """A style and the styles it is based on, nearest first."""
    while style is not None:
        yield style
        style = style.base_style


def _structural_style(paragraph: Paragraph) -> str:
    """The first style in the paragraph's chain that means something here ("Heading 2", "Title", ...)."""
    for style in _style_chain(paragraph.style):
        name = style.name or ""
        if name == "Title" or HEADING_STYLE.match(name) or LIST_STYLE.match(name):
            return name
    return ""


def _is_bold(run: Run, paragraph: Paragraph) -> bool:
    """Bold as shown: set on the run, else inherited from its character style, else the paragraph's."""
    if run.bold is not None:
        return run.bold
    for style in (*_style_chain(run.style), *_style_chain(paragraph.style)):
        if style.font.bold is not None:
            return style.font.bold
    return False


def _runs(paragraph: Paragraph) -> Iterator[Run]:
    """The paragraph's runs however deeply wrapped, but not those of a text box drawn in it (their own
    paragraphs)."""
    for element in paragraph._p.iter(qn("w:r")):
        if next(element.iterancestors(qn("w:p"))) is paragraph._p:
            yield Run(element, paragraph)


def _text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in _runs(paragraph))


def _is_all_bold(paragraph: Paragraph) -> bool:
    texts = [run for run in _runs(paragraph) if run.text.strip()]
    return bool(texts) and all(_is_bold(run, paragraph) for run in texts)


def _cell_text(cell: _Cell) -> str:
    """All the text of a cell, including any table nested in it."""
    parts = [_text(item) if isinstance(item, Paragraph) else _table_text(item) for item in cell.iter_inner_content()]
    return " ".join(parts)


def _table_text(table: Table) -> str:
    return " ".join(_cell_text(cell) for row in _table_rows(table) for cell in row)


def _table_rows(table: Table) -> list[list[_Cell]]:
    """Rows of cells, a cell merged across columns counted once."""
    rows = []
    for row in table.rows:
        cells: list[_Cell] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:
                cells.append(cell)
        rows.append(cells)
    return rows


def _has_header_row(table: Table) -> bool:
    """A first row marked as a header is one. Without that, a two-column table is a form of labels and
    values ("Reports to | Head of Data"); any other table is taken to start with its header, as most do."""
    rows = _table_rows(table)
    return bool(rows) and (_marked_header_row(table) or max(len(row) for row in rows) != 2)


def _marked_header_row(table: Table) -> bool:
    """A first row marked to repeat on every page (w:tblHeader), or set all in bold: by its runs, or by its
    table style's header-row format where the table turns that on (Word's "Header Row" box)."""
    rows = _table_rows(table)
    if not rows:
        return False
    properties = table.rows[0]._tr.trPr
    if properties is not None and properties.find(qn("w:tblHeader")) is not None:
        return True
    if _styled_header_row(table):
        return True
    paragraphs = [paragraph for cell in rows[0] for paragraph in cell.paragraphs]
    runs = [(run, paragraph) for paragraph in paragraphs for run in _runs(paragraph) if run.text.strip()]
    return bool(runs) and all(_is_bold(run, paragraph) for run, paragraph in runs)


def _styled_header_row(table: Table) -> bool:
    """Whether the table shows its first row in its style's bold header format: its look turns the header
    row on (w:firstRow, or the older hex w:val's 0x0020 bit) and the style, or one it is based on, bolds it."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        return False
    first_row = look.get(qn("w:firstRow"))
    if first_row is None:
        first_row = "1" if int(look.get(qn("w:val"), "0"), 16) & 0x0020 else "0"
    if first_row not in ("1", "true", "on"):
        return False
    style = table.style
    while style is not None:
        bold = style.element.find(f"{qn('w:tblStylePr')}[@{qn('w:type')}='firstRow']/{qn('w:rPr')}/{qn('w:b')}")
        if bold is not None:
            return bold.get(qn("w:val"), "1") not in ("0", "false", "off")
        style = style.base_style
    return False


def _is_layout_table(table: Table) -> bool:
    """A table that lays a page out rather than holding data, read as the blocks in its cells, as in HTML:
    a single cell (a box around text), or cells holding headings or tables, or lists without a marked
    header row (a two-column page of "Benefits" and "Team" with their lists)."""
    rows = _table_rows(table)
    if len(rows) == 1 and len(rows[0]) == 1:
        return True
    contents = [content for row in rows for cell in row for content in cell.iter_inner_content()]
    paragraphs = [content for content in contents if isinstance(content, Paragraph)]
    if len(paragraphs) < len(contents) or any(_heading_level(paragraph) for paragraph in paragraphs):
        return True
    return any(_is_list_entry(paragraph) for paragraph in paragraphs) and not _marked_header_row(table)


def _heading_level(paragraph: Paragraph) -> int:
    """1 to 9 for a Title or Heading paragraph (a Title is a top heading), else 0."""
    style = _structural_style(paragraph)
    heading = HEADING_STYLE.match(style)
    return int(heading.group(1)) if heading else int(style == "Title")


def _is_list_entry(paragraph: Paragraph) -> bool:
    return bool(LIST_STYLE.match(_structural_style(paragraph)) or _numbering(paragraph))


class _ListNumbering:
    """Markers for list paragraphs. Word keeps a list's format (bullet or decimal, and the start) in
    numbering.xml per list and level; the number itself is counted here in document order."""

    def __init__(self, document: Document) -> None:
        self._definitions = _numbering_definitions(document)
        self._counters: dict[tuple[int, int], int] = {}

    def marker(self, num_id: int, ilvl: int, numbered_style: bool) -> str:
        number_format, start = self._format(num_id, ilvl)
        if number_format in UNNUMBERED_FORMATS or (number_format is None and not numbered_style):
            return BULLET_MARKER
        for key in [key for key in self._counters if key[0] == num_id and key[1] > ilvl]:
            del self._counters[key]  # a deeper list restarts under each new entry
        count = self._counters.get((num_id, ilvl), start - 1) + 1
        self._counters[(num_id, ilvl)] = count
        return f"{count}. "

    def _format(self, num_id: int, ilvl: int) -> tuple[str | None, int]:
        """(number format, first number) of a list level; (None, 1) when numbering.xml lacks it."""
        if self._definitions is None:
            return None, 1
        abstract_ids = self._definitions.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        if not abstract_ids:
            return None, 1
        level = f'./w:abstractNum[@w:abstractNumId="{abstract_ids[0]}"]/w:lvl[@w:ilvl="{ilvl}"]'
        number_format = self._definitions.xpath(f"{level}/w:numFmt/@w:val")
        start = self._definitions.xpath(f"{level}/w:start/@w:val")
        return (number_format[0] if number_format else None), int(start[0]) if start else 1


def _numbering_definitions(document: Document) -> CT_Numbering | None:
    try:
        return document.part.numbering_part.element
    except NotImplementedError:  # python-docx cannot create the part a document without lists lacks
        return None


def _numbering(paragraph: Paragraph) -> tuple[int, int] | None:
    """(list id, level from 0) of a paragraph numbered directly or through its style; None if not."""
    candidates = [paragraph._p.pPr, *(style.element.pPr for style in _style_chain(paragraph.style))]
    for properties in candidates:
        num_pr = properties.numPr if properties is not None else None
        if num_pr is not None and num_pr.numId is not None:
            num_id = num_pr.numId.val
            ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
            return (num_id, ilvl) if num_id else None  # numId 0 switches numbering off
    return None


class _DocxWalker:
    def __init__(self, document: Document) -> None:
        self.out = BlockCollector(styled_headings=True)
        self.numbering = _ListNumbering(document)
        self.title_paragraph = ""
        self.first_heading = ""  # the first "Heading N" paragraph; bold labels do not name a document

    def visit(self, block: Paragraph | Table) -> None:
        if isinstance(block, Table) and _is_layout_table(block):
            for row in _table_rows(block):
                for cell in row:
                    for content in cell.iter_inner_content():
                        self.visit(content)
        elif isinstance(block, Table):
            self.out.table([[_cell_text(cell) for cell in row] for row in _table_rows(block)], _has_header_row(block))
        else:
            self.paragraph(block)

    def paragraph(self, paragraph: Paragraph) -> None:
        text = _text(paragraph)
        style = _structural_style(paragraph)
        heading = HEADING_STYLE.match(style)
        if style == "Title":
            self.title_paragraph = self.title_paragraph or fold_whitespace(text)
            self.out.heading(text, 1)
        elif heading:
            self.first_heading = self.first_heading or fold_whitespace(text)
            self.out.heading(text, int(heading.group(1)))
        elif _is_list_entry(paragraph):
            self.list_entry(paragraph, style)
        elif _is_all_bold(paragraph):
            for line in text.split(LINE_BREAK):
                self.out.bold_paragraph(line)
        else:
            for line in text.split(LINE_BREAK):
                self.out.line(line)

    def list_entry(self, paragraph: Paragraph, style: str) -> None:
        list_style = LIST_STYLE.match(style)
        numbered_style = bool(list_style) and list_style.group(1) == "Number"
        numbering = _numbering(paragraph)
        numbered_directly = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        if numbering and numbered_directly:
            level = numbering[1] + 1
        else:  # "List Bullet 2" is the second level
            level = int(list_style.group(2)) if list_style and list_style.group(2) else 1
        num_id, ilvl = numbering or (0, level - 1)  # list 0: a list style whose numbering is missing
        self.out.item(_text(paragraph), level, self.numbering.marker(num_id, ilvl, numbered_style))
