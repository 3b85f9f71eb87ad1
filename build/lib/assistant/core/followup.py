"""Resolve a short follow-up ("And what about California?") against the conversation before it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from assistant.core.text import content_terms

FOLLOW_UP_OPENING = re.compile(
    r"^\s*(and|also|but|or|so|then|what about|how about|what of|same for|same question|in|for|at|compared)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(r"\b(it|its|they|them|their|that|those|this|these|there|one|ones)\b", re.IGNORECASE)
SHORT_QUESTION_TERMS = 2  # this few content words cannot stand on their own


@dataclass(frozen=True)
class ResolvedQuestion:
    question: str  # as asked
    query: str  # what to search with: the question, or the earlier question it continues plus itself
    previous: str | None = None  # the earlier question a follow-up continues

    @property
    def is_follow_up(self) -> bool:
        return self.previous is not None


def is_follow_up(question: str) -> bool:
    terms = content_terms(question)
    if FOLLOW_UP_OPENING.match(question):
        return True
    return len(terms) <= SHORT_QUESTION_TERMS and (bool(ANAPHORA.search(question)) or len(terms) <= 1)


def resolve_question(question: str, history: Iterable[Mapping[str, str]]) -> ResolvedQuestion:
    question = question.strip()
    earlier = None
    for turn in history:
        content = (turn.get("content") or "").strip()
        if turn.get("role") != "user" or not content:
            continue
        earlier = f"{earlier} {content}" if earlier and is_follow_up(content) else content
    if earlier and is_follow_up(question):
        return ResolvedQuestion(question, f"{earlier} {question}", earlier)
    return ResolvedQuestion(question, question)
