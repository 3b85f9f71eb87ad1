"""The retrieval chain: one LangChain Runnable that every face (API, web, Slack, eval) calls.

Input: {"question": str, "history": [{"role", "content"}], "k": int (optional)}.
Output: {"answer": str, "citations": [...], "statements": [...], "attributed": bool, "grounded": bool,
"answerer": "extractive" or "llm", "question": the resolved question, "timings_ms": {...}}. `answer` is
the text with "[n]" markers; `statements` is the same content for faces to render themselves: each
quote with its citation numbers, its document and its offsets in the passage; `attributed` says the
statements are grouped under their documents (several documents indexed). Streaming yields the
answer one statement at a time, then the rest. With ANSWERER=llm, the model's reply streams first as
`draft` pieces, which faces may show while it is written and must then replace with `answer`; `written`
says what verification kept and dropped, or why the quoted answer stands (`fallback`).
"""

from __future__ import annotations

import difflib
import logging
import re
import time
from dataclasses import dataclass, replace
from typing import Any, Iterator

import numpy as np
from langchain_core.runnables import Runnable, RunnableGenerator
from langchain_core.runnables.utils import AddableDict

from assistant.answerers.base import Answerer
from assistant.answerers.extractive import (
    ExtractiveAnswerer,
    StatementScorer,
    asked_clause,
    asks_where_to_work,
    passage_statements,
    places_named,
)
from assistant.answerers.llm import LlmAnswerer, ModelClient, ModelUnavailable
from assistant.answerers.verify import Verifier
from assistant.core.answer import Question, compose, more_documents_line, refusal, silent_documents_line, stream_lines
from assistant.core.followup import (
    FOLLOW_UP_OPENING,
    ResolvedQuestion,
    neighbouring_section,
    part_spoken_of,
    points_back,
    resolve_question,
    step_asked,
)
from assistant.core.places import places_written_lower
from assistant.core.request import check_request
from assistant.core.text import (
    ASIDE,
    DUTIES_ASKED,
    JOB_NOUNS,
    SERIES_NUMBER,
    WHITESPACE,
    acronyms_asked,
    closing_phrase,
    content_terms,
    lone_names_in,
    names_in,
    naming_choices,
    owners_written_lower,
    profession_terms,
    quoted_phrases,
    roles_asked_about,
    spelled_by_initials,
    stem,
    versions_in,
    words,
    writes_phrase,
    written_out,
    years_in,
)
from assistant.core.timing import elapsed_ms
from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ingest.section_names import plain_names_asked, top_sections_named
from assistant.ops.metrics import record_answer
from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import app_model
from assistant.retrieval.retriever import Retrieved, Retriever
from assistant.retrieval.store import StoredChunk

log = logging.getLogger(__name__)
# A model's sentence is kept when its support (verify.Verifier.support: meaning plus shared words) from a
# passage it cites reaches this. Calibrated on hand-labelled sentences (`python -m assistant.eval.support`):
# the dev half keeps every true sentence and drops every false one from 0.70 to just under 0.80; this is
# the middle of that range. A true sentence dropped costs little: the quoted answer stands in.
MIN_SUPPORT = 0.75
# Whether a question asks a role's pay, or how much of a thing they get, which a document gives as a number.
ROLE_AMOUNT_ASKED = re.compile(
    r"\b(?:earns?|makes?|paid|pay|salary|salaries|wages?|income|earnings|take\s+home|how\s+(?:much|many))\b", re.IGNORECASE
)
NUMBER = re.compile(r"\d")
# How alike (difflib's ratio) a company a question writes in lower case is to a title's word it misspells: "relativty"
# is 0.95 of "relativity" and "holdx" 0.91 of "holdex"; "netflix", "shopify", "airbnb" and "openai" come within 0.67 of
# no title's word of probes X to Z3.
MISSPELT_NAME = 0.8
# "Which of these jobs are hybrid?", "Which companies pay extra for on-call?": each document that speaks of it answers.
ASKS_ACROSS_DOCUMENTS = re.compile(
    r"^\s*(?:which|what)\s+(?:ones?\s+|of\s+(?:the|these|those|them|our|your)\s+)?"
    r"(?:companies|employers|organi[sz]ations|firms|jobs|roles|positions|openings|documents|docs|teams|ladders"
    r"|(?:job\s+)?(?:posts|postings|listings|ads|adverts|descriptions))\b",  # "Which of the job posts mention AWS?"
    re.IGNORECASE,
)

# "What distinguishes Engineer III from Engineer II?", "How does L2 compare with L3?": parts set side by side.
# "... - are they the same?", "... - do they match?", "what's the diff" set them side by side too.
COMPARES = re.compile(r"\b(?:diff\w*|distinguish\w*|compar\w*|versus|vs\.?|between|same|match)\b", re.IGNORECASE)


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
NAMES_A_MEMBER = re.compile(rf"{SERIES_NUMBER.pattern}|\b(?:{'|'.join(ORDINALS)})\b", re.IGNORECASE)


def _parts_named(question: str, sections: list[str], by_number: bool = False) -> list[str]:
    """The sections a question names by their whole headings, in the order it names them; with `by_number`,
    a numbered heading also by its words up to its number ("Example 1" of "Example 1: Schedule as planned"),
    or by that number's ordinal ("the first out-of-hours example")."""
    named: dict[int, str] = {}
    for section in sections:
        heading = " ".join(ASIDE.sub(" ", section.rpartition(SECTION_SEPARATOR)[2]).split())  # "Engineer II (IC 3a)"
        if not content_terms(heading):
            continue
        patterns = [re.escape(heading)]
        if by_number and (number := SERIES_NUMBER.search(heading)) and content_terms(prefix := heading[: number.start()]):
            patterns.append(re.escape(heading[: number.end()]))
            if number.group(0).isdigit() and 0 < int(number.group(0)) <= len(ORDINALS):
                patterns.append(rf"{ORDINALS[int(number.group(0)) - 1]}\s+(?:[\w-]+\s+){{0,2}}{re.escape(prefix.strip())}s?")
        found = re.search(rf"(?<![\w-])(?:{'|'.join(patterns)})(?![\w-])", question, re.IGNORECASE)
        if found:
            named.setdefault(found.start(), section)
    return [named[start] for start in sorted(named)]


def parts_compared(question: str, sections: list[str]) -> list[str]:
    """The sibling sections a question names by their whole headings, or else the top-level ones it names by
    their own words, in the order it names them; none unless it names two or more."""
    parts = _parts_named(question, sections)
    if len(parts) < 2 or len({part.rpartition(SECTION_SEPARATOR)[0] for part in parts}) > 1:
        parts = top_sections_named(question, sections)
    return parts if len(parts) > 1 else []


def _series(section: str) -> tuple[str, str] | None:
    """A numbered section's parent and its heading up to its number, the number as "#" ("Example 1: Schedule as
    planned" and "Example 2: Additional work" are of one series), or all of it when nothing names the series
    before its number; None for a heading with no number."""
    parent, _, heading = section.rpartition(SECTION_SEPARATOR)
    if not (number := SERIES_NUMBER.search(heading)):
        return None
    prefix = heading[: number.start()]
    return (parent, f"{prefix}#") if content_terms(prefix) else (parent, SERIES_NUMBER.sub("#", heading))


def series_members(section: str, sections: list[str]) -> list[str]:
    """The sections of the numbered series `section` belongs to ("Level 1" ... "Level 6"), itself included."""
    series = _series(section)
    return [other for other in sections if series is not None and _series(other) == series]


def member_named(question: str, sections: list[str]) -> str | None:
    """The one member of a numbered series of sibling sections that a question names ("a level 1 engineer"
    of "Level 1" to "Level 6"): the members share every word but their number, so neither meaning nor
    shared words tell them apart, and the notes that speak of every level match best of all."""
    numbered = [section for section in sections if _series(section)]
    members = [part for part in _parts_named(question, numbered, by_number=True) if len(series_members(part, numbered)) > 1]
    return members[0] if len(members) == 1 else None


def open_retriever(settings: Settings, serving: bool = False) -> Retriever:
    return Retriever(app_model(settings, serving), settings, StatementScorer.scored_texts)


@dataclass
class Scope:
    """Where one part of an answer may come from: the documents one name names (a company's job ad and
    its pay policy together), or (empty) the whole corpus."""

    sources: tuple[str, ...]
    passages: list[Retrieved]
    # Words every statement quoted from it uses, each as one of its forms (see ASKS_ACROSS_DOCUMENTS).
    must_say: tuple[frozenset[str], ...] = ()
    part: str = ""  # the heading of the one part of a document it answers from, set beside another part
    # The usual search a follow-up's part of a document narrowed, answering where that part says nothing of
    # what is asked ("And once I've acknowledged it, how long before I must start?" after the alerts' part).
    wider: Scope | None = None


# An acronym as a question writes it, its plural too ("PRs").
ACRONYM_ASKED = re.compile(r"(?P<letters>[A-Z]{2,5})s?")


# Capitalised words in a row: a name of two words or more ("New York").
CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+")


def initials_written(name: str, question: str, passages: list[Retrieved]) -> bool:
    """Whether a name of two words or more, as the question writes it ("York" of "in New York", "San Francisco"), is
    written in a passage found by its initials ("very high (e.g. NY, SF) $112-$144k")."""
    phrase = name if " " in name else next((run for run in CAPITALISED_RUN.findall(question) if name in run.split()), "")
    initials = "".join(word[0] for word in phrase.split()).upper()
    return len(initials) >= 2 and any(re.search(rf"\b{initials}\b", p.chunk.text) for p in passages)


def spelled_in(name: str, passages: list[Retrieved]) -> bool:
    """Whether an acronym the question writes is spelled out by words in a row of a passage found ("PRs" of "15
    qualifying pull requests"), though no document writes it capitalised."""
    acronym = ACRONYM_ASKED.fullmatch(name)
    return bool(acronym) and any(spelled_by_initials(acronym["letters"], words(p.chunk.text)) for p in passages)


def alternatives_to(name: str, question: str) -> list[str]:
    """The words offered instead of a name ("employment contract" of "B2B or employment contract?"), up to two, each
    side: where a statement quoted says the other, it settles the choice, whether or not it names this one."""
    word = r"[\w.+&'’-]+"
    quoted = re.escape(name)
    after = re.findall(rf"\b{quoted}\s+or\s+(?:an?\s+|the\s+)?({word}(?:\s+{word})?)", question)
    before = re.findall(rf"({word}(?:\s+{word})?)\s+or\s+(?:an?\s+|the\s+)?{quoted}\b", question)
    return [other for other in after + before if content_terms(other)]


def role_without_names(role: str, names: set[str]) -> str:
    """A role phrase without the document names in it ("nurse" of "nurse at northwind"), trimmed of small words."""
    kept = [word for word in role.split() if not (terms := set(content_terms(word))) or not terms <= names]
    while kept and not content_terms(kept[-1]):
        kept.pop()
    while kept and not content_terms(kept[0]):
        kept.pop(0)
    return " ".join(kept)


# "Apart from salary, what does X offer?" asks for everything but the salary: the words it sets aside are no search.
# So does one closing it: "What additional compensation is there on top of base salary?"
EXCEPTED = re.compile(
    r"^\s*(?:apart\s+from|aside\s+from|besides|other\s+than|except\s+for)\s+[^,?]{1,60},\s*"
    r"|\s+(?:on\s+top\s+of|apart\s+from|aside\s+from|besides|beyond|other\s+than|in\s+addition\s+to)\s+"
    r"(?:the\s+|my\s+|your\s+|their\s+|its\s+)?(?:[\w-]+\s+){0,2}?[\w-]+(?=\s*[?.!]?\s*$)",
    re.IGNORECASE,
)
# "According to Skylight, ...", "..., as stated in the analytics engineer posting?": where to look, which naming
# the document has said; the rest asks.
DOCUMENT_KIND = r"(?:posting|ad|advert|listing|description|document|doc|handbook|policy|page|framework|guide|ladder|pathway|website|site)s?"
ATTRIBUTION = re.compile(
    r"^\s*(?:according\s+to|per)\s+[^,?]{1,80},\s*"
    r"|,?\s*\b(?:according\s+to|per(?=\s+(?:the|its|their|this|that|our|your|(?-i:[A-Z])[\w.&'’-]*)\s)"
    rf"|as\s+(?:stated|described|mentioned|listed|written|set\s+out|given)\s+in)\s+[^,?]{{0,80}}\b{DOCUMENT_KIND}"
    r"(?=\s*[?.!]?\s*$)",
    re.IGNORECASE,
)


# "What is Khan Academy's mission?", "What does Vercel sell?", "What kind of organization is Khan Academy?": the
# company itself is asked about, so its name stays among the words searched with ("About Khan Academy").
COMPANY_ASKED = re.compile(
    r"(?:'s|’s)\s+(?:(?:core|main|stated|overall)\s+)?(?:mission|vision|business|products?|customers|clients|"
    r"history|headquarters|founders?|industry|purpose|story|investors|funding|size)\s*[?.!]?\s*$"
    r"|^\s*what\s+(?:does|do)\s+\S+(?:\s+\S+)?\s+(?:sell|make|build|offer\s+customers)\s*[?.!]?\s*$"
    r"|\bwhat\s+(?:kind|sort|type)\s+of\s+(?:organi[sz]ation|company|business|firm)\b"
    r"|\b(?:companies|customers|clients|brands)\s+(?:use|rely\s+on|trust|work\s+with)\s+\S+\s*[?.!]?\s*$",
    re.IGNORECASE,
)


# "the posting", "this job ad": the document itself, which says no word of what is asked ("ad hoc" is no "ad").
JOB_AD = re.compile(
    r"\b(?:(?:in|on|from)\s+)?(?:the|this|that|their|its|your|his|her)\s+(?:job\s+)?(?:posting|ad|advert|advertisement|listing)s?\b",
    re.IGNORECASE,
)


def without_attribution(question: str) -> str:
    """The question without the words saying where to look, unless nothing else is left."""
    stripped = ATTRIBUTION.sub("", question).strip()
    return stripped if content_terms(stripped) else question


def without_job_ad(question: str) -> str:
    """The question without its words for the job ad asked about, once its names have gone ("the Civitas posting")."""
    stripped = WHITESPACE.sub(" ", JOB_AD.sub("", question)).strip()
    return stripped if content_terms(stripped) else question


def without_names(question: str, identity: set[str], names: set[str], capitalised: frozenset[str] | set[str] = frozenset()) -> str:
    """The question minus the words naming its document ("a Senior ML Infrastructure Engineer", "Northwind"):
    every passage of that document is about it. A name goes alone, other identity words in runs of
    two or more, unless too little is left to search with: then only the names go ("What does being an
    OpenFeature Contributor get you?" of the "OpenFeature Contributor Ladder" asks about contributors).
    An ordinary word naming it goes only as written capitalised: "Does Remote allow fully remote work?"
    keeps its "remote"."""
    tokens = question.split()
    terms_of = [set(content_terms(token)) for token in tokens]
    in_identity = [bool(choices) and all(choice & identity for choice in choices) for choices in map(naming_choices, tokens)]
    is_name = [bool(terms) and terms <= (names | capitalised if token[:1].isupper() else names)
               for token, terms in zip(tokens, terms_of)]
    # ... or one before a word for the job: "the infra role" of "Senior Software Engineer - Core Infrastructure"
    names_the_job = [index + 1 < len(tokens) and tokens[index + 1].lower().strip("?.,!;:") in JOB_NOUNS for index in range(len(tokens))]
    in_run = [in_identity[index] and (any(in_identity[index - 1 : index] + in_identity[index + 1 : index + 2]) or names_the_job[index])
              for index in range(len(tokens))]
    for dropped in ([name or run for name, run in zip(is_name, in_run)], is_name):
        stripped = " ".join(token for token, drop in zip(tokens, dropped) if not drop)
        if content_terms(stripped):
            return stripped
    return question


def build_chain(settings: Settings | None = None, retriever: Retriever | None = None) -> Runnable:
    settings = settings or Settings()
    retriever = retriever or open_retriever(settings)
    scorer = StatementScorer(retriever.embed_documents, retriever.idf, retriever.corpus_form, settings,
                             retriever.stored_statement_vectors)
    scorer.warm()  # before the app reports ready
    answerer: Answerer = ExtractiveAnswerer(scorer, retriever.passages_under, settings)
    # The model only phrases what the extractive answerer found answerable; its refusals stand.
    verifier = Verifier(passage_statements, scorer.text_similarities, MIN_SUPPORT, scorer.embed_ahead)
    writer = LlmAnswerer(ModelClient(settings), verifier) if settings.answerer == "llm" else None
    def prepare(inputs: dict[str, Any]) -> dict[str, Any]:
        question, history = check_request(inputs.get("question"), inputs.get("history"), settings)
        return {
            "question": question,
            "history": history,
            "earlier_questions": [turn.get("content") or "" for turn in history if turn.get("role") == "user"],
            "resolved": resolve_question(question, history),
            "k": int(inputs.get("k") or settings.top_k),
        }

    def part_titles(passages: list) -> Iterator[str]:
        """What the parts of these passages are called: their headings, and their entries' labels."""
        for chunk in passages:
            yield chunk.headings_within
            for statement in passage_statements(chunk):
                yield statement.text if statement.is_heading else StatementScorer.own_heading(statement)

    def continued(scope: Scope, resolved: ResolvedQuestion, vector: np.ndarray, k: int) -> Scope:
        """A follow-up asks on from where the last answer came: from the narrowest section around that
        answer's passage with a part named by a word the follow-up brings to the conversation ("What about
        security?" after the scalability challenges: the challenges), or from that passage's own section
        when it brings none ("Until when?", "And a staff engineer?" after the table of every level); or from
        the part beside it that it asks for ("And the level after that?"). Words no document uses say
        nothing of where; no such section, a search as usual."""
        anchor = retriever.most_alike_in_words(resolved.previous_answer, set(scope.sources) or None)
        if anchor is None:
            return scope
        if step := step_asked(resolved.question):
            in_order = [chunk.section for chunk in sorted(retriever.passages_under(anchor.title), key=lambda chunk: chunk.start)]
            spoken = f"{resolved.previous} {resolved.previous_answer or ''}"
            if neighbour := neighbouring_section(part_spoken_of(anchor.section, spoken), in_order, step):
                return replace(nearest_under(neighbour, scope, vector, k), wider=scope)
        said = {retriever.corpus_form(term) for term in content_terms(f"{resolved.previous} {resolved.previous_answer}")}
        brought = {form for term in content_terms(resolved.question) if (form := retriever.corpus_form(term))} - said
        parts = anchor.section.split(SECTION_SEPARATOR)
        for depth in range(len(parts), 1, -1):  # never the whole document: that is the usual search
            section = SECTION_SEPARATOR.join(parts[:depth])
            if not brought or brought & set(content_terms(" ".join(part_titles(retriever.passages_under(section))))):
                return replace(nearest_under(section, scope, vector, k), wider=scope)
        return scope

    def nearest_under(section: str, scope: Scope, vector: np.ndarray, k: int) -> Scope:
        """The k passages of one section closest to the question."""
        passages = retriever.passages_under(section)
        nearest = sorted(((retriever.similarity(vector, chunk.id), chunk) for chunk in passages), key=lambda pair: -pair[0])
        return Scope(scope.sources, [Retrieved(chunk, similarity, similarity) for similarity, chunk in nearest[:k]])

    def member_scope(member: str, sections: list[str], scope: Scope, vector: np.ndarray, k: int) -> Scope:
        """The passages of the one member of a series asked about, with those found elsewhere in the document (a
        table of every level) but none of the other members', nor of a longer name ending in its own ("Senior
        Engineer II" is no "Engineer II")."""
        heading = member.rpartition(SECTION_SEPARATOR)[2]
        longer = re.compile(rf"\w.*\s{re.escape(heading)}$", re.IGNORECASE)
        others = [section for section in series_members(member, sections) if section != member] + [
            section for section in sections if longer.match(section.rpartition(SECTION_SEPARATOR)[2])]
        kept = [p for p in scope.passages if not any(f"{p.chunk.section}{SECTION_SEPARATOR}".startswith(f"{other}{SECTION_SEPARATOR}") for other in others)]
        own = nearest_under(member, scope, vector, k).passages
        seen = {p.chunk.id for p in own}
        return replace(scope, passages=own + [p for p in kept if p.chunk.id not in seen])  # what it must say kept

    def member_asked(scope: Scope, question: str, vector: np.ndarray, k: int) -> Scope:
        """The scope narrowed to the one member of a numbered series of its document that the question names."""
        if not scope.passages:
            return scope
        sections = retriever.sections_under(scope.passages[0].chunk.section.split(SECTION_SEPARATOR)[0])
        member = member_named(question, sections)
        return member_scope(member, sections, scope, vector, k) if member else scope

    def retrieve(state: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        resolved: ResolvedQuestion = state["resolved"]
        retriever.refresh()
        catalog = retriever.catalog
        if (corrected := catalog.names_spelled_right(resolved.question)) != resolved.question:
            resolved = replace(resolved, question=corrected, query=resolved.query.replace(resolved.question, corrected))
        groups = catalog.named_in(resolved.query)
        titled = catalog.identity_terms([source for group in groups for source in group])
        if (written := written_out(catalog.spelled_out(resolved.question), titled)) != resolved.question:
            resolved = replace(resolved, question=written, query=resolved.query.replace(resolved.question, written))
        # "Which jobs offer parental leave?": every document saying the thing asked, named by the question's closing
        # words, answers on its own with the statements that say it.
        asks_across = ASKS_ACROSS_DOCUMENTS.match(resolved.question) if not groups and len(catalog) > 1 else None
        thing = [
            frozenset(form for term in choice if (form := retriever.corpus_form(term)))
            for choice in (closing_phrase(resolved.question[asks_across.end():]) if asks_across else [])
        ]
        across = [
            (source,) for source in catalog.documents
            if all(any(scorer.document_uses(source, word) for word in choice) for choice in thing)
        ] if thing else []
        if not groups and not across and state["earlier_questions"]:
            # "What does their interview look like?" is about the documents the conversation named last; so is "which
            # languages would I be coding in?", the asker in the job spoken of, and "when's the deadline to apply?",
            # naming none after a question about one: a conversation stays with its documents until it names another.
            groups = next((found for earlier in reversed(state["earlier_questions"]) if (found := catalog.named_in(earlier))), [])
        named = [source for group in groups for source in group]
        if named and resolved.is_follow_up and not FOLLOW_UP_OPENING.match(resolved.question):
            # "What do they pay?" after a question about Quillfeather: "they" is the company, not the earlier topic.
            resolved = ResolvedQuestion(resolved.question, resolved.question)
        # With one document, every question is about it, named or not.
        identity = (catalog.identity_terms(named or (catalog.documents if len(catalog) == 1 else []))
                    - catalog.topic_words_asked(named, resolved.question))
        # a company's name written whole is one in lower case too ("the morgan stanley associate SRE")
        names = (catalog.names_of(named) | catalog.company_written_whole(named, resolved.question)
                 | catalog.owners_typed_lower(named, resolved.question))
        capitalised = (catalog.capitalised_names_of(named) | catalog.initials_of(named)
                       | catalog.name_phrase_words(named, resolved.question) | catalog.company_phrase_words(named, resolved.question))
        asked = EXCEPTED.sub("", without_attribution(resolved.question))
        if COMPANY_ASKED.search(asked):
            identity, names, capitalised = identity - names - capitalised, set(), set()
        query = without_job_ad(without_names(EXCEPTED.sub("", without_attribution(resolved.query)), identity, names, capitalised))
        focus = without_job_ad(without_names(asked, identity, names, capitalised))
        # "What would I be on the hook for?" asks for responsibilities, "What does X offer besides salary?" for benefits
        asked_for = plain_names_asked(without_attribution(resolved.question)) + acronyms_asked(resolved.question)
        query, focus = query + asked_for, focus + asked_for
        # A follow-up's texts go to the model as one batch: one call after another had made follow-ups the slowest answers.
        texts = [query, focus] if resolved.is_follow_up else [query]
        anchored = resolved.is_follow_up and bool(resolved.previous_answer)
        vectors = retriever.embed_queries(texts)
        vector = vectors[0]
        if resolved.is_follow_up:
            # The earlier question sets the topic, the new words say what is asked about it.
            vector = vector + vectors[1]
            vector = vector / np.linalg.norm(vector)
        unanswered = max(0, len(across) - settings.max_statements)
        if unanswered:
            # Each document answers with a search of its own: at 1,000 documents saying "401(k)" one question
            # took 70 s and its reply ran to 80,000 characters. An answer quotes no more documents than it
            # holds statements, those whose passages rank first for the question, and counts the rest.
            ranked = [p.chunk.source for p in retriever.retrieve(query, settings.candidate_pool, settings.retrieval_mode, vector)]
            saying = {source for (source,) in across}
            across = [(source,) for source in dict.fromkeys([s for s in ranked if s in saying] + [s for (s,) in across])]
            across = across[: settings.max_statements]
        scopes = [
            Scope(group, retriever.retrieve(query, state["k"], settings.retrieval_mode, vector, set(group) or None),
                  tuple(thing) if across else ())
            for group in (groups or across or [()])
        ]
        if anchored:
            scopes = [continued(scope, resolved, vector, state["k"]) for scope in scopes]
        compares = COMPARES.search(resolved.question)
        if len(scopes) == 1 and scopes[0].passages and compares:
            # two parts of one document named side by side each answer, as two documents named would
            sections = retriever.sections_under(scopes[0].passages[0].chunk.section.split(SECTION_SEPARATOR)[0])
            scopes = [
                replace(nearest_under(part, scopes[0], vector, state["k"]), part=part.rpartition(SECTION_SEPARATOR)[2])
                for part in parts_compared(resolved.question, sections)
            ] or scopes
        elif NAMES_A_MEMBER.search(resolved.question):
            # each document's own member of a series ("Loan Market's Senior Engineer and Mercari's MG3")
            scopes = [member_asked(scope, resolved.question, vector, state["k"]) for scope in scopes]
        return {
            **state,
            "resolved": resolved,
            "focus": focus,
            "vector": vector,
            "scopes": scopes,
            "named": named,
            "unanswered": unanswered,
            "retrieve_ms": elapsed_ms(started),
        }

    def is_role_of(role: str, source: str, passages: list[Retrieved], amount_asked: bool, duties_asked: bool) -> bool:
        """Whether a document is about the role a question asks the pay, requirements or duties of."""
        catalog = retriever.catalog
        identity = catalog.identity_terms([source])
        asked = set(content_terms(role))
        if all(choice & identity for choice in naming_choices(role)):  # its title's words, or their initials ("the Associate SRE")
            return True
        if not catalog.uses_all(source, role):
            return False
        # Words that only qualify the profession ("experienced engineers") need not be in the title, those naming it
        # do; or else a passage found has all the role's words below the title ("product manager" is no role of a
        # corporate-development manager's ad that mentions product management), and for its pay or an amount they
        # get, in a statement giving a number ("Masters earn 52,000 crowns.", not "wellness centers staffed with nurses").
        # What a role does is told under its heading: "product managers" among a list of colleagues is not their duties.
        def parts(chunk: StoredChunk) -> list[str]:
            if duties_asked and not amount_asked:
                return [""]
            if not amount_asked:
                return [chunk.text]
            return [statement.text for statement in passage_statements(chunk) if NUMBER.search(statement.text)]
        return set(profession_terms(role)) <= identity or any(
            asked <= set(content_terms(f"{p.chunk.headings_within} {part}")) for p in passages if p.chunk.source == source
            for part in parts(p.chunk)
        )

    def companies_written_lower(question: str, in_play: set[str]) -> list[str]:
        """The companies a question writes in lower case (`owners_written_lower`), but for a word a document in play
        writes longer ("infra" of "infrastructure") and a misspelt name of some document ("relativty")."""
        catalog = retriever.catalog
        owners = owners_written_lower(question)
        titled = {word for source in catalog.documents for word in words(catalog.title(source))} if owners else set()
        return [
            owner.title() for owner in owners
            if not any(term.startswith(stem(owner)) for source in in_play for term in catalog.documents[source].terms)
            and not difflib.get_close_matches(owner, titled, n=1, cutoff=MISSPELT_NAME)
        ]

    def answer_scope(state: dict[str, Any], scope: Scope) -> tuple[list, list[str]]:
        """The statements one scope answers with, and the names neither they nor the named documents use."""
        catalog = retriever.catalog
        asked_about = list(scope.sources) if scope.sources else list(catalog.documents) if len(catalog) == 1 else []
        chosen = answerer.answer(Question(
            state["focus"], state["vector"], scope.passages,
            {source: frozenset(catalog.identity_terms([source])) for source in asked_about},
            names_its_document=bool(scope.sources), wording=state["resolved"].question,
            named_elsewhere=frozenset(catalog.identity_terms([s for s in state["named"] if s not in scope.sources])),
            follows_up=bool(state["earlier_questions"]) and points_back(state["resolved"].question),
        ))
        if scope.part:  # each side shown under its own heading
            chosen = [statement if statement.shown_under else replace(statement, shown_under=scope.part) for statement in chosen]
        if scope.must_say:
            chosen = [s for s in chosen if all(choice & set(content_terms(f"{s.chunk.headings_within} {s.text}")) for choice in scope.must_say)]
        # A name no document in play uses (a place, a company, a product) asks what they cannot answer.
        in_play = {statement.chunk.source for statement in chosen} | set(state["named"])
        alone = lone_names_in(state["resolved"].question)  # before the named documents' names leave it
        asked = asked_clause(state["focus"])  # "I live in Texas." tells, it asks nothing of Texas
        # Where the job may be done answers whether it may be done from a place it does not name ("... from Nevada?").
        places_lower = [place.title() for place in places_written_lower(asked)]  # "salary london" too
        places_told = (places_named(state["resolved"].question) | set(places_lower)
                       if chosen and asks_where_to_work(state["focus"]) else set())
        theirs = [p for p in scope.passages if p.chunk.source in in_play]
        unknown = [
            name for name in names_in(asked) + places_lower + years_in(asked) + companies_written_lower(asked, in_play)
            if in_play and name not in places_told and not any(catalog.uses(source, name, alone.get(name)) for source in in_play)
            and not spelled_in(name, theirs) and not initials_written(name, state["resolved"].question, theirs)
            and not any(set(content_terms(other)) <= set(content_terms(statement.text))
                        for other in alternatives_to(name, asked) for statement in chosen)
        ]
        # So is a phrase the question quotes that no passage of theirs writes ("the paper 'Attention Is All You Need'").
        unknown += [
            f"'{phrase}'" for phrase in quoted_phrases(state["resolved"].question)
            if in_play and not any(writes_phrase(f"{p.chunk.headings_within} {p.chunk.text}", phrase) for p in theirs)
        ]
        # So is a version none of them writes ("What changed between Terraform 1.5 and 1.6?").
        unknown += [
            version for version in versions_in(asked)
            if in_play and not any(version in p.chunk.text for p in theirs)
        ]
        # So is the pay or the requirements of a role none of them is about ("How much does a nurse earn?"),
        # but for the names of the documents asked about ("Do Lanternfish and Marrowbay require ...?").
        naming = (catalog.names_of(state["named"]) | catalog.capitalised_names_of(state["named"])
                  | catalog.initials_of(state["named"]) | catalog.paired_words_in(state["named"], state["question"]))
        roles = [role_without_names(role, naming) for role in roles_asked_about(state["resolved"].question)]  # "ppl" written out
        # A role may be another named document's, found by that document's own search ("What does a Programmer II at
        # Lanternfish do, and what does Marrowbay's Senior SRE do?").
        retrieved = [passage for each in state["scopes"] for passage in each.passages] if roles else []
        amount_asked = bool(ROLE_AMOUNT_ASKED.search(state["question"]))
        duties_asked = bool(DUTIES_ASKED.search(state["question"]))
        unknown += [
            role for role in roles
            if role and in_play and not any(is_role_of(role, source, retrieved, amount_asked, duties_asked) for source in in_play)
        ]
        return ([] if unknown else chosen), unknown

    def write(state: dict[str, Any], quoted: list, passages: list[Retrieved]) -> Iterator[AddableDict]:
        """Yields the model's draft as it arrives, then returns its verified sentences, or the quoted answer when
        the model fails or too little of it holds; with what happened, for logs and the eval report."""
        started = time.perf_counter()
        # The passages the quotes come from first (a list may reach beyond what was retrieved), then the rest.
        sent = list({chunk.id: chunk for chunk in [s.chunk for s in quoted] + [p.chunk for p in passages]}.values())
        reply = ""
        try:
            for piece in writer.draft(state["question"], state["history"], sent):
                reply += piece
                yield AddableDict(draft=piece)
            statements, verification = writer.checked(reply, sent)
        except ModelUnavailable as why:
            log.info("the quoted answer stands: %s", why)
            return quoted, "extractive", {"fallback": str(why), "ms": elapsed_ms(started)}
        dropped = [reason for _sentence, reason in verification.dropped]
        return statements, "llm", {"fallback": None, "kept": len(verification.kept), "dropped": dropped, "ms": elapsed_ms(started)}

    def answer(states: Iterator[dict[str, Any]]) -> Iterator[AddableDict]:
        for state in states:
            started = time.perf_counter()
            scopes: list[Scope] = state["scopes"]
            chosen, unknown, answered_from = [], [], []
            for scope in scopes:
                statements, missing = answer_scope(state, scope)
                if not statements and scope.wider:
                    scope = scope.wider
                    statements, missing = answer_scope(state, scope)
                chosen += statements
                unknown += [name for name in missing if name not in unknown]
                answered_from.append(scope)
            passages = [p for scope in answered_from for p in scope.passages]
            catalog = retriever.catalog
            answered_by, written = "extractive", {}
            if chosen and writer is not None:
                chosen, answered_by, written = yield from write(state, chosen, passages)
            if chosen:
                similarity_of = {p.chunk.id: p.similarity for p in passages}
                result = compose(
                    chosen,
                    lambda chunk: similarity_of.get(chunk.id) or retriever.similarity(state["vector"], chunk.id),
                    attribute=len(catalog) > 1, title_of=catalog.title,
                )
                # A document the question names and no quote comes from is said to be silent, not left out unremarked.
                quoted_from = {statement.chunk.source for statement in chosen}
                if silent := [catalog.title(source) for source in state["named"] if source not in quoted_from]:
                    result.lines.append(silent_documents_line(silent))
                if state["unanswered"]:
                    result.lines.append(more_documents_line(state["unanswered"]))
            else:
                named = state["named"]
                result = refusal(retriever.topics(named or None), unknown, [catalog.title(source) for source in named])
            for piece in stream_lines(result):
                yield AddableDict(answer=piece)
            timings = {"retrieve": state["retrieve_ms"], "answer": elapsed_ms(started)}
            record_answer({"grounded": result.grounded, "answerer": answered_by, "written": written, "timings_ms": timings})
            yield AddableDict(
                citations=[citation.as_dict() for citation in result.citations],
                statements=result.statements,
                attributed=result.grounded and len(catalog) > 1,
                grounded=result.grounded,
                answerer=answered_by,
                **({"written": written} if written else {}),
                question=state["resolved"].query,
                # What was searched, then anything the answer quotes beyond it (a whole list's entries).
                retrieved=list(dict.fromkeys([p.chunk.id for p in passages] + [c.chunk.id for c in result.citations])),
                timings_ms=timings,
            )

    def answer_each(inputs: Iterator[dict[str, Any]]) -> Iterator[AddableDict]:
        yield from answer(retrieve(prepare(item)) for item in inputs)

    # One step, not a sequence of three: LangChain sets up each step's run (config, callbacks, a look at the
    # function's signature), which cost 1.1 ms of CPU a question against 0.2 ms for one.
    return RunnableGenerator(answer_each).with_config(run_name="role_assistant")
