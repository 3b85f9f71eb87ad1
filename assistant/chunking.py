"""Structure-aware chunking: headings become a path, and a chunk never leaves its top-level section.

Plain text has no markup, so structure is read from line shapes:
- a top-level heading is a short line without a bullet or final punctuation, followed by prose;
- a sub-heading is the same kind of line followed by a list, or a numbered line such as
  "3. Automation and Integration";
- a bullet heading is a short title-like bullet ("- Cloud and Containerization") or a label
  ending in a colon, followed by ordinary bullets;
- a closing sentence glued onto a section's last bullet is split off into its own passage.
Markdown headings are `#` lines.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Iterator

from assistant.loader import SourceDocument

SECTION_SEPARATOR = " > "
BULLET = re.compile(r"^\s*[-*+•]\s+")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
LABEL = re.compile(r"^[^:]{1,60}:\s")
# A capitalised word after a lower-case word or a full stop: where a glued closing sentence may start.
SENTENCE_START = re.compile(r"(?<=[a-z0-9.)%])\s+(?=[A-Z][a-z])")
SMALL_WORDS = frozenset("a an and as at by for in of on or the to vs with &".split())

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
BULLET_HEADING_MAX_WORDS = 8
CLOSING_MIN_WORDS = 8


@dataclass(frozen=True)
class Chunk:
    id: str
    source: str
    headings: tuple[str, ...]
    start: int
    end: int
    text: str  # the verbatim source span [start, end)

    @property
    def section(self) -> str:
        return SECTION_SEPARATOR.join(self.headings)

    @property
    def embedding_text(self) -> str:
        """What gets embedded and keyword-indexed: the heading path gives a bare list its topic."""
        return f"{self.section}\n{self.text}" if self.headings else self.text

    def metadata(self) -> dict:
        return {"source": self.source, "section": self.section, "start": self.start, "end": self.end}


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str  # blank | bullet | numbered | paragraph | heading
    level: int = 0  # heading depth, 0 for content


@dataclass
class _Block:
    headings: tuple[str, ...]
    spans: list[tuple[int, int]]
    has_heading: bool  # the first span is the heading line itself

    @property
    def has_content(self) -> bool:
        return len(self.spans) > int(self.has_heading)


def _split_lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        lines.append(_Line(offset + lead, offset + lead + len(stripped), stripped, "blank" if not stripped else ""))
        offset += len(raw) + 1
    return lines


def _strip_marker(text: str) -> str:
    return NUMBERED.sub("", BULLET.sub("", text, count=1), count=1)


def _is_heading_shaped(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX_CHARS
        and len(text.split()) <= HEADING_MAX_WORDS
        and text[-1] not in ".:;,!?"
    )


def _is_title_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= BULLET_HEADING_MAX_WORDS or text[-1] in ".:;,!?" or ":" in text:
        return False
    return all(not w[0].isalpha() or w[0].isupper() or w.lower() in SMALL_WORDS for w in words)


def _is_list_label(text: str) -> bool:
    return text.endswith(":") and len(text.split()) <= BULLET_HEADING_MAX_WORDS and ":" not in text[:-1]


def _next_content(lines: list[_Line], index: int) -> _Line | None:
    return next((line for line in lines[index + 1 :] if line.kind != "blank"), None)


def _classify_plain(lines: list[_Line]) -> None:
    for line in lines:
        if line.kind == "blank":
            continue
        if BULLET.match(line.text):
            line.kind = "bullet"
        elif NUMBERED.match(line.text):
            line.kind = "numbered"
        elif _is_heading_shaped(line.text):
            line.kind = "heading"
        else:
            line.kind = "paragraph"
    have_top = False
    for index, line in enumerate(lines):
        following = _next_content(lines, index)
        if line.kind == "heading":
            top = not have_top or (following is not None and following.kind == "paragraph")
            line.level = 1 if top else 2
            have_top = have_top or top
        elif line.kind == "numbered" and _is_heading_shaped(_strip_marker(line.text)):
            line.kind, line.level = "heading", 2
        elif line.kind == "bullet" and following is not None and following.kind == "bullet":
            body, next_body = _strip_marker(line.text), _strip_marker(following.text)
            if _is_list_label(body) or (_is_title_like(body) and not _is_title_like(next_body)):
                line.kind, line.level = "heading", 3


def _classify_markdown(lines: list[_Line]) -> None:
    for line in lines:
        if line.kind == "blank":
            continue
        match = MARKDOWN_HEADING.match(line.text)
        if match:
            line.kind, line.level = "heading", len(match.group(1))
        else:
            line.kind = "bullet" if BULLET.match(line.text) or NUMBERED.match(line.text) else "paragraph"


def _heading_title(line: _Line) -> str:
    match = MARKDOWN_HEADING.match(line.text)
    title = match.group(2) if match else _strip_marker(line.text)
    return title.rstrip(":").strip()


def _closing_split(line: _Line) -> tuple[int, int] | None:
    """Source offsets (end of the bullet, start of the sentence) of a closing sentence glued to this bullet."""
    body = _strip_marker(line.text)
    body_offset = line.start + len(line.text) - len(body)
    label = LABEL.match(body)
    search_from = label.end() if label else 0
    for match in SENTENCE_START.finditer(body, search_from):
        tail = body[match.end() :]
        if len(tail.split()) >= CLOSING_MIN_WORDS and tail.rstrip()[-1:] in ".!?":
            return body_offset + match.start(), body_offset + match.end()
    return None


def _blocks(lines: list[_Line], plain: bool) -> list[_Block]:
    """Group lines under their heading path; each heading opens a block that includes its own line."""
    blocks: list[_Block] = []
    path: list[tuple[int, str]] = []
    for line in lines:
        if line.kind == "blank":
            continue
        if line.kind == "heading":
            path = [entry for entry in path if entry[0] < line.level] + [(line.level, _heading_title(line))]
            blocks.append(_Block(tuple(title for _, title in path), [(line.start, line.end)], has_heading=True))
            continue
        if not blocks:
            blocks.append(_Block((), [], has_heading=False))
        blocks[-1].spans.append((line.start, line.end))
    if plain:
        _split_closing_sentences(blocks, lines)
    return blocks


def _split_closing_sentences(blocks: list[_Block], lines: list[_Line]) -> None:
    by_start = {line.start: line for line in lines}
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        ends_section = following is None or following.headings[:1] != block.headings[:1] or len(following.headings) == 1
        last = by_start.get(block.spans[-1][0]) if block.spans else None
        if ends_section and last is not None and last.kind in ("bullet", "numbered") and block.has_content:
            split = _closing_split(last)
            if split is not None:
                bullet_end, sentence_start = split
                block.spans[-1] = (last.start, bullet_end)
                blocks.insert(index + 1, _Block(block.headings[:1], [(sentence_start, last.end)], has_heading=False))
                index += 1
        index += 1


def _pack(block: _Block, max_chars: int) -> Iterator[tuple[int, int]]:
    """Consecutive spans of one block, packed into pieces of at most max_chars (a single long line stays whole)."""
    start, end = block.spans[0]
    for span_start, span_end in block.spans[1:]:
        if span_end - start > max_chars:
            yield start, end
            start = span_start
        end = span_end
    yield start, end


def chunk_document(document: SourceDocument, max_chars: int) -> list[Chunk]:
    lines = _split_lines(document.text)
    plain = not document.is_markdown
    (_classify_plain if plain else _classify_markdown)(lines)
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for block in _blocks(lines, plain):
        if not block.has_content:
            continue
        for start, end in _pack(block, max_chars):
            text = document.text[start:end]
            digest = hashlib.sha256(f"{document.source}\n{' > '.join(block.headings)}\n{text}".encode()).hexdigest()[:16]
            while digest in seen:  # the same passage twice under one heading
                digest = hashlib.sha256(digest.encode()).hexdigest()[:16]
            seen.add(digest)
            chunks.append(Chunk(digest, document.source, block.headings, start, end, text))
    return chunks
