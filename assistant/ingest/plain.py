"""Plain text: the only format without markup, so its structure is read from layout, conservatively.

A line becomes a heading only with strong evidence, and every line ends up in some block:
- a short line standing alone (a blank line after it), or followed by a line of another shape
  (prose, or a bulleted list), is a heading; it heads a top-level section when prose follows it,
  and a sub-section when a list does;
- a numbered title ("3. Automation and Integration") followed by bullets, a title-like bullet
  ("- Cloud and Containerization") followed by ordinary bullets, and a short label ending in a
  colon ("Benefits:") are sub-headings;
- short lines next to each other are an unbulleted list, never a run of headings, and a short line
  right after two of them is that list's next entry, whatever follows it;
- in a text that sets most headings apart with blank lines on both sides (as a copied web page
  does), those are all top-level headings, a short question among them is one too, and a short
  line that is not set apart is content unless a bulleted list follows it;
- a line that continues the one before it (a lower-case start, a hanging indent, or a hard wrap
  in a text whose lines mostly end near one width) joins it;
- a closing sentence glued onto the last bullet of a part becomes prose of its own, unless most of the
  list's other entries run to several sentences too (then it is the entry's own);
- a line stating an amount ("💰 65k-95k USD") is content: facts are quoted, headings never are.
The first line is the title when it stands alone or uses a word of the file name; otherwise the
file name is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.blocks import BULLET, NUMBERED
from assistant.ingest.document import Block, ParsedDocument, display_path, fold_whitespace, title_from_file_name

SMALL_WORDS = frozenset("a an and as at by for in of on or the to vs with &".split())

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
ITEM_MAX_WORDS = 25  # an unbulleted line longer than this without a full stop is still prose
TITLE_MAX_WORDS = 8  # a bullet or a label longer than this is an entry, not a title
WRAP_PERCENTILE = 0.9  # the line length most lines of a hard-wrapped text stay under
NEAR_WIDTH = 0.8  # a wrapped line ends within the last fifth of the width
MIN_WRAPPED_LINES = 4
MIN_WRAP_WIDTH = 50  # narrower runs of similar lines are a list of short entries, not wrapped prose
MIN_ISOLATED_HEADINGS = 2  # one lone short line (a title, a sign-off) sets no convention
CLOSING_MIN_WORDS = 8  # a shorter tail after a bullet is part of the bullet
# A capitalised word after a lower-case word or a full stop: where a glued closing sentence may start.
SENTENCE_START = re.compile(r"(?<=[a-z0-9.)%])\s+(?=[A-Z][a-z])")
LABEL_PREFIX = re.compile(r"^[^:]{1,60}:\s")
SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
# "💰 65k-95k USD", "$120,000", "25%": a line stating an amount is a fact to quote, never a heading.
AMOUNT = re.compile(r"[$€£¥₹]\s?\d|\d[\d,.]*\s?(?:[kK]\b|%|(?:USD|EUR|GBP|CAD|AUD)\b)|\b(?:USD|EUR|GBP|CAD|AUD)\s?\d")


@dataclass
class _Line:
    text: str  # stripped
    indent: int
    blank_before: bool
    blank_after: bool = False
    marker: str = ""  # the bullet or number it starts with, kept as written
    body: str = ""  # the text after the marker

    @property
    def bulleted(self) -> bool:
        return bool(self.marker)


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = True
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            if lines:
                lines[-1].blank_after = True
            blank = True
            continue
        marker = BULLET.match(stripped) or NUMBERED.match(stripped)
        lines.append(_Line(stripped, len(raw) - len(raw.lstrip()), blank, marker=marker.group() if marker else "",
                           body=stripped[marker.end():] if marker else stripped))
        blank = False
    if lines:
        lines[-1].blank_after = True
    return lines


def _is_heading_shaped(text: str) -> bool:
    return len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS and text[-1] not in ".:;,!?"


def _is_title_like(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= TITLE_MAX_WORDS or text[-1] in ".:;,!?" or ":" in text:
        return False
    return all(not w[0].isalpha() or w[0].isupper() or w.lower() in SMALL_WORDS for w in words)


def _is_label(text: str) -> bool:
    """ "Benefits:" or "Mid-Level to Senior (7-10+ years experience):" names the list that follows."""
    return text.endswith(":") and len(text.split()) <= TITLE_MAX_WORDS and ":" not in text[:-1]


def _is_prose(line: _Line) -> bool:
    return not line.bulleted and not _is_heading_shaped(line.text) and not _is_label(line.text) and not _is_unbulleted_item(line)


def _is_unbulleted_item(line: _Line) -> bool:
    """A line without a bullet is a list entry when it is short and does not end a sentence."""
    return line.text[-1] not in ".!?:" and len(line.text.split()) <= ITEM_MAX_WORDS


def _wrap_width(lines: list[_Line]) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when it was not wrapped.

    Wrapped text has many lines ending near one width; a few long lines prove nothing. The width is
    the longest line near that one (a line of 72 in a text wrapped at 72 whose lines mostly end by 70).
    """
    lengths = sorted(len(line.text) for line in lines)
    if not lengths:
        return 0
    typical = lengths[int(WRAP_PERCENTILE * (len(lengths) - 1))]
    near = sum(1 for length in lengths if length >= NEAR_WIDTH * typical)
    wrapped = typical >= MIN_WRAP_WIDTH and near >= max(MIN_WRAPPED_LINES, len(lengths) / 3)
    return max(length for length in lengths if length * NEAR_WIDTH <= typical) if wrapped else 0


def _continues(previous: _Line, line: _Line, wrap_width: int) -> bool:
    """Whether `line` is the rest of `previous`: the same paragraph, read on without a break."""
    if line.blank_before or line.bulleted or previous.text[-1] in ".!?:":
        return False
    hanging = line.indent > previous.indent  # a bullet's wrapped text lines up under the bullet's words
    wrapped = wrap_width > 0 and len(previous.text) + 1 + len(line.text.split()[0]) > wrap_width >= len(previous.text)
    return line.text[0].islower() or hanging or wrapped


def _joined(lines: list[_Line]) -> list[_Line]:
    width = _wrap_width(lines)
    joined: list[_Line] = []
    for line in lines:
        if joined and _continues(joined[-1], line, width):
            last = joined[-1]
            last.text = f"{last.text} {line.text}"
            last.body = f"{last.body} {line.text}"
            last.blank_after = line.blank_after
        else:
            joined.append(line)
    return joined


def _isolates_headings(lines: list[_Line]) -> bool:
    """Whether the text sets its headings apart with a blank line on both sides, as text copied from a
    web page does: then a short line that is not set apart is content, whatever follows it.

    It does when most short lines after a blank line have a blank line after them too.
    """
    after_blank = [line for line in lines if line.blank_before and not line.bulleted and _is_heading_shaped(line.text)]
    isolated = sum(1 for line in after_blank if line.blank_after)
    return isolated >= MIN_ISOLATED_HEADINGS and isolated > len(after_blank) - isolated


def _heading_level(lines: list[_Line], index: int, isolates_headings: bool) -> int | None:
    """The heading depth of line `index`, or None when it is content."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None or AMOUNT.search(line.body):
        return None
    isolated = line.blank_before and line.blank_after
    if line.bulleted:
        is_numbered = bool(NUMBERED.match(line.text))
        if is_numbered and _is_heading_shaped(line.body) and isolated:
            return 1  # "2. The SRE role" heading a numbered document's part, whatever its part opens with
        if is_numbered and _is_title_like(line.body) and following.bulleted and not NUMBERED.match(following.text):
            return 2
        if not is_numbered and following.bulleted and not line.blank_after:
            if _is_label(line.body) or (_is_title_like(line.body) and not _is_title_like(following.body)):
                return 3
        return None
    if _is_label(line.text):
        return 2
    if isolated and isolates_headings and line.text.endswith("?") and _is_heading_shaped(line.text[:-1]):
        return 1  # "What does the job entail?" set apart like the other headings
    if not _is_heading_shaped(line.text):
        return None
    if isolated:
        # Where every heading is set apart, they are all parts of the document; labels divide them.
        return 1 if isolates_headings or _is_prose(following) else 2
    if _continues_unbulleted_list(lines, index):
        return None
    if following.bulleted:
        return 2
    if isolates_headings:
        return None
    if _is_prose(following):
        return 1
    if line.blank_before and not line.blank_after:
        return 2
    return None  # a short line inside a run of short lines: an entry of an unbulleted list


def _continues_unbulleted_list(lines: list[_Line], index: int) -> bool:
    """Whether two unbulleted entries run straight into line `index`: it is the list's next entry,
    whatever follows it ("Mental health" / "Expense management" / "- Next program: ...")."""
    above = lines[max(0, index - 2) : index]
    return (
        len(above) == 2
        and not lines[index].blank_before
        and not above[1].blank_before
        and all(not line.bulleted and _is_heading_shaped(line.text) for line in above)
    )


def _closing_sentence(body: str) -> int | None:
    """Where a closing sentence glued onto a list's last bullet starts ("... projects By focusing on ...")."""
    label = LABEL_PREFIX.match(body)
    for match in SENTENCE_START.finditer(body, label.end() if label else 0):
        tail = body[match.end():]
        if len(tail.split()) >= CLOSING_MIN_WORDS and tail.rstrip()[-1:] in ".!?":
            return match.start()
    return None


def _entries_run_to_sentences(lines: list[_Line], index: int) -> bool:
    """Whether most entries before line `index` in its list say more than one sentence: where they do,
    the last one's second sentence is its own, not a closing remark glued onto it."""
    entries: list[_Line] = []
    for line in reversed(lines[:index]):
        if not line.bulleted:
            break
        entries.append(line)
    several = sum(1 for line in entries if SENTENCE_BREAK.search(line.body))
    return bool(entries) and several * 2 >= len(entries)


def _blocks(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    isolates_headings = _isolates_headings(lines)
    for index, line in enumerate(lines):
        level = _heading_level(lines, index, isolates_headings)
        following = lines[index + 1] if index + 1 < len(lines) else None
        # Only where a whole part ends: inside a part, "Implement Infrastructure as Code" is one bullet.
        ends_part = following is None or _heading_level(lines, index + 1, isolates_headings) == 1
        glued = line.bulleted and level is None and ends_part and not _entries_run_to_sentences(lines, index)
        split = _closing_sentence(line.body) if glued else None
        if level is not None:
            blocks.append(Block("heading", fold_whitespace(line.body), level, line.marker))
        elif split is not None:
            blocks.append(Block("item", fold_whitespace(line.body[:split]), 1, line.marker))
            blocks.append(Block("prose", fold_whitespace(line.body[split:])))
        elif line.bulleted:
            blocks.append(Block("item", fold_whitespace(line.body), 1, line.marker))
        elif _is_unbulleted_item(line):
            blocks.append(Block("item", fold_whitespace(line.text)))
        else:
            blocks.append(Block("prose", fold_whitespace(line.text)))
    return blocks


def _is_title_line(line: _Line, path: Path) -> bool:
    """A short first line standing alone, or one that uses a word of the file name ("Northwind Robotics")."""
    if line.bulleted or not _is_heading_shaped(line.text):
        return False
    file_words = set(re.split(r"[\W_]+", path.stem.lower()))
    return line.blank_after or bool(file_words & set(re.split(r"\W+", line.text.lower())))


def parse_plain(text: str, path: Path) -> ParsedDocument:
    lines = _joined(_lines(text))
    title_line = lines[0] if len(lines) > 1 and _is_title_line(lines[0], path) else None
    body = lines[1:] if title_line else lines
    blocks = _blocks(body)
    if title_line:
        return ParsedDocument(display_path(path), title_line.text, (Block("heading", title_line.text, 1), *blocks), True)
    return ParsedDocument(display_path(path), title_from_file_name(path, text), tuple(blocks))
