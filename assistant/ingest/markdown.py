"""Markdown, read with markdown-it-py (CommonMark plus tables) and walked as a syntax tree.

The syntax the usual dialects add is parsed, so none of it reaches the text: GitHub's task lists, alerts
("> [!NOTE]") and footnotes, MkDocs' admonitions ("!!! note", "???+ tip"), the containers of Docusaurus
and VitePress (":::tip Title"), MyST's directives (":::{note}", "```{admonition} Title") and Pandoc's
fenced divs ("::: {.note}", titled only by a title attribute), with mdit-py-plugins; Hugo's shortcodes ("{{< hint info >}}",
"{{< ref "pay.md" >}}" inside a link), which are template tags run before the Markdown is read and no
text; attribute lists (Pandoc's and Hugo's "## Pay {#pay}", kramdown's and Python-Markdown's "{: .note}"
on a line of its own or ending a block, "{.button}" after a link, "[new]{.badge}"). A block's title is a line of its own,
as it is shown: the one given, else the block's kind ("Note"). Footnotes follow the text, as they are
printed, without their reference marks.

Inline markup is rendered to the text a reader sees (link text without its URL, code without
backticks). A paragraph that is nothing but one bold span ("**Requirements**") is a pseudo-heading,
as job ads use it. Each list entry is one item, however many paragraphs it has, and its nested list
entries are items of their own one level deeper; an entry naming them (a lead-in ending in a colon, or a
title) heads them, up to where they end (blocks.nest_entries, as in every format). A list indented four spaces,
every line an entry, is a list, though CommonMark reads it as code. Table rows become items naming their columns. Raw
HTML blocks go through the HTML loader's walker; HTML comments are dropped. Front matter's fields a reader is
shown (GitHub renders front matter as a table) are lines under the title ("Location: Global Remote"); what only a
site generator reads (slugs, ids, paths, flags, numbers, dates) is dropped. A line of
inline HTML ("<br/>") starting a block is part of the text, and the lines under it are Markdown, as
Jekyll's kramdown reads them (CommonMark would take them as raw HTML). The title is the first top
heading, unless the body has several top headings (a post's sections, or pages joined into one file) and
the front matter names the document or the first of them shares no word with the file's name.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from markdown_it.common.html_blocks import block_names
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.attrs import attrs_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from assistant.ingest.blocks import BULLET_MARKER, BlockCollector, build_document, looks_like_heading, split_list_marker
from assistant.ingest.document import ParsedDocument, make_block, shares_a_word, title_from_file_name
from assistant.ingest.html import walk_html_fragment

# Front matter by its opening fence: YAML (Jekyll, Docusaurus, MkDocs) or TOML (Hugo), each with its closing fences
# and its parser.
FRONT_MATTER = {"---": (("---", "..."), yaml.safe_load, yaml.YAMLError), "+++": (("+++",), tomllib.loads, tomllib.TOMLDecodeError)}
LISTS = ("bullet_list", "ordered_list")
# Front matter fields that place or lay out a page (Jekyll, Hugo, Docusaurus, Just the Docs, MkDocs), not its content.
SITE_FIELDS = frozenset(
    "title layout permalink slug id sidebar sidebar_label sidebar_position displayed_sidebar parent grand_parent "
    "nav_order menu weight template type draft published toc hide search comments lang image icon custom_edit_url "
    "pagination_label".split())
# CommonMark's first kind of HTML block, read to its closing tag: a <script> or <style> holds code, not text.
RAW_TEXT_BLOCKS = frozenset(("pre", "script", "style", "textarea"))
# Inline nodes whose own content is the visible text; every other inline node shows its children.
LITERAL_INLINES = ("text", "code_inline")
LINE_BREAKS = ("softbreak", "hardbreak")
INVISIBLE_INLINES = ("html_inline", "image")
SHORTCODE_CLOSERS = {"<": ">}}", "%": "%}}"}  # by the character after a shortcode's "{{"
ATTRIBUTE_PREFIXES = ("#", ".")
ADMONITION_DIRECTIVES = frozenset(
    "admonition attention caution danger error hint important note seealso tip warning".split())


def without_shortcodes(text: str) -> str:
    """The text without Hugo's shortcodes ("{{< hint info >}}", "{{% /alert %}}", "{{< ref "pay.md" >}}"):
    Hugo runs these template tags over the source before reading it as Markdown, so a link's destination
    may be one. What they wrap is Markdown read as usual; the tags themselves are no text."""
    kept: list[str] = []
    position = 0
    while (start := _next_shortcode(text, position)) >= 0:
        end = text.find(SHORTCODE_CLOSERS[text[start + 2]], start + 3)
        if end < 0:
            break  # an opener never closed is text
        kept.append(text[position:start])
        position = end + 3
    return "".join(kept) + text[position:]


def _next_shortcode(text: str, position: int) -> int:
    starts = [found for opener in SHORTCODE_CLOSERS if (found := text.find("{{" + opener, position)) >= 0]
    return min(starts, default=-1)


def is_attribute_list(text: str) -> bool:
    """Whether `text` is one attribute list, which sets an element's id and classes and is never shown:
    Pandoc's and Hugo's "{#salary .unnumbered}", kramdown's and Python-Markdown's "{: .note}" (kramdown's
    may also name its references: "{:toc}")."""
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return False
    kramdown = text.startswith("{:")
    try:
        attributes = shlex.split(text[2 if kramdown else 1:-1])
    except ValueError:
        return False
    return bool(attributes) and all(_is_attribute(attribute, kramdown) for attribute in attributes)


def _is_attribute(attribute: str, kramdown: bool) -> bool:
    """'#id', '.class', 'key=value', Pandoc's '-' (unnumbered), or a bare reference name in kramdown."""
    key, equals, value = attribute.partition("=")
    if equals:
        return _is_name(key) and bool(value)
    if attribute[:1] in ATTRIBUTE_PREFIXES:
        return _is_name(attribute[1:])
    return attribute == "-" or (kramdown and _is_name(attribute))


def _is_name(name: str) -> bool:
    return bool(name) and all(character.isalnum() or character in "-_:" for character in name)


def _attribute_line(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line holding only an attribute list, before or after the block it styles ("{: .note}" under a
    paragraph, a table or a quote, which it ends): no text."""
    if state.is_code_block(start_line):
        return False
    line = state.src[state.bMarks[start_line] + state.tShift[start_line]:state.eMarks[start_line]]
    if not is_attribute_list(line):
        return False
    if not silent:
        token = state.push("attribute_line", "", 0)
        token.map = [start_line, start_line + 1]
    state.line = start_line + 1
    return True


def _drop_trailing_attributes(state: StateCore) -> None:
    """An attribute list ending a heading, paragraph or list entry ("## Salary {#salary}", "- Mentors
    {: .item}") styles that block and is not shown."""
    for token in state.tokens:
        last = token.children[-1] if token.type == "inline" and token.children else None
        if last is None or last.type != "text":
            continue
        start = last.content.rfind("{")
        spaced = start == 0 or last.content[start - 1:start].isspace()
        if start >= 0 and spaced and is_attribute_list(last.content[start:]):
            last.content = last.content[:start].rstrip()


_PARSER = (
    MarkdownIt("commonmark", {"alerts": True, "tasklists": True})
    .enable("table")
    .use(admon_plugin)
    .use(footnote_plugin)
    .use(container_plugin, name="any", validate=lambda *_: True)  # every ":::name" container, whatever its name
    .use(attrs_plugin, spans=True)  # "[Apply](/jobs){.button}", "[new]{.badge}": attributes of inline text
)
# It ends a paragraph, a table or a quote that it follows (their terminators are these alternatives).
_PARSER.block.ruler.before("paragraph", "attribute_line", _attribute_line, {"alt": ["paragraph", "blockquote"]})
_PARSER.core.ruler.after("inline", "trailing_attributes", _drop_trailing_attributes)


def parse_markdown(text: str, path: Path) -> ParsedDocument:
    body, front_matter = split_front_matter(text)
    body = without_shortcodes(body)
    collector = BlockCollector()
    _MarkdownWalker(collector).walk(SyntaxTreeNode(_PARSER.parse(body)))
    blocks = collector.blocks
    first_h1 = collector.first_top_heading
    # The title a reader sees comes first; handbooks (GitLab's, PostHog's) often have none in the body,
    # naming the page in its front matter and starting at "##".
    declared = front_matter.get("title")
    declared = declared.strip() if isinstance(declared, str) else None
    if sum(1 for block in blocks if block.kind == "heading" and block.level == 1) > 1 and (
            declared or not shares_a_word(first_h1, path.stem)):
        # A post's "#" headings are its sections under the title its front matter gives; pages joined into
        # one file ("# Introduction", "# Software Engineer") are sections of what the file's name says.
        first_h1 = ""
    title = first_h1 or declared or title_from_file_name(path, body)
    fields = [make_block("prose", line) for line in shown_fields(front_matter)]
    at = 1 if blocks and blocks[0].kind == "heading" and blocks[0].text.casefold() == title.casefold() else 0
    return build_document(path, title, [*blocks[:at], *fields, *blocks[at:]])


def shown_fields(front_matter: dict) -> list[str]:
    """The front matter's fields that say something to a reader, as "Label: value" lines ("department: Product",
    "location: Global Remote"). Kept: text values written as words, with a space or a capital. Dropped: the title,
    which names the document; the fields site generators place and lay out a page by; slugs and ids
    ("data-scientist", "b3187cf0-..."), paths and URLs; what YAML reads as flags, numbers, dates or lists."""
    shown = []
    for key, value in front_matter.items():
        if not isinstance(key, str) or key.casefold() in SITE_FIELDS or not isinstance(value, str):
            continue
        value = value.strip()
        written_as_words = any(character.isalpha() for character in value) and (" " in value or value[0].isupper())
        if "/" in value or not written_as_words:
            continue
        label = re.sub(r"(?<=[a-z])(?=[A-Z])|[_-]", " ", key).strip()
        shown.append(f"{label[:1].upper()}{label[1:]}: {value}")
    return shown


def split_front_matter(text: str) -> tuple[str, dict]:
    """The text without a leading YAML or TOML block (CommonMark would read YAML's as a rule and a heading, and
    TOML's as text), and that block's fields when it is a mapping (read with PyYAML or tomllib)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() not in FRONT_MATTER:
        return text, {}
    ends, parse, malformed = FRONT_MATTER[lines[0].strip()]
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ends:
            try:
                fields = parse("\n".join(lines[1:index]))
            except malformed:
                fields = None
            return "\n".join(lines[index + 1:]), fields if isinstance(fields, dict) else {}
    return text, {}  # an opening rule that never closes is not front matter


def inline_text(node: SyntaxTreeNode) -> str:
    """What a reader sees of inline content: no emphasis marks, link URLs or raw tags."""
    if node.type in LITERAL_INLINES:
        return node.content
    if node.type in LINE_BREAKS:
        return " "
    if node.type in INVISIBLE_INLINES:
        return ""
    return "".join(inline_text(child) for child in node.children)


def _html_run(nodes: list[SyntaxTreeNode], start: int) -> list[str]:
    """The raw HTML of the block at `start` and of the HTML blocks right after it. CommonMark ends an
    HTML block at a blank line, so a <table> written with blank lines between its rows comes in pieces;
    a browser shows them as one table."""
    run = [nodes[start].content]
    for node in nodes[start + 1:]:
        if node.type != "html_block" or _is_html_of_a_line(node):
            break
        run.append(node.content)
    return run


def _continues_html(node: SyntaxTreeNode) -> bool:
    return node.type == "html_block" and not _is_html_of_a_line(node)


def _is_html_of_a_line(node: SyntaxTreeNode) -> bool:
    """Whether an HTML block is a line of inline HTML with Markdown after it: its first element is no block
    element (CommonMark's seventh kind of HTML block: "<br/>", "<img ...>", "<u>")."""
    if node.type != "html_block":
        return False
    first_line, _, rest = node.content.partition("\n")
    first = BeautifulSoup(first_line, "html.parser").find()
    return (bool(rest.strip()) and first is not None and first.name not in block_names
            and first.name not in RAW_TEXT_BLOCKS)


def _admonition_title(title: SyntaxTreeNode) -> str:
    """The quoted title of a '!!! note "Pay bands"' admonition, else all of its line's words: its kind
    ("Note"), or a line that was never meant as one ("!!! We are hiring !!!")."""
    line = title.parent.info.strip() if title.parent else ""
    return inline_text(title.children[0]) if '"' in line else line[:1].upper() + line[1:]


def _container_title(info: str) -> str:
    """The title a ":::warning Tides" container is shown with ("Tides"), else its kind ("Warning"); a MyST
    directive's the same way (":::{note}", ":::{admonition} Tides"); a Pandoc fenced div
    ("::: {#pay .callout}") has none but its title attribute."""
    info = info.strip()
    if is_attribute_list(info):
        return _title_attribute(info)
    if info.startswith("{") and "}" in info:
        kind, _, title = info[1:].partition("}")
    else:
        kind, _, title = info.partition(" ")
    return title.strip() or kind.strip().capitalize()


def _title_attribute(attribute_list: str) -> str:
    for attribute in shlex.split(attribute_list.strip()[1:-1]):
        key, _, value = attribute.partition("=")
        if key == "title":
            return value
    return ""


def _directive_title(info: str) -> str:
    """The title of a MyST admonition written as a fence ("```{admonition} Overtime", "```{note}"), else ""."""
    if not info.startswith("{") or "}" not in info:
        return ""
    kind = info[1:].partition("}")[0].strip()
    return _container_title(info) if kind in ADMONITION_DIRECTIVES else ""


EMPHASIS = ("strong", "em")


def _is_lone_bold(paragraph: SyntaxTreeNode) -> bool:
    """A paragraph made of exactly one **strong** or *emphasised* span and nothing else but whitespace."""
    inline = paragraph.children[0]
    parts = [child for child in inline.children if child.type != "text" or child.content.strip()]
    return len(parts) == 1 and parts[0].type in EMPHASIS


def _emphasised_first_line(paragraph: SyntaxTreeNode) -> tuple[str, str] | None:
    """A paragraph whose first line is one emphasised span ("*Track Record*", then a line break and the text
    it labels): that line and the rest, else None."""
    children = paragraph.children[0].children
    if len(children) > 2 and children[0].type in EMPHASIS and children[1].type in LINE_BREAKS:
        return inline_text(children[0]), "".join(inline_text(child) for child in children[2:]).strip()
    return None


def _lines_of_a_list(paragraph: SyntaxTreeNode) -> list[str]:
    """The lines of a paragraph written as a list without bullets, one entry a line ("Experience as a Contributor for
    at least 6 months" over "Is an Organization Member"), which Markdown runs together: each opens with a capital
    or a figure and none runs on into the next (a comma, a colon or a hyphen at its end, the next in lower case).
    A hard-wrapped paragraph runs on somewhere; one line is no list."""
    lines, current = [], []
    for child in paragraph.children[0].children:
        if child.type in LINE_BREAKS:
            lines.append("".join(current).strip())
            current = []
        else:
            current.append(inline_text(child))
    lines.append("".join(current).strip())
    listed = all(line[:1].isupper() or line[:1].isdigit() for line in lines) and not any(
        line.endswith((",", ";", ":", "-", "–")) for line in lines)
    return lines if listed and all(lines) else []


def _is_indented_list(code: str) -> bool:
    """Whether an indented code block is a list set in four spaces too far (every line an entry: "    - Record
    overtime"), as renderers that nest by indent show it; code is never all list markers."""
    lines = [line for line in code.splitlines() if line.strip()]
    return bool(lines) and all(split_list_marker(line) for line in lines)


class _MarkdownWalker:
    def __init__(self, collector: BlockCollector) -> None:
        self.out = collector

    def walk(self, node: SyntaxTreeNode, list_depth: int = 0) -> None:
        children = list(node.children)
        for index, child in enumerate(children):
            if _is_html_of_a_line(child):
                self.inline_html_line(child.content, list_depth)
            elif child.type == "html_block" and index and _continues_html(children[index - 1]):
                continue  # read with the block it continues
            elif child.type == "html_block":
                walk_html_fragment("\n".join(_html_run(children, index)), self.out)
            else:
                self.visit(child, list_depth)

    def inline_html_line(self, content: str, list_depth: int) -> None:
        """A line of inline HTML ("<br/>") and the Markdown under it: CommonMark takes the lines up to the
        next blank one as raw HTML, so "# Public resources" would be text with its "#"; Jekyll's kramdown
        and a reader take the tag as part of the text, and the lines after it as Markdown."""
        first_line, _, rest = content.partition("\n")
        walk_html_fragment(first_line, self.out)
        self.walk(SyntaxTreeNode(_PARSER.parse(rest)), list_depth)

    def visit(self, node: SyntaxTreeNode, list_depth: int) -> None:
        match node.type:
            case "heading":
                self.out.heading(inline_text(node.children[0]), int(node.tag[1]))
            case "paragraph" if _is_lone_bold(node) and not (node.parent and node.parent.type == "blockquote"):
                # A quote's bold line ("> **NOTE**") is a line of the quote, as an alert's title is: as a heading it
                # had taken the list after the quote under "NOTE".
                self.out.bold_paragraph(inline_text(node.children[0]))
            case "paragraph" if (labelled := _emphasised_first_line(node)) and looks_like_heading(labelled[0]):
                self.out.bold_paragraph(labelled[0])
                self.out.prose(labelled[1])
            case "paragraph" if len(lines := _lines_of_a_list(node)) > 1:
                for line in lines:
                    self.out.prose(line)
            case "paragraph":
                self.out.prose(inline_text(node.children[0]))
            case "bullet_list" | "ordered_list":
                self.list(node, list_depth + 1)
            case "table":
                self.table(node)
            case "code_block" if _is_indented_list(node.content):
                self.walk(SyntaxTreeNode(_PARSER.parse(node.content)), list_depth)
            case "fence" | "code_block":
                self.out.prose(_directive_title(node.info.strip()))
                self.out.prose(node.content)
            case "html_block":
                walk_html_fragment(node.content, self.out)
            case "admonition_title":
                self.out.prose(_admonition_title(node))
            case "alert_title":
                self.out.prose(inline_text(node.children[0]))
            case "container_any":
                self.out.prose(_container_title(node.info))
                self.walk(node, list_depth)
            case "hr" | "attribute_line":
                pass
            case _:  # block quotes and other containers: their content, in order
                self.walk(node, list_depth)

    def list(self, node: SyntaxTreeNode, depth: int) -> None:
        # Entries count on from the first one's number, as CommonMark renders them: "1." on every line
        # (a common way to write a list) reads 1, 2, 3.
        start = int(node.attrs.get("start", 1))
        for number, entry in enumerate(node.children, start):
            marker = f"{number}. " if node.type == "ordered_list" else BULLET_MARKER
            self.list_item(entry, depth, marker)

    def list_item(self, entry: SyntaxTreeNode, depth: int, marker: str) -> None:
        """The entry's own paragraphs joined into one item; nested lists follow as deeper items."""
        own_text: list[str] = []
        for child in entry.children:
            if child.type in LISTS:
                self._emit_item(own_text, depth, marker)
                marker = ""
                self.list(child, depth + 1)
            elif child.type == "paragraph":
                own_text.append(inline_text(child.children[0]))
            elif child.type in ("fence", "code_block"):
                own_text.append(child.content)
            else:
                self._emit_item(own_text, depth, marker)
                marker = ""
                self.visit(child, depth)
        self._emit_item(own_text, depth, marker)

    def _emit_item(self, own_text: list[str], depth: int, marker: str) -> None:
        """The entry's text so far: its item, or prose when the entry resumes after a nested block."""
        if own_text:
            text = " ".join(own_text)
            if marker:
                self.out.item(text, depth, marker)
            else:
                self.out.prose(text)
            own_text.clear()

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [[inline_text(cell.children[0]) if cell.children else "" for cell in row.children]
                for section in node.children for row in section.children]
        self.out.table(rows, has_header=True)
