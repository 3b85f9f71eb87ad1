"""HTML for the web chat's sources panel. Every corpus string goes through html.escape: passages are text."""

from __future__ import annotations

from html import escape

SOURCES_PLACEHOLDER = "Ask a question: the passages an answer cites appear here."


def _quote_spans(text: str, quotes: list[str]) -> list[tuple[int, int]]:
    """Where the quoted sentences sit in the passage, merged where they touch or overlap."""
    spans = sorted(
        (start, start + len(quote)) for quote in quotes if quote and (start := text.find(quote)) >= 0
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, quotes: list[str]) -> str:
    """The passage as escaped HTML, with the sentences the answer used in <mark>."""
    parts, position = [], 0
    for start, end in _quote_spans(text, quotes):
        parts += [escape(text[position:start]), f"<mark>{escape(text[start:end])}</mark>"]
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def _source_card(citation: dict) -> str:
    return (
        f'<li class="source" id="source-{citation["n"]}">'
        f'<div class="source-head"><span class="source-n">[{citation["n"]}]</span> '
        f'<span class="source-section">{escape(citation["section"] or "(no heading)")}</span></div>'
        f'<div class="source-file">{escape(citation["source"])}</div>'
        f'<div class="source-text">{highlight(citation["text"], citation["quotes"])}</div>'
        "</li>"
    )


def sources_html(question: str, citations: list[dict], topics: list[str]) -> str:
    """The passages an answer cites; for a refusal, the topics the role documents do cover."""
    heading = f'<p class="sources-for">Sources for: <q>{escape(question)}</q></p>'
    if not citations:
        covered = "".join(f"<li>{escape(topic)}</li>" for topic in topics)
        return heading + (
            '<div class="sources-refusal"><p>No passage covers this question, so nothing is cited. '
            f'The role documents cover:</p><ul>{covered}</ul><p>Try one of the example questions.</p></div>'
        )
    return heading + '<ol class="sources">' + "".join(_source_card(c) for c in citations) + "</ol>"


def placeholder_html() -> str:
    return f'<p class="sources-none">{escape(SOURCES_PLACEHOLDER)}</p>'
