"""The gold set: JSONL in ragas' field names, read whole and validated before anything is scored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, Mapping

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    model_validator,
)

from assistant.core.text import normalise
from assistant.eval.metrics import document_name
from assistant.ingest.loader import load_corpus

# An empty span would be "contained" in every passage, so every text field must say something.
Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
MAX_ERRORS_SHOWN = 20


def _as_alternatives(fact: object) -> object:
    """A fact is one string or a list of acceptable strings; keep it as a list either way."""
    if isinstance(fact, str):
        return [fact]
    if isinstance(fact, list):
        return fact
    raise ValueError("a fact must be a string or a list of acceptable strings")


Fact = Annotated[list[Text], BeforeValidator(_as_alternatives), Field(min_length=1)]


class GoldFileError(Exception):
    """A gold file that cannot be scored; the message names each bad line and field."""


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    role: Literal["user", "assistant"]
    content: Text


class GoldItem(BaseModel):
    # Unknown fields are refused so that a misspelt field name is caught rather than ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    user_input: Text
    history: list[Turn] = Field(default_factory=list)
    reference: Text | None = None
    reference_contexts: list[Text] = Field(default_factory=list)
    reference_facts: list[Fact] = Field(default_factory=list)  # each fact as its acceptable strings
    # The file names of the documents an answer must cite, e.g. "northwind-data-engineer.txt".
    reference_sources: list[Text] = Field(default_factory=list)
    answerable: StrictBool
    tags: list[Text] = Field(default_factory=list)  # the first names the kind of question

    @model_validator(mode="after")
    def _answerable_items_say_what_answers_them(self) -> "GoldItem":
        missing = [name for name in ("reference_contexts", "reference_facts") if not getattr(self, name)]
        if self.answerable and missing:
            raise ValueError(f"{', '.join(missing)}: an answerable item needs at least one")
        if not self.answerable and self.reference_sources:
            raise ValueError("reference_sources: an out-of-scope item names no document")
        return self


def _field_name(location: tuple) -> str:
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _problems(error: ValidationError) -> list[str]:
    problems = []
    for problem in error.errors():
        field = _field_name(problem["loc"])
        message = problem["msg"].removeprefix("Value error, ")
        problems.append(f"{field}: {message}" if field else message)
    return problems


def _parse_line(line: str) -> tuple[GoldItem | None, list[str]]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        return None, [f"not valid JSON ({error.msg} at column {error.colno})"]
    if not isinstance(data, dict):
        return None, ["expected a JSON object"]
    try:
        return GoldItem.model_validate(data), []
    except ValidationError as error:
        return None, _problems(error)


def corpus_documents(path: Path) -> dict[str, str]:
    """The visible text of every document under `path`, by file name: what gold items are checked against."""
    documents: dict[str, str] = {}
    for document in load_corpus([path]).documents:
        name = document_name(document.source)
        if name in documents:
            raise GoldFileError(f"{path}: two documents are named {name}, so reference_sources cannot tell them apart")
        documents[name] = document.text
    return documents


def _outside_corpus(item: GoldItem, documents: Mapping[str, str]) -> list[str]:
    """Named documents the corpus lacks, and reference spans the documents they should come from lack."""
    problems = [
        f"reference_sources[{index}]: no document named {name!r} in the corpus"
        for index, name in enumerate(item.reference_sources)
        if name not in documents
    ]
    if item.reference_sources:
        searched = [documents[name] for name in item.reference_sources if name in documents]
    else:
        searched = list(documents.values())
    if not searched:  # every named document is missing, which is reported above
        return problems
    where = ", ".join(item.reference_sources) or "the corpus"
    problems += [
        f"reference_contexts[{index}]: not found in {where}: {span[:60]!r}"
        for index, span in enumerate(item.reference_contexts)
        if not any(normalise(span) in text for text in searched)
    ]
    return problems


def load_gold(path: Path, documents: Mapping[str, str] | None = None) -> list[GoldItem]:
    """Every item of a JSONL gold file, or GoldFileError listing each bad line; blank lines are skipped.

    With `documents` (file name -> visible text), every named document must be among them and each
    reference context must occur in a document the item names (any document when it names none):
    a span with a typo would otherwise make every passage look irrelevant.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise GoldFileError(f"{path}: no such gold file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFileError(f"{path}: cannot be read ({error})") from None
    # Folded once: spans are compared with whitespace collapsed and case ignored.
    corpus = {name: normalise(text) for name, text in documents.items()} if documents is not None else None

    items: list[GoldItem] = []
    errors: list[str] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        item, problems = _parse_line(line)
        if item is not None:
            if item.id in first_line_of:
                problems.append(f"id: {item.id!r} is already used on line {first_line_of[item.id]}")
            first_line_of.setdefault(item.id, number)
            if corpus is not None:
                problems.extend(_outside_corpus(item, corpus))
            items.append(item)
        errors.extend(f"{path}:{number}: {problem}" for problem in problems)

    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        more = len(errors) - len(shown)
        raise GoldFileError("\n".join(shown + ([f"... and {more} more"] if more else [])))
    if not items:
        raise GoldFileError(f"{path}: the gold file has no items")
    return items
