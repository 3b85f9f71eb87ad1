"""Resolve a short follow-up ("And what about California?") against the conversation before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from assistant.core.answer import OFFER
from assistant.core.text import content_terms
from assistant.ingest.chunking import SECTION_SEPARATOR

FOLLOW_UP_OPENING = re.compile(
    r"^\s*(and|also|but|or|so|then|what about|how about|what of|what if|same for|same question|in|for|at|compared|anything)\b",
    re.IGNORECASE,
)
# ("what does it take to be a maintainer?": an "it" that only stands for what follows it points nowhere)
ANAPHORA = re.compile(r"\b(it(?!\s+takes?\s+to\b)|its|they|them|their|that|those|this|these|there|one|ones)\b", re.IGNORECASE)
# "Can she work from home once she is back?": a person spoken of before, whom a question to a document never
# introduces; so does "instead" lean on what was asked before ("What if I live in Spain instead?"), and "other" or
# "else" on what was answered ("which other db tech counts as a plus?").
SPOKEN_OF = re.compile(r"\b(she|he|her|him|his|hers|instead|(?:which|what|any)\s+(?:other|else))\b", re.IGNORECASE)
# "And the level after that?", "What about the one below?": a follow-up moving along an ordered document; "before I
# must start" says when, not where.
WHEN_CLAUSE = r"(?!\s+(?:i|you|we|they|he|she)\b)"
NEXT_PART = re.compile(rf"\b(?:next|after{WHEN_CLAUSE}|above|higher|beyond|following)\b", re.IGNORECASE)
PREVIOUS_PART = re.compile(rf"\b(?:before{WHEN_CLAUSE}|below|lower|previous|prior|preceding)\b", re.IGNORECASE)
# "nice, what are the perks like?", "ok and what is the job there about?": a reaction to the last answer opening a turn
# says nothing of what is asked.
INTERJECTION = re.compile(
    r"^\s*(?:ok(?:ay)?|nice|cool|great|thanks|thank\s+you|thx|got\s+it|awesome|perfect|alright|all\s+right|sure|hmm+|oh"
    r"|wow|interesting|i\s+see)\b\s*[,.!:;-]*\s*(?=\w)",
    re.IGNORECASE,
)
SHORT_QUESTION_TERMS = 2  # this few content words cannot stand on their own
CITATION_MARK = re.compile(r"\s*\[\d+\]")


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # as asked
    query: str  # what to search with: the question, or the earlier question it continues plus itself
    previous: str | None = None  # the earlier question a follow-up continues
    previous_answer: str | None = None  # what was answered to it, without citation marks

    @property
    def is_follow_up(self) -> bool:
        return self.previous is not None


def step_asked(question: str) -> int:
    """+1 when a follow-up asks for the part after the one just answered from, -1 for the one before, else 0."""
    return 1 if NEXT_PART.search(question) else -1 if PREVIOUS_PART.search(question) else 0


def part_spoken_of(section: str, spoken: str) -> str:
    """The innermost part around a section whose heading the conversation says ("Engineer II", around its
    "Expectations"): the thing whose neighbour a follow-up asks for; else the section itself."""
    said = set(content_terms(spoken))
    parts = section.split(SECTION_SEPARATOR)
    for depth in range(len(parts), 1, -1):
        heading = set(content_terms(parts[depth - 1]))
        if heading and heading <= said:
            return SECTION_SEPARATOR.join(parts[:depth])
    return section


def neighbouring_section(section: str, sections_in_order: Sequence[str], step: int) -> str | None:
    """The sibling `step` places from `section` (the next level of a ladder), among every section of its
    document in reading order; None at either end."""
    parent, separator, _ = section.rpartition(SECTION_SEPARATOR)
    depth = section.count(SECTION_SEPARATOR)
    siblings = list(dict.fromkeys(
        SECTION_SEPARATOR.join(path.split(SECTION_SEPARATOR)[: depth + 1]) for path in sections_in_order
        if separator and path.startswith(parent + SECTION_SEPARATOR)
    ))
    position = siblings.index(section) + step if section in siblings else -1
    return siblings[position] if 0 <= position < len(siblings) else None


def is_follow_up(question: str) -> bool:
    question = INTERJECTION.sub("", question)
    terms = content_terms(question)
    if FOLLOW_UP_OPENING.match(question) or SPOKEN_OF.search(question):
        return True
    return len(terms) <= SHORT_QUESTION_TERMS and (bool(ANAPHORA.search(question)) or len(terms) <= 1)


def points_back(question: str) -> bool:
    """Whether a question leans on what was said before it: "Did that hit seniors too?", "And the next level?"."""
    question = INTERJECTION.sub("", question)
    return bool(FOLLOW_UP_OPENING.match(question) or ANAPHORA.search(question) or SPOKEN_OF.search(question))


def resolve_question(question: str, history: Iterable[Mapping[str, str]]) -> ResolvedQuestion:
    question = question.strip()
    earlier = answer = None
    for turn in history:
        content = (turn.get("content") or "").strip()
        if turn.get("role") == "assistant":
            # A refusal quoted nothing, so it says nothing of where the conversation is.
            answer = None if OFFER in content else CITATION_MARK.sub("", content) or None
        if turn.get("role") != "user" or not content:
            continue
        earlier = f"{earlier} {content}" if earlier and is_follow_up(content) else content
        answer = None  # an answer belongs to the question before it
    if earlier and is_follow_up(question):
        return ResolvedQuestion(question, f"{earlier} {question}", earlier, answer)
    return ResolvedQuestion(question, question)
