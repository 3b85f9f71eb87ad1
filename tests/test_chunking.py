"""Heading detection and chunk boundaries on the real role document, plus Markdown."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chunking import chunk_document
from assistant.loader import SourceDocument, load_corpus
from tests.conftest import CORPUS

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
def document() -> SourceDocument:
    (document,) = load_corpus([CORPUS])
    return document


@pytest.fixture(scope="module")
def chunks(document):
    return chunk_document(document, MAX_CHARS)


def test_top_level_sections_are_found_in_order(chunks):
    assert list(dict.fromkeys(chunk.headings[0] for chunk in chunks)) == TOP_LEVEL_SECTIONS


@pytest.mark.parametrize(
    "section",
    [
        "Salary Ranges (US Market, 2024) > Salary Breakdown",
        "Salary Ranges (US Market, 2024) > Factors Influencing Salary",
        "Core Responsibilities > Automation and Integration",  # from "3. Automation and Integration"
        "Requirements > Technical Skills > Cloud and Containerization",  # a bullet heading
        "Career Development > Career Progression > Mid-Level to Senior (7-10+ years experience)",
        "Common Challenges > Alert Management",
        "Market Demand > Compensation",
    ],
)
def test_heading_paths(chunks, section):
    assert section in {chunk.section for chunk in chunks}


def test_plain_bullets_are_not_mistaken_for_headings(chunks):
    sections = {chunk.section for chunk in chunks}
    assert not any(s.endswith(("Years of experience", "System design", "Performance bonuses")) for s in sections)


def test_chunks_are_verbatim_spans_within_one_top_level_section(document, chunks):
    text = document.text
    # Where each top-level heading line starts in the source.
    starts = sorted(text.index(f"\n{title}\n") + 1 if i else 0 for i, title in enumerate(TOP_LEVEL_SECTIONS))
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        owning = [s for s in starts if s <= chunk.start][-1]
        following = [s for s in starts if s > owning]
        assert not following or chunk.end <= following[0], f"{chunk.section} crosses into the next section"
        assert TOP_LEVEL_SECTIONS[starts.index(owning)] == chunk.headings[0]


def test_chunks_stay_small(chunks):
    assert max(len(chunk.text) for chunk in chunks) <= MAX_CHARS


def test_closing_sentences_are_split_from_the_last_bullet(chunks):
    by_text = {chunk.text: chunk for chunk in chunks}
    closing = next(c for t, c in by_text.items() if t.startswith("This overview provides"))
    assert closing.headings == ("Overview",)
    benefits = next(c for c in chunks if c.section == "Overview > Salary and Benefits")
    assert benefits.text.endswith("long-term equity incentive programs.")
    # Glued without a full stop: "... diverse projects By focusing on these areas, ..."
    assert any(c.text.startswith("By focusing on these areas") for c in chunks)
    assert any(c.text.endswith("Freelancing opportunities for flexibility and diverse projects") for c in chunks)
    # A label inside a bullet ("Continuous Learning: The dynamic ...") is not a split point.
    assert any(c.text.startswith("These trends highlight") for c in chunks)


def test_ids_are_stable_and_unique(document, chunks):
    again = chunk_document(document, MAX_CHARS)
    assert [c.id for c in again] == [c.id for c in chunks]
    assert len({c.id for c in chunks}) == len(chunks)


def test_every_chunk_carries_its_provenance(chunks):
    for chunk in chunks:
        metadata = chunk.metadata()
        assert metadata["source"] == "corpus/senior-ml-infrastructure-engineer.txt" or metadata["source"].endswith(
            "corpus/senior-ml-infrastructure-engineer.txt"
        )
        assert metadata["section"] and metadata["end"] > metadata["start"]


def test_markdown_headings_give_the_path(tmp_path: Path):
    text = "# Guide\nIntro line.\n\n## Pay\n- Base: $1\n- Bonus: $2\n\n### Equity\nSome equity text.\n\n# Other\nMore.\n"
    chunks = chunk_document(SourceDocument("guide.md", text), MAX_CHARS)
    assert [c.section for c in chunks] == ["Guide", "Guide > Pay", "Guide > Pay > Equity", "Other"]
    assert chunks[1].text == "## Pay\n- Base: $1\n- Bonus: $2"


def test_small_chunk_size_splits_a_section_at_line_boundaries(document):
    small = chunk_document(document, 200)
    trends = [c for c in small if c.headings == ("Industry Trends",)]
    assert len(trends) > 4
    assert all(c.text.startswith(("- ", "Industry Trends", "These trends")) for c in trends)
