"""Where an answerer plugs in: given a question and its passages, it returns the statements that answer.

An answerer never renders: `assistant.core.answer.compose` numbers the citations and writes the
text, and each face renders the statements its own way. Returning no statements declines; the
chain then explains why.
"""

from __future__ import annotations

from typing import Protocol

from assistant.core.answer import Question, Statement


class Answerer(Protocol):
    def answer(self, question: Question) -> list[Statement]:
        """The statements that answer, lead first, each quoting the passage it cites; none to decline."""
        ...
