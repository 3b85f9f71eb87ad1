"""Structure-aware chunking over the document model: headings become a path, and a chunk never leaves
its top-level section.

Every heading path starts with the document's title, so a passage always says which document it
comes from. A chunk's text is its blocks' lines; each line's kind travels with it, so answering
knows a list entry from prose without guessing from markers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterator

from assistant.ingest.document import Block, ParsedDocument
from assistant.ingest.section_names import SECTION_SEPARATOR, as_matched

LINE_KINDS = {"heading": "h", "item": "i", "prose": "p"}


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    title: str
    headings: tuple[str, ...]  # the path, starting with the document's title
    start: int  # offsets in the document's indexed text
    end: int
    text: str
    line_kinds: str  # one letter per line of `text`: h(eading), i(tem) or p(rose)
    format: str = ""  # the document's format, as its content was read

    @property
    def section(self) -> str:
        return SECTION_SEPARATOR.join(self.headings)

    @property
    def embedding_text(self) -> str:
        """What gets embedded and keyword-indexed: the heading path gives a bare list its topic, and a
        conventional heading's plain name ("What you'll own (responsibilities)") the words questions use."""
        return f"{as_matched(self.section)}\n{self.text}"

    def metadata(self) -> dict:
        return {"source": self.source, "title": self.title, "section": self.section, "start": self.start,
                "end": self.end, "line_kinds": self.line_kinds,
                "format": self.format}


@dataclass
class _Section:
    headings: tuple[str, ...]
    blocks: list[tuple[int, Block]]  # (offset in the document text, block); a heading's own line first


def _sections(document: ParsedDocument) -> list[_Section]:
    """Each heading opens a section holding its own line and the content up to the next heading; a list
    entry leading nested entries (Block.entry_depth) holds those only, and the section around it resumes."""
    blocks = document.blocks[1:] if document.title_is_first_block else document.blocks
    offset = len(document.lines[0]) + 1 if document.title_is_first_block else 0
    path: list[tuple[int, str]] = []
    sections = [_Section((document.title,), [])]
    leading: list[tuple[int, list[tuple[int, str]]]] = []  # (entry depth, the path before it) of open lead entries
    for block in blocks:
        while leading and not _nested_under(block, leading[-1][0]):
            path = leading.pop()[1]
            sections.append(_Section((document.title, *(title for _, title in path)), []))
        if block.kind == "heading":
            if block.entry_depth:
                leading.append((block.entry_depth, path))
            title = block.text.rstrip(":").strip() or block.text
            path = [entry for entry in path if entry[0] < block.level] + [(block.level, title)]
            sections.append(_Section((document.title, *(title for _, title in path)), []))
        sections[-1].blocks.append((offset, block))
        offset += len(block.line) + 1
    return [section for section in sections if section.blocks]


def _nested_under(block: Block, depth: int) -> bool:
    """Whether a block is one of the entries nested under a lead entry at `depth`, or their own lead entry."""
    return (block.kind == "item" and block.level > depth) or block.entry_depth > depth


def _pack(section: _Section, max_chars: int) -> Iterator[list[tuple[int, Block]]]:
    """Consecutive blocks of one section in pieces of at most max_chars (a single long block stays whole)."""
    piece: list[tuple[int, Block]] = []
    for offset, block in section.blocks:
        if piece and offset + len(block.line) - piece[0][0] > max_chars:
            yield piece
            piece = []
        piece.append((offset, block))
    if piece:
        yield piece


def chunk_document(document: ParsedDocument, max_chars: int) -> list[Chunk]:
    sections = _sections(document)
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in sections:
        for piece in _pack(section, max_chars):
            start = piece[0][0]
            end = piece[-1][0] + len(piece[-1][1].line)
            text = document.text[start:end]
            # Of what is embedded: a passage whose headings come to be matched differently is embedded again.
            path = as_matched(SECTION_SEPARATOR.join(section.headings))
            digest = hashlib.sha256(f"{document.source}\n{path}\n{text}".encode()).hexdigest()[:16]
            while digest in seen:  # the same passage twice under one heading
                digest = hashlib.sha256(digest.encode()).hexdigest()[:16]
            seen.add(digest)
            kinds = "".join(LINE_KINDS[block.kind] for _, block in piece)
            chunks.append(Chunk(digest, document.source, document.title, section.headings, start, end, text, kinds,
                                document.format))
    return chunks
