"""What an answer is made of, whichever answerer made it: statements quoted from passages, the
citations they rest on, and the answer (or refusal) that numbers and renders them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping

import numpy as np

from assistant.retrieval.retriever import Retrieved
from assistant.retrieval.store import StoredChunk

# A job board's buttons and links copied with the page: "Apply", "CLICK TO APPLY", "Apply for this Job", "Back to jobs".
CALL_TO_ACTION = re.compile(
    r"\s*(?:(?:click\s+(?:here\s+)?to\s+)?apply(?:\s+(?:now|here|today|for\s+this\s+(?:job|role|position)))?|back\s+to\s+(?:all\s+)?jobs|"
    r"see\s+all\s+(?:jobs|openings)|share\s+this\s+(?:job|role|position)|learn\s+more|read\s+more|click\s+here)\s*[.!:]?\s*",
    re.IGNORECASE,
)
# A page's links to the pages before and after it ("« Learning time Travel for Status »", "← Hiring · Communication
# →"): an arrow or guillemet opening the line backwards or closing it forwards; one leading a list entry is its bullet.
PAGER_LINK = re.compile(r"\s*(?:[«‹←].*|.*[»›→])\s*")
# The words of a documentation site's frame copied with its page ("Previous", "Next", "On this page", "Powered by
# GitBook", "Last updated 3 years ago", the "⌃K" of its search box).
PAGE_FRAME = re.compile(r"\s*(?:previous|next|search|menu|on\s+this\s+page|table\s+of\s+contents|powered\s+by\s+\S+"
                        r"|last\s+(?:updated|modified)\b.*|edit\s+(?:this\s+page|on\s+github)|[⌃⌘]\s*\w)\s*[.:]?\s*",
                        re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    """What an answerer is given: the question as asked of its documents (their names taken out),
    its embedding, the passages retrieved for it, the words naming each document it is about (by
    source), whether the question named that document itself, its own wording, and the words naming
    the other documents it asks about (a comparison's other side), and whether it asks on from the
    conversation."""

    focus: str
    vector: np.ndarray
    passages: list[Retrieved]
    subject: Mapping[str, frozenset[str]] = field(default_factory=dict)
    names_its_document: bool = False
    wording: str = ""  # the question as asked, names and all ("PostHog's annual revenue")
    named_elsewhere: frozenset[str] = frozenset()  # the words naming the other documents it asks about
    follows_up: bool = False  # asks on from the conversation, whose words it leans on ("Did that hit seniors too?")


@dataclass(frozen=True)
class Statement:
    text: str  # verbatim from the passage (a "written" statement: the model's sentence)
    chunk: StoredChunk
    start: int  # offsets in chunk.text
    end: int
    position: int  # order within the passage
    # "heading"; "label" (a bulleted sub-heading that says something itself: "Mid-Level to Senior
    # (7-10+ years experience):"); "item" (a list entry); "prose"; "lead-in" (a sentence introducing
    # a list); "question" (one the document asks, as a FAQ does, and answers after it); or "written"
    # (a model's sentence, verified against the statement it rests on)
    kind: str
    score: float = 0.0  # how well it answers, for choosing and ordering statements
    relevance: float = 0.0  # how well it matches the question at all, for refusing (see StatementScorer.score)
    shared_words: float = 0.0  # the idf-weighted share of the question's words it (or its headings) uses
    asked: str = ""  # the question this statement answers, when the passage asked one just before it
    # The heading shown before the quote, when the heading settles the question: "Optional experience"
    # over "Terraform" answers "Is Terraform a must?", "Lead Programmer" answers "Which level owns ...?"
    shown_under: str = ""
    # A sentence a model wrote ("written") rests on this statement and, when it cites several passages,
    # on these too: each is the statement of its passage that supports the sentence best.
    also: tuple["Statement", ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.kind in ("heading", "label")

    @property
    def quotable(self) -> bool:
        """Says something on its own: a plain heading or a lead-in only points at what follows it, and a web
        page's button or link text ("Apply for this Job", "Travel for Status »") is kept in the index but
        answers nothing, nor does a documentation site's frame."""
        return (self.kind in ("item", "prose", "label") and not CALL_TO_ACTION.fullmatch(self.text)
                and not PAGER_LINK.fullmatch(self.text) and not PAGE_FRAME.fullmatch(self.text))


@dataclass
class Citation:
    n: int
    chunk: StoredChunk
    score: float
    quotes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "id": self.chunk.id,
            "source": self.chunk.source,
            "title": self.chunk.title,
            "section": self.chunk.section,
            "text": self.chunk.text,
            "score": round(self.score, 4),
            "quotes": list(self.quotes),
        }


@dataclass
class Answer:
    lines: list[str]  # the lead, then one line per further statement
    citations: list[Citation]
    grounded: bool
    # The answer's content, for faces to render themselves: one entry per quoted statement, with the
    # numbers of the citations it rests on, its document, and where the quote sits in the passage.
    statements: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def compose(
    statements: list[Statement], similarity_of: Callable[[StoredChunk], float], attribute: bool = False,
    title_of: Callable[[str], str] | None = None,
) -> Answer:
    """Number the citations in order of use; with `attribute`, group the statements under their document,
    called by `title_of` its source, else by its title."""
    citations: dict[str, Citation] = {}
    lines: list[str] = []
    structured: list[dict] = []
    documents = list(dict.fromkeys(statement.chunk.source for statement in statements))
    order = sorted(statements, key=lambda s: documents.index(s.chunk.source)) if attribute else statements
    for index, statement in enumerate(order):
        if attribute and (index == 0 or order[index - 1].chunk.source != statement.chunk.source):
            lines.append(attribution_line(title_of(statement.chunk.source) if title_of else statement.chunk.title))
        numbers: list[int] = []
        for quoted in (statement, *statement.also):
            citation = citations.get(quoted.chunk.id)
            if citation is None:
                citation = Citation(len(citations) + 1, quoted.chunk, similarity_of(quoted.chunk))
                citations[quoted.chunk.id] = citation
            citation.quotes.append(quoted.chunk.text[quoted.start : quoted.end])
            numbers += [citation.n] if citation.n not in numbers else []
        # A heading shown once over the statements under it that follow one another.
        before = order[index - 1] if index else None
        repeated = before is not None and (before.chunk.source, before.shown_under) == (statement.chunk.source, statement.shown_under)
        said = f"{statement.shown_under}: {statement.text}" if statement.shown_under and not repeated else statement.text
        marked = f"{said} " + "".join(f"[{n}]" for n in numbers)
        lines.append(marked if index == 0 and not attribute else f"- {marked}")
        structured.append({
            "text": statement.text,
            "heading": statement.shown_under,
            "citations": numbers,
            "document": title_of(statement.chunk.source) if title_of else statement.chunk.title,
            "quote": {"id": statement.chunk.id, "start": statement.start, "end": statement.end},
        })
    return Answer(lines, list(citations.values()), grounded=True, statements=structured)


def attribution_line(title: str) -> str:
    """The line that says which document the quotes below it come from; it ends in a colon and cites nothing."""
    return f"From {title}:"


def more_documents_line(count: int) -> str:
    """The closing line of an answer that quoted only some of the documents saying what is asked."""
    documents = "document mentions" if count == 1 else "documents mention"
    return f"{count} more {documents} it too: name one to see what it says."


def silent_documents_line(titles: list[str]) -> str:
    """The closing line of an answer that some of the documents a question names have nothing for."""
    verb = "doesn't" if len(titles) == 1 else "don't"
    return f"{' and '.join(titles)} {verb} say."


OFFER = " I can help with questions about:"  # how every refusal goes on: what it can answer instead
# The most topics a refusal names before it counts the rest: above the role document's ten parts, and
# far below a corpus of a thousand documents, whose titles would otherwise be the whole reply.
LISTED_TOPICS = 12


def refusal(topics: list[str], unknown_names: list[str] | None = None, documents: list[str] | None = None) -> Answer:
    """A reply that declines and says why: an unknown name, named documents that do not say, or no match."""
    where = " and ".join(documents) if documents else "the documents I have"
    verb = "doesn't" if documents and len(documents) == 1 else "don't"
    covered = ", ".join(topics[:LISTED_TOPICS]) if topics else where
    if len(topics) > LISTED_TOPICS:
        covered += f" and {len(topics) - LISTED_TOPICS} more"
    if unknown_names:
        reason = f"{where[:1].upper()}{where[1:]} {verb} mention {' or '.join(unknown_names)}, so I can't answer that without guessing."
    elif documents:
        reason = f"{where} {verb} say, and I won't answer about it from other documents."
    else:
        reason = "I can't answer that from the documents I have, so I won't guess."
    return Answer([f"{reason}{OFFER} {covered}."], [], grounded=False)


def stream_lines(answer: Answer) -> Iterator[str]:
    """The answer's text in pieces that add up to `answer.text`, one statement at a time."""
    for index, line in enumerate(answer.lines):
        yield line if index == 0 else "\n" + line
