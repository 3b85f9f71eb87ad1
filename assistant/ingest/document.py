"""The one document model every format's loader produces: a title and blocks in reading order.

A block is a heading, a list item or a paragraph of prose, as plain visible text (no markup).
The text that gets indexed is the blocks rendered one per line; offsets point into that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from assistant.core.text import content_terms

BlockKind = Literal["heading", "item", "prose"]
WHITESPACE = re.compile(r"\s+")


class CorpusError(Exception):
    """A corpus path or file that cannot be ingested; the message says which and why."""


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # visible text with whitespace folded, no markup and no list marker
    level: int = 1  # headings: depth (1 is the top); items: nesting depth (1 is a top-level entry)
    # How an item is shown ("- ", "3. "), or the bullet or number a plain-text line already had,
    # which a numbered sub-heading keeps too ("3. Automation and Integration").
    marker: str = ""
    # A heading that is a list entry leading nested entries ("Annual stipends for:" over its three): the
    # entry's depth in its list. Its section holds those entries only, and ends where they do.
    entry_depth: int = 0

    @property
    def line(self) -> str:
        return f"{self.marker}{self.text}"


@dataclass(frozen=True)
class ParsedDocument:
    source: str  # the path as shown to users and stored with each passage
    title: str
    blocks: tuple[Block, ...]
    # The first block is a heading that is the title itself (a Markdown h1, an HTML h1 equal to <title>, ...).
    title_is_first_block: bool = False
    format: str = ""  # the format its content was read as (assistant.ingest.detect.Format)
    lines: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(block.line for block in self.blocks))

    @property
    def text(self) -> str:
        """The indexed text: one line per block."""
        return "\n".join(self.lines)


def fold_whitespace(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def make_block(kind: BlockKind, text: str, level: int = 1, marker: str = "") -> Block | None:
    """A block with its whitespace folded, or None when no visible text is left."""
    folded = fold_whitespace(text)
    return Block(kind, folded, level, marker) if folded else None


def display_path(path: Path) -> str:
    """A path relative to the working directory, so sources stay stable across machines; outside it,
    the file's folder and name ("roles/ad.txt"), so that no answer shows where the server keeps files."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return "/".join(resolved.parts[-2:])


def title_from_file_name(path: Path, text: str) -> str:
    """The file name as a title, spelt the way the document itself spells it when it uses those words.

    "senior-ml-infrastructure-engineer.txt" becomes "Senior ML Infrastructure Engineer" when the text
    says so, and "Senior ml infrastructure engineer" otherwise.
    """
    words = _file_name_words(path.stem)
    if not words:
        return path.name
    spelt = re.search(r"\W+".join(re.escape(word) for word in words), text, re.IGNORECASE)
    if spelt:
        # "Platform Engineer (Infrastructure) -- Redwood City" of platform-engineer-infrastructure.txt: a bracket
        # opened is closed.
        closing = ")" if spelt.group().count("(") > spelt.group().count(")") and text[spelt.end() : spelt.end() + 1] == ")" else ""
        return fold_whitespace(spelt.group() + closing)
    phrase = " ".join(_as_written(word, text) for word in words)
    return phrase[:1].upper() + phrase[1:]


def _as_written(word: str, text: str) -> str:
    """A file name's word as the text writes it alone ("P2PU" of "p2pu-staff-handbook.md"), else as it is."""
    found = re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
    return found.group() if found else word


def _file_name_words(stem: str) -> list[str]:
    return [word for word in re.split(r"[\s_\-.]+", stem) if word]


def shares_a_word(heading: str, file_stem: str) -> bool:
    """Whether a heading and a file's name share a word, or its stem ("Engineer Track" and "engineer-career-ladder",
    "Engineering Ladder" and "engineering-ladders")."""
    return bool(set(content_terms(heading)) & set(content_terms(" ".join(_file_name_words(file_stem)))))
