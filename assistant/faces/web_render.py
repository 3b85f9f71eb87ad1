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


def placeholder_html(text: str = SOURCES_PLACEHOLDER) -> str:
    return f'<p class="sources-none">{escape(text)}</p>'


DOCUMENTS_CSS = """
.documents { border-collapse: collapse; width: 100%; }
.documents th, .documents td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--border-color-primary); }
.documents td { overflow-wrap: anywhere; }
.passage { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; }
.passage-section { font-weight: 600; }
.passage-id { font-size: 0.85em; opacity: 0.75; font-family: monospace; }
.passage-text { white-space: pre-wrap; margin-top: 6px; overflow-wrap: anywhere; }
.scrolled { max-height: 520px; overflow-y: auto; }
#documents-status { min-height: 48px; }
"""


def _table(headings: list[str], rows: list[list[str]], css_class: str) -> str:
    """An HTML table of text cells, every cell escaped."""
    head = "".join(f"<th>{escape(heading)}</th>" for heading in headings)
    body = "".join("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css_class}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def documents_html(documents: list) -> str:
    """The indexed documents (assistant.documents.service.DocumentSummary), one row each."""
    if not documents:
        return '<p class="sources-none">No document is indexed yet.</p>'
    rows = [[document.title, document.file_name, document.format, str(document.passages),
             document.indexed_at or "before this record", document.version] for document in documents]
    return _table(["Title", "File", "Format", "Passages", "Indexed (UTC)", "Version"], rows, "documents")


def passages_html(document, passages: list) -> str:
    """One document's passages as the assistant sees them: heading path, id and text."""
    heading = f'<p class="sources-for">{escape(document.title)}: {len(passages)} passages from {escape(document.source)}</p>'
    cards = "".join(
        f'<li class="passage"><div class="passage-section">{escape(passage.section)}</div>'
        f'<div class="passage-id">{escape(passage.id)}</div>'
        f'<div class="passage-text">{escape(passage.text)}</div></li>'
        for passage in passages
    )
    return f'{heading}<ol class="sources scrolled">{cards}</ol>'


def changes_html(changes: list) -> str:
    """The recent changes (assistant.documents.changes.DocumentChange), newest first."""
    if not changes:
        return '<p class="sources-none">No change has been made from this page or the API yet.</p>'
    rows = [[change.changed_at, change.actor, change.action, change.file_name, str(change.passages_added),
             str(change.passages_removed), str(change.passages_unchanged)] for change in changes]
    return _table(["When (UTC)", "Who", "What", "File", "Passages added", "removed", "unchanged"], rows, "documents")
