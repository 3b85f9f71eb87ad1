"""The web chat's look: its CSS, and HTML for the sources panel, where every corpus string is escaped."""

from __future__ import annotations

from html import escape

SOURCES_PLACEHOLDER = "Ask a question: the passages an answer cites appear here."

CSS = """
.sources { padding-left: 0; list-style: none; margin: 0; }
.source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; }
.source-n { font-weight: 700; }
.source-section { font-weight: 600; }
.source-file { font-size: 0.85em; opacity: 0.75; overflow-wrap: anywhere; }
.source-text { white-space: pre-wrap; margin-top: 6px; overflow-wrap: anywhere; }
.source-text mark { background: #fde68a; color: #1f2937; border-radius: 3px; padding: 0 2px; }
.sources-for { font-size: 0.9em; margin: 0 0 8px; }
.sources-none { opacity: 0.8; }
#sources-panel { max-height: 640px; overflow-y: auto; }
.example-topic { font-weight: 600; margin: 6px 0 2px; }
@media (max-width: 480px) { #intro h1 { font-size: 1.5rem; } }
/* A refusal (and an error, the chat's other titled message) must look unlike an answer. */
.sources-refusal, #chat .thought-group {
  border-left: 4px solid #d97706; background: #fffbeb; color: #78350f; border-radius: 6px;
}
.sources-refusal { padding: 6px 12px; }
#chat .thought-group { font-size: var(--text-md); }
"""


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
