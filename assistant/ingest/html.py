"""HTML, read with BeautifulSoup over lxml and walked in document order.

Page chrome is removed first: scripts, styles, navigation, the page-level header and footer (but for a
sentence of the footer giving an address to write to, kept as the page's last paragraph), asides (but for a
sidebar of the page's facts, a description list, a table or a list of three "Label: value" entries or more: a job
board's "Job details"), a heading's permalink sign ("¶"),
dialogs (consent boxes, pop-ups), form controls (but a button whose label is an address to write to) and anything hidden (the `hidden` attribute,
aria-hidden="true", inline display:none). An element whose ARIA role names one of these is one
(<div role="navigation">, <div role="contentinfo">), as templates built of divs mark their chrome.
A menu built of divs and not marked as one (a block of many links whose words are nearly all link text) is
chrome too. A header or footer inside an article or section is content (it often holds the role's h1) and stays.

Then h1-h6 (and anything with role="heading") are headings, closing where the <section> or <article>
holding them ends (a part after it starts beside it, not under its last heading), and a one-line block whose class calls it a
title or heading (<div class="section-title">) is a pseudo-heading; a block holding links and nothing else gives each link as an item (a docs
site's cards); each li is an item holding its own
text only, its nested lists following as deeper items (an li that names its nested entries, "Tooling:" or
"Data Platform", heads them: blocks.nest_entries); a data table gives one item per row (or per cell,
for rows too long to quote), its header row being <thead>, <th> cells or cells all in bold (a header cell
with a note under its name names its column "Scope (Area of ownership)"), and its
cells' list entries and paragraphs kept apart by "; ". A table holding headings or tables, or lists
without a header row, is page layout and is read as the blocks it contains. A description list (<dl>) is
a form: each term with its descriptions is one item ("Salary: 61,000 euros"), unless it holds headings or
tables. Any other text is prose, one
block per paragraph-like element, and a <br> starts a new line ("• Python<br>• Go" are items). A
<strong>/<b> standing alone on its line is a pseudo-heading, as job boards write section names.
Whitespace inside elements is layout and is folded.

What a word processor's web export (Google Docs, Word) writes its own way is read as it displays: a run
bold by its class's rule in the <style> (".c3{font-weight:700}") is bold, one whose style says normal is
not; a Google Docs list's nesting is its class ("lst-kix_ab12-1" is a second level), as it writes each
level's entries as a list of their own; a footnote's marks ("[1]", a link to the note that links back)
are dropped and its text stays at the end, while a reviewer's comment is dropped with its mark. Word's
"Save as Web Page" writes a list entry as a paragraph whose style gives its level ("mso-list:l0 level2")
and whose written bullet or number Word marks to be ignored: it is an entry at that level, numbered as
written; its Title paragraph is a heading and, before the page's h1, keeps the <title> as the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, CData, NavigableString, Tag
from bs4.element import PageElement

from assistant.ingest.blocks import (
    BULLET_MARKER,
    BlockCollector,
    build_document,
    looks_like_heading,
    split_list_marker,
)
from assistant.ingest.document import ParsedDocument, fold_whitespace, title_from_file_name

CHROME = frozenset(
    "script style noscript template nav aside dialog button input select textarea option optgroup datalist "
    "label svg canvas iframe object embed".split()
)
# A menu not marked as one: a block of at least this many links, whose words are at least this share link
# text (readability's link density). Dropbox's career framework page: 52 links, 0.93 of its words.
MENU_HOLDERS = ("div", "ul", "ol", "section", "td")
MENU_MIN_LINKS = 5
MENU_LINK_SHARE = 0.8
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A control is chrome unless its label is where to reach someone: "Apply now via email to careers@crunch.io" is the
# only place a careers page gives its address.
ADDRESS_IN_LABEL = re.compile(rf"{EMAIL_ADDRESS.pattern}|\bhttps?://\S")
MIN_SENTENCE_WORDS = 3  # words besides the address: "Get in touch at ... for help", not the address alone
# A sidebar's list of the page's facts, each entry a field: "Salary: $60,000-$90,000", "Location: Fully remote".
LABELLED_FIELD = re.compile(r"^\s*[^:\n]{1,40}:\s+\S")
MIN_FACT_FIELDS = 3  # a job's place, pay and kind; fewer may be any list's labelled entries
CHROME_ROLES = frozenset({"navigation", "complementary", "search", "dialog", "alertdialog"})
LANDMARKS = ("header", "footer")  # chrome only at page level, see _is_page_landmark
LANDMARK_ROLES = ("banner", "contentinfo")  # what a page-level header and footer are
SECTIONING = ("article", "aside", "main", "nav", "section")
SECTIONING_ROLES = frozenset({"article", "complementary", "main", "navigation", "region"})  # the same, marked on divs
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
LISTS = ("ul", "ol")
# Elements whose content is a paragraph-like line of its own (table parts count, for layout tables).
BLOCKS = frozenset(
    "address article blockquote body caption center dd details dialog div dl dt fieldset figcaption figure "
    "hgroup html legend main p pre section summary table tbody td tfoot th thead tr".split()
)
LINE_BREAKERS = BLOCKS | HEADING_LEVELS.keys() | {"br", "li", *LISTS, "[document]"}
# A table holding these is page layout, not data: read what is in it instead of its rows. Lists count
# only in a table without a header row: a ladder's cells often list what a level does.
LAYOUT_SIGNS = [*HEADING_LEVELS, "table"]
BOLD = ("strong", "b")
TEXT_STRINGS = (NavigableString, CData)  # not comments, doctypes or processing instructions
ARIA_DEFAULT_HEADING_LEVEL = 2  # what ARIA assumes of role="heading" without aria-level
CELL_PART_SEPARATOR = "; "
CAREERS_SECTION = re.compile(r"(?:careers?|jobs?|open\s+(?:roles|positions)|vacancies|join\s+us|work\s+with\s+us)", re.IGNORECASE)
TITLE_DASH = re.compile(r"\s[-–—]\s")  # a dash between a page title's parts, spaced (not "Front-end")
TITLE_CLASS_WORDS = frozenset({"title", "heading", "headline", "subtitle", "subheading"})
# The Title paragraph style as word processors export it to a web page (Google Docs "title", Word "MsoTitle").
TITLE_STYLE_CLASSES = frozenset({"title", "msotitle"})
SENTENCE_ENDS = (".", "!", "?")
BOLD_WEIGHT = 600  # CSS's semibold and heavier read as bold
FONT_WEIGHTS = {"normal": 400, "lighter": 300, "bold": 700, "bolder": 700}
COMMENT_ANCHORS = ("#cmnt", "#_msocom_")  # where Google Docs' and Word's web exports link a comment's mark
NUMBER_ENDS = (".", ")")
WORD_LIST_LEVEL = "level"  # "mso-list:l0 level2 lfo1": an entry at the second level of Word's list l0
GOOGLE_DOCS_LIST_CLASS = "lst-kix_"  # "lst-kix_ab12-1": a Google Docs list at nesting level 1 (0 is the top)


def parse_html(text: str, path: Path) -> ParsedDocument:
    soup = _clean_soup(text)
    collector = BlockCollector()
    _HtmlWalker(collector).read(soup.body or soup)
    return build_document(path, _title(soup) or title_from_file_name(path, soup.get_text(" ")), collector.blocks)


def walk_html_fragment(markup: str, collector: BlockCollector) -> None:
    """Blocks of a piece of HTML embedded in another format (raw HTML in Markdown)."""
    soup = _clean_soup(markup)
    _HtmlWalker(collector).read(soup.body or soup)


def _clean_soup(markup: str) -> BeautifulSoup:
    soup = BeautifulSoup(markup, "lxml")
    _mark_styled_bold(soup)
    _drop_note_marks(soup)
    page_words = len(visible_text(soup.body or soup).split())
    _keep_contact_sentences(soup)
    chrome = [tag for tag in soup.find_all(True) if _is_chrome(tag) or _is_link_menu(tag, page_words)]
    for tag in chrome:
        if not tag.decomposed:  # already gone with a removed ancestor
            tag.decompose()
    return soup


def _mark_styled_bold(soup: BeautifulSoup) -> None:
    """Runs whose style sets their weight are <b> when bold and <span> when not: a word processor's web
    export (Google Docs) makes bold runs <span class="c3"> with ".c3{font-weight:700}" in its <style>, and
    its clipboard wraps a whole text in <b style="font-weight:normal">."""
    bold_classes = {name for style in soup.find_all("style") for name in _classes_set_bold(style.get_text())}
    for tag in soup.find_all(("span", *BOLD)):
        weight = _font_weight(str(tag.get("style", "")))
        if weight is None and bold_classes.intersection(tag.get("class") or ()):
            weight = BOLD_WEIGHT
        if weight is not None:
            tag.name = "b" if weight >= BOLD_WEIGHT else "span"


def _classes_set_bold(css: str) -> list[str]:
    """The classes a style sheet's rules set in bold, from rules whose selector is a lone class (".c3")."""
    classes: list[str] = []
    for rule in css.split("}"):
        selectors, _, declarations = rule.rpartition("{")
        weight = _font_weight(declarations)
        for selector in selectors.rpartition("{")[2].split(","):  # the rule's own selectors, inside any @media
            selector = selector.strip()
            if weight is not None and weight >= BOLD_WEIGHT and selector[:1] == "." and selector[1:].isidentifier():
                classes.append(selector[1:])
    return classes


def _font_weight(declarations: str) -> int | None:
    """The font-weight a list of CSS declarations sets, as a number (bold is 700), or None."""
    for name, value in _declarations(declarations):
        if name == "font-weight":
            named = FONT_WEIGHTS.get(value)
            return named if named is not None else _int_or_none(value)
    return None


def _declarations(style: str) -> list[tuple[str, str]]:
    """(name, value) of each declaration in "name: value; ...", lower case."""
    pairs = [declaration.partition(":") for declaration in style.split(";")]
    return [(name.strip().lower(), value.strip().lower()) for name, _, value in pairs]


def _drop_note_marks(soup: BeautifulSoup) -> None:
    """Footnotes as a word processor exports them: a mark in the text ("[1]", a link to the note) whose
    note links back to it. The marks are no text, in the text or before the note, whose words stay at the
    end, as printed; a comment (Google Docs' "#cmnt", Word's "#_msocom_") is a reviewer's, not the
    document's, and goes with its mark, as it does from a Word document."""
    for mark in soup.find_all("a", href=True):
        note = None if mark.decomposed else _note_of(soup, mark)  # a note's back link goes with its mark
        if note is None:
            continue
        if str(mark["href"]).startswith(COMMENT_ANCHORS):
            (note.find_parent("div") or note).decompose()
        else:
            for back in _links_to(note, _anchor_names(mark)):
                _decompose_mark(back)
        _decompose_mark(mark)


def _note_of(soup: BeautifulSoup, mark: Tag) -> Tag | None:
    """The note a mark links to, when the note links back to the mark; else None (an ordinary link)."""
    href = str(mark["href"])
    names = _anchor_names(mark)
    if not href.startswith("#") or len(href) < 2 or not names:
        return None
    note = soup.find(id=href[1:]) or soup.find(attrs={"name": href[1:]})
    return note if note is not None and _links_to(note, names) else None


def _anchor_names(tag: Tag) -> set[str]:
    return {str(name) for name in (tag.get("id"), tag.get("name")) if name}


def _links_to(note: Tag, names: set[str]) -> list[Tag]:
    """The links in or at `note` to any of `names`."""
    links = [note] if note.name == "a" else note.find_all("a", href=True)
    return [link for link in links if str(link.get("href", ""))[1:] in names]


def _decompose_mark(mark: Tag) -> None:
    """A note's mark, with the superscript it is set in when that holds nothing else."""
    holder = mark.parent if mark.parent is not None and mark.parent.name == "sup" else None
    mark.decompose()
    if holder is not None and not holder.get_text().strip():
        holder.decompose()


def _keep_contact_sentences(soup: BeautifulSoup) -> None:
    """A sentence of the site's footer giving an address to write to ("Get in touch at engineering-progression@ft.com
    for help or advice.") is the page's only word on whom to ask: it is moved out of the footer, to stay as the page's
    last paragraph, where the rest of the footer is chrome."""
    footers = [tag for tag in soup.find_all(True) if _is_page_landmark(tag) and (tag.name == "footer" or _role(tag) == "contentinfo")]
    for footer in footers:
        for paragraph in footer.find_all("p"):
            text = visible_text(paragraph)
            address = EMAIL_ADDRESS.search(text)
            if address and len((text[: address.start()] + text[address.end() :]).split()) >= MIN_SENTENCE_WORDS:
                footer.insert_before(paragraph.extract())


def _is_chrome(tag: Tag) -> bool:
    if _is_fact_sheet(tag) or (tag.name == "button" and ADDRESS_IN_LABEL.search(tag.get_text())):
        return False
    return (tag.name in CHROME or _role(tag) in CHROME_ROLES or _is_page_landmark(tag) or _is_hidden(tag)
            or _is_permalink(tag))


def _is_permalink(tag: Tag) -> bool:
    """A link to its own place on the page, marked by a sign and no word ("¶" after a Sphinx heading, "#", "🔗")."""
    return tag.name == "a" and str(tag.get("href", "")).startswith("#") and not any(c.isalnum() for c in tag.get_text())


def _is_fact_sheet(tag: Tag) -> bool:
    """A sidebar of the page's own facts (a job board's "Job details": salary, location, team), written as
    a description list or a table: content, where other asides (related roles, sharing, ads) are chrome."""
    if not (tag.name == "aside" or _role(tag) == "complementary"):
        return False
    fields = [entry for entry in tag.find_all("li") if LABELLED_FIELD.match(visible_text(entry)) and entry.find("a") is None]
    return tag.find(("dl", "table")) is not None or len(fields) >= MIN_FACT_FIELDS


def _is_link_menu(tag: Tag, page_words: int) -> bool:
    """A site's menu built of divs, not marked as navigation (a docs tool's table of contents): a block of
    many links whose words are nearly all link text, holding less than half the page's words. Links a sentence
    introduces are what it lists ("Currently there are following job levels:" over a card linking each level)."""
    if tag.name not in MENU_HOLDERS or _introduced(tag):
        return False
    links = tag.find_all("a", href=True)
    if len(links) < MENU_MIN_LINKS:
        return False
    words = len(visible_text(tag).split())
    linked = sum(len(visible_text(link).split()) for link in links)
    return linked >= MENU_LINK_SHARE * words and words < page_words / 2


def _introduced(tag: Tag) -> bool:
    """Whether the text right before `tag` ends in a colon, introducing it."""
    before = tag.find_previous_sibling(True)
    return before is not None and visible_text(before).rstrip().endswith(":")


def _is_page_landmark(tag: Tag) -> bool:
    """The site's banner or footer, as opposed to an article's own header holding its title."""
    return (tag.name in LANDMARKS or _role(tag) in LANDMARK_ROLES) and tag.find_parent(_is_sectioning) is None


def _is_sectioning(tag: Tag) -> bool:
    return tag.name in SECTIONING or _role(tag) in SECTIONING_ROLES


def _role(tag: Tag) -> str:
    """The element's ARIA role: the first of the listed ones (role="navigation menu" is navigation)."""
    return next(iter(str(tag.get("role", "")).lower().split()), "")


def _is_hidden(tag: Tag) -> bool:
    aria_hidden = str(tag.get("aria-hidden", "")).strip().lower()
    return tag.has_attr("hidden") or aria_hidden == "true" or _hidden_by_style(str(tag.get("style", "")))


def _hidden_by_style(style: str) -> bool:
    return any((name, value.split(" ")[0]) in (("display", "none"), ("visibility", "hidden"))
               for name, value in _declarations(style))


def _title(soup: BeautifulSoup) -> str:
    """The <title> ("Staff Platform Engineer at Kestrelpoint | Tallyboard Jobs": what follows the bar names
    the site, as does what follows the last of two dashes; but for a company's own careers section's name, "... |
    Careers | PostgresML"), unless the page's one h1 is not part of it: then
    the <title> is a template's tab label ("Job Listing") and the h1 names the page. Without a <title>, a
    paragraph styled as the Title, else the first h1."""
    tab = fold_whitespace(visible_text(soup.title)) if soup.title else ""
    parts = [part.strip() for part in tab.split(" | ")]
    # "Machine Learning Engineer | Careers | PostgresML": a site's own careers pages end in its name, which may be
    # the only place the page names whose job it is; a job board's ("| Tallyboard Jobs") names the board.
    owned = parts[-1] if len(parts) > 2 and CAREERS_SECTION.fullmatch(parts[-2]) else ""
    tab = (f"{parts[0]} - {owned}" if owned and owned.casefold() not in parts[0].casefold() else parts[0]) or tab
    # "Data Engineering Lead - AirDNA - Remote Jobs Board": after two dashes, the last part names the site too (one
    # dash may be the job's own: "Engineer - Platform").
    if len(dashes := list(TITLE_DASH.finditer(tab))) >= 2:
        tab = tab[: dashes[-1].start()]
    top_headings = [fold_whitespace(visible_text(h1)) for h1 in soup.find_all("h1")]
    top_headings = [heading for heading in top_headings if heading]
    if len(top_headings) == 1 and tab and top_headings[0].casefold() not in tab.casefold() and not _styled_title(soup):
        return top_headings[0]
    return tab or _styled_title(soup) or next(iter(top_headings), "")


def _styled_title(soup: BeautifulSoup) -> str:
    """The text of a paragraph styled as the document's Title before any h1: an exported document has no
    <title>, and its first h1 is its first section ("Levels"), not its name."""
    first = soup.find(lambda tag: tag.name == "h1" or _has_title_style(tag))
    return fold_whitespace(visible_text(first)) if first is not None and first.name != "h1" else ""


def _has_title_style(tag: Tag) -> bool:
    return any(name.lower() in TITLE_STYLE_CLASSES for name in tag.get("class") or ())


def visible_text(node: PageElement) -> str:
    """The text a reader sees, with a space wherever a block or line break separates words."""
    if isinstance(node, NavigableString):
        return str(node) if type(node) in TEXT_STRINGS else ""
    if not isinstance(node, Tag):
        return ""
    if node.name == "br":
        return " "
    inner = "".join(visible_text(child) for child in node.children)
    return f" {inner} " if node.name in LINE_BREAKERS else inner


@dataclass
class _Part:
    """A sectioning element being read: how far its headings move, the highest level among them, and the top
    level of the last part closed inside it."""

    shift: int | None = None
    top: int | None = None
    closed_top: int | None = None


class _HtmlWalker:
    def __init__(self, collector: BlockCollector) -> None:
        self.out = collector
        self.line: list[str] = []  # text of the line being read
        self.open_item: tuple[int, str] | None = None  # (depth, marker) while reading an li's own text
        self.parts: list[_Part] = []  # the sectioning elements being read, outermost first

    def part(self, node: Tag, depth: int) -> None:
        """A sectioning element (<section>, <article>): the headings it opens close where it ends. A part
        after a closed one, whose first heading is deeper than that part's top one, starts beside it, not
        under it: a framework's notes in a <section> of their own after the last level's, at h3 where the
        levels are h2, are not the last level's."""
        self.end_line()
        entered_at = self.out.section_level
        self.parts.append(_Part())
        self.walk(node, depth)
        self.end_line()
        closed = self.parts.pop()
        self.out.section_level = entered_at
        if self.parts and closed.top is not None:
            self.parts[-1].closed_top = closed.top

    def level_in_part(self, level: int) -> int:
        """A heading's level, moved with the first heading of its part (see `part`)."""
        if not self.parts:
            return level
        current = self.parts[-1]
        if current.shift is None:
            before = self.parts[-2].closed_top if len(self.parts) > 1 else None
            current.shift = before - level if before is not None and level > before else 0
        moved = max(1, level + current.shift)
        current.closed_top = None  # a heading of its own is now in force, not the closed part's
        for enclosing in self.parts:
            enclosing.top = moved if enclosing.top is None else min(enclosing.top, moved)
        return moved

    def read(self, node: Tag) -> None:
        """All of a node's content, up to its last line."""
        self.walk(node)
        self.end_line()

    def walk(self, node: Tag, depth: int = 0) -> None:
        for child in node.children:
            self.visit(child, depth)

    def visit(self, node: PageElement, depth: int) -> None:
        if not isinstance(node, Tag):
            self.line.append(visible_text(node))
        elif self.open_item and node.name not in (*LISTS, "table"):
            self.visit_inside_item(node, depth)
        elif node.name == "br":
            self.end_line()
        elif node.name in HEADING_LEVELS or _aria_heading_level(node):
            self.end_line()
            self.out.heading(visible_text(node), self.level_in_part(HEADING_LEVELS.get(node.name) or _aria_heading_level(node)))
        elif node.name in LISTS:
            self.end_line()
            self.list(node, _exported_list_depth(node) or depth + 1)
        elif node.name == "p" and _word_list_level(node):
            self.word_list_entry(node, _word_list_level(node))
        elif node.name == "li":  # an entry outside any list: lxml keeps stray ones where they stand
            self.item(node, depth + 1, BULLET_MARKER)
        elif node.name == "table" and _is_data_table(node):
            self.end_line()
            self.table(node)
        elif node.name == "dl" and not node.find(LAYOUT_SIGNS):
            self.end_line()
            self.description_list(node)
        elif node.name in BLOCKS and _is_styled_title(node):
            self.end_line()
            self.out.pseudo_heading(visible_text(node))
        elif _is_sectioning(node):
            self.part(node, depth)
        elif node.name in BLOCKS and len(links := _links_side_by_side(node)) > 1:
            self.end_line()
            for link in links:
                text = fold_whitespace(visible_text(link))
                marker, text = split_list_marker(text) or (BULLET_MARKER, text)  # "1. Associate Engineer" as numbered
                self.out.item(text, depth + 1, marker)
        elif node.name in BLOCKS:
            self.end_line()
            self.walk(node, depth)
            self.end_line()
        elif node.name in BOLD and self.stands_alone(node):
            self.out.bold_paragraph(visible_text(node))
        else:
            self.walk(node, depth)

    def visit_inside_item(self, node: Tag, depth: int) -> None:
        """Inside an li, paragraphs, headings and breaks are all part of the one entry's text."""
        if node.name in LINE_BREAKERS:
            self.line.append(" ")
            self.walk(node, depth)
            self.line.append(" ")
        else:
            self.walk(node, depth)

    def end_line(self) -> None:
        """The line read so far becomes a block: the open list entry, a bulleted line, or prose."""
        text = fold_whitespace("".join(self.line))
        self.line.clear()
        if not text:
            return
        if self.open_item:
            depth, marker = self.open_item
            self.out.item(text, depth, marker)
            self.open_item = None  # text the entry has after a nested list reads as prose
        else:
            self.out.line(text)

    def stands_alone(self, bold: Tag) -> bool:
        """Whether this bold element is its line's only text (nothing before it, nothing after it up to
        the next break or the end of its block)."""
        if "".join(self.line).strip():
            return False
        node: Tag = bold
        while True:
            for sibling in node.next_siblings:
                if isinstance(sibling, Tag) and sibling.name in LINE_BREAKERS:
                    return True
                if visible_text(sibling).strip():
                    return False
            if node.parent is None or node.parent.name in LINE_BREAKERS:
                return True
            node = node.parent

    def list(self, node: Tag, depth: int) -> None:
        number = _int_attribute(node, "start", 1)
        for child in node.children:
            if isinstance(child, Tag) and child.name == "li":
                number = _int_attribute(child, "value", number)
                self.item(child, depth, f"{number}. " if node.name == "ol" else BULLET_MARKER)
                number += 1
            else:
                self.visit(child, depth)

    def item(self, node: Tag, depth: int, marker: str) -> None:
        self.end_line()
        self.open_item = (depth, marker)
        self.walk(node, depth)
        self.end_line()
        self.open_item = None

    def word_list_entry(self, paragraph: Tag, level: int) -> None:
        """A list entry as Word saves it to a web page: a paragraph whose style gives its level, its bullet
        or number written first in a span Word marks to be ignored (kept as the entry's number)."""
        marker = BULLET_MARKER
        for written in paragraph.find_all(_is_word_list_marker):
            text = fold_whitespace(visible_text(written))
            marker = f"{text} " if text.endswith(NUMBER_ENDS) else marker  # "1.", "a)"; not a bullet ("·", "o")
            written.decompose()
        self.item(paragraph, level, marker)

    def table(self, table: Tag) -> None:
        caption = table.find("caption")
        if caption:
            self.out.prose(visible_text(caption))
        grid = _table_grid(_table_cells(table))
        has_header = _has_header_row(table)
        texts = [[_cell_text(cell, as_name=has_header and index == 0) if cell else "" for cell in row] for index, row in enumerate(grid)]
        self.out.table(texts, has_header)

    def description_list(self, dl: Tag) -> None:
        """Each term and its descriptions as one row of a form: "Perks: A rail pass; Thirty days of leave"."""
        rows: list[tuple[str, list[str]]] = []
        for part in dl.find_all(("dt", "dd")):
            if part.find_parent("dl") is not dl:
                continue  # a nested list's, read within its description
            if part.name == "dt" or not rows:
                rows.append((_cell_text(part) if part.name == "dt" else "", []))
            if part.name == "dd":
                rows[-1][1].append(_cell_text(part))
        self.out.table([[term, CELL_PART_SEPARATOR.join(descriptions)] for term, descriptions in rows], has_header=False)


def _links_side_by_side(node: Tag) -> list[Tag]:
    """The links a block holds and nothing else, each its own entry (a docs site's cards, one a level): else none."""
    children = [child for child in node.children if isinstance(child, Tag) or visible_text(child).strip()]
    return children if all(isinstance(child, Tag) and child.name == "a" for child in children) else []


def _exported_list_depth(node: Tag) -> int:
    """The depth a Google Docs export gives a list in its class ("lst-kix_ab12-1" is 2), else 0: it
    writes each level's run of entries as a list of its own, none nested in another."""
    for name in node.get("class") or ():
        prefix, _, level = name.rpartition("-")
        if prefix.startswith(GOOGLE_DOCS_LIST_CLASS) and level.isdigit():
            return int(level) + 1
    return 0


def _word_list_level(paragraph: Tag) -> int:
    """The level of a paragraph Word saved as a list entry (style "mso-list:l0 level2 lfo1" is 2), else 0."""
    for name, value in _declarations(str(paragraph.get("style", ""))):
        levels = [word[len(WORD_LIST_LEVEL):] for word in value.split() if word.startswith(WORD_LIST_LEVEL)]
        if name == "mso-list" and levels and levels[0].isdigit():
            return int(levels[0])
    return 0


def _is_word_list_marker(tag: Tag) -> bool:
    return ("mso-list", "ignore") in _declarations(str(tag.get("style", "")))


def _aria_heading_level(node: Tag) -> int:
    """The level of an element marked up as a heading for screen readers (role="heading"), else 0."""
    if _role(node) != "heading":
        return 0
    return _int_attribute(node, "aria-level", ARIA_DEFAULT_HEADING_LEVEL)


def _is_styled_title(node: Tag) -> bool:
    """A block of one short line that its class calls a title or heading (<div class="section-title">
    Requirements</div>): templates style section names so instead of using h2."""
    class_words = {word for name in node.get("class") or () for word in name.lower().replace("_", "-").split("-")}
    return (bool(class_words & TITLE_CLASS_WORDS or _has_title_style(node)) and not node.find(LINE_BREAKERS)
            and looks_like_heading(visible_text(node)))


def _table_cells(table: Tag) -> list[list[Tag]]:
    rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
    return [row.find_all(("td", "th"), recursive=False) for row in rows]


def _table_grid(rows: list[list[Tag]]) -> list[list[Tag | None]]:
    """The cells where a browser draws them: a cell spanning rows is in each of its rows (the level a pay
    row belongs to), a cell spanning columns is in the first of them, the others empty (None)."""
    grid: list[list[Tag | None]] = []
    above: dict[int, tuple[Tag | None, int]] = {}  # column: the cell reaching down into it, rows it still covers
    for row in rows:
        line: list[Tag | None] = []
        pending = list(row)
        while pending or any(column >= len(line) for column in above):
            if len(line) in above:
                reaching, rows_left = above.pop(len(line))
                if rows_left > 1:
                    above[len(line)] = (reaching, rows_left - 1)
                line.append(reaching)
            elif pending:
                cell = pending.pop(0)
                down = max(1, _int_attribute(cell, "rowspan", 1))
                for offset in range(max(1, _int_attribute(cell, "colspan", 1))):
                    if down > 1:
                        above[len(line)] = (None if offset else cell, down - 1)
                    line.append(None if offset else cell)
            else:
                line.append(None)  # a gap before a cell still reaching down from above
        grid.append(line)
    return grid


def _has_header_row(table: Tag) -> bool:
    """A first row in <thead>, of <th> cells, of cells all in bold that the next rows are not (a header
    written as <td><strong>Level</strong></td>, as exported documents have it), or of plain names above
    rows that each hold a list (a ladder's levels atop what each level does)."""
    rows = [row for row in _table_cells(table) if row]
    if not rows:
        return False
    first = rows[0]
    if first[0].parent.name == "thead" or all(cell.name == "th" for cell in first):
        return True
    if len(rows) > 1 and not any(cell.find(LISTS) for cell in first) and all(any(cell.find(LISTS) for cell in row) for row in rows[1:]):
        return True
    return _all_bold(first) and any(not _all_bold(row) for row in rows[1:])


def _all_bold(cells: list[Tag]) -> bool:
    filled = [cell for cell in cells if visible_text(cell).strip()]
    return bool(filled) and all(_is_bold_text(cell) for cell in filled)


def _is_bold_text(cell: Tag) -> bool:
    bold = "".join(visible_text(tag) for tag in cell.find_all(BOLD) if not tag.find_parent(BOLD))
    return fold_whitespace(bold) == fold_whitespace(visible_text(cell))


def _is_data_table(table: Tag) -> bool:
    return not table.find(LAYOUT_SIGNS) and (not table.find(LISTS) or _has_header_row(table))


def _cell_text(cell: Tag, as_name: bool = False) -> str:
    """A cell's text, its list entries and paragraphs kept apart: "Answers tickets; Escalates refunds". A
    header cell `as_name`, a column's name with what follows it in brackets: "Scope (Area of ownership)"."""
    collector = BlockCollector()
    _HtmlWalker(collector).read(cell)
    if as_name and len(collector.blocks) > 1:
        name, *notes = (block.text for block in collector.blocks)
        return f"{name} ({' '.join(notes)})"
    text = ""
    for block in collector.blocks:
        separator = " " if text.endswith(SENTENCE_ENDS) else CELL_PART_SEPARATOR  # "Visionary. Major influence"
        text = f"{text}{separator}{block.text}" if text else block.text
    return text


def _int_attribute(tag: Tag, name: str, default: int) -> int:
    number = _int_or_none(str(tag.get(name, default)))
    return default if number is None else number


def _int_or_none(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
