"""Plain text: the only format without markup, so its structure is read from layout, conservatively.

A line becomes a heading only with strong evidence, and every line ends up in some block:
- a short line standing alone (a blank line after it), or followed by a line of another shape
  (prose, or a bulleted list), is a heading; it heads a top-level section when prose follows it,
  and a sub-section when a list does;
- a numbered title ("3. Automation and Integration") followed by bullets, and a short label ending in a
  colon ("Benefits:", also with an aside after it: "What you must have: (day-one skills)", whose aside
  is a line of its section) or a short exclamation ("Bonus points!") over a list are sub-headings;
- a title-like bullet ("- Cloud and Containerization") over ordinary bullets is a sub-heading only in a
  list that such titles divide into groups: the list opens with one and has at least two; a capitalised
  entry among like entries ("- Previous Experience with Kafka") stays an entry;
- a bullet indented further than the one above it, or at the same indent with a glyph that stands for a
  deeper level ("◦" or "o" under "•", "▪" under "◦", as a careers page copies), is a nested entry and never
  a heading; the entry over nested entries heads them when it names them ("Stipends for:"), up to where
  the nesting ends (blocks.nest_entries), so the entries and prose after it are back in their section;
- short lines next to each other are an unbulleted list, never a run of headings, and a short line
  right after two of them is that list's next entry, whatever follows it;
- in a text that sets most headings apart with blank lines on both sides (as a copied web page
  does), those are all top-level headings, a short question among them is one too, and a short
  line that is not set apart is content unless a bulleted list follows it, or it is a word or a few
  opening a paragraph of lines that it labels, as others like it do ("Essential") or as a conventional
  section's name says ("Desirable");
- a label ending in a colon right under a heading of its level is one level down, the heading's first words;
- a fact box copied from a web page, a paragraph of short capitalised labels each on a line over its value
  ("Typical experience" over "4-8 years"), two pairs or more, is a table of two columns: "label: value"
  entries, so that no label heads a section or is glued onto the value above it as a wrapped line;
- a line that continues the one before it (a lower-case start, a hanging indent, or a hard wrap
  in a text whose lines mostly end near one width, judged by the last line as written) joins it, and so does one
  after a line broken where a copied page had a link (ending on "our", "the", "to"; or a line of closing punctuation
  alone: "see our" / "Careers page" / "."); two lines each stating an amount are rows, never one line;
- a page's navigation copied as lines ("Skip to content", a breadcrumb's "You are here" and ">") heads nothing;
- backticks and asterisks around words are markup;
- a bullet glyph alone on its line ("•" over the entry, as a careers page copies) bullets the line after it;
- three or more lines of one sentence each, with no blank line between them, are a list's entries;
- a line set apart by blank lines right over another heading, in a text that sets only some headings apart,
  titles a part holding the sections after it (the second of two job ads in one text);
- a closing sentence glued onto the last bullet of a part becomes prose of its own, unless most of the
  list's other entries run to several sentences too (then it is the entry's own);
- a line stating an amount ("💰 65k-95k USD"), a note opened by an asterisk ("*Travel required"), or a field and its value ("Location: Guadalajara") with no
  list after it, is content: facts are quoted, headings never are;
- a line underlined (or over- and underlined) with one punctuation mark repeated ("=====", "-----"), as
  reStructuredText and Setext write headings, is a heading (standing alone and shaped as one, or whatever its
  shape and neighbours when the mark is as long as the line): each style of line is a level, in the order
  the styles first appear, and the other short lines of such a text are content, or labels below those
  levels; a line of that kind standing on its own is a rule, and neither is text; a line between runs of
  "=" ("== Benefits ==", as wikis write headings) or after one ("=== Perks", as AsciiDoc does) is a heading
  too, one level deeper for each "=" more, and its marks are not text;
- an ASCII table, drawn with "+---+" borders or written as Markdown's "| a | b |" rows, gives one entry
  per row naming its cells by their column, as tables do in every format: a grid row may run over several
  lines, and its header is the row above a "+===+" border (or a "|---|" one), or the one row above the
  others' single block.
The first line is the title when it stands alone, is underlined, or uses a word of the file name;
otherwise the file name is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.ingest.blocks import (
    BULLET,
    BULLET_MARKER,
    NUMBERED,
    SENTENCE_BREAK,
    TITLE_MAX_WORDS,
    is_title_like,
    nest_entries,
    table_row_texts,
)
from assistant.ingest.document import Block, ParsedDocument, display_path, fold_whitespace, title_from_file_name
from assistant.ingest.section_names import conventional_name

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
# "Job #89644", "Req ID: 4411", "Posting 12-345": a job board's id for a posting, which names no role.
POSTING_ID = re.compile(r"(?:job|posting|listing|requisition|req|vacancy|opening)(?:\s+(?:id|no\.?|number))?\s*[#:]?\s*[\w-]*\d[\w-]*",
                        re.IGNORECASE)
# A job board's header under its title: the company, the place, the kind of contract.
HEADER_LINES = 3
ITEM_MAX_WORDS = 25  # an unbulleted line longer than this without a full stop is still prose
WRAP_PERCENTILE = 0.9  # the line length most lines of a hard-wrapped text stay under
NEAR_WIDTH = 0.8  # a wrapped line ends within the last fifth of the width
MIN_WRAPPED_LINES = 4
MIN_WRAP_WIDTH = 50  # narrower runs of similar lines are a list of short entries, not wrapped prose
MIN_ISOLATED_HEADINGS = 2  # one lone short line (a title, a sign-off) sets no convention
CLOSING_MIN_WORDS = 8  # a shorter tail after a bullet is part of the bullet
# A capitalised word after a lower-case word or a full stop: where a glued closing sentence may start.
SENTENCE_START = re.compile(r"(?<=[a-z0-9.)%])\s+(?=[A-Z][a-z])")
NOTE = re.compile(r"^\*+(?=[^\s*])")  # "*Salary depends on experience", never "* Python" (a bullet)
LABEL_PREFIX = re.compile(r"^[^:]{1,60}:(?:\s|(?=\d))")  # "Location: Guadalajara", "Close date is:06-10-2024"
# Words pointing at what comes next ("see below", "as follows", "the following").
POINTING_AHEAD = r"\b(?:below|as\s+follows|the\s+following)\b"
# A paragraph whose last sentence points at the list after it: "Below we have highlighted a list of ...".
POINTS_AT_LIST = re.compile(rf"{POINTING_AHEAD}[^.!?]*[.!:]?\s*$|:\s*$", re.IGNORECASE)
# "💰 65k-95k USD", "$120,000", "25%": a line stating an amount is a fact to quote, never a heading.
AMOUNT = re.compile(r"[$€£¥₹]\s?\d|\d[\d,.]*\s?(?:[kK]\b|%|(?:USD|EUR|GBP|CAD|AUD)\b)|\b(?:USD|EUR|GBP|CAD|AUD)\s?\d")
# A line of one punctuation mark repeated: a heading's underline or overline, or a rule between parts.
ADORNMENT = re.compile(r"^([=\-~^*+#_`:'\".])\1{2,}$")
# "== Benefits ==", "=== Perks": a heading as wikis and AsciiDoc write it, its level the count of its marks.
MARKED_HEADING = re.compile(r"^(={1,6})[ \t]+(\S(?:.*?\S)?)(?:[ \t]+\1)?$")
GRID_BORDER = re.compile(r"^\+(?:[-=:]+\+)+$")  # "+------+-----+", "+======+=====+" under a header
PIPE_SEPARATOR_CELL = re.compile(r"^:?-+:?$")  # "---", ":--:" in the row under a pipe table's header
# "o Pytorch" under a bullet: the second level of a list as Word and web pages bullet it, copied as text.
SECOND_LEVEL_O = re.compile(r"^o\s+(?=\S)")
# The level a bullet glyph stands for where nesting lost its indent in a copy ("•" over "◦" over "▪"); the
# typed marks ("-", "*", "–") say nothing alone, only their indent does.
GLYPH_LEVELS = {"•": 1, "●": 1, "·": 1, "◦": 2, "○": 2, "o": 2, "▪": 3, "■": 3}
# "What you must have: (These are must-haves ...)": a label, then an aside about it in brackets.
LABEL_WITH_ASIDE = re.compile(r"^([^:()]{1,60}):\s*\([^()]*\)$")
GROUP_LABEL_MAX_WORDS = 3  # a label alone on its line is a word or a few: "Essential", "Nice to have"
EXCLAMATION_MAX_WORDS = 4  # "Bonus points!" over a list names it; a longer exclamation is a sentence
MIN_SENTENCE_ENTRIES = 3  # two sentences a line each may be a short paragraph's
MIN_GROUP_TITLES = 2  # title-like bullets dividing one list into groups: one alone is only an entry
# A bullet glyph alone on its line, its entry on the next: how a careers page's list often copies. A typed mark alone
# ("-", "*") may stand for an empty value.
LONE_BULLET = re.compile(BULLET.pattern.replace("-*+", "").replace("–", "").replace(r"\s+", "$"))
# A line ending on a word that never ends a sentence nor a heading ("see our", "resumes to", "such as", "using") runs on
# into the next, as a copied page's link text does ("see our" / "Careers page" / ".").
RUNS_ON = re.compile(r"\b(?:a|an|the|our|your|their|its|my|to|as|and|or|of|using|including)$", re.IGNORECASE)
CLOSING_PUNCTUATION = ".,;:!?)"
# A word in backticks, as a text written in Markdown habits marks code ("specifying `Coworking` as the Category"): the
# marks are markup, never quoted.
INLINE_CODE = re.compile(r"`([^`\n]+)`")
# ... and so are asterisks around words ("**International applicant?** Aarhus University offers ...", "*Note*, we ...");
# a lone one opening a line is a bullet or a note's mark.
EMPHASIS_MARKS = re.compile(r"(?<![\w*])(\*{1,2})(?=[^\s*])([^*\n]+?)(?<=[^\s*])\1(?![\w*])")


@dataclass
class _Line:
    text: str  # stripped
    indent: int
    blank_before: bool
    blank_after: bool = False
    marker: str = ""  # the bullet or number it starts with, kept as written
    depth: int = 1  # a list entry's nesting, from its indent or its bullet's style
    body: str = ""  # the text after the marker
    underline: str = ""  # the style of line under it (and over it: "==" for "=" both sides), a heading's
    table: tuple[str, ...] = ()  # an ASCII table's rows, as entries: the line stands for the whole table
    under_label: bool = False  # in the run of lines a label opens (_mark_label_runs)
    after_rule: bool = False  # the first line after a rule ("-----" set apart by blank lines)
    spaced_entry: bool = False  # under a label, in a text setting its labels apart (_mark_label_runs)
    last_width: int = 0  # the length of its last line as written, once lines running on are joined to it (_joined)
    labels_group: bool = False  # a word or two over the lines of its paragraph, as others like it are (_mark_group_labels)

    @property
    def bulleted(self) -> bool:
        """A list entry, or a table: both are read as a list's entries."""
        return bool(self.marker or self.table)


def _underline_style(raw_lines: list[str], index: int) -> str:
    """The style of the lines around a heading-shaped line that mark it as a heading: the mark under it,
    doubled when the same mark is also over it; "" when it is not marked."""
    text = raw_lines[index].strip()
    below = _adornment(raw_lines, index + 1)
    # A rule closing a block of several lines ("JOB ID: 73419" to "SOURCE: job board export" over "-----")
    # parts it from what follows: only a line standing alone is a heading.
    stands_alone = index == 0 or not raw_lines[index - 1].strip() or bool(_adornment(raw_lines, index - 1))
    # ... unless the mark is as long as the line: measured to it, it underlines that line, whatever its shape or
    # neighbours ("How long are you taking?" over "------------------------", right under a wrapped paragraph).
    measured = len(raw_lines[index + 1].strip()) == len(text)
    if not below or not measured and (not stands_alone or not _is_heading_shaped(text)):
        return ""
    return below * 2 if _adornment(raw_lines, index - 1) == below else below


def _adornment(raw_lines: list[str], index: int) -> str:
    """The mark a line of one punctuation mark repeated is made of; "" for any other line."""
    found = ADORNMENT.match(raw_lines[index].strip()) if 0 <= index < len(raw_lines) else None
    return found.group(1) if found else ""


def _table(raw_lines: list[str], index: int) -> tuple[int, tuple[str, ...]] | None:
    """(the index after it, its rows as entries) for an ASCII table starting at `index`, else None."""
    rows: list[str] = []
    for end in range(index, len(raw_lines) + 1):
        line = raw_lines[end].strip() if end < len(raw_lines) else ""
        if not (GRID_BORDER.match(line) or (len(line) > 1 and line[0] == line[-1] == "|")):
            break
        rows.append(line)
    if len(rows) < 2:
        return None
    cells, has_header = _grid_cells(rows) if GRID_BORDER.match(rows[0]) else _pipe_cells(rows)
    return end, tuple(table_row_texts(cells, has_header)) if cells else None


def _grid_cells(lines: list[str]) -> tuple[list[list[str]], bool]:
    """A grid table's rows of cells, split where its first border has a "+", and whether it has a header."""
    edges = [position for position, mark in enumerate(lines[0]) if mark == "+"]
    blocks: list[list[list[str]]] = [[]]  # the row lines between two borders, each cut into cells
    header_blocks = 0
    for line in lines[1:]:
        if GRID_BORDER.match(line):
            header_blocks = header_blocks or (len(blocks) if "=" in line else 0)
            blocks.append([])
        else:
            blocks[-1].append([line[start + 1:end].strip() for start, end in zip(edges, edges[1:])])
    blocks = [block for block in blocks if block]
    if not header_blocks and len(blocks) == 2 and len(blocks[1]) > 1:
        header_blocks = 1  # one row over the others' single block: a header, as psql and prettytable draw
    header = [_joined_cells(block) for block in blocks[:header_blocks]]
    body = blocks[header_blocks:]
    # Between borders, lines are one row; without borders between rows, a line with a first cell starts a row.
    rows = [_joined_cells(block) for block in body] if len(body) > 1 else _rows_by_first_cell(body[0] if body else [])
    return [*header, *rows], bool(header)


def _rows_by_first_cell(lines: list[list[str]]) -> list[list[str]]:
    rows: list[list[list[str]]] = []
    for cells in lines:
        if cells and cells[0] or not rows:
            rows.append([cells])
        else:
            rows[-1].append(cells)
    return [_joined_cells(row) for row in rows]


def _joined_cells(lines: list[list[str]]) -> list[str]:
    """The cells of a row written over several lines, each column's lines joined."""
    return [" ".join(filter(None, column)) for column in zip(*lines)]


def _pipe_cells(lines: list[str]) -> tuple[list[list[str]], bool]:
    """A pipe table's rows of cells, without the "|---|" row that marks the one above it as the header."""
    rows = [[cell.strip() for cell in line[1:-1].split("|")] for line in lines]
    separator = next((at for at, row in enumerate(rows) if all(PIPE_SEPARATOR_CELL.match(cell) for cell in row)), None)
    if separator is None:
        return rows, False
    return rows[:separator] + rows[separator + 1:], separator == 1


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    blank = True
    ruled = False
    text = EMPHASIS_MARKS.sub(r"\2", INLINE_CODE.sub(r"\1", text))
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(raw_lines):
        raw = raw_lines[index]
        stripped = raw.strip()
        table = _table(raw_lines, index)
        if table:
            index, rows = table
            lines.append(_Line(rows[0], 0, blank, body=rows[0], table=rows))
            blank = False
            continue
        index += 1
        if LONE_BULLET.match(stripped):
            following = next((at for at in range(index, len(raw_lines)) if raw_lines[at].strip()), None)
            if following is not None and not (BULLET.match(raw_lines[following].strip()) or LONE_BULLET.match(raw_lines[following].strip())):
                raw_lines[following] = f"{raw[: len(raw) - len(raw.lstrip())]}{stripped} {raw_lines[following].strip()}"
                del raw_lines[index:following]  # the blank lines between glyph and entry part nothing
                continue
        if not stripped or _adornment(raw_lines, index - 1):  # an underline or a rule parts text as a blank does
            if lines:
                lines[-1].blank_after = True
            ruled = ruled or (bool(stripped) and blank)
            blank = True
            continue
        marked = MARKED_HEADING.match(stripped)
        if marked:
            lines.append(_Line(marked[2], 0, blank, body=marked[2], underline=f"{marked[1]} heading"))
            blank = False
            continue
        marker = BULLET.match(stripped) or NUMBERED.match(stripped)
        if not marker and lines and lines[-1].marker and not lines[-1].table:
            marker = SECOND_LEVEL_O.match(stripped)
        written = marker.group() if marker else ""
        lines.append(_Line(stripped, len(raw) - len(raw.lstrip()), blank,
                           marker="◦ " if marker and marker.re is SECOND_LEVEL_O else written,  # as it displays
                           body=stripped[marker.end():] if marker else stripped,
                           underline="" if marker else _underline_style(raw_lines, index - 1), after_rule=ruled))
        blank = ruled = False
    if lines:
        lines[-1].blank_after = True
    return lines


def _nest(lines: list[_Line]) -> list[_Line]:
    """Each list entry's depth: deeper where its bullet is indented further than the entry above it, or,
    at the same indent, where its glyph stands for a deeper level ("◦" under "•", as a careers page's
    two-level list copies); back to a level where an earlier entry's indent and bullet recur."""
    levels: list[tuple[int, str]] = []  # (indent, glyph) of each open level, outermost first
    for line in lines:
        if not line.marker or line.table:
            levels = []
            continue
        glyph = "#" if NUMBERED.match(line.marker) else line.marker.strip()
        signature = (line.indent, glyph)
        if signature in levels:
            del levels[levels.index(signature) + 1:]
        elif not levels or line.indent > levels[-1][0] or _deeper_glyph(glyph, levels[-1]):
            levels.append(signature)
        else:
            while len(levels) > 1 and levels[-1][0] > line.indent:
                levels.pop()
            levels[-1] = signature  # a sibling bulleted another way
        line.depth = len(levels)
    return lines


def _deeper_glyph(glyph: str, level: tuple[int, str]) -> bool:
    rank, above = GLYPH_LEVELS.get(glyph), GLYPH_LEVELS.get(level[1])
    return rank is not None and above is not None and rank > above


def _is_heading_shaped(text: str) -> bool:
    # "*Travel required to Tampa 2-4 times per year": an asterisk opens a note, which says something.
    return (len(text) <= HEADING_MAX_CHARS and len(text.split()) <= HEADING_MAX_WORDS and text[-1] not in ".:;,!?"
            and not NOTE.match(text))


def _is_label(text: str) -> bool:
    """ "Benefits:" or "Mid-Level to Senior (7-10+ years experience):" names the list that follows."""
    return text.endswith(":") and len(text.split()) <= TITLE_MAX_WORDS and ":" not in text[:-1]


def _is_prose(line: _Line) -> bool:
    return not line.bulleted and not _is_heading_shaped(line.text) and not _is_label(line.text) and not _is_unbulleted_item(line)


def _is_unbulleted_item(line: _Line) -> bool:
    """A line without a bullet is a list entry when it does not end a sentence and is short, or is one of the lines a
    label opens, however long ("Optimize the decisioning service with respect to ..." under "What you'll do:")."""
    return line.text[-1] not in ".!?:" and (len(line.text.split()) <= ITEM_MAX_WORDS or line.under_label)


def _wrap_width(lines: list[_Line]) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when it was not wrapped.

    Wrapped text has many lines ending near one width; a few long lines prove nothing. The width is
    the longest line near that one (a line of 72 in a text wrapped at 72 whose lines mostly end by 70). A line of one
    word (an address in brackets) overruns any width, and says nothing of it.
    """
    lengths = sorted(len(line.text) for line in lines if not line.table and " " in line.text)
    if not lengths:
        return 0
    typical = lengths[int(WRAP_PERCENTILE * (len(lengths) - 1))]
    near = sum(1 for length in lengths if length >= NEAR_WIDTH * typical)
    wrapped = typical >= MIN_WRAP_WIDTH and near >= max(MIN_WRAPPED_LINES, len(lengths) / 3)
    return max(length for length in lengths if length * NEAR_WIDTH <= typical) if wrapped else 0


def _continues(previous: _Line, line: _Line, wrap_width: int) -> bool:
    """Whether `line` is the rest of `previous`: the same paragraph, read on without a break."""
    if line.blank_before or line.bulleted or line.underline or previous.table or previous.text[-1] in ".!?:":
        return False
    hanging = line.indent > previous.indent  # a bullet's wrapped text lines up under the bullet's words
    written = previous.last_width or len(previous.text)  # its last line, as wrapped
    wrapped = wrap_width > 0 and written + 1 + len(line.text.split()[0]) > wrap_width >= written
    # Two lines each stating an amount are two rows of a table copied as text, whatever case the second opens in
    # ("very high (e.g. NY, SF) $112-$144k" over "high(e.g. London, Paris) $98-$126k").
    rows = bool(AMOUNT.search(previous.text) and AMOUNT.search(line.text))
    lower = line.text[0].islower() and not rows
    return lower or line.text[0] in CLOSING_PUNCTUATION or bool(RUNS_ON.search(previous.text)) or hanging or wrapped


def _is_fact_label(line: _Line) -> bool:
    """A fact box's label: a short capitalised name, without a bullet, a figure or a comma ("Typical experience")."""
    return (not line.bulleted and line.text[0].isupper() and _is_heading_shaped(line.text)
            and len(line.text.split()) <= TITLE_MAX_WORDS and not re.search(r"[\d,:]", line.text))


def _is_fact_value(line: _Line) -> bool:
    """A fact box's value: no label nor entry, saying something whole ("." or "see our" is the end of a broken line; "-"
    says there is none)."""
    return not (line.bulleted or _is_fact_label(line) or set(line.text) <= set(CLOSING_PUNCTUATION) or RUNS_ON.search(line.text))


def _fact_boxes(lines: list[_Line]) -> list[_Line]:
    """A paragraph of two labels or more, each over its value (no label, no bullet), read as a table of two columns,
    as an HTML page's description list is: one "label: value" entry a pair."""
    read: list[_Line] = []
    start = 0
    while start < len(lines):
        end = next(index for index in range(start, len(lines)) if lines[index].blank_after) + 1
        # A paragraph of an odd number of lines may open on the box's title ("At a glance").
        title, pairs = lines[start : start + (end - start) % 2], lines[start + (end - start) % 2 : end]
        labels, values = pairs[::2], pairs[1::2]
        if (len(pairs) >= 4 and all(map(_is_fact_label, labels))
                and all(map(_is_fact_value, values))):
            rows = tuple(table_row_texts([[label.text, value.text] for label, value in zip(labels, values)], has_header=False))
            pairs = [_Line(rows[0], pairs[0].indent, pairs[0].blank_before, blank_after=True, body=rows[0], table=rows)]
        read += title + pairs
        start = end
    return read


def _joined(lines: list[_Line]) -> list[_Line]:
    width = _wrap_width(lines)
    joined: list[_Line] = []
    for line in lines:
        if joined and _continues(joined[-1], line, width):
            last = joined[-1]
            space = "" if line.text[0] in CLOSING_PUNCTUATION else " "
            last.text = f"{last.text}{space}{line.text}"
            last.body = f"{last.body}{space}{line.text}"
            last.blank_after = line.blank_after
            last.last_width = len(line.text)
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


def _underline_levels(lines: list[_Line]) -> dict[str, int]:
    """The level of each style of underline, by the order in which the text first uses it; headings marked by a
    count of "=" ("== Benefits ==") by their count."""
    styles = dict.fromkeys(line.underline for line in lines if line.underline)
    return {style: level for level, style in enumerate(sorted(styles, key=_marked_level), start=1)}


def _marked_level(style: str) -> int:
    """A heading style's rank among the text's: 0 for an underline (ranked as first used), its count of "=" for a
    heading marked in its line."""
    return len(style.split()[0]) if style.endswith(" heading") else 0


def _heading_level(lines: list[_Line], index: int, isolates_headings: bool, underlines: dict[str, int]) -> int | None:
    """The heading depth of line `index`, or None when it is content."""
    line = lines[index]
    if NAVIGATION.match(line.text):
        return None
    if line.underline:
        return underlines[line.underline]
    if underlines:
        # The text marks its headings: another short line is content, or a label below its marked levels, or a
        # title over prose below them ("Coworking Space" under a page title underlined with "=").
        level = _layout_heading_level(lines, index, isolates_headings)
        if level == 1:
            return len(underlines) + 1 if is_title_like(line.text) else None
        return None if level is None else len(underlines) + level - 1
    return _layout_heading_level(lines, index, isolates_headings)


def _layout_heading_level(lines: list[_Line], index: int, isolates_headings: bool) -> int | None:
    """The heading depth of line `index` read from its shape and its neighbours', or None when it is content."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    if following is None or line.table or AMOUNT.search(line.body):
        return None
    isolated = line.blank_before and line.blank_after
    if line.spaced_entry:
        return None
    if line.bulleted:
        if line.depth > 1:
            return None  # a nested entry is an entry of its list, never a heading
        is_numbered = bool(NUMBERED.match(line.text))
        if is_numbered and _is_heading_shaped(line.body) and isolated:
            return 1  # "2. The SRE role" heading a numbered document's part, whatever its part opens with
        if following.bulleted and following.depth > line.depth:
            return None  # an entry over nested entries leads them only (blocks.nest_entries)
        if is_numbered and is_title_like(line.body) and following.bulleted and not NUMBERED.match(following.text):
            return 2
        if not is_numbered and following.bulleted and not line.blank_after:
            if _is_label(line.body) or _titles_a_group(lines, index):
                return 3
        return None
    if _is_label(line.text) or (following.bulleted and _names_the_list_after(line.text)):
        return 2
    if LABEL_PREFIX.match(line.text) and not following.bulleted:
        return None  # "Location: Guadalajara" states a fact, as a field and its value, unless a list follows it
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
        return 2 if line.labels_group else None
    if line.under_label:
        # "What We Offer:" over "Comprehensive medical, dental ..." and more short lines, or "Requirements:" over
        # "4+ years of DevOps experience" and fields in prose: the label's first entry; or, lines on, the last of
        # its entries ("Process necessary previous quarter adjustments" closing "What you'll do:"), prose after it
        return None
    if _is_prose(following):
        return 1
    if index and _is_prose(lines[index - 1]) and POINTS_AT_LIST.search(lines[index - 1].text):
        return None  # "Below we have highlighted a list of our benefits." / "Short and long term incentives" opens the list
    if line.blank_before and not line.blank_after:
        return 2
    return None  # a short line inside a run of short lines: an entry of an unbulleted list


def _mark_group_labels(lines: list[_Line]) -> None:
    """Marks the lines of a word or two opening a paragraph of unbulleted lines that label them ("Essential" over the
    skills a competency needs, "Desirable" over the rest, in a civil-service form): a line opening several such
    paragraphs, or naming a conventional section ("Desirable": nice to have). It heads its lines even in a text that
    sets its headings apart by blank lines, though it is not set apart itself."""
    def opens_group(index: int) -> bool:
        line = lines[index]
        return (line.blank_before and not line.blank_after and not line.bulleted and index + 1 < len(lines)
                and not lines[index + 1].bulleted and len(line.text.split()) <= GROUP_LABEL_MAX_WORDS
                and is_title_like(line.text) and not AMOUNT.search(line.text))
    openers = [index for index in range(len(lines)) if opens_group(index)]
    repeated = Counter(lines[index].text.lower() for index in openers)
    for index in openers:
        lines[index].labels_group = repeated[lines[index].text.lower()] > 1 or bool(conventional_name(lines[index].text))


def _mark_label_runs(lines: list[_Line]) -> None:
    """Marks the lines in the run a label opens ("What you'll do:" over its entries, up to a blank line or a bullet):
    the label names them all, so none of them heads a section. In a text that sets its labels apart, as a copied page
    does its list of paragraphs ("What You'll Do:" then each duty between blank lines), the run goes on past blank
    lines up to the next label or bullet, and its lines set apart are entries too."""
    labels_apart = sum(1 for line in lines if not line.bulleted and _is_label(line.text)
                       and line.blank_before and line.blank_after) >= MIN_ISOLATED_HEADINGS
    in_run = labelled = False
    for line in lines:
        # (the line right after the label is its first entry, even with a blank line between: "What We Offer:")
        in_run = (labelled or (in_run and (labels_apart or not line.blank_before))) and not line.bulleted
        labelled = not line.bulleted and _is_label(line.text)
        line.under_label = in_run and not labelled
        line.spaced_entry = line.under_label and labels_apart and not labelled
        in_run = in_run or labelled


def _titles_a_group(lines: list[_Line], index: int) -> bool:
    """Whether bullet `index` is the title of a group of the entries after it ("- Cloud and Containerization"
    over "- Experience with AWS."): only in a list that such titles divide into groups, which opens with one
    and has several. A capitalised entry among like entries ("- Previous Experience with Firehydrant") is an
    entry of its list."""
    def titled(at: int) -> bool:
        return at + 1 < len(lines) and not lines[at + 1].blank_before and bool(lines[at + 1].marker) and (
            _group_title_shaped(lines[at], lines[at + 1]))

    # Checked from the entry itself outwards, so that the entries of a long list cost no pass over it each.
    if not titled(index):
        return False
    start = index
    while start > 0 and not lines[start].blank_before and lines[start - 1].marker and not lines[start - 1].table:
        start -= 1
    if not titled(start):
        return False
    titles = 0
    at = start
    while titles < MIN_GROUP_TITLES and at < len(lines) and (at == start or (not lines[at].blank_before and lines[at].marker)):
        titles += titled(at)
        at += 1
    return titles >= MIN_GROUP_TITLES


def _group_title_shaped(line: _Line, following: _Line) -> bool:
    """A title-like entry over an entry of its own depth that is not one."""
    return (line.depth == following.depth == 1 and not line.blank_after and not NUMBERED.match(line.marker)
            and is_title_like(line.body) and not is_title_like(following.body))


def _names_the_list_after(text: str) -> bool:
    """A line naming the list after it though it does not end in a colon: a label with an aside ("What you
    must have: (These are must-haves ...)"), or a short exclamation ("Bonus points!")."""
    aside = LABEL_WITH_ASIDE.match(text)
    if aside:
        return _is_label(f"{aside.group(1)}:")
    return text.endswith("!") and len(text.split()) <= EXCLAMATION_MAX_WORDS and _is_heading_shaped(text.rstrip("!"))


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


def _titles_a_part(lines: list[_Line], levels: list[int | None], index: int, headings_set_apart: bool) -> bool:
    """Whether heading line `index` is the title of a part that holds the sections after it: a line set apart by blank
    lines right over another heading ("Senior Infrastructure Developer" over "About your team", the second of two job
    ads in one text), in a text that sets only some headings apart, and marks none by underlining them."""
    line = lines[index]
    return (not headings_set_apart and not line.bulleted and line.blank_before and line.blank_after
            and index + 1 < len(lines) and levels[index + 1] is not None and not lines[index + 1].bulleted)


def _parts_by_repeated_sections(lines: list[_Line], levels: list[int | None]) -> set[int]:
    """The headings that title parts made of the same sections: where the first heading name a text uses more than
    once ("Quick Summary" in each of two job ads) recurs at the text's top level, the heading before each use of it,
    with only lines of content between them ("Machine Learning Engineer" over "San Francisco, CA"), titles a part. A
    name repeated under top-level sections ("Key Responsibilities" under "Career Development" and "Market Demand")
    is already held by them.

    A plain text that repeats its sections this way holds several things of one kind (roles, policies), each
    titled just before its first section."""
    headings = [index for index, level in enumerate(levels) if level is not None and not lines[index].bulleted]
    names = [lines[index].body.rstrip(":").casefold() for index in headings]
    repeated = next((name for name in names if names.count(name) > 1), None)
    if repeated is None:
        return set()
    top = min(levels[index] for index in headings)
    titles = set()
    for position, name in enumerate(names):
        if name == repeated and position and levels[headings[position]] == top and names.count(names[position - 1]) == 1:
            titles.add(headings[position - 1])
    return titles if len(titles) > 1 else set()


def _parts_after_rules(lines: list[_Line]) -> set[int]:
    """The lines titling parts that rules divide a text into ("-----" between three job ads): the first line after
    each rule, and the first part's, where it opens like them (the text's own title is not among `lines`)."""
    titles = {index for index, line in enumerate(lines) if line.after_rule and not line.bulleted and _is_heading_shaped(line.text)}
    if titles and not lines[0].bulleted and _is_heading_shaped(lines[0].text) and lines[0].blank_after == lines[min(titles)].blank_after:
        titles.add(0)
    return titles


def _sentences_one_a_line(lines: list[_Line], levels: list[int | None]) -> set[int]:
    """The lines of runs of MIN_SENTENCE_ENTRIES or more, with no blank line between them, each one whole sentence and
    no heading (a copied page's list whose entries end in full stops: "Solid experience with kubernetes."): a list's
    entries, where a paragraph would have run on in one line."""
    listed: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, None]):
        one_sentence = (line is not None and not line.bulleted and not line.table and levels[index] is None
                        and line.text[0].isupper() and line.text[-1] in ".!?" and not SENTENCE_BREAK.search(line.text))
        if one_sentence and run and not line.blank_before:
            run.append(index)
            continue
        if len(run) >= MIN_SENTENCE_ENTRIES:
            listed.update(run)
        run = [index] if one_sentence else []
    return listed


def _blocks(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    isolates_headings = _isolates_headings(lines)
    underlines = _underline_levels(lines)
    _mark_label_runs(lines)
    _mark_group_labels(lines)
    levels = [_heading_level(lines, index, isolates_headings, underlines) for index in range(len(lines))]
    # A label right under a heading of its level is the heading's first words ("How to Apply" over "Please send
    # completed application form to:"), one level down.
    for index in range(1, len(lines)):
        above = levels[index - 1]
        if above is not None and levels[index] == above and _is_label(lines[index].text) and not _is_label(lines[index - 1].text):
            levels[index] = above + 1
    in_part = 0  # 1 from the first part's title on: every other heading is one deeper
    listed = _sentences_one_a_line(lines, levels)
    part_titles = set() if underlines else _parts_by_repeated_sections(lines, levels) | _parts_after_rules(lines)
    for index, line in enumerate(lines):
        if line.table:
            blocks.extend(Block("item", row, 1, BULLET_MARKER) for row in line.table)
            continue
        level = levels[index]
        if index in part_titles or (level is not None
                                    and _titles_a_part(lines, levels, index, isolates_headings or bool(underlines))):
            level, in_part = 1, 1
        elif level is not None:
            level += in_part
        following = lines[index + 1] if index + 1 < len(lines) else None
        # Only where a whole part ends: inside a part, "Implement Infrastructure as Code" is one bullet.
        ends_part = following is None or levels[index + 1] == 1
        glued = line.bulleted and level is None and ends_part and not _entries_run_to_sentences(lines, index)
        split = _closing_sentence(line.body) if glued else None
        aside = LABEL_WITH_ASIDE.match(line.text) if level is not None and not line.bulleted else None
        if aside:  # the label names the section; its aside is a line of it
            blocks.append(Block("heading", f"{fold_whitespace(aside.group(1))}:", level))
            blocks.append(Block("prose", fold_whitespace(line.text[line.text.index("("):])))
        elif level is not None:
            blocks.append(Block("heading", fold_whitespace(line.body), level, line.marker))
        elif split is not None:
            blocks.append(Block("item", fold_whitespace(line.body[:split]), line.depth, line.marker))
            blocks.append(Block("prose", fold_whitespace(line.body[split:])))
        elif line.bulleted:
            blocks.append(Block("item", fold_whitespace(line.body), line.depth, line.marker))
        elif _is_unbulleted_item(line) or index in listed:
            blocks.append(Block("item", fold_whitespace(line.text)))
        else:
            blocks.append(Block("prose", fold_whitespace(line.text)))
    return blocks


def _in_capitals(text: str) -> bool:
    return any(char.isalpha() for char in text) and text.upper() == text


def _capitals_over_mixed_case(blocks: list[Block]) -> list[Block]:
    """Where a text writes its parts' headings in capitals ("OUR COMPANY VALUES", two or more of them) and
    others in mixed case, a mixed-case heading after a capitals one heads a part of it ("Take a stand"),
    as a style a text uses below another is a lower level."""
    tops = [block for block in blocks if block.kind == "heading" and block.level == 1]
    in_capitals = sum(1 for block in tops if _in_capitals(block.text))
    if in_capitals < 2 or in_capitals == len(tops):
        return blocks
    shaped, under_capitals, lowered = [], False, False
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            under_capitals = under_capitals or _in_capitals(block.text)
            lowered = under_capitals and not _in_capitals(block.text)
            block = replace(block, level=2) if lowered else block
        elif block.kind == "heading" and lowered:
            block = replace(block, level=block.level + 1)
        shaped.append(block)
    return shaped


def _is_title_line(line: _Line, after: list[_Line], path: Path) -> bool:
    """A short first line standing alone or underlined, one that uses a word of the file name ("Northwind
    Robotics"), or one heading a job board's header: a few short lines of its own under it, the company and the
    place ("Site Reliability Engineer" over "Roadie" and "REMOTE" in jobs_108693.txt)."""
    if line.bulleted or not _is_heading_shaped(line.text):
        return False
    file_words = set(re.split(r"[\W_]+", path.stem.lower()))
    return (line.blank_after or bool(line.underline) or bool(file_words & set(re.split(r"\W+", line.text.lower())))
            or (not line.text.isupper() and _heads_a_header(after)))  # one in capitals over the title is the company


def _is_posting_id(line: _Line, after: list[_Line]) -> bool:
    """Whether a first line is only a job board's id for the posting ("Job #89644", "Req ID: 4411"), right over a line that
    may be a title."""
    return (bool(POSTING_ID.fullmatch(line.text)) and not line.blank_after and bool(after)
            and not after[0].bulleted and _is_heading_shaped(after[0].text))


def _header_lines(after: list[_Line]) -> list[_Line]:
    """The lines of a header under a first line (see `_heads_a_header`), or none."""
    if not _heads_a_header(after):
        return []
    end = next(index for index, line in enumerate(after) if line.blank_after)
    return after[: end + 1]


def _heads_a_header(after: list[_Line]) -> bool:
    """Whether the lines after a first line, up to a blank, are a header's: at most HEADER_LINES short lines."""
    for index, line in enumerate(after[:HEADER_LINES]):
        if line.bulleted or line.underline or not _is_heading_shaped(line.text):
            return False
        if line.blank_after:
            return index + 1 < len(after)  # a text goes on below it
    return False


# A page's navigation copied above its title ("< Back to all jobs", "Skip to content", "Jump to content", a breadcrumb's
# "You are here" and its ">" between crumbs, "Search Toggle the Menu"): a line of the text, never a heading.
NAVIGATION = re.compile(r"^\s*(?:[<‹]\s|[←«]|(?:go\s+)?(?:back|return)\s+to\b|(?:skip|jump)\s+to\b|view\s+all\b|all\s+jobs\b"
                        r"|you\s+are\s+here\b|[>›»/|]\s*$|.*\btoggle\s+(?:the\s+)?(?:menu|navigation)\b)", re.IGNORECASE)


# A job board's export opens with fields, one of them the title ("JOB ID: 58214" over "TITLE: Backend Engineering Manager").
FIELD_LINE = re.compile(r"[A-Z][\w .'’/-]{0,30}:\s+\S")
TITLE_FIELD = re.compile(r"(?:job\s+|position\s+|role\s+)?title\s*:\s*(?P<title>\S.*)", re.IGNORECASE)


def _title_field(lines: list[_Line]) -> str:
    """The title a text's opening fields give, where they open it; "" where none does."""
    for line in lines[: HEADER_LINES + 1]:
        if line.bulleted or not FIELD_LINE.match(line.text):
            return ""
        if found := TITLE_FIELD.fullmatch(line.text):
            return found["title"].strip()
        if line.blank_after:
            return ""
    return ""


def _structured(lines: list[_Line]) -> list[Block]:
    return nest_entries(_capitals_over_mixed_case(_blocks(lines)))


def parse_plain(text: str, path: Path) -> ParsedDocument:
    lines = _nest(_joined(_fact_boxes(_lines(text))))
    navigation = next((index for index, line in enumerate(lines) if not NAVIGATION.match(line.text)), len(lines))
    if titled := _title_field(lines[navigation:]):
        return ParsedDocument(display_path(path), titled, tuple(_structured(lines)))
    first = lines[navigation] if navigation < len(lines) - 1 else None
    after = lines[navigation + 1 :]
    # A job board's id over the title ("Job #89644" over "Senior Database Engineer") names no role: the line under it
    # is the title, and the id a line of its header.
    posting = [first] if first is not None and _is_posting_id(first, after) else []
    if posting:
        first, after = after[0], after[1:]
    title_line = first if first is not None and _is_title_line(first, after, path) else None
    # A job board's header under the title ("EasyPost", "Remote") is lines of it, none a heading of what follows.
    header = [*posting, *(_header_lines(after) if not title_line.blank_after else [])] if title_line else []
    body = [*lines[:navigation], *after[len(header) - len(posting) :]] if title_line else lines
    blocks = [Block("item", fold_whitespace(line.text)) for line in header]
    blocks += _structured(body)
    if title_line:
        return ParsedDocument(display_path(path), title_line.text, (Block("heading", title_line.text, 1), *blocks), True)
    return ParsedDocument(display_path(path), title_from_file_name(path, text), tuple(blocks))
