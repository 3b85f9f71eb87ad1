"""What every format's loader shares: collecting blocks in reading order, tables as list entries, a list's label as its heading,
list markers in plain lines, and the rules that say whether a line is heading-shaped or a title is junk.

Keeping these in one place is what makes a heading, a list entry or a table row look the same in the
index whichever format it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from itertools import zip_longest
from pathlib import Path

from assistant.ingest.document import (
    Block,
    CorpusError,
    ParsedDocument,
    display_path,
    fold_whitespace,
    make_block,
)

BULLET_MARKER = "- "
# How a list entry starts in text without markup (plain text, a PDF's lines, a <br>-split paragraph):
# typed marks, and the glyphs word processors bullet their levels with (Google Docs' disc, ring and
# square; arrows, ticks; the private-use characters Word's Symbol and Wingdings bullets come out of a PDF as).
BULLET = re.compile(r"^[-*+•●‣◦▪–·○■□◆◇►➢✓✔\uf0b7\uf0a7\uf0d8\uf076\uf0fc]\s+")
NUMBERED = re.compile(r"^\(?\d{1,3}[.)]\s+")
LIST_MARKER = re.compile(f"(?:{BULLET.pattern})|(?:{NUMBERED.pattern})")
PLACEHOLDER_TITLES = frozenset({"untitled", "untitled document", "document", "title", "no title"})
DOCUMENT_SUFFIXES = frozenset({".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".md", ".html", ".htm"})
WORD_EXPORT_PREFIX = "microsoft word - "
# A table row longer than this (half a passage) is too long to quote as one entry: its cells go one a line.
ROW_ENTRY_MAX_CHARS = 250
# Below any heading (h6 is the deepest): a list's label heads its list only, up to the next heading.
LIST_LABEL_LEVEL = 7
LABEL_MAX_WORDS = 8  # a longer line before a list is a sentence introducing it, not its name
SENTENCE_END_MARKS = ".!?;,"
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
LABELLED = re.compile(r"[^:.]{1,40}:\s")  # a line opening with its label: "Goal 2: ...", "Objective #2: ..."
TITLE_MAX_WORDS = 8  # a longer entry is a statement, not a title
SMALL_WORDS = frozenset("a an and as at by for in of on or the to vs with &".split())


class BlockCollector:
    """Blocks in reading order. It remembers the level of the last real heading, so that a bold
    pseudo-heading ("**Requirements**") nests one level below the section it appears in, until a deeper
    real heading puts the pseudo-headings since the last one beside it; a list's label
    ("Dental:") is the innermost heading of all, closed by the next heading of any kind."""

    def __init__(self, styled_headings: bool = False) -> None:
        self.blocks: list[Block] = []
        # A format whose headings are marked by style (Word): a plain short paragraph between two entries of
        # a list is one of its lines, not a label over the entries after it, unless it ends in a colon.
        self._styled_headings = styled_headings
        self._table_rows_end = -1  # where the last table's rows end: they are entries of no list
        self._bold_prose_at = -1  # where the last paragraph all in bold that was not heading-shaped went
        self.section_level = 0  # the level of the last real heading
        self._real_heading_at = -1  # where it is in `blocks`
        # The level-1 heading opening the page, marked up or bold, never a list's label; one after other headings heads a
        # section ("# Notes" closing knative's ROLES.md, whose sections are "##").
        self.first_top_heading = ""
        self._headed = False  # a heading has been seen

    def heading(self, text: str, level: int) -> None:
        # A marked-up heading is not part of a bold paragraph's section before it (a job page's h3 "Accommodations"
        # after its bold "Preferred Qualifications"): the bold ones since the last marked-up heading stand beside it.
        pseudo_level = self.section_level + 1
        if level > pseudo_level and self._real_heading_at >= 0:
            for index in range(self._real_heading_at + 1, len(self.blocks)):
                block = self.blocks[index]
                if block.kind == "heading" and block.level == pseudo_level and not block.entry_depth:
                    self.blocks[index] = replace(block, level=level)
        if self._add(make_block("heading", text, level)):
            self._real_heading_at = len(self.blocks) - 1
            self.section_level = level
            self._note_top_heading(level)

    def pseudo_heading(self, text: str) -> None:
        # One shaped like the last marked-up heading ("In 6 months:" after "In 3 months:") is its sibling, not its part.
        real = self.blocks[self._real_heading_at] if self._real_heading_at >= 0 else None
        level = self.section_level if real is not None and _parallel(text, real.text) else self.section_level + 1
        if self._add(make_block("heading", text, level)):
            self._note_top_heading(level)

    def bold_paragraph(self, text: str) -> None:
        """A paragraph all in bold: a pseudo-heading when heading-shaped; otherwise prose, unless a list
        (not a table) follows it, which it then heads ("**Objective #2: Automate platform operations ...**")."""
        if looks_like_heading(text):
            self.pseudo_heading(text)
        elif self._add(make_block("prose", text)):
            self._bold_prose_at = len(self.blocks) - 1

    def _note_top_heading(self, level: int) -> None:
        if level == 1 and not self._headed:
            self.first_top_heading = self.blocks[-1].text
        self._headed = True

    def item(self, text: str, level: int = 1, marker: str = BULLET_MARKER) -> None:
        previous = self.blocks[-1] if self.blocks else None
        if level == 1 and previous is not None and previous.kind == "prose" and (
            (names_a_list(previous.text) and not self._inside_a_list(previous))
            # a bold paragraph of sentences ("This role starts the Domain Expert track. The sub-branches ... are:"),
            # or of one closed by a full stop with no label before it ("You know how to listen ... before finalizing a
            # decision.", unlike "Goal 2: Keep ... releases."), says something itself, and does not name the list
            or (self._bold_prose_at == len(self.blocks) - 1 and not SENTENCE_BREAK.search(previous.text)
                and (not previous.text.rstrip().endswith(".") or LABELLED.match(previous.text)))
        ):
            self.blocks.pop()  # "Dental:" over its plans is the list's heading, not a sentence of the section
            self._add(make_block("heading", previous.text, LIST_LABEL_LEVEL))
        self._add(make_block("item", text, level, marker))

    def _inside_a_list(self, previous: Block) -> bool:
        """Whether the paragraph just added sits between entries of one list, where a format with styled
        headings writes content ("SaaS experience a plus"), not the name of what follows."""
        before = self.blocks[-2] if len(self.blocks) > 1 else None
        return (self._styled_headings and not previous.text.endswith(":") and before is not None
                and before.kind == "item" and len(self.blocks) - 2 != self._table_rows_end)

    def prose(self, text: str) -> None:
        self._add(make_block("prose", text))

    def line(self, text: str) -> None:
        """A line of a paragraph split by line breaks: an entry when it starts with a bullet or a number
        ("• Python"), else prose."""
        listed = split_list_marker(fold_whitespace(text))
        if listed:
            self.item(listed[1], 1, listed[0])
        else:
            self.prose(text)

    def table(self, rows: Sequence[Sequence[str]], has_header: bool) -> None:
        # A bold sentence over a table says something itself: the table's header names its rows, not it.
        self._bold_prose_at = -1
        for text in table_row_texts(rows, has_header):
            self.item(text)
        self._table_rows_end = len(self.blocks) - 1

    def _add(self, block: Block | None) -> bool:
        if block is not None:
            self.blocks.append(block)
        return block is not None


def table_row_texts(rows: Sequence[Sequence[str]], has_header: bool) -> list[str]:
    """One line per body row, each cell named by its column header: "Level: L5; Scope: team".

    A table with no header row, or nothing but a header row, keeps its rows as "cell; cell", or as
    "label: value" when it has two columns. A table
    with a row too long to quote as one entry (a ladder's level across a dozen skills) gives one line
    per cell instead, each led by its row's first cell: "Level: L5; Security: Leads reviews".
    """
    cleaned = [[fold_whitespace(cell) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    header, body = (cleaned[0], cleaned[1:]) if has_header and len(cleaned) >= 2 else ([], cleaned)
    if not header and all(len(row) == 2 for row in body):
        # A form of labels and values ("Reports to | Head of Data"): each row is "Reports to: Head of Data".
        return [_labelled(label.rstrip(":").strip(), value) if label and value else label or value
                for label, value in body]
    # Each row's cells named by their column; an empty cell stays empty, to be left out.
    named = [[_labelled(name, cell) if cell else "" for name, cell in zip_longest(header, row, fillvalue="")]
             for row in body]
    lines = ["; ".join(filter(None, row)) for row in named]
    if all(len(line) <= ROW_ENTRY_MAX_CHARS for line in lines):
        return lines
    return [line for row in named for line in _cell_lines(row)]


def _cell_lines(row: list[str]) -> list[str]:
    """A wide row's cells, one line each, led by the row's first cell, which names the row."""
    key, *cells = row
    if not key:
        return [cell for cell in cells if cell]
    return [f"{key}; {cell}" for cell in cells if cell] or [key]


def _labelled(name: str, cell: str) -> str:
    return f"{name}: {cell}" if name else cell


def split_list_marker(line: str) -> tuple[str, str] | None:
    """("• ", "Python") for "•  Python"; None for a line that is not a list entry."""
    found = LIST_MARKER.match(line)
    if not found or not line[found.end():].strip():
        return None
    return found.group().strip() + " ", line[found.end():]


# A sum of money: a line stating one states a fact, quoted as pay, never a heading ("$81,000 - $160,000 USD" in bold).
MONEY_STATED = re.compile(r"[$€£¥₹]\s?\d|\b(?:USD|EUR|GBP|CAD|AUD)\s?\d|\d\s?(?:USD|EUR|GBP|CAD|AUD)\b")


def _parallel(text: str, other: str) -> bool:
    """Whether two headings are written alike: the same first word and the same closing mark ("In 3 months:", "In 6 months:")."""
    first, second = text.split(), other.split()
    return bool(first and second) and first[0].casefold() == second[0].casefold() and text[-1:] == other[-1:] and len(first) > 1


def looks_like_heading(text: str, max_words: int = 10) -> bool:
    """Short and not a sentence, nor a sum of money: a bold line this shape names what follows instead of saying it."""
    folded = fold_whitespace(text)
    return bool(folded) and len(folded.split()) <= max_words and not folded.endswith(".") and not MONEY_STATED.search(folded)


def names_a_list(text: str) -> bool:
    """A short line that labels the list after it: "Dental:", "During enrollment", never "Location: Lisbon"
    or a sentence."""
    words = text.split()
    if not 0 < len(words) <= LABEL_MAX_WORDS:
        return False
    if text.endswith(":"):
        return ":" not in text[:-1]
    return ":" not in text and looks_like_heading(text) and text[-1] not in SENTENCE_END_MARKS


def is_placeholder_title(title: str) -> bool:
    """A title an editor filled in by itself ("Untitled", "Document1", "Microsoft Word - cv.docx")."""
    folded = fold_whitespace(title).casefold()
    return (
        folded.rstrip("0123456789 ") in PLACEHOLDER_TITLES | {""}
        or folded.startswith(WORD_EXPORT_PREFIX)
        or Path(folded).suffix in DOCUMENT_SUFFIXES
    )


def is_title_like(text: str) -> bool:
    """A few capitalised words and no sentence: "Cloud and Containerization", "Software Engineer"."""
    words = text.split()
    if not 1 <= len(words) <= TITLE_MAX_WORDS or text[-1] in ".:;,!?" or ":" in text:
        return False
    return all(not w[0].isalpha() or w[0].isupper() or w.lower() in SMALL_WORDS for w in words)


def leads_entries(text: str) -> bool:
    """Whether a list entry with entries nested under it names them: a lead-in ("Annual stipends for:") or a
    title ("Software Engineer"). A statement ("Operate GPU clusters") stays an entry of its own."""
    return text.endswith(":") or is_title_like(text)


def nest_entries(blocks: Sequence[Block]) -> list[Block]:
    """The blocks, with each list entry that names the entries nested under it made their heading: the
    nested entries are found under it, and its section ends where they do (see chunking). The same in
    every format, whatever marked the nesting (indent, bullet style, <ul> in <li>, a Word list level)."""
    nested: list[Block] = []
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (block.kind == "item" and following is not None and following.kind == "item"
                and following.level > block.level and leads_entries(block.text)):
            block = Block("heading", block.text, LIST_LABEL_LEVEL + block.level, block.marker, block.level)
        nested.append(block)
    return nested


def build_document(path: Path, title: str, blocks: Sequence[Block]) -> ParsedDocument:
    """The document, marking a first heading that just repeats the title as the title's own line."""
    title = fold_whitespace(title)
    blocks = _empty_headings_as_lines(nest_entries(blocks))
    first = blocks[0] if blocks else None
    repeats_title = first is not None and first.kind == "heading" and first.text.casefold() == title.casefold()
    return ParsedDocument(display_path(path), title, tuple(blocks), repeats_title)


def _empty_headings_as_lines(blocks: Sequence[Block]) -> list[Block]:
    """A heading over nothing (the next block is a heading as high or higher, or none) is a line of the section
    it stands in: "**REMOTE / FULL TIME**" over "**APPROX HIRE DATE: Feb 2024**" says where the job is. The
    first block is left alone: it may be the title."""
    lines = list(blocks)
    for index in range(1, len(blocks)):
        block, after = blocks[index], blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "heading" and not block.entry_depth and (after is None or (after.kind == "heading" and after.level <= block.level)):
            lines[index] = replace(block, kind="prose", level=1)
    return lines


def file_error(path: Path, reason: str) -> CorpusError:
    return CorpusError(f"{display_path(path)}: {reason}")
