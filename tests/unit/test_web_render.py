"""The sources panel's HTML: passages escaped, cited sentences marked, refusals listing the topics."""

from __future__ import annotations

from assistant.faces.web_render import highlight, sources_html

PAYLOAD = "<script>alert(1)</script> & <img src=x onerror=alert(1)>"


def citation(text: str, quotes: list[str], section: str = "Role > Salary > Overview", title: str = "Role",
             source: str = "corpus/role.txt") -> dict:
    return {"n": 1, "id": "c1", "source": source, "title": title, "section": section, "text": text, "quotes": quotes}


def test_cited_sentences_are_marked_and_the_rest_is_plain():
    text = "First sentence. Second sentence. Third sentence."
    assert highlight(text, ["Second sentence."]) == "First sentence. <mark>Second sentence.</mark> Third sentence."


def test_touching_or_overlapping_quotes_become_one_mark():
    text = "Alpha beta. Gamma delta. Epsilon."
    assert highlight(text, ["Gamma delta.", "Alpha beta. Gamma", "Epsilon."]) == (
        "<mark>Alpha beta. Gamma delta.</mark> <mark>Epsilon.</mark>"
    )


def test_a_quote_missing_from_the_passage_marks_nothing():
    assert highlight("Some text.", ["Other text."]) == "Some text."


def test_text_before_between_and_after_the_marks_is_escaped_too():
    assert highlight("<b> one. two <i> three.", ["one.", "three."]) == (
        "&lt;b&gt; <mark>one.</mark> two &lt;i&gt; <mark>three.</mark>"
    )


def test_a_source_card_shows_the_titled_heading_path_the_file_and_the_marked_passage():
    html = sources_html("What is the average?", [citation("Average: $130,000. Range: wide.", ["Average: $130,000."])], [])
    assert '<span class="source-section">Role &gt; Salary &gt; Overview</span>' in html
    assert '<div class="source-file">corpus/role.txt</div>' in html
    assert "<mark>Average: $130,000.</mark> Range: wide." in html


def test_markup_in_passages_headings_files_and_questions_is_escaped():
    cited = citation(f"Intro {PAYLOAD}", [PAYLOAD], section=PAYLOAD, title=PAYLOAD, source=f"corpus/{PAYLOAD}.txt")
    html = sources_html(PAYLOAD, [cited], [])
    assert "<script>" not in html and "<img" not in html
    assert '<div class="source-file">corpus/&lt;script&gt;alert(1)&lt;/script&gt;' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in html
    assert "<mark>&lt;script&gt;" in html


def test_a_refusal_lists_the_topics_the_documents_cover():
    html = sources_html("How do I bake bread?", [], ["Overview", "Salary <Ranges>"])
    assert "<li>Overview</li><li>Salary &lt;Ranges&gt;</li>" in html
    assert 'class="source"' not in html
