"""Checks a model's reply against the passages it was sent, before anyone sees it.

A reply is split into sentences. A sentence survives only if it cites a passage that was sent, every
figure and name in it appears in a passage it cites, and its meaning is close to something one of
those passages says. What survives is returned with, for each sentence, the statements of its
cited passages that support it best: those become the answer's quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from assistant.core.answer import Statement
from assistant.core.text import content_terms, names_in, split_sentences
from assistant.retrieval.store import StoredChunk

MARKERS = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
LIST_OPENING = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
FIGURE = re.compile(r"\d[\d,.]*")
WORDS_WEIGHT = 0.3  # the extractive answerer's weight of shared words (RELEVANCE_KEYWORD_WEIGHT)

# Why a sentence was dropped, as logs and the eval report name it.
NO_CITATION = "no citation"
UNKNOWN_CITATION = "cites a passage that was not sent"
UNSUPPORTED_FIGURE = "a figure its passages do not state"
UNSUPPORTED_NAME = "a name its passages do not use"
UNSUPPORTED_MEANING = "its passages do not say it"


@dataclass(frozen=True)
class Sentence:
    text: str  # as the model wrote it, markers taken out
    cited: tuple[int, ...]  # the markers it carried, in order, each once


@dataclass(frozen=True)
class Verified:
    text: str
    support: tuple[Statement, ...]  # per cited passage, the statement that supports the sentence best


@dataclass
class Verification:
    kept: list[Verified]
    dropped: list[tuple[str, str]]  # (sentence, reason)

    @property
    def kept_share(self) -> float:
        total = len(self.kept) + len(self.dropped)
        return len(self.kept) / total if total else 0.0


def sentences_of(reply: str) -> list[Sentence]:
    """The reply's sentences, one list entry or line at a time, with the markers each carries."""
    found = []
    for line in reply.splitlines():
        line = LIST_OPENING.sub("", line).strip()
        for start, end in split_sentences(line):
            raw = line[start:end].strip()
            cited = [int(n) for group in MARKERS.findall(raw) for n in re.split(r"\s*,\s*", group)]
            text = MARKERS.sub("", raw).strip()
            # A marker after the full stop ("... 2031. [2]") belongs to the sentence before it.
            if not text and cited and found:
                found[-1] = Sentence(found[-1].text, tuple(dict.fromkeys(found[-1].cited + tuple(cited))))
                continue
            if text:
                found.append(Sentence(text, tuple(dict.fromkeys(cited))))
    return found


def _plain(text: str) -> str:
    return re.sub(r"[,\s]+", " ", text.lower())


def _figures_missing(sentence: str, passages: Sequence[StoredChunk]) -> list[str]:
    said = " ".join(_plain(p.text) for p in passages).replace(" ", "")
    return [figure for match in FIGURE.finditer(sentence)
            if (figure := match.group().rstrip(".,").replace(",", "")) and figure not in said]


def _names_missing(sentence: str, passages: Sequence[StoredChunk]) -> list[str]:
    said = " ".join(f"{p.title} {p.section} {p.text}" for p in passages).lower()
    return [name for name in names_in(sentence) if name.lower() not in said]


class Verifier:
    """Verifies replies against passages; `similarities(sentence, texts)` gives the sentence's cosine
    to each text, with the same model that retrieves."""

    def __init__(
        self,
        statements_of: Callable[[StoredChunk], list[Statement]],
        similarities: Callable[[str, list[str]], list[float]],
        min_support: float,
        embed_ahead: Callable[[list[str]], object] = lambda texts: None,
    ):
        self._statements_of = statements_of
        self._similarities = similarities
        self._min_support = min_support
        self._embed_ahead = embed_ahead  # one batch for all of a reply's sentences: a third of the cost of one each

    def support(self, sentence: str, passage: StoredChunk) -> tuple[float, Statement | None]:
        """How closely the passage says the sentence, with the statement that says it best.

        Meaning: the sentence's cosine to its closest statement, or to the passage as a whole (a
        sentence may sum up several entries). Words: the share of its words the passage uses, weighted
        as the answerer weighs shared words. Meaning alone scored a true "Experienced engineers earn
        between $130,000 and $160,000" below false claims on the labelled set; the two together part them.
        """
        statements = [s for s in self._statements_of(passage) if s.quotable]
        terms = set(content_terms(sentence))
        if not statements or not terms:
            return 0.0, None
        scores = self._similarities(sentence, [s.text for s in statements] + [passage.text])
        best = max(range(len(statements)), key=lambda i: scores[i])
        shared = len(terms & set(content_terms(f"{passage.section} {passage.text}"))) / len(terms)
        return max(scores[best], scores[-1]) + WORDS_WEIGHT * shared, statements[best]

    def verify(self, reply: str, passages: Sequence[StoredChunk]) -> Verification:
        kept: list[Verified] = []
        dropped: list[tuple[str, str]] = []
        sentences = sentences_of(reply)
        self._embed_ahead([sentence.text for sentence in sentences])
        for sentence in sentences:
            cited = [passages[n - 1] for n in sentence.cited if 1 <= n <= len(passages)]
            reason = None
            if not sentence.cited:
                reason = NO_CITATION
            elif not cited:
                reason = UNKNOWN_CITATION
            elif _figures_missing(sentence.text, cited):
                reason = UNSUPPORTED_FIGURE
            elif _names_missing(sentence.text, cited):
                reason = UNSUPPORTED_NAME
            if reason:
                dropped.append((sentence.text, reason))
                continue
            # Each cited passage must say it; a citation that does not is dropped, not the sentence.
            supported = []
            for passage in cited:
                score, statement = self.support(sentence.text, passage)
                if statement is not None and score >= self._min_support:
                    supported.append(statement)
            if supported:
                kept.append(Verified(sentence.text, tuple(supported)))
            else:
                dropped.append((sentence.text, UNSUPPORTED_MEANING))
        return Verification(kept, dropped)
