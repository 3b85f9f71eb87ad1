"""Plain-text layout and chunk boundaries: the real role document, small plain texts, and the chunker itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.ingest.chunking import SECTION_SEPARATOR, chunk_document
from assistant.ingest.document import Block, ParsedDocument
from assistant.ingest.loader import load_corpus
from assistant.ingest.plain import parse_plain
from assistant.ingest.section_names import as_matched
from tests.conftest import CORPUS

ROLE_FILE = CORPUS / "senior-ml-infrastructure-engineer.txt"
TITLE = "Senior ML Infrastructure Engineer"
TOP_LEVEL_SECTIONS = [
    "Overview",
    "Core Responsibilities",
    "Requirements",
    "Career Development",
    "Market Demand",
    "Salary Ranges (US Market, 2024)",
    "Industry Trends",
    "Essential Soft Skills",
    "Best Practices",
    "Common Challenges",
]
MAX_CHARS = 700


@pytest.fixture(scope="module")
def document() -> ParsedDocument:
    corpus = load_corpus([CORPUS])
    assert corpus.skipped == []
    (document,) = corpus.documents
    return document


@pytest.fixture(scope="module")
def chunks(document):
    return chunk_document(document, MAX_CHARS)


def line_offsets(document: ParsedDocument) -> list[int]:
    """Where each block's line starts in the indexed text."""
    offsets, offset = [], 0
    for line in document.lines:
        offsets.append(offset)
        offset += len(line) + 1
    return offsets


# --- The real role document ---------------------------------------------------------------------


def test_the_title_comes_from_the_file_name_spelt_as_the_text_spells_it(document):
    # The file's first line ("Overview") heads a section with prose under it: it is not a title.
    assert document.title == TITLE
    assert document.title_is_first_block is False
    assert document.source.endswith("corpus/senior-ml-infrastructure-engineer.txt")
    assert document.blocks[0] == Block("heading", "Overview", 1)


def test_every_heading_path_starts_with_the_title(chunks):
    assert chunks and all(chunk.headings[0] == TITLE and chunk.title == TITLE for chunk in chunks)
    assert all(chunk.section == SECTION_SEPARATOR.join(chunk.headings) for chunk in chunks)


def test_top_level_sections_are_found_in_order(document, chunks):
    assert list(dict.fromkeys(chunk.headings[1] for chunk in chunks)) == TOP_LEVEL_SECTIONS
    # The same, read off the document model: the level-1 headings and nothing else.
    assert [b.text for b in document.blocks if b.kind == "heading" and b.level == 1] == TOP_LEVEL_SECTIONS


@pytest.mark.parametrize(
    "section",
    [
        "Salary Ranges (US Market, 2024) > Salary Breakdown",
        "Salary Ranges (US Market, 2024) > Factors Influencing Salary",
        "Core Responsibilities > Automation and Integration",  # from "3. Automation and Integration"
        "Requirements > Technical Skills > Cloud and Containerization",  # a bullet heading
        "Career Development > Career Progression > Mid-Level to Senior (7-10+ years experience)",  # a label
        "Common Challenges > Alert Management",
        "Market Demand > Compensation",
    ],
)
def test_heading_paths(chunks, section):
    assert f"{TITLE}{SECTION_SEPARATOR}{section}" in {chunk.section for chunk in chunks}


def test_numbered_and_bulleted_sub_headings_keep_their_markers(document):
    headings = {block.text: block for block in document.blocks if block.kind == "heading"}
    assert headings["Automation and Integration"] == Block("heading", "Automation and Integration", 2, "3. ")
    assert headings["Cloud and Containerization"] == Block("heading", "Cloud and Containerization", 3, "- ")
    assert headings["Mid-Level to Senior (7-10+ years experience):"].marker == "- "
    # The indexed line is the source line, marker and all.
    assert "\n3. Automation and Integration\n" in document.text
    assert "\n- Cloud and Containerization\n" in document.text


def test_plain_bullets_are_not_mistaken_for_headings(document, chunks):
    sections = {chunk.section for chunk in chunks}
    for entry in ("Years of experience", "System design", "Performance bonuses"):
        assert not any(s.endswith(entry) for s in sections), entry
        assert Block("item", entry, 1, "- ") in document.blocks
    # A bullet with a label ("Cloud and Containerization: Proficiency in ...") is an entry, not a heading.
    trend = next(b for b in document.blocks if b.text.startswith("Cloud and Containerization: Proficiency"))
    assert trend.kind == "item"


def test_every_source_line_is_a_block_and_no_word_is_lost(document):
    """Each line is one block, except that a closing sentence glued to a part's last bullet is its own."""
    source = [line.strip() for line in ROLE_FILE.read_text().splitlines() if line.strip()]
    lines = list(document.lines)
    closings = [(a, b) for a, b in zip(lines, lines[1:]) if f"{a} {b}" in source]
    assert len(closings) == 10  # the parts that end in a summing-up sentence
    for bullet, closing in closings:
        assert bullet.startswith("- ") and closing[0].isupper() and closing.endswith(".")
    merged = [line for line in lines]
    for bullet, closing in closings:
        index = merged.index(bullet)
        merged[index : index + 2] = [f"{bullet} {closing}"]
    assert merged == source
    assert document.text.split() == " ".join(source).split()


def test_chunks_are_spans_of_the_indexed_text_within_one_top_level_section(document, chunks):
    text = document.text
    offsets = line_offsets(document)
    starts = [offsets[i] for i, block in enumerate(document.blocks) if block.kind == "heading" and block.level == 1]
    assert len(starts) == len(TOP_LEVEL_SECTIONS)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert chunk.start in offsets, "a chunk starts at the start of a line"
        assert chunk.end == len(text) or text[chunk.end] == "\n", "a chunk ends at the end of a line"
        owning = [s for s in starts if s <= chunk.start][-1]
        following = [s for s in starts if s > owning]
        assert not following or chunk.end <= following[0], f"{chunk.section} crosses into the next section"
        assert TOP_LEVEL_SECTIONS[starts.index(owning)] == chunk.headings[1]


def test_line_kinds_say_what_each_line_of_a_chunk_is(document, chunks):
    kind_at = {offset: block.kind[0] for offset, block in zip(line_offsets(document), document.blocks)}
    for chunk in chunks:
        lines = chunk.text.split("\n")
        assert len(chunk.line_kinds) == len(lines)
        starts = [chunk.start + sum(len(line) + 1 for line in lines[:i]) for i in range(len(lines))]
        assert chunk.line_kinds == "".join(kind_at[start] for start in starts)
    alert = next(c for c in chunks if c.section.endswith("Common Challenges > Alert Management"))
    assert alert.line_kinds == "hii" and alert.text.startswith("- Alert Management\n- Reducing alert fatigue")


@pytest.mark.parametrize("max_chars", [MAX_CHARS, 300, 200])
def test_chunks_stay_small_unless_one_block_is_longer(document, max_chars):
    longest_line = max(len(line) for line in document.lines)
    assert longest_line > 200  # so the 200 case really has blocks longer than a chunk
    for chunk in chunk_document(document, max_chars):
        assert len(chunk.text) <= max_chars or "\n" not in chunk.text, chunk.section


def test_a_small_chunk_size_splits_a_section_at_line_boundaries(document):
    small = chunk_document(document, 200)
    trends = [c for c in small if c.headings == (TITLE, "Industry Trends")]
    assert len(trends) > 4
    assert trends[0].text.startswith("Industry Trends\n")
    assert all(c.text.startswith(("- ", "Industry Trends", "The role of", "These trends highlight")) for c in trends)
    # Together the pieces are the whole section, in order, with nothing lost or repeated.
    assert "\n".join(c.text for c in trends) == document.text[trends[0].start : trends[-1].end]


def test_closing_sentences_glued_to_the_last_bullet_are_split_off(document):
    """The source glues a section's closing remarks onto its last bullet; they are not part of that entry.

    Otherwise "This overview provides ..." is quoted as a benefit, and "These trends highlight ..." as a trend.
    """
    lines = set(document.lines)
    assert "- Additional benefits may include annual bonuses, sales incentives, or long-term equity incentive programs." in lines
    assert any(line.startswith("This overview provides") for line in lines)
    # Glued without a full stop: "... diverse projects By focusing on these areas, ..."
    assert "- Freelancing opportunities for flexibility and diverse projects" in lines
    assert any(line.startswith("By focusing on these areas") for line in lines)
    # A label inside a bullet ("Continuous Learning: The dynamic ...") is not a split point; the closing remark is.
    assert any(line.startswith("- Continuous Learning: The dynamic nature") for line in lines)
    assert any(line.startswith("These trends highlight") for line in lines)


MULTI_SENTENCE_ENTRIES = """Why the bands look like this

- Each band is wide enough for two raises. Nobody waits years for a promotion to be paid more.
- Bands overlap by a fifth. This keeps a move up from looking like a pay cut for the mentor who stays.
"""


def test_an_entry_in_a_list_of_several_sentence_entries_keeps_its_second_sentence():
    """A closing remark is split off a last bullet only in a list of one-sentence entries: where entries run
    to several sentences, the last one's second sentence is its own ("This keeps ..." is about overlap)."""
    assert kinds(parse(MULTI_SENTENCE_ENTRIES))[-1] == (
        "item", "Bands overlap by a fifth. This keeps a move up from looking like a pay cut for the mentor who stays.")


def test_ids_are_stable_and_unique(document, chunks):
    again = chunk_document(load_corpus([CORPUS]).documents[0], MAX_CHARS)
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(re.fullmatch(r"[0-9a-f]{16}", c.id) for c in chunks)


def test_an_edit_changes_only_the_id_of_the_chunk_it_is_in(document, chunks, tmp_path):
    copy = tmp_path / "corpus" / ROLE_FILE.name
    copy.parent.mkdir()
    copy.write_text(ROLE_FILE.read_text().replace("~$170,193", "~$171,000"))
    edited = chunk_document(parse_plain(copy.read_text(), copy), MAX_CHARS)
    # The source differs (another path), so compare by what the ids are made of: section and text.
    before = {(c.section, c.text) for c in chunks}
    after = {(c.section, c.text) for c in edited}
    assert len(before - after) == 1 and len(after - before) == 1
    ((section, text),) = after - before
    assert section == f"{TITLE} > Market Demand > Compensation" and "~$171,000" in text


def test_every_chunk_carries_its_provenance(chunks):
    for chunk in chunks:
        metadata = chunk.metadata()
        assert metadata["source"].endswith("corpus/senior-ml-infrastructure-engineer.txt")
        assert metadata["title"] == TITLE
        assert metadata["section"] == chunk.section and metadata["section"].startswith(f"{TITLE} > ")
        assert metadata["end"] > metadata["start"]
        assert metadata["line_kinds"] == chunk.line_kinds and metadata["format"] == "text"
        assert chunk.embedding_text == f"{as_matched(chunk.section)}\n{chunk.text}"


# --- Plain-text layout on small texts -------------------------------------------------------------


def parse(text: str, name: str = "notes.txt") -> ParsedDocument:
    return parse_plain(text, Path(name))


def kinds(document: ParsedDocument) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in document.blocks]


UNBULLETED_LIST = """Platform Team Guide

Overview
The platform team builds and runs the shared infrastructure that every product team deploys on, and keeps it reliable.

Tools we use
Kubernetes for container orchestration
Terraform for infrastructure as code
Prometheus and Grafana for monitoring
Argo CD for deployments

On-call
Every engineer joins the on-call rota after their first three months on the team.
"""

# Each bulleted program lists what it covers without bullets; its last entry runs straight into the
# next bullet, or into a paragraph: an entry all the same, never a heading.
LIST_INTO_BULLET = """Family Benefits

Programs
- Parenting: coaching and childcare resources until your child turns ten. It covers:
Pediatric care
Parent coaching
Expense management
- Menopause: specialist care and treatment guidance. It covers:
Symptom management
Wellness coaches
Career coaching
Every program is free to use for all employees and their partners, wherever they live.
"""

# Copied from a web page: every heading has a blank line on both sides, and a list may follow its
# lead-in sentence after a blank line. Its first entry is an entry, not a heading.
WEB_COPY = """Data Engineer

What does the job entail?

You will build the pipelines our public sector clients rely on.

Optional experience

None of this is required, but all of it helps!

Pair programming
Infrastructure as code (e.g. Terraform)
Working knowledge of statistics

Salary

The salary depends on location:
UK: £38,500 - £49,500
London: £40,425 - £57,750
"""

# A short document of short lines: no line is long enough to set a wrap width.
SHORT_CHECKLIST = """Onboarding Checklist

Before day one
Laptop ordered
Accounts created
Badge printed
Buddy assigned
"""

HARD_WRAPPED = """Platform Notes

Deploys
The platform team owns the build system, the deploy pipeline and the
metrics stack, and it answers pages for all three services during
working hours on weekdays. Outside those hours the product teams page
their own on-call engineer first.

Budgets
Each team gets a monthly cloud budget and a dashboard that shows its
spend against that budget, refreshed every morning from the billing
export.
"""

HANGING_INDENT = """Platform Notes

Duties
- Keep the deploy pipeline green and fix flaky tests before they
  block anyone else on the team
- Review every infrastructure change that touches production
- Write the postmortem for any incident you were paged for, within
  five working days
"""

NUMBERED_PARTS = """Reliability Handbook

1. The platform role

Platform engineers build the paved road that product teams deploy on, and they own the shared clusters.

2. The SRE role

Site reliability engineers own availability targets, run the on-call rota and lead incident reviews.
"""

# The first line is not alone: a heading with its paragraph right under it, so the file name is the title.
NO_TITLE_LINE = """Salary Guide
The average base salary is $150,000 a year, paid monthly.

Benefits
Health cover and a pension plan are included for every employee.
"""

# The smallest corpus the web tests ingest.
ONE_PARAGRAPH = "Salary\nThe average base salary is $150,000 a year.\n"

SAMPLES = {
    "unbulleted list": UNBULLETED_LIST,
    "list into a bullet": LIST_INTO_BULLET,
    "web copy": WEB_COPY,
    "short checklist": SHORT_CHECKLIST,
    "hard-wrapped": HARD_WRAPPED,
    "hanging indent": HANGING_INDENT,
    "numbered parts": NUMBERED_PARTS,
    "no title line": NO_TITLE_LINE,
    "one paragraph": ONE_PARAGRAPH,
}


@pytest.mark.parametrize("text", [UNBULLETED_LIST, SHORT_CHECKLIST], ids=["between paragraphs", "short checklist"])
def test_an_unbulleted_list_under_a_heading_stays_a_list(text):
    document = parse(text)
    source_lines = [line for line in text.splitlines() if line.strip()]
    heading_at = source_lines.index(next(line for line in source_lines if line in ("Tools we use", "Before day one")))
    entries = source_lines[heading_at + 1 : heading_at + 5]
    blocks = kinds(document)
    # The heading line is one heading; each entry line is one item, none of them a heading or joined to another.
    assert ("heading", source_lines[heading_at]) in blocks
    assert [block for block in blocks if block[1] in entries] == [("item", entry) for entry in entries]
    listed = [c for c in chunk_document(document, MAX_CHARS) if c.headings[-1] == source_lines[heading_at]]
    assert len(listed) == 1 and listed[0].text.split("\n") == [source_lines[heading_at], *entries]
    assert listed[0].line_kinds == "hiiii"


def test_an_unbulleted_list_running_into_a_bullet_or_a_paragraph_ends_with_an_entry():
    blocks = kinds(parse(LIST_INTO_BULLET))
    assert [text for kind, text in blocks if kind == "heading"] == ["Family Benefits", "Programs"]
    assert ("item", "Expense management") in blocks and ("item", "Career coaching") in blocks


def test_a_web_copy_that_sets_headings_apart_keeps_its_lists_whole():
    document = parse(WEB_COPY, "data-engineer.txt")
    assert outline_of(document) == [
        (1, "Data Engineer"), (1, "What does the job entail?"), (1, "Optional experience"), (1, "Salary"),
        (2, "The salary depends on location:"),
    ]
    blocks = kinds(document)
    for entry in ("Pair programming", "Infrastructure as code (e.g. Terraform)", "UK: £38,500 - £49,500"):
        assert ("item", entry) in blocks


def outline_of(document: ParsedDocument) -> list[tuple[int, str]]:
    return [(block.level, block.text) for block in document.blocks if block.kind == "heading"]


def test_a_list_between_paragraphs_makes_no_false_headings():
    document = parse(UNBULLETED_LIST)
    headings = [block.text for block in document.blocks if block.kind == "heading"]
    assert headings == ["Platform Team Guide", "Overview", "Tools we use", "On-call"]


def test_a_hard_wrapped_paragraph_joins_into_one_prose_block():
    document = parse(HARD_WRAPPED)
    assert kinds(document) == [
        ("heading", "Platform Notes"),
        ("heading", "Deploys"),
        ("prose", "The platform team owns the build system, the deploy pipeline and the metrics stack, and it answers "
                  "pages for all three services during working hours on weekdays. Outside those hours the product "
                  "teams page their own on-call engineer first."),
        ("heading", "Budgets"),
        ("prose", "Each team gets a monthly cloud budget and a dashboard that shows its spend against that budget, "
                  "refreshed every morning from the billing export."),
    ]


# Wrapped at 72: the opening line of "Handover" is the text's longest, longer than most lines reach.
WRAPPED_LONGEST_LINE = """Rota Guide

Shifts

The on-call engineer owns the pager for one week, from the Monday
handover call until the next one, and keeps the incident log up to
date while the shift runs. Every page is acknowledged within minutes,
and anything that cannot wait is escalated to the duty manager, who
decides whether to wake the owning team. Quiet weeks are spent on the
automation backlog, which the team reviews together every Thursday.

Handover

Each shift starts and ends with a handover call at 09:30 in the morning,
Lisbon time. Open incidents move to the next engineer with their notes,
their owners and any follow-up actions attached, so that nothing gets
lost on the way.
"""


def test_a_wrapped_line_at_the_full_width_joins_even_before_a_capital():
    # Cut there, its first line ("... in the morning,") would read as an unbulleted list entry.
    handover = kinds(parse(WRAPPED_LONGEST_LINE))[-1]
    assert handover == ("prose", "Each shift starts and ends with a handover call at 09:30 in the morning, Lisbon time. "
                                 "Open incidents move to the next engineer with their notes, their owners and any "
                                 "follow-up actions attached, so that nothing gets lost on the way.")


def test_a_bullet_with_a_hanging_indent_continuation_joins():
    document = parse(HANGING_INDENT)
    assert [(b.kind, b.marker, b.text) for b in document.blocks[2:]] == [
        ("item", "- ", "Keep the deploy pipeline green and fix flaky tests before they block anyone else on the team"),
        ("item", "- ", "Review every infrastructure change that touches production"),
        ("item", "- ", "Write the postmortem for any incident you were paged for, within five working days"),
    ]
    assert document.blocks[1] == Block("heading", "Duties", 2)


def test_a_numbered_part_heading_standing_alone_is_a_heading():
    document = parse(NUMBERED_PARTS)
    assert document.blocks[1] == Block("heading", "The platform role", 1, "1. ")
    assert document.blocks[3] == Block("heading", "The SRE role", 1, "2. ")
    assert "\n2. The SRE role\n" in document.text
    sre = [c for c in chunk_document(document, MAX_CHARS) if c.section == "Reliability Handbook > The SRE role"]
    assert len(sre) == 1 and sre[0].text.endswith("lead incident reviews.") and sre[0].line_kinds == "hp"


def test_the_first_line_standing_alone_is_the_title():
    document = parse(UNBULLETED_LIST, "guide.txt")
    assert document.title == "Platform Team Guide" and document.title_is_first_block
    assert document.blocks[0] == Block("heading", "Platform Team Guide", 1)
    chunks = chunk_document(document, MAX_CHARS)
    # The title heads every path once, and its own line is not a passage. A heading over a list heads a
    # sub-section; over prose, a top-level one.
    assert [c.section for c in chunks] == [
        "Platform Team Guide > Overview",
        "Platform Team Guide > Overview > Tools we use",
        "Platform Team Guide > On-call",
    ]
    assert all(c.headings.count("Platform Team Guide") == 1 for c in chunks)


def test_a_first_line_that_does_not_stand_alone_is_a_heading_and_the_file_name_is_the_title():
    document = parse(NO_TITLE_LINE, "pay-notes.txt")
    assert document.title == "Pay notes" and not document.title_is_first_block
    assert kinds(document) == [
        ("heading", "Salary Guide"),
        ("prose", "The average base salary is $150,000 a year, paid monthly."),
        ("heading", "Benefits"),
        ("prose", "Health cover and a pension plan are included for every employee."),
    ]


def test_a_short_line_stating_an_amount_is_a_fact_never_a_heading():
    document = parse("Data Analyst\nAcme\n💰 65k-95k USD   🌎 Remote\n\nAcme builds tools that help farmers plan their harvests.\n", "acme.txt")
    assert kinds(document)[1:] == [
        ("item", "Acme"),
        ("item", "💰 65k-95k USD 🌎 Remote"),
        ("prose", "Acme builds tools that help farmers plan their harvests."),
    ]


# A careers page's "at a glance" box, copied: each label on a line over its value.
FACT_BOX = """Data Platform Engineer

At a glance
Typical experience
3-6 years
Core languages
Python, SQL and Scala, with some Go for internal tooling on the streaming side of the platform team
Work pattern
Hybrid, two days a week in the Leeds office

What you will do
- Run the nightly batch pipelines
"""


def test_a_fact_box_of_labels_over_values_reads_as_label_value_entries():
    document = parse(FACT_BOX, "data-platform-engineer.txt")
    assert kinds(document)[1:] == [
        ("heading", "At a glance"),
        ("item", "Typical experience: 3-6 years"),
        # a long value stays its label's: the label after it is no wrapped line of it
        ("item", "Core languages: Python, SQL and Scala, with some Go for internal tooling on the streaming side of the platform team"),
        ("item", "Work pattern: Hybrid, two days a week in the Leeds office"),
        ("heading", "What you will do"),
        ("item", "Run the nightly batch pipelines"),
    ]
    assert re.findall(r"\w[\w'-]*", document.text) == re.findall(r"\w[\w'-]*", FACT_BOX)  # every word, in order


def test_a_heading_over_a_one_line_paragraph_is_not_joined_to_it():
    # Two lines are too few to tell a wrap width from: the short line is a heading, not a wrapped line.
    document = parse(ONE_PARAGRAPH, "role.txt")
    assert kinds(document) == [("heading", "Salary"), ("prose", "The average base salary is $150,000 a year.")]


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_no_line_is_ever_dropped(text):
    document = parse(text)
    # Every word of the input, in order, and nothing else: markers are kept, no markup is added.
    assert document.text.split() == text.split()
    assert len(document.lines) <= len([line for line in text.splitlines() if line.strip()])


@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_plain_text_gets_no_markdown(text):
    document = parse(text)
    assert not any(line.startswith(("#", ">", "**")) or "**" in line for line in document.lines)
    for chunk in chunk_document(document, MAX_CHARS):
        assert not any(part.startswith("#") for part in chunk.headings)
        assert document.text[chunk.start : chunk.end] == chunk.text


TWO_LEVEL_LISTS = {
    # As copied from a careers page: "•" entries, "◦" entries nested under them without any indent.
    "glyphs": """Harbour Pilot

Who you are

• You have worked with:
◦ Tide Tables
◦ Radar Plotting
◦ Vessel Traffic Services
• Comfortable on night shifts
• Calm under pressure

Perks

• Paid leave
• Yearly allowances for:
◦ Boots and oilskins
◦ First Aid Courses
• Free ferry travel

We welcome applicants from every background and judge each one on their record alone.
""",
    # Typed marks, nested by their indent.
    "indent": """Harbour Pilot

Who you are

- You have worked with:
    - Tide Tables
    - Radar Plotting
    - Vessel Traffic Services
- Comfortable on night shifts
- Calm under pressure

Perks

- Paid leave
- Yearly allowances for:
   - Boots and oilskins
   - First Aid Courses
- Free ferry travel

We welcome applicants from every background and judge each one on their record alone.
""",
}


def section_of(document: ParsedDocument, text: str) -> str:
    """The heading path of the passage holding the first line that contains `text`, below the title."""
    chunk = next(c for c in chunk_document(document, MAX_CHARS) if text in c.text)
    return SECTION_SEPARATOR.join(chunk.headings[1:])


@pytest.mark.parametrize("text", TWO_LEVEL_LISTS.values(), ids=TWO_LEVEL_LISTS.keys())
def test_nested_bullets_are_entries_that_their_bullet_leads_up_to_the_end_of_the_nesting(text):
    """Nested entries ("◦ Tide Tables") had been headings cutting one list into sections, and the bullet
    over them ("Yearly allowances for:") a heading that took in the entries and prose after its own."""
    document = parse(text)

    assert [line for line in document.lines if "Tide" in line or "First Aid" in line] == [
        line.strip() for line in text.splitlines() if "Tide" in line or "First Aid" in line]  # as written
    for entry in ("Tide Tables", "Radar Plotting", "Vessel Traffic Services", "Boots and oilskins", "First Aid Courses"):
        assert next(b for b in document.blocks if b.text == entry).kind == "item"
        assert next(b for b in document.blocks if b.text == entry).level == 2
    assert [(b.text, b.entry_depth) for b in document.blocks if b.entry_depth] == [
        ("You have worked with:", 1), ("Yearly allowances for:", 1)]
    assert section_of(document, "Radar Plotting") == "Who you are > You have worked with"
    assert section_of(document, "Calm under pressure") == "Who you are"
    assert section_of(document, "First Aid Courses") == "Perks > Yearly allowances for"
    assert section_of(document, "Free ferry travel") == "Perks"
    assert section_of(document, "We welcome applicants") == "Perks"


def test_a_second_level_written_as_the_letter_o_is_a_nested_entry():
    document = parse("Pilot Perks\n\n• Allowances for:\no Boots\no Courses\n• Free travel\n")
    assert document.lines == ("Pilot Perks", "• Allowances for:", "◦ Boots", "◦ Courses", "• Free travel")
    assert [(b.kind, b.level) for b in document.blocks[2:]] == [("item", 2), ("item", 2), ("item", 1)]


LIST_OF_LIKE_ENTRIES = """Harbour Pilot
Port of Ashby
Remote within the UK

What you will do:

• Guide ships through the harbour mouth
• Plan each passage with the master

What you must have: (These are needed on your first day)

• A pilot's licence for vessels over ten thousand tonnes
• Experience with radar plotting

Bonus points!

• Previous experience as a deck officer
• Previous Experience with Tugboats
• Familiarity with the Ashby estuary

The salary range for this position is £60,000 - £80,000.
"""


def test_a_capitalised_bullet_among_like_entries_is_an_entry_and_lists_are_named_by_their_labels():
    """'Previous Experience with Tugboats' had been a heading over the rest of the list and the salary; the
    label with an aside had been an entry of the list before it, and 'Bonus points!' prose."""
    document = parse(LIST_OF_LIKE_ENTRIES)

    assert ("item", "Previous Experience with Tugboats") in kinds(document)
    assert [b.text for b in document.blocks if b.kind == "heading"] == [
        "Harbour Pilot", "What you will do:", "What you must have:", "Bonus points!"]
    assert ("prose", "(These are needed on your first day)") in kinds(document)
    assert section_of(document, "radar plotting") == "What you must have"
    assert section_of(document, "Ashby estuary") == "Bonus points!"
    assert section_of(document, "The salary range") == "Bonus points!"


def test_title_like_bullets_title_groups_only_in_a_list_they_divide():
    grouped = parse("Skills\n- Cloud Platforms\n- Runs services on AWS.\n- Data Tooling\n- Builds dbt models.\n")
    assert [b.text for b in grouped.blocks if b.kind == "heading"] == ["Skills", "Cloud Platforms", "Data Tooling"]
    # One capitalised entry in the middle of a list does not divide it.
    flat = parse("Skills\n- runs services on AWS\n- Cloud Platforms\n- builds dbt models\n- writes Python\n")
    assert [b.text for b in flat.blocks if b.kind == "heading"] == ["Skills"]


# --- The chunker over the document model, whatever the format -----------------------------------


def test_an_entry_leading_nested_entries_heads_them_only():
    document = ParsedDocument(
        "guide.md",
        "Guide",
        (
            Block("heading", "Perks", 2),
            Block("item", "Paid leave", 1, "- "),
            Block("heading", "Allowances for:", 8, "- ", entry_depth=1),
            Block("item", "Boots", 2, "- "),
            Block("heading", "Courses:", 9, "- ", entry_depth=2),
            Block("item", "First aid", 3, "- "),
            Block("item", "Gear", 2, "- "),
            Block("item", "Free travel", 1, "- "),
            Block("prose", "Ask HR."),
            Block("heading", "Pay", 2),
            Block("prose", "Monthly."),
        ),
    )
    chunks = chunk_document(document, MAX_CHARS)
    assert [(c.section, c.text) for c in chunks] == [
        ("Guide > Perks", "Perks\n- Paid leave"),
        ("Guide > Perks > Allowances for", "- Allowances for:\n- Boots"),
        ("Guide > Perks > Allowances for > Courses", "- Courses:\n- First aid"),
        ("Guide > Perks > Allowances for", "- Gear"),
        ("Guide > Perks", "- Free travel\nAsk HR."),
        ("Guide > Pay", "Pay\nMonthly."),
    ]
    for chunk in chunks:
        assert document.text[chunk.start : chunk.end] == chunk.text


def test_heading_levels_give_the_path_and_every_heading_is_a_passage_of_its_own():
    document = ParsedDocument(
        "guide.md",
        "Guide",
        (
            Block("heading", "Guide", 1),
            Block("prose", "Intro line."),
            Block("heading", "Pay", 2),
            Block("item", "Base: $1", 1, "- "),
            Block("item", "Bonus: $2", 1, "- "),
            Block("heading", "Equity", 3),
            Block("prose", "Some equity text."),
            Block("heading", "Perks", 2),  # heading only, and the next section does not name it
            Block("heading", "Other", 2),
            # "Other" is still a passage: an outline of the guide quotes it, and its line is text like any other.
            Block("heading", "More", 3),
            Block("prose", "More."),
        ),
        title_is_first_block=True,
    )
    chunks = chunk_document(document, MAX_CHARS)
    assert [c.section for c in chunks] == [
        "Guide", "Guide > Pay", "Guide > Pay > Equity", "Guide > Perks", "Guide > Other", "Guide > Other > More",
    ]
    assert chunks[0].text == "Intro line." and chunks[0].line_kinds == "p"
    assert chunks[1].text == "Pay\n- Base: $1\n- Bonus: $2" and chunks[1].line_kinds == "hii"
    assert chunks[1].title == "Guide" and chunks[1].headings == ("Guide", "Pay")
    for chunk in chunks:
        assert document.text[chunk.start : chunk.end] == chunk.text
