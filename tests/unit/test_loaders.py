"""The format loaders: each turns a file into the one document model, keeping every visible word and
no markup, and the corpus loader refuses what it cannot ingest with a message naming the file.

Markdown, HTML and text fixtures live in tests/fixtures/documents; the Word and PDF fixtures are
written at test time (python-docx, fpdf2) so no binary is committed.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest
from bs4 import BeautifulSoup
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from fpdf import FPDF
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from assistant.ingest.blocks import LIST_LABEL_LEVEL
from assistant.ingest.chunking import chunk_document
from assistant.ingest.document import ParsedDocument
from assistant.ingest.loader import CorpusError, load_corpus, parse_file
from assistant.ingest.plain import parse_plain
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "documents"
MARKDOWN = FIXTURES / "staff-data-platform-engineer.md"
HTML = FIXTURES / "ml-platform-engineer.html"
HTML_AS_TEXT = FIXTURES / "careers-page-export.txt"
LADDER_HTML = FIXTURES / "support-engineering-ladder.html"
ARIA_HTML = FIXTURES / "quarry-analytics-posting.html"
DOCS_EXPORT_HTML = FIXTURES / "glassworks-design-ladder.html"  # as a word processor exports a web page
DIALECT_MARKDOWN = FIXTURES / "saltmarsh-warden.md"  # admonitions, containers, alerts, shortcodes, footnotes
UNDERLINED_TEXT = FIXTURES / "tidewater-ferry-dispatcher.txt"  # headings underlined, ASCII tables
MARKUP = ("**", "##", "<li", "</", "&amp;")
PDF_TITLE = "Engineering Manager, Developer Productivity"
DOCX_NUMBERED_LIST = 5  # the template's "List Number" numbering (decimal), set directly on Normal paragraphs


# --- helpers ---------------------------------------------------------------------------------------


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text.casefold()))


def outline(document: ParsedDocument) -> list[tuple[int, str]]:
    return [(block.level, block.text) for block in document.blocks if block.kind == "heading"]


def heading_path(document: ParsedDocument, text: str) -> tuple[str, ...]:
    """The headings above the first block whose text starts with `text`, outermost first."""
    path: list[tuple[int, str]] = []
    for block in document.blocks:
        if block.kind == "heading":
            path = [entry for entry in path if entry[0] < block.level] + [(block.level, block.text)]
        if block.text.startswith(text):
            return tuple(heading for _, heading in path if heading != block.text)
    raise AssertionError(f"no block starts with {text!r}")


def block(document: ParsedDocument, text: str):
    return next(block for block in document.blocks if block.text.startswith(text))


def items(document: ParsedDocument) -> list[tuple[int, str]]:
    return [(block.level, block.line) for block in document.blocks if block.kind == "item"]


# --- fixtures written at test time -----------------------------------------------------------------


def _number_directly(paragraph, num_id: int, ilvl: int = 0) -> None:
    """Numbering set on the paragraph itself, as Word does when you press the numbering button."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_numId().val = num_id
    num_pr.get_or_add_ilvl().val = ilvl


def _bold_paragraph(document, text: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def write_docx(path: Path, core_title: str = "") -> Path:
    document = docx.Document()
    document.core_properties.title = core_title
    document.add_paragraph("Principal Security Engineer", style="Title")
    document.add_paragraph("Harbor Bank protects the savings of two million customers.")
    document.add_paragraph("About the role", style="Heading 1")
    _bold_paragraph(document, "What you will own")
    document.add_paragraph("Threat modelling for every new payment service", style="List Bullet")
    document.add_paragraph("secure defaults in the service template", style="List Bullet 2")
    document.add_paragraph("Incident response leadership", style="List Bullet")
    _bold_paragraph(document, "Requirements")
    for text in ("Ten years in application security", "Deep knowledge of OAuth and OIDC"):
        _number_directly(document.add_paragraph(text), DOCX_NUMBERED_LIST)
    document.add_paragraph("Levels", style="Heading 2")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Level", "Scope", "Salary"), ("P5", "Bank-wide", "£140,000"),
                                       ("P6", "Group", "£165,000")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    lead = document.add_paragraph()
    lead.add_run("Location:").bold = True
    lead.add_run(" London, three days in the office.")
    _bold_paragraph(document, "We review every application within ten working days.")
    _add_content_control(document, "Applications close on 30 June.")
    document.save(path)
    return path


def _add_content_control(document, text: str) -> None:
    """A paragraph wrapped in a content control (w:sdt), as form-like templates have."""
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
                    "</w:sdtContent></w:sdt>")
    document.element.body.sectPr.addprevious(sdt)


def write_pdf(path: Path, title: str = PDF_TITLE) -> Path:
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"  # the core fonts then have "•" and "–"
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(text=PDF_TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "", 11)
    pdf.multi_cell(w=120, h=6, text="Forge Systems is looking for a manager to lead the team that owns "
                   "builds, test infrastructure and the merge queue for four hundred engineers. "
                   "You will report to the VP of Engineering.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 14)
    pdf.cell(text="What you will do", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("helvetica", "", 11)
    _pdf_bullet(pdf, "•", "Lead a team of seven engineers and grow it to ten over the next year "
                           "while keeping build times under ten minutes")
    _pdf_bullet(pdf, "–", "hire two senior engineers", indent=8)
    _pdf_bullet(pdf, "•", "Set the quarterly roadmap with the platform group")
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 11)
    pdf.cell(text="Requirements", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    _pdf_bullet(pdf, "1.", "Three years managing engineers")
    _pdf_bullet(pdf, "2.", "Hands-on experience with Bazel or Buck")
    pdf.output(str(path))
    return path


def _pdf_bullet(pdf: FPDF, marker: str, text: str, indent: float = 0) -> None:
    """A list entry with a hanging indent: the marker, then text that wraps aligned after it."""
    left = pdf.l_margin + indent
    pdf.set_x(left)
    pdf.cell(w=6, h=6, text=marker)
    pdf.multi_cell(w=110, h=6, text=text, new_x="LMARGIN", new_y="NEXT")


def write_blank_pdf(path: Path) -> Path:
    """A page with only a drawn rectangle: what a scan without OCR looks like to a text extractor."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60)
    pdf.output(str(path))
    return path


@pytest.fixture
def docx_file(tmp_path: Path) -> Path:
    return write_docx(tmp_path / "principal-security-engineer.docx")


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    return write_pdf(tmp_path / "engineering-manager.pdf")


# --- visible text, computed independently of the loaders -------------------------------------------


def markdown_visible_text(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    without_front_matter = source.split("---\n", 2)[2]
    rendered = MarkdownIt("commonmark").enable("table").render(without_front_matter)
    return BeautifulSoup(rendered, "html.parser").get_text(" ")


def markdown_dialect_visible_text(path: Path) -> str:
    """The page a site generator renders: its extensions' blocks shown, its shortcodes (template tags) and
    footnotes' reference marks not."""
    source = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    without_shortcodes = "\n".join(line for line in source.splitlines() if not line.startswith("{{"))
    renderer = (MarkdownIt("commonmark", {"alerts": True, "tasklists": True}).use(admon_plugin).use(footnote_plugin)
                .use(container_plugin, name="any", validate=lambda *_: True))
    page = BeautifulSoup(renderer.render(without_shortcodes), "html.parser")
    for mark in page.select("sup.footnote-ref"):
        mark.decompose()
    return page.get_text(" ")


def html_visible_text(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    chrome = ("script, style, noscript, nav, aside, body > header, footer, form, [hidden], "
              "[aria-hidden=true], [style*='display: none'], dialog, [role=navigation], [role=complementary], "
              "[role=search], [role=dialog], [role=alertdialog], body > [role=banner], body > [role=contentinfo]")
    for element in soup.select(chrome):
        if not (element.name == "aside" and element.find(["dl", "table"])):  # a sidebar of the page's own facts
            element.decompose()
    return soup.get_text(" ")


def docs_export_visible_text(path: Path) -> str:
    """A word processor's web export as its document reads: no footnote marks, no reviewers' comments."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    comments = [link.find_parent("div") for link in soup.select("a[href^='#cmnt_ref']")]
    for element in [*soup.select("style, sup, a[id^=ftnt]"), *comments]:
        element.decompose()
    return soup.get_text(" ")


def docx_visible_text(path: Path) -> str:
    document = docx.Document(str(path))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(paragraphs + cells)


def pdf_visible_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_headings_items_and_table_rows() -> None:
    document = parse_file(MARKDOWN)

    assert document.title == "Staff Data Platform Engineer"
    assert document.title_is_first_block
    assert outline(document) == [
        (1, "Staff Data Platform Engineer"),
        (2, "About the team"),
        (3, "What you'll do:"),  # a lone bold paragraph is a heading one level below its section
        (LIST_LABEL_LEVEL + 1, "Run Kafka & Flink in production:"),  # an entry leading its nested entries
        (3, "Requirements"),
        (2, "Levels and pay"),
        (3, "Benefits"),
    ]
    assert block(document, "Run Kafka").line == "- Run Kafka & Flink in production:"
    assert heading_path(document, "on-call rotation")[-2:] == ("What you'll do:", "Run Kafka & Flink in production:")
    assert items(document)[:4] == [
        (1, "- Design the ingestion layer for tens of thousands of events per second."),
        (2, "- capacity planning for each cluster"),
        (2, "- on-call rotation, one week in six"),
        (1, "- Mentor three senior engineers."),
    ]
    # A list entry's two paragraphs are one item.
    assert block(document, "Eight or more").line == ("1. Eight or more years building data systems. Experience "
                                                    "with lakehouse formats (Iceberg or Delta) is a strong plus.")
    assert block(document, "Level: L7").line == "- Level: L7; Title: Staff Engineer; Base salary: $215,000"
    assert block(document, "Lumen Freight").kind == "prose"
    assert "See the engineering blog for how we work" in document.text  # link text kept, URL dropped
    assert "https://" not in document.text
    assert block(document, "Pay is adjusted").kind == "prose"
    assert block(document, "make platform-up").kind == "prose"


def test_markdown_drops_front_matter_and_comments() -> None:
    text = parse_file(MARKDOWN).text

    assert "front matter" not in text and "talent-team" not in text
    assert "salary band" not in text


def test_markdown_dialects_blocks_are_read_and_their_syntax_is_not_text() -> None:
    """What MkDocs, Docusaurus and VitePress, GitHub and Hugo add to Markdown: admonitions ("!!! note"),
    containers (":::tip"), alerts ("> [!NOTE]"), task lists, footnotes and shortcodes ("{{< hint >}}")."""
    document = parse_file(DIALECT_MARKDOWN)

    assert document.title == "Saltmarsh Warden"
    assert outline(document) == [(1, "Saltmarsh Warden"), (2, "Duties"), (2, "Pay")]
    # A block's title is a line of its own, as it is shown: given, or the kind of block.
    for title in ("Seasonal contract", "Tip", "Tides", "Info", "Important"):
        assert block(document, title).text == title
    assert block(document, "The contract runs").kind == "prose"
    assert items(document) == [(1, "- Accommodation in the reserve bothy"), (1, "- A bicycle for the sea wall"),
                               (1, "- Walk the sea wall at dawn"), (1, "- Count the wading birds on spring tides")]
    assert heading_path(document, "Never cross the creek") == ("Saltmarsh Warden", "Duties")
    assert block(document, "Wardens earn").text == "Wardens earn 2,150 shells a month before deductions."
    assert block(document, "Waders and a dry suit").kind == "prose"
    assert block(document, "Send a short letter").text == "Send a short letter to the reserve office."
    assert document.lines[-1] == "Weekend tide counts are paid as overtime."
    for syntax in ("!!!", "???", ":::", "{{", "}}", "[!", "[^", "[x]", "[ ]", "overtime]"):
        assert syntax not in document.text


ATTRIBUTED_MARKDOWN = """\
# Kiln Technician {#top}

Technicians fire the studio's kilns. See the [pay policy]({{< ref "pay.md" >}}) on the {{< param "intranet" >}} site.
{: .lead}

## Pay {#pay .unnumbered}

{: .note}
Technicians earn 31,000 crowns a year.

- Loads and unloads the kilns {: .duty}
- Logs every firing
{:toc}

| Shift | Hours |
|---|---|
| Early | 6 to 14 |
{: .table}

> Firing days are Tuesdays.
{: .callout}

[Apply by 1 May](/apply){.button} or write {not an attribute list}.
"""


def test_markdown_attribute_lists_and_inline_shortcodes_are_not_text(tmp_path: Path) -> None:
    """Pandoc's and Hugo's heading attributes, kramdown's and Python-Markdown's "{: .note}" lines and
    shortcodes inside a sentence or a link's destination had reached passages ("Pay {#pay .unnumbered}")."""
    path = tmp_path / "kiln-technician.md"
    path.write_text(ATTRIBUTED_MARKDOWN, encoding="utf-8")
    document = parse_file(path)

    assert document.title == "Kiln Technician"
    assert outline(document) == [(1, "Kiln Technician"), (2, "Pay")]
    assert document.lines[1:] == (
        "Technicians fire the studio's kilns. See the pay policy on the site.",
        "Pay",
        "Technicians earn 31,000 crowns a year.",
        "- Loads and unloads the kilns",
        "- Logs every firing",
        "- Shift: Early; Hours: 6 to 14",
        "Firing days are Tuesdays.",
        "Apply by 1 May or write {not an attribute list}.",
    )


def test_markdown_under_a_line_of_inline_html_is_markdown(tmp_path: Path) -> None:
    """A blog post (Jekyll) spacing its sections with "<br/>": CommonMark reads the lines under such a line,
    up to a blank one, as raw HTML, so "# Levels" and an image's caption had reached passages with their
    "#", "![" and "*"; its "#" sections are no title when its front matter names the post."""
    path = tmp_path / "growth.md"
    path.write_text('---\ntitle: "How our glaziers grow"\n---\n\nWe wrote this ladder in spring.\n\n'
                    '<br/>\n# Levels\n\nThree levels, from apprentice to master.\n\n'
                    '<br />\n![ladder](/ladder.png)\n*Each level adds a kind of glass.*\n<br />\n\n'
                    '<br/>\n# Pay\n\nMasters earn 52,000 crowns.\n', encoding="utf-8")
    document = parse_file(path)

    assert document.title == "How our glaziers grow"
    assert outline(document) == [(1, "Levels"), (1, "Pay")]
    assert document.lines == ("We wrote this ladder in spring.", "Levels", "Three levels, from apprentice to master.",
                              "Each level adds a kind of glass.", "Pay", "Masters earn 52,000 crowns.")


def test_markdown_list_indented_four_spaces_is_a_list_and_other_indented_code_stays_one_block(tmp_path: Path) -> None:
    """A policy indenting its bullets by four spaces: CommonMark reads them as a code block, which had been one
    passage of "- ... - ..."; indented code that is not all entries stays as written."""
    path = tmp_path / "overtime.md"
    path.write_text("# Overtime\n\nWe will:\n\n    - Record overtime hours accurately.\n\n"
                    "    - Cap overtime at 2 hours per day.\n\nRun:\n\n    hours = 2\n    - cap\n", encoding="utf-8")
    blocks = [(block.kind, block.text) for block in parse_file(path).blocks]

    assert ("item", "Record overtime hours accurately.") in blocks and ("item", "Cap overtime at 2 hours per day.") in blocks
    assert ("prose", "hours = 2 - cap") in blocks


def test_pandoc_divs_and_spans_and_myst_directives_show_their_titles_not_their_syntax(tmp_path: Path) -> None:
    """Pandoc's fenced divs and bracketed spans and MyST's directives: "{.note}", ".callout title=..." and
    "[shared]{.highlight}" had reached passages, and a directive's title ("Overtime") had been lost."""
    path = tmp_path / "lab-technician.md"
    path.write_text("# Lab Technician\n\n::: {.note}\nShifts rotate monthly.\n:::\n\n"
                    '::: {#pay .callout title="Pay"}\nTechnicians earn 29,000 pounds.\n:::\n\n'
                    ":::{tip}\nBook leave early.\n:::\n\n```{admonition} Overtime\nPaid at time and a half.\n```\n\n"
                    "The fume cupboards are [shared]{.highlight} between two labs.\n", encoding="utf-8")

    assert parse_file(path).lines == ("Lab Technician", "Shifts rotate monthly.", "Pay", "Technicians earn 29,000 pounds.",
                                      "Tip", "Book leave early.", "Overtime", "Paid at time and a half.",
                                      "The fume cupboards are shared between two labs.")


def test_a_line_that_only_looks_like_an_admonition_keeps_its_words(tmp_path: Path) -> None:
    path = tmp_path / "ad.md"
    path.write_text("# Ad\n\n!!! We are hiring three engineers !!!\n\nApply now.\n", encoding="utf-8")

    assert parse_file(path).lines[1] == "We are hiring three engineers !!!"


# --- HTML -----------------------------------------------------------------------------------------


def test_html_headings_nested_items_and_table_rows() -> None:
    document = parse_file(HTML)

    assert document.title == "Machine Learning Platform Engineer"
    assert document.title_is_first_block  # the h1 repeats <title>
    assert outline(document) == [
        (1, "Machine Learning Platform Engineer"),
        (2, "Responsibilities"),
        (3, "Requirements"),
        (3, "Nice to have"),
        (2, "Compensation"),
    ]
    # An li's own text excludes its nested list, whose entries are items one level deeper.
    assert items(document)[:4] == [
        (1, "- Operate GPU clusters"),
        (2, "- schedule jobs with Slurm and Kubernetes"),
        (2, "- track utilisation per team"),
        (1, "- Build the feature store. Own its latency budget."),
    ]
    assert block(document, "Five years").line == "1. Five years of backend or infrastructure work"
    assert heading_path(document, "Production experience") == ("Machine Learning Platform Engineer",
                                                               "Responsibilities", "Requirements")
    # Lines split by <br> under a bold line: a pseudo-heading, then bulleted items.
    assert block(document, "Experience with Ray").line == "• Experience with Ray"
    assert heading_path(document, "Experience with Ray")[-1] == "Nice to have"
    assert block(document, "Level: Staff").line == "- Level: Staff; Range: $205k to $240k"
    assert block(document, "Orbital Labs builds").text == ("Orbital Labs builds the training and serving platform "
                                                           "used by forty research teams. Salary & equity are "
                                                           "listed below.")
    # Bold at the start of a paragraph with more text after it is not a heading.
    assert block(document, "Location:").kind == "prose"


def test_html_chrome_and_hidden_elements_are_dropped() -> None:
    text = parse_file(HTML).text

    for chrome in ("tracking pixel", "display: flex", "careers home", "All openings", "cookies", "requisition",
                   "sparkle", "Apply now", "you@example.com", "Related roles", "Privacy policy", "JavaScript"):
        assert chrome not in text
    # A sidebar of the job's own facts is content, as a job board's "Job details" box is.
    assert "- On-call: one week in six" in parse_file(HTML).lines


def test_an_html_button_labelled_with_an_address_is_content(tmp_path: Path) -> None:
    """Probe Z11's careers page gives its address only on its button: "Apply now via email to careers@...". Other
    buttons stay chrome."""
    page = tmp_path / "careers.html"
    page.write_text("<html><body><h1>SRE</h1><p>Keep us up.</p><button>Share</button><div><button onclick=\"x()\">"
                    "Apply now via email to jobs@kestrel.example</button></div></body></html>")
    text = parse_file(page).text
    assert "Apply now via email to jobs@kestrel.example" in text
    assert "Share" not in text


def test_html_links_a_sentence_introduces_are_its_list_each_link_an_entry(tmp_path: Path) -> None:
    """Probe Z10's InfraCloud ladder names its levels only on cards linking to each ("Currently there are following
    job levels:" over five links): a block of links, they had been dropped as a menu. A menu no sentence
    introduces is still chrome."""
    cards = "".join(f'<a class="card" href="#l{n}"><span>{n}. {name}</span></a>'
                    for n, name in enumerate(["Associate Engineer", "Engineer", "Senior Engineer", "Staff Engineer",
                                              "Principal Engineer"], start=1))
    menu = "".join(f'<a href="/docs/{name}">{name}</a>' for name in ["Home", "Ladders", "Values", "Hiring", "Blog"])
    page = tmp_path / "ladder.html"
    page.write_text(f"<html><body><div class='menu'>{menu}</div><h1>Engineering ladder</h1><p>It applies to every "
                    f"engineer in the function, whatever stream they work in. Currently there are following job levels:</p>"
                    f"<div class='cards'>{cards}</div><h2>Senior Engineer</h2><p>Leads projects.</p></body></html>")
    document = parse_file(page)
    assert [line for _, line in items(document)][:5] == [
        "1. Associate Engineer", "2. Engineer", "3. Senior Engineer", "4. Staff Engineer", "5. Principal Engineer"]
    assert "Blog" not in document.text


def test_html_chrome_marked_by_aria_roles_and_dialogs_is_dropped() -> None:
    document = parse_file(ARIA_HTML)

    assert document.title == "Analytics Engineer - Quarrystone Careers"
    assert outline(document) == [(1, "Analytics Engineer"), (2, "What you will work on")]
    for chrome in ("Browse vacancies", "Our teams", "Search openings", "tracking choices", "identifiers",
                   "Session expiring", "Refer a friend", "Openings nearby", "Dock Systems", "Copyright"):
        assert chrome not in document.text
    # A contentinfo inside the main part is that part's own note, as a footer there would be.
    assert "Posted by the data guild, reviewed every quarter." in document.lines


def test_html_description_list_pairs_each_term_with_its_descriptions() -> None:
    document = parse_file(ARIA_HTML)

    assert items(document)[:4] == [
        (1, "- Base: Duisburg, two days a week"),
        (1, "- Salary: 61,000 to 70,000 euros"),
        (1, "- Perks: A rail pass; Thirty days of leave; A conference a year"),
        (1, "- Start"),
    ]


def test_txt_file_holding_html_is_parsed_as_html() -> None:
    document = parse_file(HTML_AS_TEXT)

    assert document.title == "Site Reliability Engineer"
    assert outline(document) == [(1, "Site Reliability Engineer"), (2, "You will")]
    assert items(document) == [(1, "- Own incident response & postmortems"),
                               (1, "- Write runbooks and automate them away")]
    assert "<" not in document.text and "Careers site footer" not in document.text


def test_txt_file_holding_an_html_fragment_is_parsed_as_html(tmp_path: Path) -> None:
    path = tmp_path / "pasted.txt"
    path.write_text("<ul>\n  <li>Python</li>\n  <li>Go &amp; Rust</li>\n</ul>\n", encoding="utf-8")

    assert items(parse_file(path)) == [(1, "- Python"), (1, "- Go & Rust")]


def test_html_table_with_lists_in_its_cells_is_data_and_a_wide_row_gives_a_line_per_cell() -> None:
    """A ladder's table lists what each level does in its cells: that is data, not page layout, and a
    row too long to quote as one entry gives one entry per cell, each naming its level and column."""
    document = parse_file(LADDER_HTML)

    assert items(document)[:5] == [
        (1, "- Level: S1; Customers: Answers tickets in the billing queue within one working day; "
            "Escalates refunds above 500 euros to a senior colleague"),
        (1, "- Level: S1; Tooling: Keeps the saved replies up to date and files a bug for every broken macro it finds"),
        (1, "- Level: S1; Teamwork: Pairs with a buddy for the first two months of the rotation"),
        (1, "- Level: S2; Customers: Owns enterprise accounts through an outage, from the first report to the "
            "written follow-up; Runs the weekly call with the three largest customers"),
        (1, "- Level: S2; Teamwork: Trains new joiners on the refund policy; Reviews their first fifty replies"),
    ]
    assert heading_path(document, "Level: S2; Teamwork")[-1] == "Expectations by level"


def test_html_table_cells_spanning_rows_or_columns_keep_every_cell_under_its_column(tmp_path: Path) -> None:
    path = tmp_path / "bands.html"
    path.write_text(
        "<title>Bands</title><table><tr><th>Level</th><th>Region</th><th>Base</th></tr>"
        "<tr><td rowspan='2'>L3</td><td>Americas</td><td>150,000</td></tr><tr><td>Europe</td><td>110,000</td></tr>"
        "<tr><td>L4</td><td colspan='2'>Agreed case by case</td></tr>"
        "<tr><td rowspan='2' colspan='2'>L5 anywhere</td><td>190,000</td></tr><tr><td>195,000</td></tr>"
        "<tr><td>L6</td><td>Americas</td><td>230,000</td></tr></table>", encoding="utf-8")

    assert [text for _, text in items(parse_file(path))] == [
        "- Level: L3; Region: Americas; Base: 150,000",
        "- Level: L3; Region: Europe; Base: 110,000",
        "- Level: L4; Region: Agreed case by case",
        "- Level: L5 anywhere; Base: 190,000",
        "- Level: L5 anywhere; Base: 195,000",
        "- Level: L6; Region: Americas; Base: 230,000",
    ]


def test_html_header_row_of_bold_cells_names_the_columns() -> None:
    document = parse_file(LADDER_HTML)

    assert block(document, "Level: S1; Base pay").line == "- Level: S1; Base pay: 41,000 euros; On-call allowance: 200 euros a week"
    assert not any(line.startswith("- Level; Base pay") for line in document.lines)


def test_html_header_row_of_plain_names_above_rows_of_lists_names_the_columns(tmp_path: Path) -> None:
    """A ladder written with <td> throughout: its first row names the levels, each later row lists what
    every level does in one skill."""
    path = tmp_path / "ladder.md"
    path.write_text(
        "# Ladder\n\n<table>\n  <tbody>\n    <tr>\n      <td>Skill</td>\n      <td>Engineer 1</td>\n"
        "      <td>Senior Engineer</td>\n    </tr>\n    <tr>\n      <td>Team influence</td>\n"
        "      <td><ul><li>Joins retrospectives.</li></ul></td>\n"
        "      <td><ul><li>Proactively organizes retrospectives.</li><li>Drives change without authority.</li></ul></td>\n"
        "    </tr>\n  </tbody>\n</table>\n", encoding="utf-8")

    assert [text for _, text in items(parse_file(path))] == [
        "- Skill: Team influence; Engineer 1: Joins retrospectives.; "
        "Senior Engineer: Proactively organizes retrospectives. Drives change without authority.",
    ]


def test_html_title_is_the_h1_when_the_tab_label_does_not_name_it(tmp_path: Path) -> None:
    """A job board's template titles every tab alike ("Job Listing"); the page's one h1 names the role."""
    page = tmp_path / "listing.html"
    page.write_text("<html><head><title>Job Listing</title></head><body><h1>Payroll Specialist</h1>"
                    "<p>Runs the monthly payroll.</p></body></html>")
    assert parse_file(page).title == "Payroll Specialist"
    page.write_text("<html><head><title>Payroll Specialist at Ferncliff | Ferncliff Jobs</title></head>"
                    "<body><h1>Payroll Specialist</h1><p>Runs the monthly payroll.</p></body></html>")
    assert parse_file(page).title == "Payroll Specialist at Ferncliff"
    # A company's own careers section ends the tab with the company's name, which may be nowhere else (probe T).
    page.write_text("<html><head><title>Payroll Specialist | Careers | Ferncliff</title></head>"
                    "<body><h1>Payroll Specialist</h1><p>Runs the monthly payroll.</p></body></html>")
    assert parse_file(page).title == "Payroll Specialist - Ferncliff"


def test_html_block_styled_as_a_title_is_a_heading(tmp_path: Path) -> None:
    """Templates often name sections with a styled div instead of h2; its class says what it is."""
    page = tmp_path / "listing.html"
    page.write_text('<h1>Payroll Specialist</h1><div class="section-title">How to apply</div>'
                    '<p>Send your CV to the payroll lead.</p><div class="card_heading"><p>Our office</p></div>'
                    '<p class="subtitle">We answer every application within a week.</p>')
    document = parse_file(page)

    assert outline(document) == [(1, "Payroll Specialist"), (2, "How to apply")]
    assert heading_path(document, "Send your CV")[-1] == "How to apply"
    assert block(document, "Our office").kind == "prose"  # a container of blocks, not a title itself
    assert block(document, "We answer").kind == "prose"  # a sentence, whatever its class


def test_html_without_a_title_tag_is_titled_by_its_paragraph_styled_as_the_title() -> None:
    document = parse_file(DOCS_EXPORT_HTML)

    assert document.title == "Glassworks Product Design Ladder"
    assert document.title_is_first_block
    assert outline(document) == [(1, "Glassworks Product Design Ladder"), (1, "Designer"), (1, "Senior Designer"),
                                 (2, "Scope")]


def test_google_docs_export_keeps_list_levels_styled_bold_headings_and_notes_without_their_marks() -> None:
    """Google Docs writes each level's entries as a list of its own ("lst-kix_q7-1"), bold as a class in
    its <style>, and footnotes and comments at the end, marked "[1]" and "[a]" in the text: the nesting
    was lost, "Scope" was prose, the marks were glued to words and a reviewer's comment was indexed."""
    document = parse_file(DOCS_EXPORT_HTML)

    assert items(document) == [(1, "- Ships screens for one flow with a senior reviewing them"),
                               (2, "- checkout and sign-up flows first"),
                               (1, "- Presents work at the weekly critique"),
                               (1, "- Owns a product area and runs its usability studies")]
    assert heading_path(document, "A product area") == ("Senior Designer", "Scope")
    assert document.lines[1] == "How designers at Glassworks grow from one level to the next."
    assert document.lines[-1] == "Agreed by the design leads each January."
    assert "Ines" not in document.text and "[" not in document.text


def test_html_footnote_marks_linked_both_ways_are_dropped_and_unbolded_wrappers_are_not_bold(tmp_path: Path) -> None:
    """Word's web export marks a footnote with named anchors ("_ftnref1" and "_ftn1"); Google Docs' clipboard
    wraps a pasted text in <b style="font-weight:normal">, which is not bold. A link to a part of the page
    that does not link back is no mark."""
    path = tmp_path / "cooper.html"
    path.write_text(
        '<html><body><b style="font-weight:normal" id="docs-internal-guid-1"><h1>Cooper</h1>'
        '<p>Coopers raise casks by hand.<a href="#_ftn1" name="_ftnref1"><span>[1]</span></a> '
        'See <a href="#pay">pay</a>.</p><p>Apprentices start in autumn</p><h2 id="pay">Pay</h2>'
        '<p>Pay follows the guild scale.</p></b>'
        '<div id="ftn1"><p><a href="#_ftnref1" name="_ftn1">[1]</a> Oak casks only.</p></div></body></html>',
        encoding="utf-8")
    document = parse_file(path)

    assert document.lines == ("Cooper", "Coopers raise casks by hand. See pay.", "Apprentices start in autumn",
                              "Pay", "Pay follows the guild scale.", "Oak casks only.")
    assert [block.kind for block in document.blocks] == ["heading", "prose", "prose", "heading", "prose", "prose"]


def _word_list_paragraph(text: str, level: int, written: str) -> str:
    """A list entry as Word saves a document as a web page: a paragraph with its level in its style and
    its bullet or number written in a span to be ignored."""
    return (f"<p class=MsoListParagraph style='text-indent:-.25in;mso-list:l0 level{level} lfo1'><![if !supportLists]>"
            f"<span style='font-family:Symbol'><span style='mso-list:Ignore'>{written}<span style='font:7.0pt "
            f"\"Times New Roman\"'>&nbsp;&nbsp; </span></span></span><![endif]>{text}</p>")


def test_html_saved_by_word_keeps_its_title_and_its_list_levels(tmp_path: Path) -> None:
    """Word's web page: its Title paragraph had been prose and its one h1 the title, and its list entries
    were paragraphs led by their written bullets, a second level's "o" reading as a list's label."""
    path = tmp_path / "supervisor.htm"
    path.write_text(
        "<html><head><title>Warehouse Supervisor</title></head><body><div class=WordSection1>"
        "<p class=MsoTitle>Warehouse Supervisor</p><h1>Duties</h1>"
        + _word_list_paragraph("Leads a shift of twelve pickers", 1, "·")
        + _word_list_paragraph("including weekend cover", 2, "o")
        + _word_list_paragraph("Checks stock counts daily", 1, "·")
        + "<p class=MsoNormal>To apply:</p>"
        + _word_list_paragraph("Send a letter", 1, "1.") + _word_list_paragraph("Attend an interview", 1, "2.")
        + "</div></body></html>", encoding="utf-8")
    document = parse_file(path)

    assert document.title == "Warehouse Supervisor" and document.title_is_first_block
    assert items(document) == [(1, "- Leads a shift of twelve pickers"), (2, "- including weekend cover"),
                               (1, "- Checks stock counts daily"), (1, "1. Send a letter"), (1, "2. Attend an interview")]
    assert heading_path(document, "Send a letter")[-1] == "To apply:"


def test_html_role_heading_is_a_heading() -> None:
    document = parse_file(LADDER_HTML)

    assert (2, "Shifts") in outline(document)
    assert heading_path(document, "A shift is eight hours")[-1] == "Shifts"


def test_a_table_of_short_rows_keeps_one_entry_a_row_in_markdown(tmp_path: Path) -> None:
    page = tmp_path / "bands.md"
    page.write_text("# Bands\n\n| Band | Pay |\n|---|---|\n| B1 | 30,000 |\n| B2 | 36,000 |\n")

    assert items(parse_file(page)) == [(1, "- Band: B1; Pay: 30,000"), (1, "- Band: B2; Pay: 36,000")]


LABELLED_LISTS_MARKDOWN = """# Perks at Tidewell

## What we cover

Most of what follows starts on your first day.

Eye care:

- One pair of glasses a year

Learning budget

- 800 euros a year for books and courses
- Conference tickets

Parking: free at the Harbour Street office

- Bicycle racks in the courtyard

**Q. Is the budget shared?**

Full-time staff:

- No, each person has their own

Part-time staff:

- Half the budget

We review these perks every spring, and we tell you about changes in the newsletter below:

- Spring issue

### Fees

None are charged.
"""


def test_a_short_line_over_a_list_heads_it(tmp_path: Path) -> None:
    """'Eye care:' or 'Learning budget' over a list names it, as a heading would; a 'Label: value' line
    or a sentence over a list stays a line of its section."""
    page = tmp_path / "perks.md"
    page.write_text(LABELLED_LISTS_MARKDOWN)
    document = parse_file(page)

    assert outline(document) == [
        (1, "Perks at Tidewell"),
        (2, "What we cover"),
        (LIST_LABEL_LEVEL, "Eye care:"),
        (LIST_LABEL_LEVEL, "Learning budget"),
        (3, "Q. Is the budget shared?"),
        (LIST_LABEL_LEVEL, "Full-time staff:"),
        (LIST_LABEL_LEVEL, "Part-time staff:"),
        (3, "Fees"),
    ]
    assert heading_path(document, "Conference tickets")[-2:] == ("What we cover", "Learning budget")
    assert heading_path(document, "Half the budget")[-2:] == ("Q. Is the budget shared?", "Part-time staff:")
    # A label heads its list only: the next heading of any level closes it.
    assert heading_path(document, "None are charged")[-2:] == ("What we cover", "Fees")
    assert block(document, "Parking: free").kind == "prose"
    assert block(document, "We review these perks").kind == "prose"


def _nested_list_documents(tmp_path: Path) -> list[Path]:
    """One fleet manual with a two-level list, in every format that marks nesting."""
    (tmp_path / "fleet.md").write_text(
        "# Fleet manual\n\n## Duties\n\n- Keep the fleet ready:\n  - Inspect hulls weekly\n  - Log every repair\n"
        "- Deck Crew\n  - Two deckhands a launch\n- Train new crew\n\nShifts rotate monthly.\n")
    (tmp_path / "fleet.html").write_text(
        "<h1>Fleet manual</h1><h2>Duties</h2><ul><li>Keep the fleet ready:<ul><li>Inspect hulls weekly</li>"
        "<li>Log every repair</li></ul></li><li>Deck Crew<ul><li>Two deckhands a launch</li></ul></li>"
        "<li>Train new crew</li></ul><p>Shifts rotate monthly.</p>")
    (tmp_path / "fleet.txt").write_text(
        "Fleet manual\n\nDuties\n\n• Keep the fleet ready:\n◦ Inspect hulls weekly\n◦ Log every repair\n"
        "• Deck Crew\n◦ Two deckhands a launch\n• Train new crew\n\nShifts rotate monthly.\n")
    for name, nest in (("fleet-styles.docx", "style"), ("fleet-numbering.docx", "ilvl")):
        document = docx.Document()
        document.add_paragraph("Fleet manual", style="Title")
        document.add_paragraph("Duties", style="Heading 1")
        for text, level in (("Keep the fleet ready:", 0), ("Inspect hulls weekly", 1), ("Log every repair", 1),
                            ("Deck Crew", 0), ("Two deckhands a launch", 1), ("Train new crew", 0)):
            if nest == "style":  # "List Bullet 2" is the second level
                document.add_paragraph(text, style="List Bullet 2" if level else "List Bullet")
            else:  # numbering set on the paragraph, its level the ilvl
                _number_directly(document.add_paragraph(text), DOCX_NUMBERED_LIST, level)
        document.add_paragraph("Shifts rotate monthly.")
        document.save(tmp_path / name)
    return sorted(tmp_path.iterdir())


def test_an_entry_over_nested_entries_leads_them_in_every_format(tmp_path: Path) -> None:
    """A group's lead-in ("Keep the fleet ready:") or title ("Deck Crew") had been an entry level with the
    entries nested under it (HTML, Word) or a heading over everything after it (plain text), so "the list
    under X" could not be answered. It now heads its nested entries, and its section ends with them."""
    for path in _nested_list_documents(tmp_path):
        document = parse_file(path)
        leads = [(b.level, b.text, b.entry_depth) for b in document.blocks if b.entry_depth]
        assert leads == [(LIST_LABEL_LEVEL + 1, "Keep the fleet ready:", 1), (LIST_LABEL_LEVEL + 1, "Deck Crew", 1)], path.name
        assert [(level, line.split(" ", 1)[1]) for level, line in items(document)] == [
            (2, "Inspect hulls weekly"), (2, "Log every repair"), (2, "Two deckhands a launch"), (1, "Train new crew")
        ], path.name
        sections = {line: chunk.headings[1:] for chunk in chunk_document(document, 700) for line in chunk.text.split("\n")}
        section = {text: path_ for line, path_ in sections.items() for text in ("Log every repair", "Two deckhands",
                   "Train new crew", "Shifts rotate") if text in line}
        assert section["Log every repair"] == ("Duties", "Keep the fleet ready"), path.name
        assert section["Two deckhands"] == ("Duties", "Deck Crew"), path.name
        assert section["Train new crew"] == section["Shifts rotate"] == ("Duties",), path.name


def test_a_plain_word_paragraph_between_list_entries_is_content_not_a_label(tmp_path: Path) -> None:
    """Word marks headings by style: "Tanker experience a plus", a Normal paragraph between bullets, had
    become a heading over the entries after it. One ending in a colon still names the list after it."""
    document = docx.Document()
    document.add_paragraph("Harbour Pilot", style="Title")
    document.add_paragraph("What we look for", style="Heading 1")
    document.add_paragraph("A pilot's licence", style="List Bullet")
    document.add_paragraph("Tanker experience a plus")
    document.add_paragraph("Calm under pressure", style="List Bullet")
    document.add_paragraph("Nice to have:")
    document.add_paragraph("A boat of your own", style="List Bullet")
    document.save(tmp_path / "pilot.docx")
    parsed = parse_file(tmp_path / "pilot.docx")

    assert outline(parsed) == [(1, "Harbour Pilot"), (1, "What we look for"), (LIST_LABEL_LEVEL, "Nice to have:")]
    assert block(parsed, "Tanker experience").kind == "prose"
    assert heading_path(parsed, "Calm under pressure")[-1] == "What we look for"


def test_a_short_paragraph_over_a_list_heads_it_in_word_and_html(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Tidewell perks", style="Heading 1")
    document.add_paragraph("Eye care:")
    document.add_paragraph("One pair of glasses a year", style="List Bullet")
    document.save(tmp_path / "perks.docx")
    (tmp_path / "perks.html").write_text("<h1>Tidewell perks</h1><p>Eye care:</p><ul><li>One pair of glasses a year</li></ul>")

    for name in ("perks.docx", "perks.html"):
        parsed = parse_file(tmp_path / name)
        assert outline(parsed) == [(1, "Tidewell perks"), (LIST_LABEL_LEVEL, "Eye care:")], name


def test_a_markdown_documents_title_is_never_a_lists_label(tmp_path: Path) -> None:
    page = tmp_path / "tidewell-perks.md"
    page.write_text("Eye care:\n\n- One pair of glasses a year\n")

    assert parse_file(page).title == "Tidewell perks"


def test_a_markdown_list_numbered_lazily_counts_its_entries_as_a_reader_sees_them(tmp_path: Path) -> None:
    # CommonMark numbers an ordered list from its first entry's number, whatever the others say.
    path = tmp_path / "onboarding.md"
    path.write_text("# Onboarding\n\n1. Collect the laptop\n1. Join the rota\n   1. Shadow a shift\n"
                    "   1. Lead a shift\n1. Meet the customers\n\nLater:\n\n4) Pick a project\n4) Present it\n",
                    encoding="utf-8")

    assert items(parse_file(path)) == [
        (1, "1. Collect the laptop"), (1, "2. Join the rota"), (2, "1. Shadow a shift"), (2, "2. Lead a shift"),
        (1, "3. Meet the customers"), (1, "4. Pick a project"), (1, "5. Present it"),
    ]


def test_a_markdown_html_table_with_blank_lines_between_its_rows_is_one_table(tmp_path: Path) -> None:
    """CommonMark ends a raw HTML block at a blank line; the rows after one still belong to the table."""
    page = tmp_path / "ladder.md"
    page.write_text("# Ladder\n\n<table>\n  <tr><th>Level</th><th>Scope</th></tr>\n\n"
                    "  <tr><td>1</td><td>\n    <ul>\n      <li>Own task</li>\n    </ul>\n  </td></tr>\n\n"
                    "  <tr><td>2</td><td>A whole feature</td></tr>\n</table>\n")

    assert items(parse_file(page)) == [(1, "- Level: 1; Scope: Own task"), (1, "- Level: 2; Scope: A whole feature")]


# --- Plain text -----------------------------------------------------------------------------------


def test_plain_text_underlined_headings_and_ascii_tables_are_read_as_such() -> None:
    document = parse_file(UNDERLINED_TEXT)

    # A heading is underlined (and over-lined) as reStructuredText and Setext write it; below the title,
    # each style of line is one level, in the order they first appear. The lines themselves are no text.
    assert document.title == "Tidewater Ferry Dispatcher" and document.title_is_first_block
    assert outline(document) == [(1, "Tidewater Ferry Dispatcher"), (1, "About the role"), (2, "Shifts"),
                                 (1, "Pay bands"), (1, "Allowances")]
    # A grid table's rows (a row may run over several lines) and a pipe table's rows are entries named by
    # their header, as a table's rows are in every format.
    assert items(document) == [
        (1, "- Band: D1; Experience: First season; Yearly pay: 29,500 marks"),
        (1, "- Band: D2; Experience: Three seasons or a pilot ticket; Yearly pay: 33,000 marks"),
        (1, "- Allowance: Night; Amount: 14 marks"),
        (1, "- Allowance: Storm; Amount: 30 marks"),
    ]
    assert heading_path(document, "Band: D1") == ("Pay bands",)
    assert block(document, "Questions go to").kind == "prose"
    assert not re.search(r"[-=~+|]{2}|\|", document.text)


# --- Word -----------------------------------------------------------------------------------------


def test_docx_styles_numbering_and_tables_in_document_order(docx_file: Path) -> None:
    document = parse_file(docx_file)

    assert document.title == "Principal Security Engineer"
    assert document.title_is_first_block
    assert outline(document) == [
        (1, "Principal Security Engineer"),
        (1, "About the role"),
        (2, "What you will own"),  # all-bold short paragraph
        (2, "Requirements"),
        (2, "Levels"),
    ]
    assert items(document) == [
        (1, "- Threat modelling for every new payment service"),
        (2, "- secure defaults in the service template"),
        (1, "- Incident response leadership"),
        (1, "1. Ten years in application security"),  # "Normal" paragraphs numbered directly
        (1, "2. Deep knowledge of OAuth and OIDC"),
        (1, "- Level: P5; Scope: Bank-wide; Salary: £140,000"),
        (1, "- Level: P6; Scope: Group; Salary: £165,000"),
    ]
    # The table sits under its heading, before the paragraphs that follow it.
    assert heading_path(document, "Level: P6")[-1] == "Levels"
    assert document.lines.index("- Level: P6; Scope: Group; Salary: £165,000") < document.lines.index(
        "Location: London, three days in the office.")
    assert block(document, "Location:").kind == "prose"
    assert block(document, "We review every application").kind == "prose"  # bold, but a sentence
    assert block(document, "Applications close").kind == "prose"  # inside a content control


def test_a_two_column_table_without_a_header_is_a_form_of_labels_and_values(tmp_path: Path) -> None:
    """Word job-description templates open with a form ("Reports to | Head of Data"); its first row is
    a field like the others, not the names of the columns."""
    document = docx.Document()
    document.add_paragraph("Data Analyst", style="Title")
    form = document.add_table(rows=3, cols=2)
    for row, cells in zip(form.rows, [("Team", "Pricing"), ("Reports to:", "Head of Data"), ("Salary", "£41,000")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    bold_header = document.add_table(rows=2, cols=2)
    for index, (row, cells) in enumerate(zip(bold_header.rows, [("Office", "Days in"), ("Leeds", "Two")])):
        for cell, text in zip(row.cells, cells):
            cell.paragraphs[0].add_run(text).bold = index == 0
    # Bold by its table style's header-row format, where the table turns the header row on (Word's "Header Row" box).
    styled = document.add_table(rows=2, cols=2)
    styled.style = "Light Grid Accent 1"
    for row, cells in zip(styled.rows, [("Band", "Level"), ("Engineer I", "1")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    header_off = document.add_table(rows=2, cols=2)
    header_off.style = "Light Grid Accent 1"
    header_off._tbl.tblPr.find(qn("w:tblLook")).set(qn("w:firstRow"), "0")
    for row, cells in zip(header_off.rows, [("Hours", "35 a week"), ("Leave", "28 days")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.save(tmp_path / "analyst.docx")
    html = tmp_path / "analyst.html"
    html.write_text("<h1>Data Analyst</h1><table><tr><td>Team</td><td>Pricing</td></tr>"
                    "<tr><td>Reports to:</td><td>Head of Data</td></tr></table>")

    assert items(parse_file(tmp_path / "analyst.docx")) == [
        (1, "- Team: Pricing"), (1, "- Reports to: Head of Data"), (1, "- Salary: £41,000"), (1, "- Office: Leeds; Days in: Two"),
        (1, "- Band: Engineer I; Level: 1"), (1, "- Hours: 35 a week"), (1, "- Leave: 28 days")]
    assert items(parse_file(html)) == [(1, "- Team: Pricing"), (1, "- Reports to: Head of Data")]


def _wrapped_run(wrapper: str, text: str):
    """A run inside a run-level wrapper: an inline content control, a tracked insertion, a field."""
    inner = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    wrapped = {
        "control": f"<w:sdt><w:sdtContent>{inner}</w:sdtContent></w:sdt>",
        "insertion": f'<w:ins w:id="1" w:author="HR" w:date="2025-01-01T00:00:00Z">{inner}</w:ins>',
        "field": f'<w:fldSimple w:instr="DOCPROPERTY Location">{inner}</w:fldSimple>',
        "deletion": (f'<w:del w:id="2" w:author="HR" w:date="2025-01-01T00:00:00Z"><w:r>'
                     f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'),
    }[wrapper]
    return parse_xml(f"<w:wrap {nsdecls('w')}>{wrapped}</w:wrap>")[0]


def test_docx_text_inside_content_controls_tracked_insertions_and_fields_is_kept(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Field Service Technician", 1)
    for parts in (("The role is based in ", ("field", "Tromsø"), "."),
                  ("Pay: ", ("insertion", "41,000 euros a year"), ("deletion", "to be agreed"), "."),
                  ("Reports to the ", ("control", "Regional Service Lead"), ".")):
        paragraph = document.add_paragraph(style="List Bullet" if parts[0] == "Pay: " else None)
        for part in parts:
            if isinstance(part, str):
                paragraph.add_run(part)
            else:
                paragraph._p.append(_wrapped_run(*part))
    path = tmp_path / "technician.docx"
    document.save(str(path))

    assert parse_file(path).lines == ("Field Service Technician", "The role is based in Tromsø.",
                                      "- Pay: 41,000 euros a year.", "Reports to the Regional Service Lead.")


def _text_box_run(*lines: str):
    """A run holding a text box as Word writes one: the box (w:txbxContent) for current readers, and the
    same box again as a fallback for old ones."""
    box = "<w:txbxContent>" + "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines) + "</w:txbxContent>"
    shape = (f'<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             f'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
             f'xmlns:v="urn:schemas-microsoft-com:vml">'
             f"<mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
             f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
             f"</mc:AlternateContent>")
    return parse_xml(f"<w:r {nsdecls('w')}>{shape}</w:r>")


def test_docx_text_boxes_are_read_once_after_the_paragraph_holding_them(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Harbour Pilot", 1)
    anchor = document.add_paragraph("Guides vessels into the inner basin.")
    anchor._p.append(_text_box_run("Pay: 58,000 euros", "Shifts: four on, four off"))
    document.add_paragraph("Apply through the port authority.")
    path = tmp_path / "pilot.docx"
    document.save(str(path))

    assert parse_file(path).lines == ("Harbour Pilot", "Guides vessels into the inner basin.", "Pay: 58,000 euros",
                                      "Shifts: four on, four off", "Apply through the port authority.")


def test_docx_title_comes_from_core_properties_first(tmp_path: Path) -> None:
    document = parse_file(write_docx(tmp_path / "role.docx", core_title="Principal Security Engineer (London)"))

    assert document.title == "Principal Security Engineer (London)"
    assert not document.title_is_first_block


def _add_notes(document, relationship: str, part_name: str, tag: str, texts: list[str]) -> None:
    """A footnotes or endnotes part as Word writes it: the separator notes first, then each note's
    paragraph starting with its mark."""
    w = nsdecls("w")
    notes = [f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>',
             f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>']
    notes += [f'<w:{tag} w:id="{number}"><w:p><w:r><w:{tag}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t>'
              f'</w:r></w:p></w:{tag}>' for number, text in enumerate(texts, 1)]
    blob = f"<w:{tag}s {w}>{''.join(notes)}</w:{tag}s>".encode()
    part = Part(PackURI(f"/word/{part_name}.xml"), f"application/vnd.openxmlformats-officedocument.wordprocessingml."
                f"{part_name}+xml", blob, document.part.package)
    document.part.relate_to(part, relationship)


def _note_mark(paragraph, tag: str, number: int) -> None:
    paragraph.add_run()._r.append(parse_xml(f'<w:{tag}Reference {nsdecls("w")} w:id="{number}"/>'))


def write_laid_out_docx(path: Path) -> Path:
    """A Word document as people lay one out: lines parted by line breaks (Shift+Enter), bullets typed
    before them, a two-column table holding each column's heading and list, a box of one cell, a
    footnote and an endnote."""
    document = docx.Document()
    document.add_paragraph("Payroll Officer", style="Title")
    lead = document.add_paragraph("The officer runs the monthly payroll for nine hundred staff")
    _note_mark(lead, "footnote", 1)
    lead.add_run(".")
    facts = document.add_paragraph()
    for line in ("Salary: 41,000 euros", "Location: Porto", "• Reconciles the payroll accounts",
                 "• Answers questions from staff"):
        facts.add_run(line).add_break()
    _note_mark(document.add_paragraph("Hours follow the finance calendar."), "endnote", 1)
    columns = document.add_table(rows=1, cols=2).rows[0].cells
    for cell, heading, entries in ((columns[0], "Benefits", ("Thirty days of leave", "A pension matched to 6%")),
                                   (columns[1], "Team", ("Four officers", "A payroll lead"))):
        cell.paragraphs[0].text = heading
        cell.paragraphs[0].style = document.styles["Heading 2"]
        for entry in entries:
            cell.add_paragraph(entry, style="List Bullet")
    box = document.add_table(rows=1, cols=1).rows[0].cells[0]
    box.paragraphs[0].text = "How to apply"
    box.add_paragraph("Send your CV to the finance office.")
    _add_notes(document, RT.FOOTNOTES, "footnotes", "footnote", ["Including the two subsidiaries in Braga."])
    _add_notes(document, RT.ENDNOTES, "endnotes", "endnote", ["The calendar closes each month on the 25th."])
    document.save(path)
    return path


def test_docx_line_breaks_layout_tables_and_notes_are_read_as_shown(tmp_path: Path) -> None:
    """Lines parted by line breaks had been glued into one ("Salary: 41,000 euros Location: Porto • Reconciles"),
    a layout table's headings and lists had become one table row, and footnotes and endnotes were lost."""
    document = parse_file(write_laid_out_docx(tmp_path / "payroll.docx"))

    assert document.lines == (
        "Payroll Officer",
        "The officer runs the monthly payroll for nine hundred staff.",
        "Salary: 41,000 euros",
        "Location: Porto",
        "• Reconciles the payroll accounts",
        "• Answers questions from staff",
        "Hours follow the finance calendar.",
        "Benefits",
        "- Thirty days of leave",
        "- A pension matched to 6%",
        "Team",
        "- Four officers",
        "- A payroll lead",
        "How to apply",
        "Send your CV to the finance office.",
        "Including the two subsidiaries in Braga.",
        "The calendar closes each month on the 25th.",
    )
    assert outline(document) == [(1, "Payroll Officer"), (2, "Benefits"), (2, "Team")]
    assert heading_path(document, "A payroll lead") == ("Payroll Officer", "Team")


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_headings_by_size_and_weight_and_joined_lines(pdf_file: Path) -> None:
    document = parse_file(pdf_file)

    assert document.title == PDF_TITLE
    assert document.title_is_first_block
    assert outline(document) == [(1, PDF_TITLE), (2, "What you will do"), (3, "Requirements")]
    assert block(document, "Forge Systems").kind == "prose"
    assert block(document, "Forge Systems").text.endswith("You will report to the VP of Engineering.")
    assert items(document) == [
        (1, "• Lead a team of seven engineers and grow it to ten over the next year while keeping build "
            "times under ten minutes"),
        (2, "– hire two senior engineers"),
        (1, "• Set the quarterly roadmap with the platform group"),
        (1, "1. Three years managing engineers"),
        (1, "2. Hands-on experience with Bazel or Buck"),
    ]
    assert heading_path(document, "Hands-on")[-1] == "Requirements"


def test_pdf_numbered_headings_set_larger_than_the_body_are_headings_and_numbered_entries_stay_entries(tmp_path: Path) -> None:
    """A policy's "1. Purpose" in bold 14-point type was read as a list entry, so its sections ran together."""
    pdf = titled_pdf_page("Annual Leave Policy")
    for number, heading, body in (("1.", "Purpose", "This policy sets out how leave is booked."),
                                  ("2.", "Procedure", "Ask your manager in writing before you book travel.")):
        pdf.set_font("helvetica", "B", 14)
        pdf.cell(text=f"{number} {heading}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", "", 11)
        pdf.multi_cell(w=0, h=6, text=body, new_x="LMARGIN", new_y="NEXT")
    _pdf_bullet(pdf, "1.", "Give two weeks' notice")
    _pdf_bullet(pdf, "2.", "Record the leave in the system")
    pdf.output(str(tmp_path / "leave.pdf"))
    document = parse_file(tmp_path / "leave.pdf")
    assert outline(document) == [(1, "Annual Leave Policy"), (2, "1. Purpose"), (2, "2. Procedure")]
    assert items(document) == [(1, "1. Give two weeks' notice"), (1, "2. Record the leave in the system")]
    assert heading_path(document, "Record the leave")[-1] == "2. Procedure"


def titled_pdf_page(title: str) -> FPDF:
    """A new PDF with one page: a bold title line, then the body font set for what follows."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(text=title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 11)
    return pdf


def write_printed_pdf(path: Path) -> Path:
    """A page as a browser prints it: list bullets drawn as dots, not written, and lines that end short
    (a pay line, a list of premiums) beside a paragraph wrapped at the page's width."""
    pdf = titled_pdf_page("Data Analyst at Tern Freight")
    pdf.cell(text="Pay: 52,000 to 61,000 euros", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text="Location: Gdansk or remote", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(w=0, h=6, text="Tern Freight moves fresh produce across the Baltic by sea and rail, and the "
                   "analytics team tells the planners where the next week's volume will land, port by port.",
                   new_x="LMARGIN", new_y="NEXT")
    for entry in ("Weekly volume dashboards", "Forecasts for the planners", "Questions from the sales team"):
        pdf.circle(x=pdf.l_margin + 4, y=pdf.get_y() + 3, radius=0.8, style="F")
        pdf.set_x(pdf.l_margin + 8)
        pdf.cell(text=entry, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_lines_that_end_short_stand_alone_and_drawn_bullets_make_entries(tmp_path: Path) -> None:
    document = parse_file(write_printed_pdf(tmp_path / "printed.pdf"))
    assert [b.text for b in document.blocks if b.kind == "prose"] == [
        "Pay: 52,000 to 61,000 euros",
        "Location: Gdansk or remote",
        "Tern Freight moves fresh produce across the Baltic by sea and rail, and the analytics team tells the "
        "planners where the next week's volume will land, port by port.",
    ]
    assert items(document) == [(1, "- Weekly volume dashboards"), (1, "- Forecasts for the planners"),
                               (1, "- Questions from the sales team")]


LADDER_PDF_ENTRIES = (
    (1, "Resolves tickets on their own, for example:"),
    (2, "Closes billing questions without a lead"),  # filled out to the right edge below
    (2, "Reproduces a customer's bug before handing it on to the engineers who own that part of the product, "
        "then follows it through to the fix"),
    (2, "Keeps the shared macros current"),
    (1, "Mentors new colleagues, for example:"),
    (2, "Pairs on the first tickets of every new starter"),  # filled out to the right edge below
    (2, "Reviewing the monthly tone report with the team"),
)


def write_printed_ladder_pdf(path: Path) -> tuple[Path, list[tuple[int, str]]]:
    """A ladder as a browser prints it: nearly all of it list entries whose bullets are drawn (dots, and
    rings a level down), so most of its text is indented, and some entries run to the right edge, where
    the next entry's first word would not have fit."""
    pdf = titled_pdf_page("Tidewater Support Ladder")
    pdf.cell(text="What each level shows.", new_x="LMARGIN", new_y="NEXT")
    written = []
    for depth, text in LADDER_PDF_ENTRIES:
        indent = pdf.l_margin + 8 * depth
        if text.endswith("lead") or text.endswith("starter"):
            room = pdf.w - pdf.r_margin - indent - 1
            while pdf.get_string_width(f"{text} and more") <= room:
                text = f"{text} and more"
        pdf.circle(x=indent - 4, y=pdf.get_y() + 3, radius=0.8, style="F" if depth == 1 else "D")
        pdf.set_x(indent)
        pdf.multi_cell(w=0, h=6, text=text, new_x="LMARGIN", new_y="NEXT")
        written.append((depth, f"- {text}"))
    pdf.output(str(path))
    return path, written


def test_pdf_entries_with_drawn_bullets_are_entries_even_when_most_text_is_indented(tmp_path: Path) -> None:
    path, written = write_printed_ladder_pdf(tmp_path / "ladder.pdf")
    document = parse_file(path)

    # An entry introducing the examples nested under it leads them.
    assert items(document) == [(depth, line) for depth, line in written if depth == 2]
    assert [(b.level, b.line) for b in document.blocks if b.entry_depth] == [
        (LIST_LABEL_LEVEL + 1, line) for depth, line in written if depth == 1]
    assert [b.text for b in document.blocks if b.kind == "prose"] == ["What each level shows."]


def write_paged_pdf(path: Path) -> Path:
    """Three pages with a running header and a "Page n of 3" footer, and a word hyphenated at a line end."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for page in range(1, 4):
        pdf.add_page()
        pdf.set_font("helvetica", "", 8)
        pdf.cell(text=f"Forge Systems - Careers - revised 2026-0{page}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
        pdf.set_font("helvetica", "", 11)
        if page == 1:
            pdf.cell(text="We run the build infra-", new_x="LMARGIN", new_y="NEXT")
            pdf.cell(text="structure for four hundred engineers.", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.cell(text=f"Section {page} says what page {page} holds.", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.set_font("helvetica", "", 8)
        pdf.cell(text=f"Page {page} of 3")
    pdf.output(str(path))
    return path


def test_pdf_running_headers_and_page_numbers_are_not_text_and_hyphenated_words_rejoin(tmp_path: Path) -> None:
    text = parse_file(write_paged_pdf(tmp_path / "paged.pdf")).text
    assert "Careers" not in text and "Page" not in text
    assert "We run the build infra-structure for four hundred engineers." in text
    assert "Section 2 says what page 2 holds." in text and "Section 3" in text


def test_pdf_sentence_broken_by_a_page_turn_is_one_paragraph_whatever_its_next_word(tmp_path: Path) -> None:
    """The page turns after "in the Czech": the next page's first line, starting where that one did, goes on
    with it even though it starts with a capital."""
    pdf = titled_pdf_page("Grades")
    pdf.set_y(260)  # two lines fit above the bottom margin, the third goes to page 2
    sentence = ("Every grade has a normalized salary, the lower bound of its band, and each band is set so that "
                "the normalized salary is the monthly salary a person at that grade would earn in the Czech Republic "
                "in CZK, before the multipliers for period, currency and country are applied.")
    lines = pdf.multi_cell(w=167, h=6, text=sentence, dry_run=True, output="LINES")
    assert lines[2].startswith("Republic")
    pdf.multi_cell(w=167, h=6, text=sentence, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "grades.pdf"
    pdf.output(str(path))
    assert any(block.text == sentence for block in parse_file(path).blocks)


def test_pdf_list_entrys_bold_tail_wrapped_onto_its_own_line_stays_in_the_entry(tmp_path: Path) -> None:
    """A bullet ending in bold whose bold words wrapped to the next line: all bold and short, that line had
    become a heading ("46018 GBP annually") and the entry had lost its amount."""
    pdf = titled_pdf_page("Examples")
    entry = ("A British employee paid an annual salary in pounds sterling before tax and other deductions at IC3 earns "
             "**46018 GBP annually**")
    pdf.cell(w=6, h=6, text="-")
    assert pdf.multi_cell(w=0, h=6, text=entry, markdown=True, dry_run=True, output="LINES")[1] == "**46018 GBP annually**"
    pdf.multi_cell(w=0, h=6, text=entry, markdown=True, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "examples.pdf"
    pdf.output(str(path))
    assert [(block.kind, block.text) for block in parse_file(path).blocks[1:]] == [("item", entry.replace("**", ""))]


def write_pdf_with_tables(path: Path) -> Path:
    """A page with a ruled table whose cells wrap, then a table long enough to run onto the next page
    without repeating its header row there."""
    pdf = titled_pdf_page("Analyst Pay Bands")
    pdf.multi_cell(w=0, h=6, text="Bands are reviewed each March against two salary surveys.", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(20, 60, 60)) as table:
        for row in (("Band", "Scope", "Salary"),
                    ("A1", "Reports for one team, each checked by a lead analyst", "38,000 to 44,000 euros"),
                    ("A2", "Owns the forecasting models of a whole region", "45,000 to 53,000 euros")):
            table.row(row)
    pdf.multi_cell(w=0, h=6, text="Between reviews, bands follow inflation.", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(30, 90), repeat_headings=0) as table:
        table.row(("Office", "Commute allowance"))
        for number in range(1, 41):
            table.row((f"Site {number}", f"{number * 10} euros a month"))
    pdf.output(str(path))
    return path


def test_pdf_ruled_tables_give_rows_named_by_their_header_even_past_a_page_break(tmp_path: Path) -> None:
    """Read as lines, a table's cells interleave column by column ("A1 Reports for one team, 38,000 to")."""
    document = parse_file(write_pdf_with_tables(tmp_path / "bands.pdf"))

    assert items(document)[:2] == [
        (1, "- Band: A1; Scope: Reports for one team, each checked by a lead analyst; Salary: 38,000 to 44,000 euros"),
        (1, "- Band: A2; Scope: Owns the forecasting models of a whole region; Salary: 45,000 to 53,000 euros"),
    ]
    assert document.lines.index("Bands are reviewed each March against two salary surveys.") < document.lines.index(
        items(document)[0][1]) < document.lines.index("Between reviews, bands follow inflation.")
    assert [line for _, line in items(document)[2:]] == [f"- Office: Site {n}; Commute allowance: {n * 10} euros a month"
                                                        for n in range(1, 41)]


def _ruled_cells(pdf: FPDF, top: float, bottom: float, texts: tuple[str, ...], closed: tuple[bool, bool]) -> None:
    """One row of cells 60 mm wide, their sides ruled; the line across the top or the bottom drawn only
    where `closed` says (a browser draws none where a page break cuts the row)."""
    for column, text in enumerate(texts):
        left = 20 + 60 * column
        pdf.line(left, top, left, bottom)
        pdf.line(left + 60, top, left + 60, bottom)
        for y, drawn in zip((top, bottom), closed):
            if drawn:
                pdf.line(left, y, left + 60, y)
        if text:
            pdf.set_xy(left + 2, top + 2)
            pdf.cell(text=text)


def write_pdf_with_a_row_cut_by_a_page_break(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 11)
    _ruled_cells(pdf, 230, 240, ("Grade", "Remit"), (True, True))
    pdf.set_font("helvetica", "", 11)
    _ruled_cells(pdf, 240, 280, ("G1", "Keeps one site's stock"), (True, False))
    pdf.add_page()
    _ruled_cells(pdf, 15, 30, ("", "counts accurate"), (False, True))
    _ruled_cells(pdf, 30, 45, ("G2", "Plans a region's stock"), (True, True))
    pdf.output(str(path))
    return path


def test_pdf_table_row_cut_by_a_page_break_is_joined_back(tmp_path: Path) -> None:
    document = parse_file(write_pdf_with_a_row_cut_by_a_page_break(tmp_path / "grades.pdf"))

    assert items(document) == [(1, "- Grade: G1; Remit: Keeps one site's stock counts accurate"),
                               (1, "- Grade: G2; Remit: Plans a region's stock")]


def test_a_browsers_print_margins_are_not_text_even_on_a_single_page(tmp_path: Path) -> None:
    """A page printed from a browser carries the date, time and page title at its top and the address
    and page counter at its bottom; with one page, nothing recurs to give them away."""
    pdf = FPDF()
    pdf.set_title("Data Analyst at Tern Freight")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", "", 8)
    pdf.cell(text="12/3/26, 4:42 PM Data Analyst at Tern Freight", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("helvetica", "", 11)
    pdf.cell(text="The analyst reports to the head of planning.", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(text="Forecasts cover 3/4 of the fleet today.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-20)
    pdf.set_font("helvetica", "", 8)
    pdf.cell(text="https://jobs.ternfreight.example/analyst 1/1")
    pdf.output(str(tmp_path / "printed.pdf"))

    text = parse_file(tmp_path / "printed.pdf").text
    assert text == "The analyst reports to the head of planning. Forecasts cover 3/4 of the fleet today."


CREW_LEAD_SECTIONS = [
    ("The orchard", ["The crew lead runs a team of six pickers across the hillside orchards of the valley, deciding "
                     "each morning which rows are ripe enough to pick and which must wait for the sun.",
                     "Picking starts in late summer with the early pears and ends when the last winter apples are "
                     "stored in the cold barns before the first frost."]),
    ("What you will do", ["Plan the day's rows with the orchard manager and brief the crew before seven.",
                          "Check every crate for bruised fruit before it leaves the row, and keep the tally sheets "
                          "that decide the pickers' bonuses at the end of each week."]),
    ("Pay", ["Crew leads earn 27 crowns an hour through the harvest, with a bonus of 400 crowns for every season "
             "finished without a lost day to injury, and lodging in the farm cottages is free."]),
]
CREW_LEAD_FORM = [("Season", "August to November"), ("Reports to", "Orchard manager"), ("Crew", "Six pickers"),
                  ("Hours", "Seven to three"), ("Lodging", "Farm cottages")]


def write_two_column_pdf(path: Path) -> Path:
    """A title across the page over two justified columns (as LaTeX's twocolumn and Word's columns set a
    page), then a page of one column holding a form whose values line up at one tab stop."""
    pdf = titled_pdf_page("Orchard Crew Lead")
    with pdf.text_columns(ncols=2, gutter=5, text_align="J", balance=True) as columns:
        for heading, paragraphs in CREW_LEAD_SECTIONS:
            pdf.set_font("helvetica", "B", 13)
            with columns.paragraph(text_align="L") as paragraph:
                paragraph.write(heading)
            pdf.set_font("helvetica", "", 11)
            for text in paragraphs:
                with columns.paragraph(bottom_margin=2) as paragraph:
                    paragraph.write(text)
    pdf.add_page()
    for label, value in CREW_LEAD_FORM:
        pdf.cell(w=90, text=label)
        pdf.cell(text=value, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_pdf_two_column_pages_are_read_a_column_at_a_time(tmp_path: Path) -> None:
    document = parse_file(write_two_column_pdf(tmp_path / "crew-lead.pdf"))

    assert outline(document) == [(1, "Orchard Crew Lead"), *((2, heading) for heading, _ in CREW_LEAD_SECTIONS)]
    paragraphs = [text for _, texts in CREW_LEAD_SECTIONS for text in texts]
    assert [block.text for block in document.blocks if block.kind == "prose"][:len(paragraphs)] == paragraphs
    assert heading_path(document, "Crew leads earn") == ("Orchard Crew Lead", "Pay")
    # A form's values at one tab stop are no second column: each stays beside its label.
    assert all(f"{label} {value}" in document.text for label, value in CREW_LEAD_FORM)


ON_SITE_DAYS = ("On-site days: particular projects, departments or occasions can require everyone in the building, "
                "including budgeting rounds, launch rehearsals, company retreats, partner workshops, safety inspections "
                "and equipment deliveries, with a week of notice at the least.")


def test_pdf_justified_text_whose_wide_gaps_line_up_is_one_column(tmp_path: Path) -> None:
    """Justified lines stretch every gap between words; gaps that happen to line up down a paragraph had been
    read as a gutter, and the words right of it filed as a heading after the paragraph."""
    pdf = titled_pdf_page("Hybrid Work at Quarrystone")
    pdf.set_font("helvetica", "", 10)
    pdf.multi_cell(w=124, h=5, text=ON_SITE_DAYS, align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "hybrid.pdf"))

    document = parse_file(tmp_path / "hybrid.pdf")
    assert [(block.kind, block.text) for block in document.blocks[1:]] == [("prose", ON_SITE_DAYS)]


QUOTED_GUIDANCE = ("Grading panels compare each new post with the profiles already in use. Ask your people "
                   "partner which profile fits a post that mixes teaching with research before the panel meets, "
                   "and bring the draft advert with you.")
INDENTED_FORM = ("Grade: 7", "Reports to: Head of Estates and Facilities at the Riverside campus", "Hours: 35 a week")


def write_pdf_with_a_quote(path: Path) -> Path:
    """Body text wrapped at the page's width, a quotation set in from both margins (as a browser prints a
    <blockquote>), and short lines set in from the left only (a form's fields): the quotation's lines end
    well before the body's right edge, though each was full."""
    pdf = titled_pdf_page("Library Assistant Grading")
    body = ("Every post at the university is graded against a role profile, and the profile is chosen by the "
            "hiring manager with help from the grading panel before the post is advertised. A library assistant "
            "shelves and issues stock, answers readers' questions at the desk and keeps the catalogue's records "
            "of loans and returns up to date, under the direction of a senior library assistant.")
    pdf.multi_cell(w=0, h=6, text=body, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_x(pdf.l_margin + 15)
    pdf.multi_cell(w=pdf.epw - 30, h=6, text=QUOTED_GUIDANCE, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_x(pdf.l_margin + 15)
    pdf.multi_cell(w=pdf.epw - 15, h=6, text="\n".join(INDENTED_FORM), align="L")
    pdf.output(str(path))
    return path


def test_pdf_lines_of_a_quote_set_in_from_both_margins_are_one_paragraph(tmp_path: Path) -> None:
    """Each line of the quotation had been a paragraph of its own ("Ask your people partner which profile")."""
    document = parse_file(write_pdf_with_a_quote(tmp_path / "grading.pdf"))

    assert block(document, "Grading panels").text == QUOTED_GUIDANCE
    assert [block(document, line[:6]).text for line in INDENTED_FORM] == list(INDENTED_FORM)


def write_pdf_with_superscripts(path: Path) -> Path:
    """Text with footnote marks and an ordinal's letters raised and smaller than their line: the marks a
    little, as a word processor sets them, and the ordinal as far as a browser raises <sup>, beyond the
    distance that keeps text on one line."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for text, raised, lift in (("Officers run the staff benefits scheme", "1", 0.4), (" and the fleet cars.", "23", 0.4),
                               (" Offers are made on the 1", "st", 0.7), (" of May.", "", 0)):
        pdf.write(text=text)
        pdf.char_vpos, pdf.sup_lift = "SUP", lift
        pdf.write(text=raised)
        pdf.char_vpos = "LINE"
    pdf.ln()
    pdf.set_font("helvetica", size=8)
    pdf.write(text="1 Pensions and health cover. 2 Two hybrid vans. 3 Parked at the depot.")
    pdf.output(str(path))
    return path


def test_pdf_footnote_marks_are_dropped_and_raised_text_rejoins_its_line(tmp_path: Path) -> None:
    """Marks had been glued to words ("scheme1", "cars.23") and an ordinal's raised letters had been a list
    entry of their own ("- st"), leaving "on the 1 of May"."""
    document = parse_file(write_pdf_with_superscripts(tmp_path / "fleet.pdf"))

    assert document.lines == ("Officers run the staff benefits scheme and the fleet cars. Offers are made on the "
                              "1st of May.", "1 Pensions and health cover. 2 Two hybrid vans. 3 Parked at the depot.")


def test_pdf_placeholder_metadata_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    document = parse_file(write_pdf(tmp_path / "em.pdf", title="Microsoft Word - em_final_v2.docx"))

    assert document.title == PDF_TITLE


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"scan\.pdf: has no text layer \(scanned\?\); OCR it first"):
        parse_file(write_blank_pdf(tmp_path / "scan.pdf"))


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(text="Confidential ladder")
    pdf.output(str(path))

    with pytest.raises(CorpusError, match=r"locked\.pdf: is encrypted"):
        parse_file(path)


def test_damaged_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntruncated")

    with pytest.raises(CorpusError, match=r"broken\.pdf: cannot be read as a PDF"):
        parse_file(path)


def test_pdf_is_recognised_by_content_not_name(tmp_path: Path, pdf_file: Path) -> None:
    misnamed = tmp_path / "role-notes.txt"
    shutil.copy(pdf_file, misnamed)

    assert parse_file(misnamed).title == PDF_TITLE


def test_bullet_glyphs_of_word_processors_exports_start_entries(tmp_path: Path) -> None:
    # Google Docs bullets its levels with a disc, a ring and a square; Word's symbol-font bullet comes out
    # of a PDF as a private-use character. Text copied from such a PDF keeps them.
    path = tmp_path / "support-ladder.txt"
    path.write_text("Support Ladder\n\nExpectations\n\u25cf Answers tickets alone\n\u25cb Closes billing questions\n"
                    "\u25a0 Keeps the macros current\n\uf0b7 Mentors new colleagues\n", encoding="utf-8")

    entries = [(block.marker, block.text) for block in parse_file(path).blocks if block.kind == "item"]
    assert entries == [("\u25cf ", "Answers tickets alone"), ("\u25cb ", "Closes billing questions"),
                       ("\u25a0 ", "Keeps the macros current"), ("\uf0b7 ", "Mentors new colleagues")]


# --- every format: no text lost, no markup kept ----------------------------------------------------


def _fixture_file(tmp_path: Path, kind: str) -> Path:
    written = {"docx": lambda: write_docx(tmp_path / "role.docx"), "pdf": lambda: write_pdf(tmp_path / "role.pdf"),
               "pdf-tables": lambda: write_pdf_with_tables(tmp_path / "bands.pdf")}
    committed = {"markdown": MARKDOWN, "html": HTML, "html-as-txt": HTML_AS_TEXT, "html-ladder": LADDER_HTML,
                 "html-aria": ARIA_HTML, "html-docs-export": DOCS_EXPORT_HTML,
                 "markdown-dialects": DIALECT_MARKDOWN, "text-underlined": UNDERLINED_TEXT}
    return written[kind]() if kind in written else committed[kind]


VISIBLE_TEXT = {
    "markdown": markdown_visible_text,
    "html": html_visible_text,
    "html-as-txt": html_visible_text,
    "html-ladder": html_visible_text,
    "html-aria": html_visible_text,
    "html-docs-export": docs_export_visible_text,
    "markdown-dialects": markdown_dialect_visible_text,
    "text-underlined": lambda path: path.read_text(encoding="utf-8"),
    "docx": docx_visible_text,
    "pdf": pdf_visible_text,
    "pdf-tables": pdf_visible_text,
}


@pytest.mark.parametrize("kind", VISIBLE_TEXT)
def test_no_visible_word_is_lost_and_no_markup_kept(tmp_path: Path, kind: str) -> None:
    path = _fixture_file(tmp_path, kind)
    visible = VISIBLE_TEXT[kind](path)
    document = parse_file(path)
    indexed = f"{document.title}\n{document.text}"

    assert visible.strip()
    assert not words(visible) - words(indexed), "words of the source missing from the document"
    for markup in MARKUP:
        assert markup not in indexed


# --- the corpus loader ----------------------------------------------------------------------------


def test_folder_walk_loads_every_format_and_lists_skipped_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    write_docx(corpus / "security.docx")
    (corpus / "ladders").mkdir()
    write_pdf(corpus / "ladders" / "manager.pdf")
    (corpus / "salaries.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (corpus / "org-chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / ".draft.md").write_text("# Hidden draft\n", encoding="utf-8")

    loaded = load_corpus([corpus])

    assert sorted(Path(document.source).name for document in loaded.documents) == [
        "careers-page-export.txt", "glassworks-design-ladder.html", "manager.pdf", "ml-platform-engineer.html", "quarry-analytics-posting.html",
        "saltmarsh-warden.md", "security.docx",
        "staff-data-platform-engineer.md", "support-engineering-ladder.html", "tidewater-ferry-dispatcher.txt",
    ]
    assert [Path(skipped).name for skipped in loaded.skipped] == ["org-chart.png", "salaries.xlsx"]


def test_real_corpus_and_fixtures_load_together() -> None:
    corpus = ROOT / "corpus"

    loaded = load_corpus([corpus, FIXTURES])

    assert len(loaded.documents) == len(list(corpus.glob("*.txt"))) + len(list(FIXTURES.iterdir()))
    assert all(document.blocks for document in loaded.documents)


def test_explicit_unsupported_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "salaries.xlsx"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(CorpusError, match=r"salaries\.xlsx: unsupported file type '\.xlsx'"):
        load_corpus([path])


def test_non_utf8_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Gehalt: 80.000 € für Senior-Rollen".encode("cp1252"))

    with pytest.raises(CorpusError, match=r"legacy\.txt: not UTF-8 text"):
        load_corpus([path])


def test_binary_file_with_a_text_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\x00\x01\x02binary\x00")

    with pytest.raises(CorpusError, match=r"dump\.txt: is a binary file"):
        load_corpus([path])


@pytest.mark.parametrize(
    ("member", "content", "message"),
    [
        ("notes/readme.txt", "not a Word document", "is a zip archive but not a Word"),
        ("word/document.xml", "<w:document", "cannot be read as a Word document"),
    ],
    ids=["zip that is not a Word document", "damaged Word document"],
)
def test_a_zip_that_is_no_readable_word_document_is_an_error(tmp_path: Path, member, content, message) -> None:
    path = tmp_path / "offer-letter.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, content)

    with pytest.raises(CorpusError, match=rf"offer-letter\.docx: {message}"):
        load_corpus([path])


def test_docx_extension_without_a_zip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("just text", encoding="utf-8")

    with pytest.raises(CorpusError, match=r"notes\.docx: is not a Word document"):
        load_corpus([path])


def test_missing_path_empty_document_and_empty_corpus_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"nowhere: no such file or folder"):
        load_corpus([tmp_path / "nowhere"])

    blank = tmp_path / "blank.md"
    blank.write_text("<!-- nothing yet -->\n\n   \n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"blank\.md: has no text to index"):
        load_corpus([blank])

    only_images = tmp_path / "images"
    only_images.mkdir()
    (only_images / "logo.png").write_bytes(b"\x89PNG")
    with pytest.raises(CorpusError, match=r"the corpus is empty"):
        load_corpus([only_images])


def test_a_document_outside_the_working_directory_is_named_by_its_folder_and_file_only(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "srv" / "roles"
    corpus.mkdir(parents=True)
    (corpus / "ad.md").write_text("# Data Engineer\n\nWe build pipelines.\n")
    monkeypatch.chdir(tmp_path / "srv")
    assert parse_file(corpus / "ad.md").source == "roles/ad.md"
    elsewhere = tmp_path / "work"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert parse_file(corpus / "ad.md").source == "roles/ad.md"
    assert str(tmp_path) not in parse_file(corpus / "ad.md").source


def test_markdown_without_a_first_heading_takes_its_title_from_front_matter(tmp_path) -> None:
    page = tmp_path / "compensation.md"
    page.write_text('---\ntitle: "Compensation: how we pay"\nsidebar: Handbook\n---\n\n## Our approach\n\nPay is set by role.\n')
    document = parse_file(page)
    assert document.title == "Compensation: how we pay"
    assert "sidebar" not in document.text and "Handbook" not in document.text
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\n\n## Our approach\n\nPay is set by role.\n")
    assert parse_file(broken).title == "Broken"  # front matter that is not YAML names nothing


def test_a_paragraph_all_in_bold_heads_the_list_after_it_however_long(tmp_path: Path) -> None:
    """A whole sentence set in bold over a list is that list's name ("Goal 2: ..."); with no list after
    it, a bold sentence stays prose."""
    goal = "Goal 2: Keep the fleet's software current with small, frequent and reversible releases."
    closing = "We review these goals with every new hire in their first month."
    (tmp_path / "goals.md").write_text(f"# Goals\n\n**{goal}**\n\n- Ship weekly\n- Roll back in minutes\n\n**{closing}**\n")
    (tmp_path / "goals.html").write_text(
        f"<h1>Goals</h1><p><strong>{goal}</strong></p><ul><li>Ship weekly</li><li>Roll back in minutes</li></ul>"
        f"<p><b>{closing}</b></p>")
    document = docx.Document()
    document.add_paragraph("Goals", style="Heading 1")
    _bold_paragraph(document, goal)
    for entry in ("Ship weekly", "Roll back in minutes"):
        document.add_paragraph(entry, style="List Bullet")
    _bold_paragraph(document, closing)
    document.save(tmp_path / "goals.docx")

    for name in ("goals.md", "goals.html", "goals.docx"):
        parsed = parse_file(tmp_path / name)
        assert outline(parsed) == [(1, "Goals"), (LIST_LABEL_LEVEL, goal)], name
        assert block(parsed, closing).kind == "prose", name


def test_a_plain_text_field_and_its_value_is_content_unless_a_list_follows_it() -> None:
    text = ("Harbour Crane Operator\nPortside Freight\nLocation: Rotterdam\n\n"
            "We move forty thousand containers a week through the western terminal.\n\n"
            "What you will do:\n- Lift containers from ship to quay\n- Inspect the cables of the crane each morning\n\n"
            "Shift pattern: four days on, four off\n- Days or nights, by rota\n- Twelve hours a shift\n")
    document = parse_plain(text, Path("crane.txt"))
    # "Location: Rotterdam" states a fact: had it headed the rest, every part of the ad would sit under it.
    assert [block.kind for block in document.blocks if block.text == "Location: Rotterdam"] == ["item"]
    assert outline(document) == [(1, "Harbour Crane Operator"), (2, "What you will do:"),
                                 (2, "Shift pattern: four days on, four off")]


def test_docx_bold_line_shaped_like_the_heading_before_it_is_its_sibling_and_a_bold_sum_is_content(tmp_path: Path) -> None:
    """MongoDB's "In 6 months:" in bold between the Heading 3s "In 3 months:" and "In 12 months:" had been a part
    of the first, and its bold pay line "$81,000$160,000 USD" a heading, never quoted (probe I)."""
    document = docx.Document()
    document.add_paragraph("Technical Writer", style="Title")
    document.add_paragraph("Success measures:", style="Heading 2")
    document.add_paragraph("In 3 months:", style="Heading 3")
    document.add_paragraph("You know our toolchain", style="List Bullet")
    _bold_paragraph(document, "In 6 months:")
    document.add_paragraph("You review your peers' work", style="List Bullet")
    document.add_paragraph("In 12 months:", style="Heading 3")
    document.add_paragraph("You plan your own projects", style="List Bullet")
    document.add_paragraph("The base salary range for this role in the U.S. is:")
    _bold_paragraph(document, "$81,000 - $160,000 USD")
    path = tmp_path / "writer.docx"
    document.save(path)
    parsed = parse_file(path)
    assert outline(parsed) == [(1, "Technical Writer"), (2, "Success measures:"), (3, "In 3 months:"), (3, "In 6 months:"),
                               (3, "In 12 months:")]
    assert block(parsed, "$81,000").kind == "prose"


def test_docx_bold_paragraph_of_sentences_over_a_list_introduces_it_and_is_quoted(tmp_path: Path) -> None:
    """Loan Market's "This role starts the Domain Expert track. The sub-branches of Principal Engineer are:"
    (an Intense Quote, bold) had become the heading of its list, never quoted (probe J)."""
    document = docx.Document()
    document.add_paragraph("Engineering Ladder", style="Title")
    document.add_paragraph("Principal Engineer", style="Heading 2")
    _bold_paragraph(document, "This role starts the Expert track. The branches of Principal Engineer are:")
    document.add_paragraph("Architect", style="List Bullet")
    document.add_paragraph("Business Analysis", style="List Bullet")
    _bold_paragraph(document, "You listen to the people a design affects and settle their concerns before a decision is final.")
    document.add_paragraph("You ship quickly once the goals are clear", style="List Bullet")
    _bold_paragraph(document, "Objective #2: Automate platform operations")
    document.add_paragraph("Own the deploy tooling", style="List Bullet")
    path = tmp_path / "ladder.docx"
    document.save(path)
    parsed = parse_file(path)
    assert block(parsed, "This role starts").kind == "prose"
    assert block(parsed, "You listen to the people").kind == "prose"  # one sentence, closed by its full stop (probe M)
    assert outline(parsed)[-1][1] == "Objective #2: Automate platform operations"  # one bold line still heads its list


def test_a_plain_text_page_copied_with_its_navigation_is_titled_by_its_heading_and_keeps_the_link_as_text() -> None:
    """"< Back to all jobs" above the job's title had become the document's title (probe I)."""
    text = ("< Back to all jobs\n\nHarbour Crane Operator\nPortside Freight\nRotterdam, Netherlands\n\n"
            "We move forty thousand containers a week through the western terminal.\n")
    document = parse_plain(text, Path("portside-crane.txt"))
    assert document.title == "Harbour Crane Operator"
    assert [block.kind for block in document.blocks if block.text == "< Back to all jobs"] == ["item"]


def test_plain_text_titles_over_prose_below_an_underlined_heading_head_its_parts() -> None:
    """Only the page's heading was underlined; "Coworking Space" over its paragraph had become a line of the
    part before it, quoted alone, and its stipend filed under "Commission" (probe I)."""
    text = ("Portside Handbook\n\nBenefits & Perks\n================\nMost of us work at the western terminal.\n\n"
            "Commission\nWe pay 5% of the revenue a project you bring in earns.\n\n"
            "Coworking Space\nWe pay $50 a month towards a desk near your home.\n\n"
            "Questions go to the harbour office on the quay.\n")
    document = parse_plain(text, Path("portside-handbook.txt"))
    assert outline(document) == [(1, "Portside Handbook"), (1, "Benefits & Perks"), (2, "Commission"), (2, "Coworking Space")]
    assert heading_path(document, "We pay $50")[-1] == "Coworking Space"


def test_plain_text_unbulleted_list_after_a_paragraph_pointing_at_it_opens_with_an_entry_not_a_heading() -> None:
    """Equip's first benefit, a line after "Below we have highlighted a list of ...", had headed the rest (probe J)."""
    text = ("Data Analyst at Tern Freight\n\nBenefits:\n\nWe pay well. Below we have highlighted a list of our most popular benefits.\n\n"
            "Short and long term incentives, including a yearly bonus\nRemote work from home\nHome office set-up stipend\n\n"
            "Equal Opportunity:\n\nWe hire without regard to background.\n")
    document = parse_plain(text, Path("tern-analyst.txt"))
    assert outline(document) == [(1, "Data Analyst at Tern Freight"), (2, "Benefits:"), (2, "Equal Opportunity:")]
    assert [entry for _depth, entry in items(document)][:2] == ["Short and long term incentives, including a yearly bonus",
                                                                "Remote work from home"]


def test_plain_text_mixed_case_headings_after_capitals_ones_head_their_parts() -> None:
    """Values written as short mixed-case lines under "OUR VALUES" had been parts of the ad beside it (probe H)."""
    text = ("Harbour Crane Operator\n\nABOUT PORTSIDE\n\nWe run the western terminal.\n\n"
            "OUR VALUES\n\nSafety first\n\nNo lift is worth a risk.\n\nFinish the shift\n\nWe hand over a clean quay.\n\n"
            "BENEFITS\n\nA pension and free lunches.\n")
    document = parse_plain(text, Path("portside-crane.txt"))
    assert outline(document) == [(1, "Harbour Crane Operator"), (1, "ABOUT PORTSIDE"), (1, "OUR VALUES"),
                                 (2, "Safety first"), (2, "Finish the shift"), (1, "BENEFITS")]


def test_html_menu_of_links_built_of_divs_is_chrome_and_its_headings_open_no_section(tmp_path: Path) -> None:
    """A docs tool's table of contents, not marked as navigation: its group names are h1s, and were the
    parents of the whole page, and its links the passage every question about a level matched."""
    links = "".join(f"<div><a href='l{n}.html'>L{n} Harbour Engineer</a></div>" for n in range(1, 7))
    path = tmp_path / "level.html"
    path.write_text(
        "<html><head><title>L3 Harbour Engineer</title></head><body>"
        f"<div id='menu'><h1><span>Harbour Engineers</span></h1>{links}</div>"
        "<div id='page'><h2>Results</h2><p>I deliver my team's goals on time and with a high standard of quality.</p>"
        "<p>Links in prose stay: see <a href='a.html'>one</a>, <a href='b.html'>two</a>, <a href='c.html'>three</a>, "
        "<a href='d.html'>four</a> and <a href='e.html'>five</a> for the details of how we plan the week.</p></div>"
        "</body></html>", encoding="utf-8")
    document = parse_file(path)

    assert not any("Harbour Engineer" in line for line in document.lines)
    assert [(b.kind, b.text[:20]) for b in document.blocks] == [
        ("heading", "Results"), ("prose", "I deliver my team's "), ("prose", "Links in prose stay:")]


def test_html_header_cell_with_a_note_under_its_name_names_the_column_with_the_note_in_brackets(tmp_path: Path) -> None:
    path = tmp_path / "level.html"
    path.write_text(
        "<table><tr><td><b>Scope</b><div><i>Area of ownership</i></div></td><td><b>Reach</b><div><i>Extent of influence</i></div></td></tr>"
        "<tr><td><ul><li>I own quarterly projects</li></ul></td><td><ul><li>I work with my direct team</li></ul></td></tr></table>",
        encoding="utf-8")

    assert [text for _, text in items(parse_file(path))] == [
        "- Scope (Area of ownership): I own quarterly projects; Reach (Extent of influence): I work with my direct team"]


def test_a_bold_sentence_over_a_table_is_a_statement_not_the_tables_heading(tmp_path: Path) -> None:
    path = tmp_path / "level.html"
    summary = "I independently deliver solutions that keep a whole product area reliable"
    path.write_text(f"<h1>L3</h1><p><b><i>{summary}</i></b></p>"
                    "<table><tr><th>Skill</th><th>Expectation</th></tr><tr><td>Ownership</td><td>Owns failures</td></tr></table>",
                    encoding="utf-8")

    assert ("prose", summary) in [(b.kind, b.text) for b in parse_file(path).blocks]


def test_a_heading_over_nothing_is_a_line_of_its_section(tmp_path: Path) -> None:
    """Bold lines stacked under a job ad's title say where and when, and head nothing."""
    path = tmp_path / "ad.md"
    path.write_text("# Data Engineer\n\nHarbour Labs\n\n**REMOTE / FULL TIME**\n\n**APPROX START: March**\n\n"
                    "**About us:**\n\nWe chart tides.\n\n## Apply\n", encoding="utf-8")

    assert [(b.kind, b.text) for b in parse_file(path).blocks] == [
        ("heading", "Data Engineer"), ("prose", "Harbour Labs"), ("prose", "REMOTE / FULL TIME"),
        ("prose", "APPROX START: March"), ("heading", "About us:"), ("prose", "We chart tides."), ("prose", "Apply")]


def test_plain_text_note_opened_by_an_asterisk_is_content_not_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "ad.txt"
    path.write_text("Payroll Specialist\n\nABOUT THE ROLE\n\nYou run payroll for our three offices.\n\n"
                    "*Travel required to Tampa 2-4 times per year\n\nREPORTS TO: Payroll Manager\n\n"
                    "RESPONSIBILITIES\n\n• Run payroll\n• Answer questions\n", encoding="utf-8")
    kinds = {b.text: b.kind for b in parse_file(path).blocks}

    assert kinds["*Travel required to Tampa 2-4 times per year"] != "heading"
    assert kinds["ABOUT THE ROLE"] == kinds["RESPONSIBILITIES"] == "heading"


def test_html_headings_close_with_their_section_element(tmp_path: Path) -> None:
    """A framework page's notes sit in a <section> of their own after the last level's, at h3 where the
    levels are h2: they were filed under "Level 2", and every question about that level quoted them. A
    heading written in the page itself, between the parts, still heads the part after it."""
    path = tmp_path / "framework.html"
    path.write_text(
        "<main><h1>Harbour Framework</h1>"
        "<section><h2>Level 1</h2><h4>Impact</h4><ul><li>Ships small fixes</li></ul></section>"
        "<section><h2>Level 2</h2><h4>Impact</h4><ul><li>Owns a feature</li></ul></section>"
        "<section><h3>About the framework</h3><p>Levels are cumulative.</p><h4>Origins</h4><p>Written in 2019.</p></section>"
        "<h2>Appendix</h2><section><h3>Glossary</h3><p>A squad is a team.</p></section></main>",
        encoding="utf-8")

    headings = [(b.level, b.text) for b in parse_file(path).blocks if b.kind == "heading"]

    assert headings == [
        (1, "Harbour Framework"), (2, "Level 1"), (4, "Impact"), (2, "Level 2"), (4, "Impact"),
        (2, "About the framework"), (3, "Origins"), (2, "Appendix"), (3, "Glossary")]


def test_a_marked_up_heading_after_bold_pseudo_headings_stands_beside_them(tmp_path: Path) -> None:
    """A job page's bold paragraphs name its parts; its h3 "Accommodations" and "Posting Statement" after them
    were filed under the last of them, "Preferred Qualifications", and the pay under that."""
    path = tmp_path / "ad.html"
    path.write_text(
        "<h1>Machine Learning Engineer</h1><p><b>Core Qualifications:</b></p><ul><li>Python</li><li>Spark</li></ul>"
        "<p><b>Preferred Qualifications:</b></p><ul><li>Feast</li><li>Ray</li></ul>"
        "<h3>Accommodations</h3><p>Ask us for help applying.</p><h3>Posting Statement</h3><p>The range is $151,800 to $243,100.</p>",
        encoding="utf-8")

    headings = [(b.level, b.text) for b in parse_file(path).blocks if b.kind == "heading"]

    assert headings == [(1, "Machine Learning Engineer"), (3, "Core Qualifications:"), (3, "Preferred Qualifications:"),
                        (3, "Accommodations"), (3, "Posting Statement")]


def test_markdown_front_matter_a_reader_is_shown_is_lines_under_the_title_and_code_blocks_are_no_text(tmp_path) -> None:
    """A static site's job page keeps where and in which team the job is in its front matter, which GitHub
    shows as a table; its <script> and <style> blocks are code."""
    page = tmp_path / "data-scientist.md"
    page.write_text(
        "---\ntitle: Applied Data Scientist\ndepartment: Product\nlocation: Global Remote\nslug: data-scientist\n"
        "hubspotFormId: b3187cf0-6147-4aa2\nlayout: Posting\ndate: 2024-01-02\nremote: true\nimage: /img/team.png\n---\n\n"
        '<script lang="ts">\n  import { Button } from "$lib/components"\n</script>\n\n### Job Description\n\n'
        "You build privacy tools.\n\n<style>\n.apply { color: red }\n</style>\n\nApply by May.\n"
    )
    document = parse_file(page)
    assert document.title == "Applied Data Scientist"
    assert [block.text for block in document.blocks[:2]] == ["Department: Product", "Location: Global Remote"]
    for hidden in ("data-scientist", "b3187cf0", "Posting", "2024", "true", "img", "import", "Button", "color"):
        assert hidden not in document.text
    assert "Apply by May." in document.text


def test_markdown_a_quotes_bold_line_is_a_line_of_it_not_a_heading_over_what_follows(tmp_path) -> None:
    page = tmp_path / "ladder.md"
    page.write_text("# Ladder\n\n## Levels\n\n> **NOTE**\n>\n> Expectations are the same across professions.\n\n"
                    "* Junior Engineer\n* Senior Engineer\n")
    document = parse_file(page)
    assert [(block.kind, block.text) for block in document.blocks[2:4]] == [
        ("prose", "NOTE"), ("prose", "Expectations are the same across professions.")]
    assert not any(block.kind == "heading" and block.text == "NOTE" for block in document.blocks)


def test_pages_joined_into_one_markdown_file_are_titled_by_the_file_name_not_their_first_page(tmp_path: Path) -> None:
    """A ladder's pages joined into one file had the title "Introduction", and a handbook's "👯 People and Roles"
    (probe O): several top headings, the first sharing no word with the file name, are the file's sections."""
    ladder = tmp_path / "quillon-engineering-ladders.md"
    ladder.write_text("# Introduction\n\nThe Quillon Engineering Ladders guide promotions.\n\n"
                      "# Software Engineer\n\n- Writes code\n")
    document = parse_file(ladder)
    assert document.title == "Quillon Engineering Ladders"
    assert outline(document)[:2] == [(1, "Introduction"), (1, "Software Engineer")]
    handbook = tmp_path / "qfx-staff-handbook.md"
    handbook.write_text("# 👯 People and Roles\n\nQFX has a board of five.\n\n# Leave Policy\n\nTake the time you need.\n")
    assert parse_file(handbook).title == "QFX staff handbook"  # each word of the name as the text writes it
    # A first heading naming what the file name says is its title, however many top headings follow it.
    track = tmp_path / "quillon-engineer-career-ladder.md"
    track.write_text("# Engineer Track\n\nFive levels.\n\n# Levels\n\n- E1\n- E2\n")
    assert parse_file(track).title == "Engineer Track"


def test_a_title_spelt_from_the_file_name_closes_the_bracket_it_opens() -> None:
    """"Platform Engineer (Infrastructure" was every answer's label (probe W)."""
    text = "COMPREHEND SYSTEMS\nPlatform Engineer (Infrastructure) -- Redwood City, CA\n\n\nQUICK SUMMARY\n\nWe build SaaS.\n"
    assert parse_plain(text, Path("platform-engineer-infrastructure.txt")).title == "Platform Engineer (Infrastructure)"


def test_a_plain_text_job_boards_header_has_its_first_line_as_the_title() -> None:
    """jobs_108693.txt (probe Y) opens "Site Reliability Engineer" over "Roadie" and "REMOTE", and had been titled
    "Jobs 108693" from its file name. A first line over a few short lines of its own is the title; a line in capitals
    over the title is the company's, not the title."""
    text = "Site Reliability Engineer\nRoadie\nREMOTE\n\nRoadie is seeking a Site Reliability Engineer.\n"
    document = parse_plain(text, Path("jobs_108693.txt"))
    assert document.title == "Site Reliability Engineer"
    assert "Roadie" in document.text and "REMOTE" in document.text
    # Lines of a list under a first line end where the text does: no text below, no header.
    assert parse_plain("Benefits\nDental\nVision\n", Path("jobs_1.txt")).title == "Jobs 1"


def test_a_plain_text_job_boards_header_is_lines_of_it_and_a_labels_first_short_line_is_its_first_entry() -> None:
    """easypost_staff_net_engineer.txt (probe Z3): "Remote", the header's last line, had headed the whole ad, and
    "Comprehensive medical, dental, vision, and life insurance", the first line under "What We Offer:", its list."""
    text = ("Staff Engineer\nAcme\nRemote\n\nFounded in 2012, Acme builds things.\n\nWhat We Offer:\n\n"
            "Comprehensive medical, dental, vision, and life insurance\nCompetitive compensation package and equity\n"
            "401(k) match\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("acme.txt")).blocks]
    assert blocks == [("heading", "Staff Engineer"), ("item", "Acme"), ("item", "Remote"),
                      ("prose", "Founded in 2012, Acme builds things."), ("heading", "What We Offer:"),
                      ("item", "Comprehensive medical, dental, vision, and life insurance"),
                      ("item", "Competitive compensation package and equity"), ("item", "401(k) match")]


def test_a_rule_closing_a_block_of_lines_underlines_none_of_them() -> None:
    """jobs_73419.txt (probe Z4) closes its header fields with a line of dashes: "SOURCE: job board export", the block's
    last line, had headed the whole ad. Only a line standing alone over its underline is a heading."""
    text = ("JOB ID: 73419\nTITLE: Astrodynamics Engineer II\nSOURCE: job board export\n" + "-" * 40 + "\n\n"
            "WHAT YOU'LL DO\n\nYou will build orbit tools.\n\nPerks\n-----\n\nGood coffee.\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("jobs_73419.txt")).blocks]
    assert blocks[:4] == [("item", "JOB ID: 73419"), ("item", "TITLE: Astrodynamics Engineer II"),
                          ("item", "SOURCE: job board export"), ("heading", "WHAT YOU'LL DO")]
    assert ("heading", "Perks") in blocks


def test_a_short_line_right_under_a_label_is_its_first_entry_whatever_follows() -> None:
    """deel_devops_engineer.txt (probe Z4): "4+ years of DevOps experience", right under "Requirements:" and over
    requirements written as prose, had headed every requirement and the rest of the ad."""
    text = ("DevOps Engineer\n\nRequirements:\n4+ years of DevOps experience\n"
            "Containerization: Strong hands-on experience with Docker and Kubernetes.\n"
            "Security: Understanding of security best practices.\n\nTotal Rewards:\nStock grant opportunities\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("deel.txt")).blocks]
    assert blocks[1:4] == [("heading", "Requirements:"), ("item", "4+ years of DevOps experience"),
                           ("prose", "Containerization: Strong hands-on experience with Docker and Kubernetes.")]


def test_a_plain_text_export_opening_with_fields_is_titled_by_its_title_field_and_keeps_every_field() -> None:
    """jobs_58214.txt (probe Z3) opens "JOB ID: 58214" over "TITLE: Backend Engineering Manager" and had been titled
    "JOB ID: 58214"."""
    text = "JOB ID: 58214\nPOSTED VIA: job board export\nTITLE: Backend Engineering Manager\nLOCATION: Remote, India\n\n" \
           "About the Company\n\nAcme builds things.\n"
    document = parse_plain(text, Path("jobs_58214.txt"))
    assert document.title == "Backend Engineering Manager"
    assert [block.text for block in document.blocks[:4]] == [
        "JOB ID: 58214", "POSTED VIA: job board export", "TITLE: Backend Engineering Manager", "LOCATION: Remote, India"]
    # A field below the opening ones, or a title line over prose, titles nothing.
    assert parse_plain("Senior Engineer\n\nNote: Title: none.\n", Path("a.txt")).title == "Senior Engineer"


def test_a_markdown_level_one_heading_after_other_headings_heads_a_section_not_the_page(tmp_path: Path) -> None:
    """knative's ROLES.md has "##" sections and one "# Notes" at its end: every answer was labelled "Notes" (probe X)."""
    page = tmp_path / "knative-ROLES.md"
    page.write_text("This document describes the roles.\n\n## Member\n\nMembers review code.\n\n# Notes\n\nKeep notes.\n")
    assert parse_file(page).title == "Knative roles"  # spelt as the text writes the words
    opened = tmp_path / "ladder.md"
    opened.write_text("# Engineering Ladder\n\n## Member\n\nMembers review code.\n")
    assert parse_file(opened).title == "Engineering Ladder"


def test_pdf_bullets_a_font_maps_to_no_character_are_entries_not_text(tmp_path: Path) -> None:
    """ReportLab draws list bullets in a glyph pdfminer maps to no character, and writes as "(cid:127)": it had been
    indexed and quoted as text (probe X's Helm governance). It is a bullet; an unreadable glyph elsewhere is dropped."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    path = tmp_path / "governance.pdf"
    SimpleDocTemplate(str(path)).build([
        Paragraph("The project is made up of several codebases:", styles["Normal"]),
        ListFlowable([ListItem(Paragraph(text, styles["Normal"])) for text in ("Helm - the package manager", "Charts - curated charts")],
                     bulletType="bullet", start="\u2022"),
    ])
    document = parse_file(path)
    assert "cid:" not in document.text
    assert items(document) == [(1, "- Helm - the package manager"), (1, "- Charts - curated charts")]


def test_a_plain_text_line_giving_a_value_after_its_colon_is_a_fact_not_a_heading() -> None:
    """ "Expected Close Date of Job Posting is:06-10-2024" had become a heading, so no answer quoted the date
    (probe O)."""
    text = ("Platform Engineer\n\nAbout the Role\n\nYou will run our build farm.\n\n"
            "Expected Close Date of Job Posting is:06-10-2024\n\nApply for this job\n")
    document = parse_plain(text, Path("ad.txt"))
    assert block(document, "Expected Close Date of Job Posting is:06-10-2024").kind != "heading"


@pytest.mark.parametrize("tab, title", [
    ("Data Engineering Lead - Quokka - Remote Jobs Board", "Data Engineering Lead - Quokka"),  # the board's name (probe P)
    ("Site Reliability Engineer – Platform", "Site Reliability Engineer – Platform"),  # one dash may be the job's own
])
def test_an_html_title_drops_the_site_named_after_its_last_of_two_dashes(tmp_path: Path, tab: str, title: str) -> None:
    page = tmp_path / "ad.html"
    page.write_text(f"<html><head><title>{tab}</title></head><body><p>We build data pipelines.</p></body></html>")
    assert parse_file(page).title == title


def test_markdown_toml_front_matter_names_the_page_and_is_no_text(tmp_path) -> None:
    """Hugo's "+++" front matter had been read as text, "+++ date = ..." answering when a company was founded (probe R)."""
    page = tmp_path / "crunch-sre.md"
    page.write_text('+++\ndate = "2020-09-01T14:08:35+02:00"\ndraft = true\ntitle = "Site Reliability Engineer"\n'
                    'weight = 200\nteam = "Engineering & Data"\n+++\n\n**Direct reports**: 0\n\nWe run a small remote team.\n')
    document = parse_file(page)
    assert document.title == "Site Reliability Engineer"
    assert "+++" not in document.text and "2020" not in document.text and "draft" not in document.text
    assert "Team: Engineering & Data" in document.text  # a field a reader is shown
    broken = tmp_path / "broken.md"
    broken.write_text('+++\ntitle = "unclosed\n+++\n\nPay is set by role.\n')
    assert parse_file(broken).title == "Broken"  # front matter that is not TOML names nothing


def test_a_markdown_line_all_in_italics_or_opening_its_paragraph_in_emphasis_heads_what_follows(tmp_path: Path) -> None:
    """An engineering ladder's "*Expectations*" over its list, and "*Track Record*" on the line above its text (probe U)."""
    path = tmp_path / "levels.md"
    path.write_text("# Ladder\n\n### Engineer II\n*Expectations*\n- You tackle well-scoped problems.\n\n*Track Record*\n"
                    "Your work has been integral to a project.\n\n*All levels are paid in one band.*\n", encoding="utf-8")

    blocks = [(b.kind, b.text) for b in parse_file(path).blocks]

    assert blocks == [("heading", "Ladder"), ("heading", "Engineer II"), ("heading", "Expectations"),
                      ("item", "You tackle well-scoped problems."), ("heading", "Track Record"),
                      ("prose", "Your work has been integral to a project."), ("prose", "All levels are paid in one band.")]


def test_a_markdown_paragraph_written_as_a_list_without_bullets_is_one_line_an_entry(tmp_path: Path) -> None:
    """zarf's CONTRIBUTOR_LADDER.md lists a Reviewer's prerequisites one a line, without bullets, which Markdown runs
    into one paragraph: they had been one statement, no list (probe Z3). A hard-wrapped paragraph stays one."""
    page = tmp_path / "ladder.md"
    page.write_text("# Ladder\n\n## Prerequisites\n\nExperience as a Contributor for at least 6 months\nIs an Organization "
                    "Member\nHas analyzed and resolved test failures\n\nMaintainers keep the project healthy.\nThey merge "
                    "code contributions,\nwhile reviewers check them.\n")
    assert [(block.kind, block.text) for block in parse_file(page).blocks[2:]] == [
        ("prose", "Experience as a Contributor for at least 6 months"), ("prose", "Is an Organization Member"),
        ("prose", "Has analyzed and resolved test failures"),
        ("prose", "Maintainers keep the project healthy. They merge code contributions, while reviewers check them.")]


def test_a_plain_text_heading_between_runs_of_equals_signs_is_a_heading_without_them() -> None:
    """jobs_89644.txt (probe Z5) heads its parts "== Benefits ==", as wikis do: the marks were in every section's name
    and passage. AsciiDoc writes "=== Perks" alone; more marks are a deeper level."""
    text = ("Job #1\nSenior Database Engineer\n\nWe run databases.\n\n== Benefits ==\n\n- Paid vacation\n- Pension\n\n"
            "=== Perks\n\nGood coffee.\n\n== About us ==\n\nWe are hiring.\n")
    blocks = [(block.kind, block.text, block.level) for block in parse_plain(text, Path("jobs_1.txt")).blocks
              if block.kind == "heading"]
    assert [(text, level) for _, text, level in blocks][-3:] == [("Benefits", 1), ("Perks", 2), ("About us", 1)]
    document = parse_plain(text, Path("jobs_1.txt"))
    assert not any("==" in block.text for block in document.blocks)


def test_a_short_line_among_a_labels_entries_is_one_of_them_though_prose_follows() -> None:
    """hopskipdrive_payroll_manager.txt (probe Z5): "Monthly, quarterly, and annual tax filings via ADP", the last line
    under "What you'll do:", and "Certified Payroll Professional (CPP) ... is a plus", the last under "What you'll
    bring:", each headed the prose after them, and the perks paragraph sat under the certification."""
    text = ("Payroll Manager\n\nWhat you'll do:\nProcess payroll on time.\nPrepare payroll reports.\n"
            "Monthly tax filings via ADP\nThis role can be remote in one of several states, or hybrid in Los Angeles.\n\n"
            "What you'll bring:\nExpert proficiency in ADP\nCPP certification is a plus\n"
            "Every employee has equity. We offer flexible vacation, FSA and a 401(k).\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("payroll.txt")).blocks]
    assert [text for kind, text in blocks if kind == "heading"] == ["Payroll Manager", "What you'll do:", "What you'll bring:"]
    assert ("item", "CPP certification is a plus") in blocks or ("prose", "CPP certification is a plus") in blocks


def test_a_job_boards_id_over_the_title_names_no_role() -> None:
    """jobs_89644.txt (probe Z5) opens "Job #89644" over "Senior Database Engineer": the id had been the title, so "the
    opentable senior db role" named the job only by its company, and the role's line answered as if a statement."""
    text = "Job #89644\nSenior Database Engineer\nRemote, India\n" + "=" * 40 + "\n\nWe run databases.\n\n== Benefits ==\n\n- Pension\n"
    document = parse_plain(text, Path("jobs_89644.txt"))
    assert document.title == "Senior Database Engineer"
    assert [(block.kind, block.text) for block in document.blocks[:4]] == [
        ("heading", "Senior Database Engineer"), ("item", "Job #89644"), ("item", "Remote, India"), ("prose", "We run databases.")]
    # A first line naming a role that holds a number is the title still.
    assert parse_plain("Engineer II\nAcme\n\nWe build.\n", Path("jobs_1.txt")).title == "Engineer II"
    # Over a line that is no title, the id is a line of the text, once.
    untitled = parse_plain("Job #12\nData Engineer\nWe build pipelines and many more things for our stores.\n",
                           Path("export.txt"))
    assert [block.text for block in untitled.blocks].count("Job #12") == 1


def test_a_bullet_alone_on_its_line_bullets_the_line_after_it() -> None:
    """A careers page copied as text (probe Z8's Ocelot ad) put each "•" on a line of its own over its entry: every
    glyph headed a section named "•", and "Requirements" and "Nice to have" were entries of the list above them."""
    text = ("Data Engineer\n\nThe Role\nYou will build pipelines for our clients, with analysts and scientists.\nRequirements\n \n"
            "•\nExperience with Spark or Kafka\n•\nExperience designing ETL\nNice to have\n \n•\n\nExperience with a data lake\n"
            "•\nFamiliarity with Docker\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("careers.txt")).blocks]
    assert ("heading", "Requirements") in blocks and ("heading", "Nice to have") in blocks
    assert [text for kind, text in blocks if kind == "item"] == [
        "Experience with Spark or Kafka", "Experience designing ETL", "Experience with a data lake", "Familiarity with Docker"]
    assert not any(text == "•" for _, text in blocks)


def test_a_line_broken_where_a_link_was_reads_on() -> None:
    """A copied page breaks its lines around a link's text: "see our" / "Careers page" / "." had been a fact box of two
    labels ("Perks: ...", "Careers page: .") and "resumes to" / "hiring@acme.example" / "." three lines."""
    text = ("Data Engineer\n\nPerks\nBenefits include medical, dental and PTO. For more details, see our\nCareers page\n.\n\n"
            "Contact\nInterested candidates: please submit resumes to\nhiring@acme.example\n.\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("careers.txt")).blocks]
    assert ("prose", "Benefits include medical, dental and PTO. For more details, see our Careers page.") in blocks
    assert ("prose", "Interested candidates: please submit resumes to hiring@acme.example.") in blocks


def test_a_line_set_apart_over_a_heading_titles_the_part_after_it() -> None:
    """Two job ads in one text (probe Z8's Canadian Digital Service page): the second ad's title, set apart by blank
    lines right over its "About your team", had been an empty section, and its sections the first ad's siblings."""
    text = ("Acme - Join our team\n\nBilingual Recruiter\n\nYou will run hiring for every team.\n\n"
            "What we're looking for:\nYou close candidates\nYou plan interviews\n\nBenefits\nA pension for everyone.\n\n\n"
            "Senior Infrastructure Developer\n\nAbout your team\nThe platform team builds tools for everyone else.\n\n"
            "What you'll do\nBuild infrastructure as code for our tools.\n")
    headings = [(block.text, block.level) for block in parse_plain(text, Path("jobs.txt")).blocks if block.kind == "heading"]
    assert headings == [("Acme - Join our team", 1), ("Bilingual Recruiter", 1), ("What we're looking for:", 2),
                        ("Benefits", 1), ("Senior Infrastructure Developer", 1), ("About your team", 2), ("What you'll do", 2)]


def test_lines_of_one_sentence_each_with_no_blank_between_are_a_lists_entries() -> None:
    """Probe Z8's Canadian Digital Service page lists "What we're looking for" one sentence a line, each ending in a full
    stop: they were prose, so "What skills should I have ...?" got the paragraph after them. Two such lines, or lines
    between blank lines, stay prose."""
    text = ("Infrastructure Developer\n\nWhat we're looking for\nExperience with major cloud providers.\n"
            "Solid experience with kubernetes.\nAbility to deliver iteratively.\n\nAbout us\nWe build tools. We like them.\n"
            "Our team is small.\n\nOne more paragraph.\n")
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("cds.txt")).blocks]
    assert [text for kind, text in blocks if kind == "item"] == [
        "Experience with major cloud providers.", "Solid experience with kubernetes.", "Ability to deliver iteratively."]
    assert ("prose", "Our team is small.") in blocks and ("prose", "One more paragraph.") in blocks


def test_a_typed_mark_alone_on_its_line_bullets_nothing() -> None:
    """A "-" alone may stand for an empty value ("Bonus" over "-" in a fact box): only a glyph alone bullets the line
    after it, and only closing punctuation alone ends a broken line."""
    text = "Data Engineer\n\nBonus\n-\nEquity\n0.1%\n\nWe build pipelines for our clients every single day.\n"
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("careers.txt")).blocks]
    assert ("item", "Bonus: -") in blocks and ("item", "Equity: 0.1%") in blocks


def test_sections_repeated_at_the_top_level_are_parts_titled_by_the_heading_before_each() -> None:
    """Probe Z10's Affirm text holds two ads, each "<role>" over its city, then "Quick Summary" and its lists: the roles
    had been a city's headings inside "Overview", and every later section a sibling of both, so "requirements for the
    machine learning engineer" got the city. A name repeated under top-level sections is no part's first section."""
    text = ("Kestrel Inc.\n\nOverview\nKestrel lends money.\n\nOpen Positions\nData Engineer\nPlatform Engineer\n\n\n"
            "Data Engineer\nBoston, MA\n\nQuick Summary\nWe build data.\n\nWhat you'll do:\nBuild pipelines\n"
            "Model risk\n\n\nPlatform Engineer\nBoston, MA\n\nQuick Summary\nWe build the platform.\n\n"
            "Job Description\nDesign services\nDebug latency\n")
    document = parse_plain(text, Path("kestrel.txt"))
    assert heading_path(document, "Model risk") == ("Data Engineer", "Quick Summary", "What you'll do:")
    assert heading_path(document, "Debug latency") == ("Platform Engineer", "Quick Summary", "Job Description")
    assert heading_path(document, "Boston") == ("Data Engineer",)

    nested = ("Acme Engineer\n\nCareer Development\nHow people grow here.\n\nJunior to Mid\nLearn the stack\n"
              "Ship features\n\nKey Responsibilities\nOwn services\nReview code\n\nMarket Demand\nDemand is high.\n\n"
              "Current Trends\nMore GPUs\nMore data\n\nKey Responsibilities\nScale clusters\nCut costs\n")
    document = parse_plain(nested, Path("acme.txt"))
    assert heading_path(document, "Scale clusters") == ("Market Demand", "Key Responsibilities")


def test_a_long_line_a_label_opens_is_an_entry_of_its_list() -> None:
    """Lines under "What you'll do:" are its entries however long: a 30-word duty without a full stop had been prose,
    which ended the list, so a question for the duties got the entries before it only."""
    duty = ("Optimize the decisioning service with respect to the accuracy of the underlying models, the latency of "
            "different third party data sources, and the expected financial cost of those data sources")
    text = f"Data Engineer\n\nWhat you'll do:\nBuild production models\n{duty}\nDevelop new data sources\n"
    blocks = [(block.kind, block.text) for block in parse_plain(text, Path("ad.txt")).blocks]
    assert [text for kind, text in blocks if kind == "item"] == ["Build production models", duty, "Develop new data sources"]


def test_backticks_around_a_word_in_plain_text_are_markup() -> None:
    """Probe Z13's Status handbook, Markdown habits in a .txt: "specifying `Coworking` as the Category" was indexed
    with its backticks, which no reader sees as words."""
    text = "Coworking allowance\n===================\n\nSubmit your costs through Expensify, specifying `Coworking` as the Category.\n"
    document = parse_plain(text, Path("status.txt"))
    assert ("prose", "Submit your costs through Expensify, specifying Coworking as the Category.") in [
        (block.kind, block.text) for block in document.blocks]


def test_rules_divide_a_plain_text_into_parts_titled_by_their_first_lines() -> None:
    """Probe Z11's EdgeDB careers text: three ads between "-----" rules, each opening "<role>" / "Remote" / its tags,
    then "Role" and "Requirements". The roles had been entries of the section before them, and every "Requirements"
    the document's, so "requirements for the backend developer?" got a title."""
    ad = ("{role}\nRemote\n{tags}\n\nKestrel is reinventing the database stack for everyone.\n\nRole\n\n"
          "We are looking for {role} people.\n\nRequirements\n\n{need} experience.\nFive years of work.\n\n"
          "This is a full-time position.\n")
    parts = [ad.format(role="Senior Cloud Engineer", tags="Cloud, DevOps", need="AWS"),
             ad.format(role="Senior Backend Developer", tags="Python, Cython", need="Cython"),
             ad.format(role="TypeScript Engineer", tags="TypeScript, Deno", need="Deno")]
    text = "Kestrel - Careers\n\n" + "\n\n" + "\n\n----------\n\n".join(parts)
    document = parse_plain(text, Path("kestrel-jobs.txt"))
    assert heading_path(document, "Cython experience") == ("Senior Backend Developer", "Requirements")
    assert heading_path(document, "AWS experience") == ("Senior Cloud Engineer", "Requirements")
    assert heading_path(document, "Deno experience") == ("TypeScript Engineer", "Requirements")


def test_a_labels_entries_set_apart_by_blank_lines_are_entries_where_labels_are_set_apart() -> None:
    """Probe Z11's Motive ad, copied from a job board: "What You'll Do:" and "What We're Looking For:" each between
    blank lines, every entry a paragraph of its own. The entries had been headings, each over the next, and a line
    broken after "such as" one more."""
    text = ("Site Reliability Engineer\n\nMotive\n\n\nAbout the Role:\n\nYou will keep the platform up for all of our "
            "customers, every day of the year.\n\nWhat You'll Do:\n\nIdentify and remove bottlenecks from systems in "
            "production\n\nEnsure 99.99% customer-facing uptime\n\nWhat We're Looking For:\n\nExperience with container "
            "orchestration frameworks such as\nKubernetes, Docker Swarm\nor similar.\n\nKnowledge of Python or Bash\n")
    document = parse_plain(text, Path("motive.txt"))
    assert heading_path(document, "Ensure 99.99%")[-1] == "What You'll Do:"
    assert heading_path(document, "Identify and remove")[-1] == "What You'll Do:"
    joined = block(document, "Experience with container orchestration")
    assert joined.text == "Experience with container orchestration frameworks such as Kubernetes, Docker Swarm or similar."
    assert heading_path(document, "Experience with container")[-1] == "What We're Looking For:"


def test_a_line_underlined_by_a_mark_as_long_as_it_is_a_heading_whatever_its_shape_or_neighbours() -> None:
    """Probe Z12's Made Tech handbook, hard-wrapped, underlines its headings: "How long are you taking?" (a question) and
    "REMOTE WORKING", right under a wrapped paragraph, had been lines of the paragraph, and "Refusing a Request for Remote
    Working", right under a list entry, had been read on into the entry."""
    text = ("Portside handbook\n\nHOLIDAY\n=======\n\nWe trust you to take the holiday you need, at least the minimum\n"
            "of 23 days a year.\n\nHow long are you taking?\n------------------------\n\n"
            "Give us two weeks of notice for a day off\nand four weeks for more.\n\n"
            "  * Ask your team if it is okay with them\n  * Put the holiday in the shared\n    calendar\n"
            "Refusing a request\n------------------\n\nA team may refuse a request that clashes with a planning session,\n"
            "though rarely.\nREMOTE WORKING\n==============\n\nWe default to remote working.\n")
    document = parse_plain(text, Path("portside-handbook.txt"))
    assert outline(document) == [(1, "Portside handbook"), (1, "HOLIDAY"), (2, "How long are you taking?"),
                                 (2, "Refusing a request"), (1, "REMOTE WORKING")]
    assert [entry for _depth, entry in items(document)] == ["* Ask your team if it is okay with them",
                                                            "* Put the holiday in the shared calendar"]
    # A rule longer or shorter than the line above it, closing a block, still underlines only a line standing alone.
    assert outline(parse_plain("Harbour Pilot\n\nTeam: Tugs\nShift: Nights\n" + "-" * 30 + "\n\nWe berth ships.\n",
                               Path("pilot.txt"))) == [(1, "Harbour Pilot")]


def test_two_lines_each_stating_an_amount_are_two_rows_whatever_case_the_second_opens_in() -> None:
    """Probe Z12's Open Collective ad lists its pay bands one a line, "very high (e.g. NY, SF) $112-$144k" over
    "high(e.g. London, Paris) $98-$126k": the lower-case start had read them as one wrapped line."""
    text = ("Senior Engineer at Portside\n\nPay is as follows, by cost of living:\nvery high (e.g. NY, SF) $112-$144k\n"
            "high (e.g. London, Paris) $98-$126k\nlow (e.g. Kyiv, Lagos) $70-$90k\n\nWe pay in dollars\nor euros.\n")
    document = parse_plain(text, Path("portside-engineer.txt"))
    assert [entry for _depth, entry in items(document)] == [
        "very high (e.g. NY, SF) $112-$144k", "high (e.g. London, Paris) $98-$126k", "low (e.g. Kyiv, Lagos) $70-$90k"]
    assert any(block.text == "We pay in dollars or euros." for block in document.blocks)


def test_an_html_sidebar_listing_the_pages_facts_a_footers_contact_sentence_stay_and_permalink_signs_go(tmp_path: Path) -> None:
    """Probe Z15's Read the Docs ad gives its pay and experience only in a sidebar list ("Salary: $60,000-$90,000"), and
    its headings end on Sphinx's "¶" permalinks; probes Z14 and Z15's FT ladder says whom to ask only in its footer
    ("Get in touch at ...@ft.com for help or advice."). The sidebar and the sentence had been dropped as chrome, and
    "¶" had ended the page's title."""
    page = tmp_path / "job.html"
    page.write_text(
        "<html><body><aside role='complementary'><h3>Job details</h3><ul><li>Location: Fully remote</li>"
        "<li>Salary: $60,000-$90,000</li><li>Experience: 3+ years in a software-related job</li></ul></aside>"
        "<aside><h3>Share</h3><ul><li>Twitter: <a href='https://t.example'>post</a></li></ul></aside>"
        "<main><h1>Product Developer<a class='headerlink' href='#product-developer'>¶</a></h1><p>Build the docs site.</p>"
        "</main><footer><p>© 2024 Kestrel</p><p>Get in touch at careers@kestrel.example for help or advice.</p>"
        "<p>careers@kestrel.example</p></footer></body></html>")
    document = parse_file(page)
    assert "- Salary: $60,000-$90,000" in document.lines and "- Experience: 3+ years in a software-related job" in document.lines
    assert "Get in touch at careers@kestrel.example for help or advice." in document.text
    assert document.text.count("careers@kestrel.example") == 1  # the address alone is the footer's
    assert document.title == "Product Developer"
    for chrome in ("¶", "Share", "© 2024", "Twitter"):
        assert chrome not in document.text


def test_a_hard_wrapped_paragraph_reads_on_by_its_last_line_and_markdown_asterisks_in_plain_text_are_markup() -> None:
    """Probe Z15's Aarhus ad, wrapped at 72 with addresses in brackets: a line of one long address had set the wrap width
    at 88, and a line after the paragraph's second had been weighed by all the lines joined so far, so "University in
    collaboration ..." started a paragraph of its own. Its "**International applicant?**" and "*Note*" kept their marks."""
    text = ("Research software engineer\n\n"
            "The Department of Clinical Medicine (<https://clin.example/>) at Aarhus\n"
            "University in collaboration with the Steno Diabetes Center Aarhus (SDCA;\n"
            "<https://www.steno.example/>) invites applications for research\n"
            "software engineer positions to work on a team on a recently funded\n"
            "Software and data project, which builds tools for finding and sharing\n"
            "Data that follows FAIR and open science principles in the clinic.\n\n"
            "See the description at\n(<https://steno-aarhus.example.io/dif-project/#deliverables-and-milestones>)\n\n"
            "*Note*, we share. **International applicant?** We help.\n")
    document = parse_plain(text, Path("aarhus-rse.txt"))
    paragraphs = [block.text for block in document.blocks if block.kind == "prose"]
    assert paragraphs[0].startswith("The Department of Clinical Medicine") and paragraphs[0].endswith("in the clinic."), paragraphs
    assert "Note, we share. International applicant? We help." in document.text
    assert "*" not in document.text


def test_a_breadcrumb_and_a_menu_toggle_copied_from_a_page_head_nothing() -> None:
    """Probe Z15's Yale policy, copied from its page: "Jump to content", "Search Toggle the Menu", "You are here" and the
    ">" between crumbs had each been headings, so the policy's sections sat under "Home > > > Work at Yale"."""
    text = ("Staff Policies | Kestrel\n\nJump to content\n\nSearch Toggle the Menu\n\nNews\nDirectories\nSearch\n\n"
            "You are here\n\nHome\n\n>\n\nWork at Kestrel\n\n>\n\nStaff Policies\n\nHolidays\n\nWe close on nine days a year.\n\n"
            "Sick Days\n\nStaff earn one sick day a month.\n")
    headings = [text for _level, text in outline(parse_plain(text, Path("kestrel_policies.txt")))]
    assert not {"Jump to content", "Search Toggle the Menu", "You are here", ">"} & set(headings), headings
    assert {"Holidays", "Sick Days"} <= set(headings)


def test_a_word_or_two_labelling_the_lines_of_its_paragraph_heads_them_where_headings_are_set_apart() -> None:
    """Probe Z15's civil-service form sets its headings apart, and writes "Essential" over each competency's skills and
    "Desirable" over the skills it would like: not set apart, they had been entries of the list they label, so "what is
    nice to have" got the essential skills too. Its "How to Apply" had held nothing, the label under it ("Please send
    completed application form to:") a section beside it."""
    text = ("Web Operations\n\nCOMPETENCIES\n\nSeeing the Big Picture\n\nEssential\nAnticipate technological change\n\n"
            "Delivering at Pace\n\nEssential\nMaintain performance in difficult circumstances\nReview performance levels\n\n"
            "SPECIALIST SKILLS\n\nEssential\nUnderstanding of web architectures\nScripting skills\n\n"
            "Desirable\nMonitoring tools\nContinuous integration\n\nHow to Apply\n\nPlease send the form to:\n"
            "jobs@kestrel.example quoting ref IRC74295\nNo later than 15 March 2013\n")
    document = parse_plain(text, Path("gds_web_ops.txt"))
    # A label right under a heading is its first words, not a section beside it that leaves it empty.
    assert heading_path(document, "No later than")[-2:] == ("How to Apply", "Please send the form to:")
    assert heading_path(document, "Monitoring tools")[-2:] == ("SPECIALIST SKILLS", "Desirable")
    assert heading_path(document, "Scripting skills")[-2:] == ("SPECIALIST SKILLS", "Essential")
    assert heading_path(document, "Review performance levels")[-2:] == ("Delivering at Pace", "Essential")
