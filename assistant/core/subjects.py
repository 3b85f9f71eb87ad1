"""Which documents a question names, and which words each document uses.

A document is named by its identity: the words of its title and file name. A question names it
when it uses one of the identity's *names*, or two of the identity's words in a row ("data
engineer"). A name is a word of the identity that is no ordinary word: the corpus never writes it
in lower case outside addresses and the embedding model's vocabulary does not hold it whole
("Northwind", but not "pay" from a file called "brightmoor-pay.md"). A name several identities share
names all of them, together (one company's job ad and pay policy); ordinary words ("senior",
"engineer") name none.

A question also names a document with a capitalised phrase of two or more words that only that
document writes ("Made Tech" in a job ad whose title is just "Data Engineer"). A phrase the document
writes as its company's name ("at End Point Dev", "Urban Airship · techladder") says whose the
question is, not what it asks, and leaves what is searched for.

A company may be named by an ordinary word ("Cruise", "Writer", "Remote"). Such a word of the identity
is a name when the document writes it as one: capitalised and alone after "at", "join" or "about"
("at Remote", "About Writer"), or possessive ("Writer's"); or, for a file-name word the title lacks,
capitalised and never in lower case ("Cruise" alone on a line of cruise-senior-sre.txt). A question names the document by it only when it
capitalises it too, past its first word: "Does Cruise pay well?", but not "Is the job remote?".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from pathlib import PurePosixPath
from typing import Iterable

from lemminflect import getAllLemmas
from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.core.places import names_a_place
from assistant.core.text import (
    ASIDE,
    ROLE_INITIALS,
    STOPWORDS,
    content_terms,
    joined_initials,
    naming_choices,
    owner_words,
    stem,
    words,
)
from assistant.ingest.chunking import SECTION_SEPARATOR

# A word written in lower case on its own: "astropy-dev" names a mailing list, and leaves "Astropy" a name.
LOWER_CASE_WORD = re.compile(r"(?<![\w-])[a-z][a-z0-9]*(?:'[a-z]+)?(?![\w-])")
LOWER_CASE_POSSESSIVE = re.compile(r"(?<![\w-])([a-z][a-z0-9]*)['’]s\b")
# Addresses are not prose: "posthog.com", "hey@posthog.com" and "github.com/posthog" write a name in
# lower case without making it an ordinary word; nor are channels ("#govuk-2ndline") or code ("govuk_urgent").
ADDRESS = re.compile(r"\S*\w[./@:_]\w\S*|[#@]\w\S*")
# Runs of capitalised words ("Made Tech", "Maven Wallet"); a possessive or punctuation ends a run.
CAPITALISED_RUN = re.compile(r"\b[A-Z][\w&+-]*(?:[ \t]+[A-Z][\w&+-]*)+")
LONGEST_PHRASE = 4
# A capitalised word, or one written with a capital inside ("phData", "eBay"): a name's spelling.
CAPITALISED_WORD = re.compile(r"\b(?:[A-Z]|[a-z]{1,3}[A-Z])[\w&+-]*")
# What a product's name may end in, beside the name people call it by ("StencilJS", "Socket.io" written "socketio").
NAME_SUFFIXES = ("js", "io", "hq", "db", "ai")
# A misspelt name is corrected only from this length: one letter away, shorter names ("2i2c", "dxw") are other names.
MISSPELT_NAME_MIN = 6
SENTENCE_END = re.compile(r"[?!;]+|\.(?=\s|$)")
WORD_IN_QUESTION = re.compile(r"(?<![\w.@/-])[A-Za-z][a-z]+[A-Za-z]*(?![\w@/-])")
# A sentence's capitalised first word is no part of a name after it ("For Washington-based roles", "Our European offices").
LEADING_SMALL_WORD = re.compile(
    r"^(?:A|An|The|For|Our|Your|Their|Its|In|At|On|Of|To|By|With|From|And|Or|But|As|If|When|Where|While|This|That"
    r"|These|Those|We|You|They|It|Is|Are|All|Each|Every|Any|Some|No)[ \t]+"
)
# A place's people and things are written with an ending on its name: "Europe" is in "our European offices".
DEMONYM_ENDINGS = ("n", "an", "ean", "ian", "es", "i")
# A name a document's text uses at least this often is the document's own, when its title and file name have none.
MENTIONS_OF_OWN_NAME = 2
ACRONYM = re.compile(r"[A-Z]{2,%d}s?" % LONGEST_PHRASE)
ACRONYM_WORD = re.compile(r"\b[A-Z]{2,%d}(?=s?\b)" % LONGEST_PHRASE)
TITLE_WORD = re.compile(r"[A-Za-z][\w-]*")
# A company named for its web address ("Cal.com") goes by the address's first part too ("at Cal").
WEB_ADDRESS_NAME = re.compile(r"\b([A-Z][A-Za-z0-9]*)\.(?:com|io|ai|co|org|net|dev|app)\b")
# A word written as a name: capitalised, or with a capital inside ("phData").
NAME_WORD = r"(?:[A-Z][a-z]|[a-z]{1,3}[A-Z])[\w&-]*"
COMPANY_NOUN = (r"(?i:company|startup|organi[sz]ation|firm|agency|business|non-?profit|foundation|co-?operative|consultancy"
                r"|employer|workplace)\b")  # "an equal opportunity employer", as most job ads say of who hires
# A capitalised word written as a company's name: possessive ("Writer's"), or alone after "at", "join" or
# "about" ("We work async at Remote", "About Writer"); alone after any lower-case word it may be a level's
# or a team's name ("to Senior", "our Data team").
WRITTEN_AS_NAME = re.compile(
    rf"\b(?:[Aa]t|[Jj]oin|[Jj]oining|[Aa]bout)[ \t]+({NAME_WORD})\b(?![ \t]+[A-Z]|['’]s\b)|\b({NAME_WORD})(?=['’]s\b)"
)
# ... or said of a company's hiring ("Roadie is seeking a Site Reliability Engineer"), or to be one ("Roadie, a UPS
# Company, is ...", "Clarifai is proud to be an equal opportunity workplace"); the last word of a run of capitals
# ("Rewiring America is seeking") names nothing alone.
NAME_SAID_OF_A_COMPANY = re.compile(
    rf"\b({NAME_WORD})(?:[ \t]+(?:is|are)[ \t]+(?:seeking|hiring|looking|recruiting|searching)\b"
    rf"|,?[ \t]+(?:is[ \t]+(?:proud[ \t]+to[ \t]+be[ \t]+)?)?an?[ \t]+(?:[\w-]+[ \t]+){{0,5}}?{COMPANY_NOUN})"
)
# The words after a company's name that say what kind of company it is.
COMPANY_KINDS = frozenset("group inc ltd llc labs lab technologies systems corporation corp co company holdings partners "
                          "solutions gmbh ag plc limited".split())
CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w&-]*[ \t]+$")
# A sentence opened by a word that is no noun, doing what a company does ("Obvious offers paid menstrual leave",
# "Obvious takes a Winter Break"): an adjective cannot, so it is a name. A noun may be a team ("Management covers").
SENTENCE_SUBJECT_ACTING = re.compile(
    rf"(?:^|(?<=[.!?])[ \t]+)({NAME_WORD})[ \t]+(?:offers|provides|takes|encourages|gives|pays|covers|reimburses|matches"
    rf"|observes|closes)\b",
    re.MULTILINE,
)
# A heading asking why the company ("Why Roadie?", "Why phData? We offer:"): its pitch, once enough to name it.
WHY_NAME = re.compile(rf"^[ \t]*Why[ \t]+(?:[Jj]oin[ \t]+)?({NAME_WORD})[ \t]*\?", re.MULTILINE)
# A possessive after "a" or "every" is a role's, not a name's ("A Principal Engineer's decisions").
ROLE_POSSESSIVE = re.compile(r"\b(?:[Aa]n?|[Ee]ach|[Ee]very|[Aa]ny)[ \t]+(?:[A-Z][\w-]*[ \t]+)*[A-Z][a-z][\w&-]*['’]s\b")
# An acronym written as a company's name: possessive ("the FT's priorities") or after "at", "join the", ending its
# phrase ("career path at GDS, which ..."); one a noun follows modifies it ("at AWS scale", "at AWS Lambda").
NAME_ENDS = r"(?=[ \t]*(?:[.,;:!?)]|$)|[ \t]+(?:and|or|is|are|was|has|have|we|you|in|on|for|to|with|which|that|who|as|since|from)\b)"
ACRONYM_WRITTEN_AS_NAME = re.compile(
    r"\b([A-Z]{2,%d})(?=['’]s\b)|\b(?:[Aa]t|[Jj]oin|[Jj]oining|[Aa]bout)[ \t]+(?:the[ \t]+)?([A-Z]{2,%d})\b"
    % (LONGEST_PHRASE, LONGEST_PHRASE) + NAME_ENDS, re.MULTILINE)
# A run of capitalised words written as a company's name: after "at", "join" or "about", ending its phrase ("at End
# Point Dev", not "at Senior Engineer level"); possessive ("Urban Airship's"); opening a byline ("Urban Airship ·
# techladder"); or said to be a company ("End Point Dev is an Internet technology consulting company"). A thing's
# name is written otherwise ("a MacBook Pro", "our Series D", "Rejuvenation Policy – Flexible Time Off"), and so is
# a day's ("International Women's Day").
NAME_RUN = r"[A-Z][\w&+-]*(?:[ \t]+[A-Z][\w&+-]*){1,%d}" % (LONGEST_PHRASE - 1)
RUN_WRITTEN_AS_NAME = re.compile(
    rf"\b(?:[Aa]t|[Jj]oin|[Jj]oining|[Aa]bout)[ \t]+({NAME_RUN}){NAME_ENDS}|\b({NAME_RUN})(?=['’]s\b(?![ \t]+[A-Z]))"
    rf"|^[ \t]*({NAME_RUN})[ \t]+[·|][ \t]+\S"
    rf"|\b({NAME_RUN})[ \t]+is[ \t]+an?[ \t]+(?:[\w-]+[ \t]+){{0,5}}?{COMPANY_NOUN}",
    re.MULTILINE)
# A word no dictionary knows, written in lower case as a company's name: a company may write its name so
# ("balena's flexible schedule", "eatsa · San Francisco, CA", "at dxw, we").
LOWER_CASE_WRITTEN_AS_NAME = re.compile(
    rf"\b(?:[Aa]t|[Jj]oin|[Jj]oining|[Aa]bout)[ \t]+([a-z][a-z0-9]*){NAME_ENDS}|(?<![\w-])([a-z][a-z0-9]*)(?=['’]s\b)"
    r"|^[ \t]*([a-z][a-z0-9]*)[ \t]+[·|][ \t]+\S",
    re.MULTILINE)
# An open-source project's name, as its own documents write it ("the Kubewarden project", "the OpenFGA community"); an
# acronym so written is a field's ("the ML community"), and so is a dictionary's word the document also writes in lower
# case ("the Data community"), but not one it never does ("the Shipwright project").
PROJECT_WRITTEN_AS_NAME = re.compile(r"\b[Tt]he[ \t]+([A-Z][a-z][\w&-]*)[ \t]+(?:project|community|maintainers|contributors)\b")
# A line in capitals standing first, above the title: its company ("COMPREHEND SYSTEMS" atop "Platform Engineer
# (Infrastructure) -- Redwood City, CA").
COMPANY_LINE = re.compile(r"[A-Z][A-Z0-9&.,'-]*(?:[ \t]+[A-Z][A-Z0-9&.,'-]*){0,%d}" % (LONGEST_PHRASE - 1))
# A run of capitalised words after a determiner is a role's, a level's or a thing's, never a company's name ("the
# Team Lead's involvement", "a Senior L1 in 2026").
# ... but for a name telling whose thing follows, a noun it qualifies ("the Base Two team", "your Base Two calendar",
# "Your Base Two 401k"), where a role's run goes on to a verb, a preposition or a word for a role ("the Staff Engineer is",
# "a Senior L1 in 2026", "the Senior Engineer level").
_GOES_ON_AS_A_ROLE = (r"(?:is|are|was|were|be|has|have|had|will|would|can|could|should|may|must|does|do|did|in|at|of|on|for"
                      r"|to|with|by|from|and|or|but|who|whom|that|which|as|if|when|than|then|also|role|roles|level|levels"
                      r"|position|positions|title|titles|track|band|grade|ladder)")
DETERMINED_RUN = re.compile(rf"\b(?:[Aa]n?|[Tt]he|[Ee]ach|[Ee]very|[Pp]er|[Tt]his|[Tt]hat|[Yy]our|[Oo]ur|[Tt]heir|[Ii]ts)[ \t]+({NAME_RUN})\b"
                            rf"(?!\s+(?:\d|(?!{_GOES_ON_AS_A_ROLE}\b)[a-z]))")
# In a question: a capitalised word past the first ("Does Cruise ...?"), or a possessive one anywhere.
CAPITALISED_IN_QUESTION = re.compile(r"(?<=[\w,:;] )([A-Z][a-z][\w&-]*)\b|\b([A-Z][a-z][\w&-]*)(?=['’]s\b)")


# Where a line or sentence starts, after any bullet or number: its first word is capitalised for that alone.
STARTS_HERE = re.compile(r"[\n.!?:][ \t]*(?:(?:[-*•]|\d+[.)])[ \t]+)?\Z")
STARTS_REACH = 8  # characters before a word that STARTS_HERE looks at


def names_and_rest(text: str) -> tuple[list[str], str]:
    """The runs of two or more capitalised words that are names, and the text without them. A sentence's first
    small word is no part of a name, nor is an adjective that starts a line or sentence before a word no dictionary
    knows: "Intermediate English reading level" writes "English" alone ("Principal Engineers" is a title)."""
    runs, rest, at = [], [], 0
    for found in CAPITALISED_RUN.finditer(text):
        run = LEADING_SMALL_WORD.sub("", found.group())
        first, _, after = run.partition(" ")
        if (after and " " not in after and not _in_a_dictionary(after.lower()) and "ADJ" in getAllLemmas(first.lower())
                and STARTS_HERE.search(("\n" + text)[max(0, found.start() - STARTS_REACH) : found.start() + 1])):
            run = after
        rest.append(text[at : found.start()])
        if len(run.split()) > 1:
            runs.append(run)
            rest.append(found.group()[: len(found.group()) - len(run)] + " ")
        else:
            rest.append(found.group())
        at = found.end()
    rest.append(text[at:])
    return runs, "".join(rest)


CONJUNCTION = re.compile(r"\s*(?:,|&|\band\b|\bor\b|\bvs\b\.?|\bversus\b)\s*", re.IGNORECASE)


def _term_breaks(question: str, terms: list[str], separator: re.Pattern) -> set[int]:
    """The positions among `terms` where each piece of `question` that `separator` splits off begins again: after a
    sentence's end ("... engineer? is it remote"), or after "and", "&", "or", "vs" or a comma ("Clef and Weights &
    Biases" names two things, where "guestline senior engineer" names one). None when the pieces' words are not the
    question's."""
    pieces = [content_terms(piece) for piece in separator.split(question)]
    return set(accumulate(len(piece) for piece in pieces)) if sum(pieces, []) == terms else set()


def capitalised_phrases(text: str) -> set[tuple[str, ...]]:
    """Every run of 2 to LONGEST_PHRASE capitalised words in `text`, lower-cased."""
    phrases = set()
    for run in CAPITALISED_RUN.findall(text):
        tokens = tuple(run.lower().split())
        for size in range(2, LONGEST_PHRASE + 1):
            phrases.update(tokens[start : start + size] for start in range(len(tokens) - size + 1))
    return phrases


@dataclass
class DocumentVocabulary:
    source: str
    title: str
    terms: set[str] = field(default_factory=set)  # stemmed content terms of every passage and heading
    identity: list[str] = field(default_factory=list)  # stemmed title and file-name words, in order
    phrases: set[tuple[str, ...]] = field(default_factory=set)  # capitalised phrases of its text
    parts: set[tuple[str, ...]] = field(default_factory=set)  # stemmed words of each top-level section heading
    capitalised: Counter = field(default_factory=Counter)  # stemmed capitalised words of its passages, counted
    # Words it writes as a company's name (WRITTEN_AS_NAME), counted; and its file name's words the title
    # lacks that it writes capitalised, never in lower case ("Cruise" atop cruise-senior-sre.txt).
    name_uses: Counter = field(default_factory=Counter)
    # Runs of capitalised words it writes as a company's name (RUN_WRITTEN_AS_NAME), lower-cased.
    name_phrases: set[tuple[str, ...]] = field(default_factory=set)
    # Capitalised words it writes only inside a longer name ("Google" of "Google Cloud"): a question naming
    # the word alone names something else.
    only_in_names: set[str] = field(default_factory=set)
    # Pairs of words in a row that some document's title or file name has and this document's text writes
    # ("parental leave"): a topic, where another document's text writes them.
    title_pairs_written: set[tuple[str, str]] = field(default_factory=set)
    # Each web address written as a name ("Cal.com"), as a term ("calcom"), to the term of its first part ("cal").
    address_names: dict[str, str] = field(default_factory=dict)
    # The sections under a page's one heading over everything ("Working Hours and Remote Work", "Leave Policy" under
    # "Cuesoft Employee Handbook: ..."): parts too, even those repeating the title's words, having siblings.
    sections: set[tuple[str, ...]] = field(default_factory=set)
    # Each file-name word, and each word written as a name, that its passages write capitalised, as they write it
    # most ("nerdwallet": "NerdWallet", "roadi": "Roadie").
    spellings: dict[str, str] = field(default_factory=dict)
    # The words no dictionary knows that it writes in lower case as a company's name (LOWER_CASE_WRITTEN_AS_NAME).
    lower_case_names: set[str] = field(default_factory=set)
    # The words no dictionary knows that a heading asks why of ("Why phData?", WHY_NAME): the company pitching itself.
    pitched_names: set[str] = field(default_factory=set)


def _places_of_demonym(name: str) -> list[str]:
    """The places a word made of a place's name is written from: "Australia" of "Australian", "Canada" of
    "Canadian" (a place ending in "a" drops it before "-ian")."""
    bases = {name[: -len(ending)] + tail for ending in DEMONYM_ENDINGS if name.endswith(ending) for tail in ("", "a")}
    return [term for base in bases if names_a_place(base) for term in content_terms(base)]


# A file name's version or number ("travel_policy_v3.pdf", "benefits-2024.md") names nothing: as a name it had kept a
# document from being named by the company its text writes most.
FILE_VERSION = re.compile(r"(?<![^\s_-])(?:v\d+(?:\.\d+)*|\d+)(?![^\s_-])", re.IGNORECASE)


# A page saved from a hosting service is its owner's: "persado.github.io" is Persado's.
HOSTED_PAGE = re.compile(r"\.(?:github|gitlab|netlify|vercel|herokuapp|readthedocs|pages)\.(?:io|app|com|dev)$", re.IGNORECASE)


def _file_name_words(source: str) -> str:
    stem_words = HOSTED_PAGE.sub("", PurePosixPath(source).stem)
    return FILE_VERSION.sub(" ", stem_words).replace("_", " ").replace("-", " ")


def _file_numbers(title: str, source: str) -> set[str]:
    """The numbers of a title that is its file's name ("Jobs 83541" of jobs_83541.txt): a job board's id, not a name.
    A number a written title holds ("Company 0999") names its document."""
    stem_terms = set(content_terms(PurePosixPath(source).stem.replace("_", " ").replace("-", " ")))
    title_terms = set(content_terms(title))
    return {term for term in title_terms if term.isdigit()} if title_terms <= stem_terms else set()


def _identity_terms(title: str, source: str) -> list[str]:
    return content_terms(title) + ["\0"] + content_terms(_file_name_words(source))  # "\0": no pair spans title and file name


# A title listing what it covers ("Working Hours, Holidays and Leave", "Handbook - holiday, remote working, expenses,
# salary reviews") is a policy's, whose words are its topics; a role's names one job ("Data Engineer II (Remote, US)",
# its aside aside; "Senior Product Designer, Patient Experience"; "Software Engineer, Infrastructure, Berlin").
LISTED_TOPICS = re.compile(r",\s.*\s(?:and|&)\s|(?:,[^,]+){3}")


def _pairs(terms: list[str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in zip(terms, terms[1:]) if "\0" not in (a, b) and a != b}


class DocumentCatalog:
    """The indexed documents, by source, with what identifies each."""

    def __init__(self, documents: Iterable[DocumentVocabulary], known_words: set[str], lower_case_words: set[str]):
        """`known_words`: those the embedding model holds whole; `lower_case_words`: those the corpus writes in lower case."""
        self.documents = {document.source: document for document in documents}
        identities = {source: document.identity for source, document in self.documents.items()}
        # Ordinary words: those the model knows, and those written in lower case, but for a company writing its name so.
        proven = set().union(*(document.name_uses for document in self.documents.values()))
        ordinary_words = known_words | (lower_case_words - proven)
        self._ordinary_words = ordinary_words
        shared_pairs = _shared({source: _pairs(terms) for source, terms in identities.items()})
        # A name no ordinary word ("posthog") names every document whose identity has it: a company's job ad
        # and its pay policy alike. Ordinary words name none, whoever shares them.
        # (the model knows words, not stems: "MANTL" shares its stem with "mantle", and no dictionary knows it)
        self._names = {
            source: {term for term in terms if term != "\0" and (term not in ordinary_words or (
                term not in lower_case_words and (spelling := self.documents[source].spellings.get(term)) is not None
                and not _in_a_dictionary(spelling.lower())))}
            - _file_numbers(self.documents[source].title, source)
            for source, terms in identities.items()
        }
        # A title's technology ("MLOps" of "Platform Engineer, MLOps") that other documents write as well names
        # none of them, unless some document writes it as a company's name ("At Teleport").
        unproven = set().union(*self._names.values()) - proven
        written_elsewhere = {
            term for source, document in self.documents.items() for term in (unproven & document.terms) - set(identities[source])
        }
        self._names = {source: names - written_elsewhere for source, names in self._names.items()}
        # A name shared with a document that has a name only it holds is a word for the role, not a company, unless some
        # document writes it as a company's ("at Podium"): "SRE" of "Software Engineer (SRE) - ISRG" and of "Platform
        # SRE Developer - Canadian Digital Service".
        holders = _inverted(self._names)
        roles = {term for term, sources in holders.items() if len(sources) > 1 and term not in proven
                 and any(len(holders[name]) == 1 for source in sources for name in self._names[source])}
        self._names = {source: names - roles for source, names in self._names.items()}
        # A name the document writes that joins the starts of its title's words in a row ("Amex" of "American
        # Express", in "Team Amex"), or two of them whole ("Crunch.io" of crunch-io-sre.md), is its name too.
        for source, document in self.documents.items():
            self._names[source] |= {
                term for term in document.capitalised if term not in ordinary_words and _clipped_from(term, document.identity)
            } | {
                first + second for first, second in _pairs(document.identity)
                if first + second in document.terms and first + second not in ordinary_words
            }
        # An ordinary word the document writes as its name ("Remote") names it where a question capitalises it.
        self._capitalised_names = {
            source: {term for term in document.identity if document.name_uses[term]} - self._names[source]
            for source, document in self.documents.items()
        }
        # ... unless several documents, each with a name of its own, share it: "Company" of "... at Company 0999".
        name_holders = _inverted(self._names)
        named_apart = {source for source, names in self._names.items() if any(len(name_holders[name]) == 1 for name in names)}
        shared_words = {term for term, sources in _inverted(self._capitalised_names).items()
                        if len(sources) > 1 and set(sources) <= named_apart}
        self._capitalised_names = {source: words - shared_words for source, words in self._capitalised_names.items()}
        # ... and in lower case too where no document writes it in lower case and no other writes it at all ("are flux
        # roles cumulative?" of flux-community-roles.txt); "remote", an ordinary word wherever written so, only capitalised.
        self._plainly_named_by = _inverted({
            source: {term for term in names if term not in lower_case_words
                     and not any(term in other.terms for other in self.documents.values() if other.source != source)}
            for source, names in self._capitalised_names.items()
        })
        for source, document in self.documents.items():
            self._capitalised_names[source] |= {
                name for address, name in document.address_names.items() if address in self._names[source]
            }
        # A job ad titled "Backend Engineer" is still its company's: the name its text uses most ("Teleport"),
        # never one another document uses but for its own name ("Kubernetes" in every ad).
        # An ordinary word is another document's too only where it writes it capitalised: "at Status" names the
        # handbook page, though a ladder writes of "emeritus status".
        used_elsewhere: tuple[Counter, Counter] | None = None  # (in any case, capitalised)
        for source, document in self.documents.items():
            # An ordinary word of the title named capitalised ("Site" of "Site Reliability Engineer" atop a job board's
            # header) is no company: the name the text uses is looked for still; so is a title's word the text never
            # writes as a company's name ("DevSecOps" of "DevSecOps Engineer", where "Accumulus is seeking" one).
            title_names = self._names[source]
            if any(document.name_uses[name] for name in title_names):
                continue
            if used_elsewhere is None:
                used_elsewhere = (
                    Counter(term for other, vocabulary in self.documents.items() for term in vocabulary.terms - self._names[other]),
                    Counter(term for other, vocabulary in self.documents.items()
                            for term in set(vocabulary.capitalised) - self._names[other]),
                )
            # Written as a name at least once ("at Teleport"): a technology is capitalised as often ("IaC").
            # A word it writes only inside a longer name names that ("People Operations", a team), unless it starts a
            # company's name ("Comprehend" of "COMPREHEND SYSTEMS" atop the page: once is enough for that); one written
            # in lower case as a name is counted wherever it is written.
            leading = {term for phrase in document.name_phrases for term in content_terms(phrase[0])} | document.pitched_names
            written = document.capitalised + Counter({term: document.name_uses[term] for term in document.lower_case_names})
            used = [(count, term) for term, count in written.items()
                    if (document.name_uses[term] or term in leading) and used_elsewhere[term in ordinary_words][term] <= (term in document.terms)
                    and (term not in document.only_in_names or term in leading)]
            # Beside a title's own name, a short word may be a committee's or a team's ("the PMC's"), no company's.
            used = [(count, term) for count, term in used if not title_names or len(term) > LONGEST_PHRASE]
            # (a word that is no ordinary word before one that is: "Upp" over "Level", capitalised in every level's name)
            if used and ((top := max(used, key=lambda used_term: (used_term[1] not in ordinary_words, used_term)))[0]
                         >= MENTIONS_OF_OWN_NAME or top[1] in leading):
                (self._names if top[1] not in ordinary_words else self._capitalised_names)[source].add(top[1])
        # A file name writes a company's name as one word ("sensortower"), its text as several ("Sensor Tower"):
        # those words name nothing alone ("tower"), but a question naming the company names it by them.
        self._spelled_names = {
            source: {stem(word) for phrase in document.phrases if stem("".join(phrase)) in self._names[source] for word in phrase}
            for source, document in self.documents.items()
        }
        self._pairs = {source: _pairs(terms) - shared_pairs for source, terms in identities.items()}
        # A title's words in a row that another document's text writes too ("Paid Parental Leave Policy" where
        # a job ad offers "paid parental leave") may be what a question asks about rather than whose.
        written_by = _inverted({source: document.title_pairs_written for source, document in self.documents.items()})
        self._topic_pairs = {
            source: {pair for pair in pairs if set(written_by.get(pair, ())) - {source}} for source, pairs in self._pairs.items()
        }
        # "Perks" heading a part of "Benefits & Perks" is a topic; "About Northwind Robotics" is still the
        # company, and "Staff Platform Engineer" heading all of "Staff Platform Engineer at Kestrelpoint" the title again.
        self._topic_words = {
            source: {
                term for part in document.parts | document.sections
                if not set(part) & self._names[source] and (part in document.sections or not _repeats_title(part, document.identity))
                for term in part
            }
            for source, document in self.documents.items()
        }
        # "SRE" names "Site Reliability Engineer": the initials of two or more of its title's words in a row, or
        # of its file name's ("FT" of financial-times-engineering.html, a page titled just "Engineering").
        acronyms = {source: _acronyms_of(_file_name_words(source)) | _acronyms_of(document.title)
                    for source, document in self.documents.items()}
        self._initials = {source: set(found) for source, found in acronyms.items()}
        # An acronym a document writes as a word ("ML") means that, not a title's initials ("MARROWBAY LOGISTICS").
        written = set().union(*(document.terms for document in self.documents.values()))
        shared_acronyms = _shared({source: set(found) for source, found in acronyms.items()}) | written
        # ... unless only the document itself writes it, and as its name ("the FT's priorities" in financial-times-engineering.html).
        self._acronyms = {
            source: {a: words for a, words in found.items() if a not in shared_acronyms or self._own_acronym(source, a, words)}
            for source, found in acronyms.items()
        }
        shared_phrases = _shared({source: document.phrases for source, document in self.documents.items()})
        self._phrases = {source: document.phrases - shared_phrases for source, document in self.documents.items()}
        # Each way of naming, the other way round: a question is looked up by its words, not held against
        # every document.
        self._order = {source: index for index, source in enumerate(self.documents)}
        self._named_by = _inverted(self._names)
        self._capitalised_named_by = _inverted(self._capitalised_names)
        self._paired_by = _inverted(self._pairs)
        self._phrased_by = _inverted(self._phrases)
        self._acronym_of = _inverted(self._acronyms)
        # A run of words one document writes as a company's name names it in lower case too ("morgan stanley").
        self._company_phrased_by = _inverted({
            source: document.name_phrases & self._phrases[source] for source, document in self.documents.items()})
        # "SRE" of two ads both titled "Senior Site Reliability Engineer" names neither, but means the same words.
        spellings: dict[str, dict[str, str]] = {}
        for found in acronyms.values():
            for acronym, spelled in found.items():
                if acronym not in written:
                    spellings.setdefault(acronym, {}).setdefault(spelled.lower(), spelled)
        self._spelling = {acronym: next(iter(found.values())) for acronym, found in spellings.items() if len(found) == 1}
        # ... and a job title the trade writes in initials, where no document writes them itself.
        self._role_spelling = {acronym: spelled for initials, spelled in ROLE_INITIALS.items()
                               if (acronym := stem(initials.lower())) not in written}
        self._owners = {source: self._owner(source) for source in self.documents}
        self._shared_titles = {
            titled for titled, count in Counter((d.title, self._owners[s]) for s, d in self.documents.items()).items() if count > 1
        }

    def _own_acronym(self, source: str, acronym: str, words: str) -> bool:
        """Whether a document writes an acronym of its own title's or file name's words as its name, or in capitals
        where its title lacks those words ("across FT technology" in financial-times-....html, titled "Senior Engineer 1
        Competencies"; "Our ML models" of "MARROWBAY LOGISTICS" means machine learning), and no other document
        writes it at all."""
        document = self.documents[source]
        unnamed = not set(content_terms(words)) <= set(content_terms(document.title))
        return bool(document.name_uses[acronym] or (unnamed and document.capitalised[acronym])) and not any(
            acronym in other.terms for other_source, other in self.documents.items() if other_source != source
        )

    def _owner(self, source: str) -> str:
        """Whose document it is, as its text writes the name, when its title does not say: the names a file name
        starts with, as a company names its files ("Modern Health" of modern-health-staff-sre.md, titled "Staff Site
        Reliability Engineer"), or else the name its text writes as a company's ("Roadie" of jobs_108693.txt, titled
        "Site Reliability Engineer", which asks "Why Roadie?"); "" when the title has a name its text writes as one."""
        document = self.documents[source]
        split = document.identity.index("\0")
        in_title, file_words = set(document.identity[:split]), document.identity[split + 1 :]
        naming = self._names[source] | self._capitalised_names[source]
        run: list[str] = []
        for term in file_words:
            if term not in naming or term in in_title or term not in document.spellings:
                break
            run.append(document.spellings[term])
        if run or any(document.name_uses[term] for term in naming & in_title):
            return " ".join(run)
        # ... but for a word saying what a company is ("the Firm's", "the Company"), as legal prose capitalises it, and the
        # title's own initials ("CDS" of "... - Canadian Digital Service").
        title_words = document.identity[:split]
        initials = {"".join(word[0] for word in title_words[start:end])
                    for start in range(len(title_words)) for end in range(start + 2, len(title_words) + 1)}
        # An ordinary noun ("Master" of "Master's degree") is a company's only where it starts a name ("Harlow Keating").
        leading = {stem(phrase[0]) for phrase in document.name_phrases}
        from_text = [term for term in naming if term not in in_title and term in document.spellings
                     and term not in initials and not re.fullmatch(COMPANY_NOUN, document.spellings[term])
                     # a place alone is where the job is ("Spain" of "Backend Developer (Kraken, Spain).docx")
                     and (term in leading or not names_a_place(document.spellings[term]))
                     and (term in self._names[source] or term in leading
                          or "NOUN" not in getAllLemmas(document.spellings[term].lower()))]
        if not from_text:
            return ""
        # the whole name a run starting with it writes ("Morgan Stanley's goal")
        named = max(from_text, key=lambda term: document.capitalised[term])
        phrase = max((phrase for phrase in document.name_phrases if stem(phrase[0]) == named), key=len, default=(named,))
        return " ".join(document.spellings.get(stem(word), word) for word in phrase)

    def __len__(self) -> int:
        return len(self.documents)

    def title(self, source: str) -> str:
        """What an answer calls a document: its title, with whose it is when the title does not say ("Benefits
        (Tuist)"), and with its file name when another document still has the same title (two ads both
        "Senior Site Reliability Engineer" whose file names do not name their companies)."""
        document = self.documents.get(source)
        if document is None:
            return source
        owner = self._owners[source]
        title = f"{document.title} ({owner})" if owner else document.title
        return f"{title} ({PurePosixPath(source).name})" if (document.title, owner) in self._shared_titles else title

    def names_spelled_right(self, question: str) -> str:
        """The question with each word of a document's name or title it misspells by one letter ("Sourcegrpah",
        "posthgo", "turing insitute") written as the document writes it: a word of at least MISSPELT_NAME_MIN letters
        that no document uses and no dictionary knows, one letter added, dropped, changed or two swapped away from one
        such word, and from no other, nor from any other word the documents use."""
        used, naming = self._terms_used, self._naming_words

        def right(found: re.Match) -> str:
            word = found.group()
            term = stem(word.lower())
            if len(word) < MISSPELT_NAME_MIN or term in used or word.lower() in self._ordinary_words:
                return word
            near = process.extract(term, naming.keys(), scorer=OSA.distance, score_cutoff=1, limit=2)
            if len(near) != 1:
                return word
            # ... nor from a word the documents write that names none ("experiance" is "experience", not "Experian")
            if process.extractOne(term, self._terms_naming_nothing, scorer=OSA.distance, score_cutoff=1):
                return word
            written = naming[near[0][0]]
            return written[:1].upper() + written[1:] if word[:1].isupper() else written

        return WORD_IN_QUESTION.sub(right, question)

    @cached_property
    def _terms_naming_nothing(self) -> frozenset[str]:
        """The words the documents use that are no word of a document's name or title, once per catalog: a question's
        misspelling is looked up among them."""
        return self._terms_used - self._naming_words.keys()

    @cached_property
    def _terms_used(self) -> frozenset[str]:
        return frozenset().union(*(document.terms for document in self.documents.values()))

    @cached_property
    def _naming_words(self) -> dict[str, str]:
        """Each word naming a document, or of its title or file name, as a stem, to the word as it is written."""
        written: dict[str, str] = {}
        for source, document in self.documents.items():
            for word in re.findall(r"[^\W_]+", f"{self.title(source)} {PurePosixPath(source).stem}"):
                written.setdefault(stem(word.lower()), document.spellings.get(stem(word.lower()), word))
        for name, sources in self._named_by.items():
            written.setdefault(name, next((spelling for source in sources if (spelling := self.documents[source].spellings.get(name))), name))
        return written

    def named_in(self, question: str) -> list[tuple[str, ...]]:
        """The documents a question names, in the order it names them; documents named by the same
        words ("PostHog": its job ad and its pay policy) come together, as one group."""
        if len(self.documents) < 2:
            return []
        terms = content_terms(question)
        pairs = list(zip(terms, terms[1:]))
        # Two words a sentence's end separates are no pair: "... the OpenAI research engineer? is it remote" names no
        # "Engineer (Remote)".
        ends = _term_breaks(question, terms, SENTENCE_END)
        pairs = [pair if at + 1 not in ends else ("\0", "\0") for at, pair in enumerate(pairs)]
        phrases = capitalised_phrases(question)
        asked_acronyms = {stem(word.lower()) for word in ACRONYM_WORD.findall(joined_initials(question))}
        by_term = [(self._named_by.get(term, ()), i) for i, term in enumerate(terms)]
        paired = [(self._paired_by.get(pair, ()), i, pair) for i, pair in enumerate(pairs)]
        named = [(sources, _first_position(terms, phrase)) for phrase in phrases
                 if (sources := self._phrased_by.get(phrase, ())) and not self._inside_another_name(phrase, phrases, sources)]
        named += [(self._acronym_of.get(acronym, ()), terms.index(acronym)) for acronym in asked_acronyms if acronym in terms]
        named += [(sources, _first_position(terms, phrase)) for phrase in _word_runs(question)
                  if (sources := self._company_phrased_by.get(phrase, ()))]
        capitalised = content_terms(" ".join(word for found in CAPITALISED_IN_QUESTION.findall(question) for word in found))
        named += [(self._capitalised_named_by.get(term, ()), terms.index(term)) for term in capitalised if term in terms]
        named += [(sources, i) for i, term in enumerate(terms) if (sources := self._plainly_named_by.get(term))]
        named += [(self._capitalised_named_by[term], terms.index(term)) for term in self._owners_typed_lower(question) if term in terms]
        # "phData ML engineer" asks phData's "Senior Machine Learning Engineer", not the one other title writing "ML": a
        # word another document named at another place also says in its title, or by its initials, is that one's.
        elsewhere: dict[str, set[int]] = {}
        for sources, at in [*by_term, *named]:
            for source in sources:
                elsewhere.setdefault(source, set()).add(at)
        named += [
            (tuple(source for source in sources if not any(
                other != source and ats - {position}
                and terms[position] in set(self.documents[other].identity) | self._initials[other]
                for other, ats in elsewhere.items())), position)
            for sources, position in by_term if sources
        ]
        # "paid parental leave at Podium" asks Podium's, though a policy is titled "Paid Parental Leave"; and "the
        # senior ML engineer opening at Fetch" asks Fetch's "Senior Machine Learning Engineer", whose title says
        # it too, not the "Senior ML Infrastructure Engineer".
        by_name = {source for sources, _ in named for source in sources}
        titled_by_name = [set(self.documents[source].identity) | self._initials[source] for source in by_name]
        # ... nor does "guestline senior engineer" ask of Motional's "Senior Engineer - Semantic Search": words right
        # after a document's name are that document's.
        after_a_name = {position + 1 for sources, position in named if sources} - _term_breaks(question, terms, CONJUNCTION)
        named += [
            (tuple(source for source in sources if source in by_name or (
                (pair not in self._topic_pairs[source] or not by_name - {source})
                and not any(set(pair) <= titled for titled in titled_by_name) and position not in after_a_name)), position)
            for sources, position, pair in paired
        ]
        found: dict[str, int] = {}
        for sources, position in named:
            for source in sources:
                found[source] = min(found.get(source, position), position)
        groups: dict[int, tuple[str, ...]] = {}
        for source in sorted(found, key=lambda source: (found[source], self._order[source])):
            groups[found[source]] = groups.get(found[source], ()) + (source,)
        return list(groups.values())

    def _inside_another_name(self, phrase: tuple[str, ...], phrases: set[tuple[str, ...]], sources: Iterable[str]) -> bool:
        """Whether a capitalised phrase is part of a longer one whose other words name another document: "Senior ML"
        of "Block's Senior ML Modeler" is not the Senior ML Infrastructure Engineer."""
        for longer in phrases:
            if len(longer) > len(phrase) and _within(phrase, longer):
                extra = set(content_terms(" ".join(set(longer) - set(phrase))))
                if any(extra & set(document.identity) for source, document in self.documents.items() if source not in sources):
                    return True
        return False

    def spelled_out(self, question: str) -> str:
        """The question with each acronym that names a document's title written out ("SRE": "Site Reliability
        Engineer"), and each job title the trade writes in initials that no document writes ("SWE": "Software
        Engineer"), so that it is searched by the words the documents use."""
        def spell(found: re.Match) -> str:
            acronym = stem(found.group(0).lower())
            titled = self._spelling.get(acronym) if len(self.documents) > 1 else None
            return titled or self._role_spelling.get(acronym, found.group(0))
        return ACRONYM_WORD.sub(spell, question)

    def names_of(self, sources: Iterable[str]) -> set[str]:
        """The words that alone name these documents ("northwind"), and those of a name the file name writes
        as one word ("sensor", "tower" of "sensortower")."""
        return {name for source in sources for name in self._names.get(source, set()) | self._spelled_names.get(source, set())}

    def capitalised_names_of(self, sources: Iterable[str]) -> set[str]:
        """The ordinary words that name these documents when capitalised ("Remote"), never in lower case."""
        return {name for source in sources for name in self._capitalised_names.get(source, set())}

    def initials_of(self, sources: Iterable[str]) -> set[str]:
        """The initials of these documents' titles and file names ("FT" of financial-times-senior-engineer.html):
        written in capitals, they name the document as its words in a row do."""
        return {initials for source in sources for initials in self._initials.get(source, set())}

    def paired_words_in(self, sources: Iterable[str], question: str) -> set[str]:
        """The words of these documents' title or file-name pairs the question writes in a row ("kite", "foundat" of
        "Kite Foundation contractors"): whose, where neither word alone is a name."""
        terms = content_terms(question)
        return {word for source in sources for pair in zip(terms, terms[1:]) if pair in self._pairs.get(source, set()) for word in pair}

    def name_phrase_words(self, sources: Iterable[str], question: str) -> set[str]:
        """The other words of a longer name these documents write, starting with their name, that the question
        writes whole ("Innovations" of "Skybase Innovations"): part of the company's name, not of what is asked.
        Its title's words are not, but for those heading its parts ("Contributor" of the "OpenFeature Contributor
        Ladder", but "Finance" of astropy-finance-funding-policy.docx, whose part "Finance" it asks for)."""
        written = _written_words(question)
        return {
            stem(word) for source in sources for start, first in enumerate(written)
            if stem(first) in self._names.get(source, set())
            for size in range(2, LONGEST_PHRASE + 1)
            if (phrase := tuple(written[start : start + size])) in self.documents[source].phrases and len(phrase) == size
            for word in phrase[1:] if stem(word) not in self.identity_terms([source])
        }

    def _owners_typed_lower(self, question: str) -> set[str]:
        """The ordinary words naming a document as its company (`capitalised_names_of`) that a question types in lower
        case where a company's name stands ("does lambda want", "lambda's core infra job"), or right before a word of
        that document's title ("the lambda infra job", "lambda core infra")."""
        typed = re.findall(r"(?<![\w'’-])[a-z][\w-]*", question)
        before_title = {
            term for word, following in zip(typed, typed[1:])
            if (term := stem(word)) in self._capitalised_named_by and any(
                choice & set(self.documents[source].identity)
                for source in self._capitalised_named_by[term] for choice in naming_choices(following))
        }
        return ({stem(word) for word in owner_words(question)} & self._capitalised_named_by.keys()) | before_title

    def owners_typed_lower(self, sources: Iterable[str], question: str) -> set[str]:
        """Those of `_owners_typed_lower` naming these documents."""
        return self._owners_typed_lower(question) & self.capitalised_names_of(sources)

    def company_written_whole(self, sources: Iterable[str], question: str) -> set[str]:
        """The words of a name these documents write as their company's that the question writes whole, in any case:
        "the morgan stanley associate SRE" (a "Zarf Maintainer" heading is no company's, and its "maintainer" stays)."""
        runs = set(_word_runs(question))
        return {stem(word) for source in sources for phrase in self.documents[source].name_phrases if phrase in runs
                for word in phrase}

    def company_phrase_words(self, sources: Iterable[str], question: str) -> set[str]:
        """The words of the question's capitalised phrases that are part of a name these documents write as their
        company's ("Urban Airship", "End Point Dev"): whose, not what is asked."""
        return {
            word for source in sources for phrase in capitalised_phrases(question)
            if any(_within(phrase, name) for name in self.documents[source].name_phrases)
            for word in content_terms(" ".join(phrase))
        }

    def topic_words_asked(self, sources: Iterable[str], question: str) -> set[str]:
        """The words of its title's pairs ("working hours" of "Working Hours, Holidays and Leave") that a question
        naming the document by its name ("Skybase") writes, where the title lists topics: what it asks about, the name
        saying whose."""
        terms = content_terms(question)
        pairs = set(zip(terms, terms[1:]))
        return {
            word for source in sources
            if LISTED_TOPICS.search(ASIDE.sub("", self.documents[source].title))
            and set(terms) & (self.names_of([source]) | self._capitalised_names.get(source, set()))  # "Made Tech" of "madetech"
            for pair in _pairs(self.documents[source].identity) & pairs for word in pair
        }

    def identity_terms(self, sources: Iterable[str]) -> set[str]:
        """The words that say which document a question is about, and its title's initials ("SRE" beside
        "BuildBuddy" is the role, even where the ad writes "SRE" too). A word that also heads one of the
        document's parts ("Perks" in "Benefits & Perks"), in a heading that names no name, asks for that part."""
        return {
            term for source in sources for term in [*self.documents[source].identity, *self._initials[source]]
            if term != "\0" and term not in self._topic_words[source]
        }

    def uses(self, source: str, name: str, beside: set[str] | None = None) -> bool:
        """Whether a document uses any word of `name`, or spells out an acronym ("ML" of "Machine Learning");
        a name made only of stop words counts as used. A name a question writes alone, between the words
        `beside`, is used where the document writes it alone too, names the document, or writes it in a longer
        name with one of those words: "Google" is not "Google Cloud", but "a Principal engineer" is a
        "Principal Software Engineer"."""
        terms = content_terms(name, expand=True)
        document = self.documents.get(source)
        if document is None:
            return not terms
        if names_a_place(name):
            # A place of several words is written by its own words, not by the dictionary's ("New York" is no "new").
            own = [word for word in words(name) if not _in_a_dictionary(word)]
            if len(words(name)) > 1 and own:
                terms = content_terms(" ".join(own), expand=True)
            terms += [term + ending for term in terms for ending in DEMONYM_ENDINGS]
        terms += _places_of_demonym(name)
        if ACRONYM.fullmatch(name) and any(_initials(phrase) == name.lower().rstrip("s") for phrase in document.phrases):
            return True
        if beside is None or not terms:
            return not terms or any(term in document.terms for term in terms) or self._writes_longer_name(document, terms)
        if any(term in document.terms and term not in document.only_in_names for term in terms):
            return True
        if self._writes_longer_name(document, terms):
            return True
        lowered = name.lower()
        # A company goes by its name without the word saying what kind it is ("Conversant" of "Conversant Group").
        return bool(set(terms) & (set(document.identity) | self._names.get(source, set()))) or any(
            lowered in phrase and (beside & set(content_terms(" ".join(phrase))) or set(phrase) - {lowered} <= COMPANY_KINDS)
            for phrase in document.phrases
        )

    @staticmethod
    def _writes_longer_name(document: DocumentVocabulary, terms: list[str]) -> bool:
        """Whether a document writes a name as a product's name ending in a suffix ("StencilJS" of "Stencil")."""
        return any(stem(term + suffix) in document.terms for term in terms for suffix in NAME_SUFFIXES)

    def uses_all(self, source: str, phrase: str) -> bool:
        """Whether a document uses every word of `phrase` ("high-school teacher" needs "teacher" too)."""
        vocabulary = self.documents[source].terms if source in self.documents else set()
        return all(term in vocabulary for term in content_terms(phrase))


def _acronyms_of(name: str) -> dict[str, str]:
    """The initials of every run of 2 to LONGEST_PHRASE words of a title or file name, as a question's
    acronym is read, with the words they stand for."""
    spelled = [word for word in TITLE_WORD.findall(name) if word.lower() not in STOPWORDS]
    return {
        stem("".join(word[0] for word in spelled[start : start + size]).lower()): " ".join(spelled[start : start + size])
        for size in range(2, LONGEST_PHRASE + 1) for start in range(len(spelled) - size + 1)
    }


def _clipped_from(name: str, identity: list[str]) -> bool:
    """Whether a name joins the first two or more letters of each of two or more title or file-name words in a row:
    "amex" of "american express", "fedex" of "federal express"."""
    def rest(at: int, index: int, joined: int) -> bool:
        if at == len(name):
            return joined >= 2
        if index >= len(identity):
            return False
        word = identity[index]
        return any(word[:size] == name[at : at + size] and rest(at + size, index + 1, joined + 1)
                   for size in range(min(len(word), len(name) - at), 1, -1))
    return len(name) >= 4 and any(rest(0, start, 0) for start in range(len(identity)))


def _within(phrase: tuple[str, ...], longer: tuple[str, ...]) -> bool:
    return any(longer[start : start + len(phrase)] == phrase for start in range(len(longer) - len(phrase) + 1))


def _initials(phrase: tuple[str, ...]) -> str:
    return "".join(word[0] for word in phrase)


def _repeats_title(part: tuple[str, ...], identity: list[str]) -> bool:
    """Whether a heading is two or more of the title's words in the title's order."""
    size = len(part)
    return size >= 2 and any(tuple(identity[start : start + size]) == part for start in range(len(identity) - size + 1))


def _written_words(question: str) -> list[str]:
    """A question's words as written, lower-cased ("stanley's", "crunch.io"), but for a sentence's full stop."""
    return re.findall(r"[\w'’&.-]+(?<!\.)", question.lower())


def _word_runs(question: str) -> list[tuple[str, ...]]:
    """Every run of 2 to LONGEST_PHRASE words of a question, lower-cased and without possessives, in order of size."""
    written = [re.sub(r"['’]s$", "", word) for word in _written_words(question)]
    return [tuple(written[start : start + size]) for size in range(2, LONGEST_PHRASE + 1) for start in range(len(written) - size + 1)]


def _first_position(terms: list[str], phrase: tuple[str, ...]) -> int:
    phrase_terms = content_terms(" ".join(phrase))
    return terms.index(phrase_terms[0]) if phrase_terms and phrase_terms[0] in terms else len(terms)


def _inverted(held_by: dict[str, Iterable]) -> dict:
    """Each value to the sources holding it, in the sources' order."""
    holders: dict = {}
    for source, values in held_by.items():
        for value in values:
            holders.setdefault(value, []).append(source)
    return holders


def _shared(sets: dict[str, set]) -> set:
    seen, shared = set(), set()
    for values in sets.values():
        shared |= seen & values
        seen |= values
    return shared


def document_vocabularies(chunks: Iterable) -> list[DocumentVocabulary]:
    """Each document's vocabulary, from its stored chunks (with source, title, section, embedding text)."""
    chunks = list(chunks)
    title_pairs = set().union(*(_pairs(_identity_terms(title, source)) for source, title in {(c.source, c.title) for c in chunks}))
    documents: dict[str, DocumentVocabulary] = {}
    in_lower_case: dict[str, set[str]] = {}
    lower_case_counts: dict[str, Counter] = {}  # each document's words written in lower case, counted
    lower_case_names: dict[str, set[str]] = {}  # the words no dictionary knows it writes in lower case as a name
    in_names: dict[str, set[str]] = {}
    alone: dict[str, set[str]] = {}
    below: dict[str, set[tuple[str, ...]]] = {}  # the headings one level under each document's top-level ones
    determined: dict[str, set[tuple[str, ...]]] = {}  # runs of capitalised words after a determiner
    headings: dict[str, set[tuple[str, ...]]] = {}
    first_lines: dict[str, tuple[int, str]] = {}  # each document's first passage's first line, by where it starts
    spellings: dict[str, Counter] = {}  # (stem, as written) of each document's capitalised words
    projects: dict[str, Counter] = {}  # the names each document writes as an open-source project's
    for chunk in chunks:
        document = documents.get(chunk.source)
        if document is None:
            document = documents[chunk.source] = DocumentVocabulary(
                chunk.source, chunk.title, identity=_identity_terms(chunk.title, chunk.source)
            )
            in_lower_case[chunk.source], in_names[chunk.source], alone[chunk.source] = set(), set(), set()
            spellings[chunk.source], lower_case_counts[chunk.source], lower_case_names[chunk.source] = Counter(), Counter(), set()
            projects[chunk.source] = Counter()
            below[chunk.source], determined[chunk.source], headings[chunk.source] = set(), set(), set()
            # A page's title may be the one place naming its company ("Machine Learning Engineer - Careers at Affirm").
            document.name_uses.update(_written_as_names(chunk.title))
        text = chunk.embedding_text
        if chunk.start < first_lines.get(chunk.source, (chunk.start + 1, ""))[0]:
            first_lines[chunk.source] = (chunk.start, chunk.text.split("\n", 1)[0].strip())
        document.terms.update(content_terms(text, expand=True))
        document.phrases |= capitalised_phrases(text)
        # Counted in the passage alone: its heading path repeats a heading's words in every passage under it.
        written = CAPITALISED_WORD.findall(chunk.text)
        document.capitalised.update(stem(word) for word in words(" ".join(written)))
        spellings[chunk.source].update((stem(word.lower()), word) for word in written)
        document.name_uses.update(_written_as_names(chunk.text))
        projects[chunk.source].update(stem(name.lower()) for name in PROJECT_WRITTEN_AS_NAME.findall(chunk.text))
        document.name_phrases.update(_runs_written_as_names(chunk.text))
        # (a heading is written in title case: "The Good Eggs Compensation Philosophy" says no run is a role's)
        section_headings = {heading.strip().rstrip(":").lower() for heading in chunk.section.split(SECTION_SEPARATOR)}
        determined[chunk.source] |= _determined_runs("\n".join(
            line for line in chunk.text.split("\n") if line.strip().rstrip(":").lower() not in section_headings))
        headings[chunk.source] |= {tuple(heading.lower().split()) for heading in chunk.section.split(SECTION_SEPARATOR)}
        for found in WEB_ADDRESS_NAME.finditer(chunk.text):
            name = stem(found.group(1).lower())
            document.address_names.update((address, name) for address in content_terms(found.group(0))[:1])
            document.terms.add(name)
        in_lower_case[chunk.source] |= lower_case_words([text])
        lower_case_counts[chunk.source].update(stem(word) for word in LOWER_CASE_WORD.findall(ADDRESS.sub(" ", chunk.text)))
        for said in [chunk.text, *chunk.section.split(SECTION_SEPARATOR)]:
            lower_case_names[chunk.source].update(_lower_case_names(said))
            document.pitched_names.update(stem(name.lower()) for name in WHY_NAME.findall(said) if not _in_a_dictionary(name.lower()))
        terms = content_terms(chunk.text)
        document.title_pairs_written.update(pair for pair in zip(terms, terms[1:]) if pair in title_pairs)
        runs, rest = names_and_rest(text)
        in_names[chunk.source].update(content_terms(" ".join(runs)))
        alone[chunk.source].update(content_terms(rest))
        if len(path := chunk.section.split(SECTION_SEPARATOR)) > 1:
            document.parts.add(tuple(content_terms(path[1])))
            if len(path) > 2:
                below[chunk.source].add(tuple(content_terms(path[2])))
                # Under a page heading repeating the title, the parts are one level down ("Pensions" of a handbook page).
                if _repeats_title(tuple(content_terms(path[1])), document.identity):
                    document.parts.add(tuple(content_terms(path[2])))
    identities_using = Counter(term for document in documents.values() for term in set(document.identity))
    for source, document in documents.items():
        first_line = first_lines[source][1]
        if (COMPANY_LINE.fullmatch(first_line) and first_line.lower() != document.title.lower()
                and words(first_line)[0] not in STOPWORDS):  # "WE ARE HIRING" is no one's name
            document.name_phrases.add(tuple(first_line.lower().split()))
            document.name_uses.update(content_terms(first_line)[:1])
        if len(document.parts) == 1 and len(below[source]) > 1:
            document.sections = below[source]
        document.only_in_names = in_names[source] - alone[source]
        # A run it also writes after a determiner, or as a heading ("Programmer II"), is a role's, a level's or a
        # thing's; one its title or file name says ("Management Career Path · Team Lead", a breadcrumb) is what it is about.
        document.name_phrases = {
            phrase for phrase in document.name_phrases
            if not any(_within(phrase, longer) for longer in determined[source]) and phrase not in headings[source]
            and not set(content_terms(" ".join(phrase))) <= set(document.identity)
        }
        split = document.identity.index("\0")
        in_title = set(document.identity[:split])
        # A file-name word the title lacks, capitalised and never in lower case ("Cruise" alone on a line); or, one no
        # dictionary knows, more often capitalised than not ("The Dapr project", once "runtime (dapr)").
        document.name_uses.update(
            term for term in set(document.identity[split + 1 :]) - in_title
            if document.capitalised[term] and (term not in in_lower_case[source] or (
                not _in_a_dictionary(term) and document.capitalised[term] > lower_case_counts[source][term]))
        )
        document.name_uses.update(document.pitched_names)  # once, though every passage under the heading repeats it
        document.name_uses.update(Counter({name: count for name, count in projects[source].items()
                                           if not _in_a_dictionary(name) or name not in in_lower_case[source]}))
        # A company writing its name in lower case writes every use so.
        document.lower_case_names = lower_case_names[source]
        for term in document.lower_case_names:
            document.name_uses[term] += max(1, lower_case_counts[source][term])
        # A word both the title and the file name start with, more often capitalised than in lower case and in no other
        # document's title or file name, is a name ("Glint" of glint-data-platform-engineer.md, titled "Glint Data
        # Platform Engineer"; "Helm" of Helm Governance.pdf, once "the helm mailing list"), though a dictionary knows
        # it; "Senior" of two ads is a level. So is a longer title's first word
        # that no other document writes at all ("Truss Engineering Playbook" of on-call-best-practices.md), unless
        # the text writes another word no dictionary knows as a company's ("Accumulus is seeking a DevSecOps Engineer").
        first = document.identity[0] if split else ""
        named_in_text = (any(term not in document.identity and not _in_a_dictionary(term) for term in document.name_uses)
                         or any(phrase[-1] in COMPANY_KINDS for phrase in document.name_phrases))  # "Conversant Group ·"
        if (first and not named_in_text and (first not in in_lower_case[source] or document.capitalised[first] > lower_case_counts[source][first])
                and identities_using[first] == 1
                and (document.identity[split + 1 : split + 2] == [first]
                     or (split > 1 and not any(first in other.terms for other in documents.values() if other is not document)))):
            document.name_uses[first] += 1
        file_words = set(document.identity[split + 1 :])
        phrase_words = {stem(word) for phrase in document.name_phrases for word in phrase}
        for (term, word), _ in sorted(spellings[source].items(), key=lambda item: item[1]):
            if term in file_words or document.name_uses[term] or term in phrase_words:
                document.spellings[term] = word  # the most written last
    return list(documents.values())


def _written_as_names(text: str) -> list[str]:
    """The terms a text writes as a company's name (see WRITTEN_AS_NAME)."""
    naming_text = ROLE_POSSESSIVE.sub(" ", text)
    written = [word for pattern in (WRITTEN_AS_NAME, ACRONYM_WRITTEN_AS_NAME) for found in pattern.findall(naming_text) for word in found]
    written += [found.group(1) for found in NAME_SAID_OF_A_COMPANY.finditer(naming_text)
                if not CAPITALISED_BEFORE.search(naming_text, 0, found.start())]
    written += [word for word in SENTENCE_SUBJECT_ACTING.findall(naming_text)
                if not set(getAllLemmas(word.lower())) & {"NOUN", "PROPN", "PRON", "VERB"}]
    return content_terms(" ".join(written))


def _lower_case_names(text: str) -> set[str]:
    """The words no dictionary knows that a text writes in lower case as a company's name (LOWER_CASE_WRITTEN_AS_NAME)."""
    return {stem(word) for found in LOWER_CASE_WRITTEN_AS_NAME.findall(text) for word in found
            if word and word not in STOPWORDS and not _in_a_dictionary(word)}


@lru_cache(maxsize=65536)
def _in_a_dictionary(word: str) -> bool:
    return bool(getAllLemmas(word))


def _runs_written_as_names(text: str) -> set[tuple[str, ...]]:
    """The runs of capitalised words a text writes as a company's name (see RUN_WRITTEN_AS_NAME), lower-cased; not
    inside a title written in capitals ("How to Be Good at Performance Appraisals", but "Life at Urban Airship")."""
    runs = []
    for found in RUN_WRITTEN_AS_NAME.finditer(text):
        before = text[text.rfind("\n", 0, found.start()) + 1 : found.start()].split()[-2:]
        if not (len(before) == 2 and before[1][:1].isupper() and before[0][-1] not in ".!?:"):
            runs += [LEADING_SMALL_WORD.sub("", run) for run in found.groups() if run]
    return {tuple(run.lower().split()) for run in runs if len(run.split()) > 1}


def _determined_runs(text: str) -> set[tuple[str, ...]]:
    return {tuple(run.lower().split()) for run in DETERMINED_RUN.findall(text)}


def lower_case_words(texts: Iterable[str]) -> set[str]:
    """The words these texts write in lower case somewhere (addresses aside): ordinary words, never names;
    but for a possessive no dictionary knows, a company that writes its name in lower case ("dxw's holidays")."""
    texts = [ADDRESS.sub(" ", text) for text in texts]
    names = {stem(word) for text in texts for word in LOWER_CASE_POSSESSIVE.findall(text) if not getAllLemmas(word)}
    return {stem(word) for text in texts for word in words(" ".join(LOWER_CASE_WORD.findall(text)))} - names


def build_catalog(chunks: Iterable, raw_texts: Iterable[str], vocabulary: Iterable[str] = ()) -> DocumentCatalog:
    """A catalog from stored chunks (with source, title, embedding text), the text they were cut from,
    and the words the embedding model knows whole."""
    return DocumentCatalog(document_vocabularies(chunks), {stem(word) for word in vocabulary}, lower_case_words(raw_texts))
