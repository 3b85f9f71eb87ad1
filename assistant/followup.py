"""Resolve a short follow-up ("And what about California?") against the conversation before it."""

from __future__ import annotations

import re
from typing import Iterable, Mapping

from assistant.text import content_terms

FOLLOW_UP_OPENING = re.compile(
    r"^\s*(and|also|but|or|so|then|what about|how about|what of|same for|same question|in|for|at|compared)\b",
    re.IGNORECASE,
)
ANAPHORA = re.compile(r"\b(it|its|they|them|their|that|those|this|these|there|he|she|his|her)\b", re.IGNORECASE)
SHORT_QUESTION_TERMS = 2  # this few content words cannot stand on their own


def is_follow_up(question: str) -> bool:
    terms = content_terms(question)
    if FOLLOW_UP_OPENING.match(question):
        return True
    return len(terms) <= SHORT_QUESTION_TERMS and (bool(ANAPHORA.search(question)) or len(terms) <= 1)


def resolve_question(question: str, history: Iterable[Mapping[str, str]]) -> str:
    """The question to retrieve with: itself, or the earlier question it continues plus itself."""
    resolved = None
    for turn in history:
        if turn.get("role") != "user" or not turn.get("content", "").strip():
            continue
        content = turn["content"].strip()
        resolved = f"{resolved} {content}" if resolved and is_follow_up(content) else content
    if resolved and is_follow_up(question):
        return f"{resolved} {question.strip()}"
    return question.strip()
