"""Small text utilities shared by retrieval, answering and evaluation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lemminflect import getAllLemmas

# A comma joins digits only ("130,000"); "equity,100%" (a missing space) is two words.
WORD = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+|(?<=[0-9]),[0-9]+)*")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
WHITESPACE = re.compile(r"\s+")
# A heading's or title's aside in brackets, which qualifies it: "Mid-Level to Senior (7-10+ years experience)".
ASIDE = re.compile(r"\([^()]*\)")
# A full stop that ends an abbreviation or an initial, not a sentence.
ABBREVIATION_END = re.compile(
    r"(?:\b(?:e\.g|i\.e|a\.m|p\.m|vs|approx|incl|esp|cf|mr|mrs|ms|dr|prof|st|inc|ltd|co|corp|jr|sr)|(?<![\w.])[A-Za-z])\.$",
    re.IGNORECASE,
)

STOPWORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not
    now of off on once only or other our ours out over same she should so some such than that the
    their theirs them then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours tell give list describe
    explain know need needs want please much many typical typically usually kind kinds sort thing things stuff someone
    one ones role roles job jobs position posting postings opening vacancy vacancies person people
    get got say says said like myself yourself yourselves himself herself ourselves themselves oneself
    anything something everything nothing anyone everyone anybody somebody everybody nobody
    i'm i've i'll i'd you're you've you'll you'd we're we've we'll we'd they're they've they'll they'd
    don't doesn't didn't isn't aren't wasn't weren't won't can't couldn't shouldn't wouldn't haven't hasn't""".split()
)

# Words clipped as people type them, written out before the question is embedded: the model placed "the avg annual
# salary" nearer a pay band than "Average: $130,000 - $140,000 annually" (probes RB and RD).
CLIPPED_WORDS = {
    "avg": "average", "yr": "year", "yrs": "years", "mgmt": "management", "mgr": "manager", "reqs": "requirements",
    "math": "mathematics", "maths": "mathematics", "stats": "statistics", "docs": "documentation", "config": "configuration",
    "env": "environment", "envs": "environments", "perf": "performance", "algo": "algorithm", "algos": "algorithms",
    "k8s": "Kubernetes", "ppl": "people", "biz": "business", "info": "information", "comp": "compensation",
    "regs": "regulations", "yoe": "years of experience", "rn": "right now", "devs": "developers", "cert": "certification",
    "certs": "certifications", "exp": "experience", "wfh": "work from home", "nyc": "New York City", "sr": "senior", "jr": "junior", "req": "requirement",
    "uni": "university",
}
# Everyday words mapped onto the vocabulary the corpus uses for the same idea, clipped ones among them.
QUERY_SYNONYMS = {
    "earn": "salary",
    "earns": "salary",
    "pay": "salary",
    "paid": "salary",
    "wage": "salary",
    "wages": "salary",
    "income": "salary",
    "extra": "additional",  # "extra comp" of "Additional Compensation"
    "compensated": "compensation",
    "perks": "benefits",
    "equity": "stock",  # "come with equity?" of "Stock grant opportunities"
    "bonus": "incentives",  # "does it come with a bonus?" of "Paid performance incentives"
    "vacation": "pto",
    "notice": "advance",  # "how much notice": "2 weeks in advance"
    "degree": "education",
    "study": "education",
    "qualification": "requirements",
    "qualifications": "requirements",
    "duties": "responsibilities",
    "responsible": "responsibilities",
    "desirable": "preferred",
    "tasks": "responsibilities",
    "problems": "challenges",
    "difficulties": "challenges",
    "hurdles": "challenges",
    "obstacles": "challenges",
    "pitfalls": "challenges",
    "outlook": "demand",
    "prospects": "demand",
    "promotion": "career",
    "progression": "career",
    "ca": "california",
    "mlops": "devops",
    "retirement": "401k",
    "pension": "401k",
    "insurance": "health",
    "started": "founded",  # "who started hopskipdrive?" of "Founded by three moms"
    "founders": "founded",
    "contractor": "freelancing",
    "freelancer": "freelancing",
    "ops": "operations",  # clipped as people say it: "the marketing ops role"
    "tech": "technology",  # "Roadie's tech stack" of "Technology We're Using Now"
    "stack": "technology",
    # clipped as people write them, too loosely to write out before embedding: "models into prod", "dev and prod"
    "prod": "production",
    "dev": "development",  # "dev and prod environments"
} | {clipped: whole.lower() for clipped, whole in CLIPPED_WORDS.items() if " " not in whole}  # a word for a word
# Job titles as the trade writes them in initials that are not the initials of their words ("SWE") or name more words
# than a title writes ("SRE" of "IC3 Reliability Engineer"), so that no title spells them out.
# Written out in lower case: "site" is no name a document must write.
ROLE_INITIALS = {"SRE": "site reliability engineer", "SWE": "software engineer", "SDE": "software development engineer"}
# Words for the job itself ("the infra role", "the payroll gig"), which name no part of a document.
JOB_NOUNS = frozenset("role job position posting opening gig".split())
# Title words as people clip them ("ml infra engineers"): the title's word where a question names its document.
CLIPPED_TITLE_WORDS = {"infra": "infrastructure", "eng": "engineer", "engs": "engineers"}
_CLIPPED_WORD = re.compile(r"\b(?:" + "|".join(CLIPPED_WORDS) + r")\b", re.IGNORECASE)


# What a question spells out that documents write as an acronym the model barely places: "time off" came within
# 0.24 of "Flexible work schedule with unlimited PTO", and within 0.50 said as "time off (PTO)".
ACRONYMS_SPELLED_OUT = [
    (re.compile(r"\b(?:time|days?)\s+off\b|\bvacations?\b|\bannual\s+leave\b", re.IGNORECASE), "PTO"),
]


def acronyms_of(phrase: str) -> list[str]:
    """The acronyms documents write for what a phrase spells out ("PTO" of "time off")."""
    return [acronym for spelled, acronym in ACRONYMS_SPELLED_OUT if spelled.search(phrase)]


# Asking how to take it, a question is answered in the words it uses ("Where do I request time off?" of a policy saying
# "request your time off in Timetastic"), where the acronym drew another document's "PTO requests".
TAKING_IT = re.compile(r"\b(?:request\w*|tak(?:e|es|ing)|book\w*|ask\w*|submit\w*|log\w*|notif\w*|notice|approv\w*|plan\w*)\b",
                       re.IGNORECASE)


def acronyms_asked(question: str) -> str:
    """The acronyms of what a question spells out, in brackets, unless it writes them itself or asks how to take it;
    or nothing."""
    if TAKING_IT.search(question):
        return ""
    said = [acronym for acronym in acronyms_of(question) if not re.search(rf"\b{acronym}\b", question, re.IGNORECASE)]
    return f" ({', '.join(said)})" if said else ""


def written_out(question: str, titled: Iterable[str] = ()) -> str:
    """The question with its clipped words written out ("avg": "average"); capitalised after its first word, such a
    word is a name ("Google Docs"), and stays, as does one of the title of a document the question names (`titled`, as
    stems: "read the docs team" of "... — Read the Docs")."""
    kept = set(titled)

    def write_out(found: re.Match) -> str:
        named = (found.start() > 0 and found.group()[0].isupper()) or stem(found.group().lower()) in kept
        return found.group() if named else CLIPPED_WORDS[found.group().lower()]
    return _CLIPPED_WORD.sub(write_out, question)


def normalise(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip().lower()


def stem(word: str) -> str:
    """A deliberately light stemmer: plurals, -ing, -ed and a final e, so "freelance" meets "freelancing"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    else:
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


# "co-working" is written "coworking" as often, "on-call" "oncall": a compound is also its parts run together,
# among a question's words and those a document is said to use (not in the scores, where it would count twice).
HYPHENATED_COMPOUND = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")
PLAN_NUMBER = re.compile(r"(\d+)\((\w)\)")  # "401(k)" is written "401k" as often as not
ABBREVIATION = re.compile(r"(?:[a-z]{1,3}\.)+[a-z]{1,3}")  # "Ph.D." is written "PhD" as often, "U.S." "US"
# A company named for its web address is one word, as its file name writes it: "Leads.io" is "leadsio".
WEB_ADDRESS = re.compile(r"[a-z0-9]+\.(?:com|io|ai|co|org|net|dev|app)")
# An acronym's plural is its letters and a small s ("IDs", "APIs", "PRs"), too short or too like "-is" to stem.
ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,}[0-9]*)s\b")


# Initials joined by an ampersand are one acronym: "W&B" of Weights & Biases, "AT&T".
AMPERSAND_INITIALS = re.compile(r"\b([A-Z]{1,3})&([A-Z]{1,3})\b")


def joined_initials(text: str) -> str:
    return AMPERSAND_INITIALS.sub(r"\1\2", text)


def words(text: str) -> list[str]:
    """Lower-case words; "Northwind's" and "LeafLink’s" are "northwind" and "leaflink", "130,000" is "130000", "Ph.D." is
    "phd", "IDs" is "id", "W&B" is "wb"."""
    text = joined_initials(text.replace("’", "'"))  # a typographic apostrophe, as phones and web pages write it
    return [
        token.replace(".", "") if ABBREVIATION.fullmatch(token) or WEB_ADDRESS.fullmatch(token) else token
        for token in (found.replace(",", "").removesuffix("'s") for found in WORD.findall(PLAN_NUMBER.sub(r"\1\2", ACRONYM_PLURAL.sub(r"\1", text).lower())))
    ]


def content_terms(text: str, expand: bool = False) -> list[str]:
    """The stemmed words of `text` that say something; when `expand`, with the corpus's words for everyday ones
    and each hyphenated compound run together."""
    return list(_content_terms(text, expand))


# A degree's name or letters say "degree", in a job ad's "B.S. or higher in Computer Science" as in a question.
DEGREE_NAMES = frozenset("bs ba bsc ms msc mba phd doctorate bachelor bachelors master masters".split())
DEGREE = stem("degree")


# Every question scores the same passages' statements and headings again: remember their terms.
@lru_cache(maxsize=50_000)
def _content_terms(text: str, expand: bool) -> tuple[str, ...]:
    terms = []
    for word in words(text):
        if word in STOPWORDS:
            continue
        terms.append(stem(word))
        if word in DEGREE_NAMES:
            terms.append(DEGREE)
        elif expand and word in QUERY_SYNONYMS:
            terms.append(stem(QUERY_SYNONYMS[word]))
    if expand:
        terms += [stem(compound.replace("-", "")) for compound in HYPHENATED_COMPOUND.findall(text.lower())]
    return tuple(terms)


def asked_words(text: str) -> list[str]:
    """The words of `text` that say something, as written (lower-cased, unstemmed): not "haves" of "nice-to-haves"."""
    return [word for word in words(text) if word not in STOPWORDS and stem(word) not in STOPWORDS]


# A state or office named after its holder ("maintainership", "sponsorship", "membership") is said by the holder too.
HOLDING = re.compile(r"(?P<holder>[a-z]{5,})ship")


def term_choices(text: str) -> list[frozenset[str]]:
    """For each word of `text` that says something, its stem and the stem of the corpus's word for it, and of the
    holder a state or office is named after ("maintainer" of "maintainership")."""
    return [frozenset({stem(word), DEGREE if word in DEGREE_NAMES else stem(QUERY_SYNONYMS.get(word, word)),
                       *((stem(held["holder"]),) if (held := HOLDING.fullmatch(word)) else ())})
            for word in asked_words(text)]


def naming_choices(text: str) -> list[frozenset[str]]:
    """For each word of `text` that says something, its stem and the stem of the title word it clips."""
    return [frozenset({stem(word), stem(CLIPPED_TITLE_WORDS.get(word, word))}) for word in asked_words(text)]


def closing_phrase(predicate: str) -> list[frozenset[str]]:
    """The thing a predicate asks about ("offer parental leave", "use Python", "are hybrid"): the term choices of
    its last word that says something and of the word before it when that one says something too, but for
    the predicate's own verb, its first word."""
    said = [word not in STOPWORDS for word in words(predicate)][1:]
    choices = term_choices(predicate)[1:] if said and words(predicate)[0] not in STOPWORDS else term_choices(predicate)
    if not said or not said[-1]:
        return []
    return choices[-2:] if len(said) > 1 and said[-2] else choices[-1:]


# Capitalised, but naming nothing: the pronoun, and the interjection ("Is it OK to ...?").
NEVER_NAMES = frozenset(("I", "OK"))
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w+#.-]*[\w+#]")


def names_in(question: str) -> list[str]:
    """Capitalised words that are not sentence starts: the places, companies and products a question names."""
    return [m.group() for m in _name_matches(question)]


# A word where a company's name stands, written in lower case as people type ("netflix's parental leave", "does
# shopify have unlimited pto", "pto at airbnb?", "netflix parental leave?"): a name where no dictionary knows it.
_LOWER_WORD = r"([a-z][a-z0-9]*(?:[.-][a-z0-9]+)*)"
OWNER_WRITTEN_LOWER = (
    re.compile(rf"(?<![\w'’.-]){_LOWER_WORD}['’]s\b"),
    re.compile(rf"\b(?:does|do|did|will|would|can|could|might)\s+{_LOWER_WORD}\s+(?:offer|provide|give|have|cover|sponsor|pay|let|allow"
               r"|require|hire|use|want|expect|need|look|value|prefer)\b"),
    re.compile(rf"\b(?:at|join|joining)\s+{_LOWER_WORD}\s*(?:[?.!]|$)"),
    # ... or opening the question, before what is asked of it ("netflix parental leave?", "airbnb home office stipend")
    re.compile(rf"^\s*{_LOWER_WORD}\s+(?=[a-z])"),
)
SHORTEST_LOWER_CASE_NAME = 4  # shorter ones are abbreviations ("pto", "ml")


def owner_words(question: str) -> list[str]:
    """The words a question writes in lower case where a company's name stands (OWNER_WRITTEN_LOWER)."""
    return list(dict.fromkeys(match.group(1) for pattern in OWNER_WRITTEN_LOWER for match in pattern.finditer(question)))


def owners_written_lower(question: str) -> list[str]:
    """The words a question writes in lower case where a company's name stands that no dictionary knows, nor
    the clipped words written out ("comp", "devs"); "whats" and "thats" are contractions."""
    # (a compound ending in a dictionary word is none: "non-coding ways to count as a contributor?")
    return [word for word in owner_words(question)
            if len(word) >= SHORTEST_LOWER_CASE_NAME and word not in CLIPPED_WORDS and not getAllLemmas(word)
            and not getAllLemmas(word.removesuffix("s")) and not getAllLemmas(word.rpartition("-")[2])]


def lone_names_in(question: str) -> dict[str, set[str]]:
    """The names a question writes with no capitalised word beside them ("Google", not "Google Cloud"), in
    lower case after their first letter ("GPUs" is a thing, written alone or in "NVIDIA H100 GPUs"); each
    with the terms of the words either side ("a Principal engineer": "engineer"), and of the longer names the
    question writes ("... a Senior Staff Engineer level between Staff and Principal": "Principal" as an engineer's)."""
    lone = {}
    matches = _name_matches(question)
    in_runs = {at for index, (match, following) in enumerate(zip(matches, matches[1:]))
               if question[match.end() : following.start()].isspace() for at in (index, index + 1)}
    longer = set(content_terms(" ".join(matches[at].group() for at in in_runs)))
    for match in matches:
        before, after = question[: match.start()].split()[-1:], question[match.end() :].split()[:1]
        if match.group()[1:].islower() and not any(word[:1].isupper() for word in before + after):
            lone[match.group()] = set(content_terms(" ".join(before + after))) | longer
    return lone


def _name_matches(question: str) -> list[re.Match]:
    first_words = {match.end() for match in re.finditer(r"(?:^|[.!?]\s+|[\"'(]\s*)", question)}
    return [m for m in NAME.finditer(question) if m.start() not in first_words and m.group() not in NEVER_NAMES]


# A role's words, none a preposition ("a cover in Eightfold's pay" names no role: "Zone A cover in ...")
_ROLE_WORD = (r"(?!(?:in|at|of|for|on|to|with|from|by|under|over|usually|typically|normally|generally|often|really|actually"
              r"|i|you|we|they|he|she|it)\b)[a-z][\w-]*")  # nor a person asking: "Do I absolutely need ...?"
_PHRASE = rf"(?P<role>(?:{_ROLE_WORD}\s+){{0,2}}{_ROLE_WORD})"
# whose the role is: "a nurse at Northwind", "nurses at Amex wellness centers", "a nurse with a degree"
_WHOSE = r"(?:\s+(?:(?:at|in)(?:\s+\S+){1,5}|(?:with|for)\s+\S+(?:\s+\S+)?))?"
_HOW_OFTEN = r"(?:\s+(?:usually|typically|normally|generally|often|really|actually))?"  # "does a pilot usually get"
# "make" as earning, ending the clause or before a span or a place ("does a nurse make a year"), not "make public".
_MAKES_MONEY = r"makes?(?=\s*(?:[?.!,]|$)|\s+(?:a|an|per|each|every|in|at|on|annually|yearly|monthly|hourly|typically|usually)\b)"
# What is paid is no one paid: "pay salaries", "pay expenses".
_NOT_MONEY = r"(?!(?:salar|wage|bonus|expense|bill|tax|fee|invoice|cost|stipend|allowance|benefit|dividend|premium)\w*\b)"
# "an electrician's hourly rate": pay by the hour or day ("the growth rate" is none)
_PAY_RATE = r"(?:hourly|daily|day)\s+rates?"
# Where a question says whose pay or requirements it asks about: "does a nurse earn", "the salary of
# an airline pilot", "a teacher's salary".
ROLE_ASKED_ABOUT = [
    re.compile(rf"\b(?:does|do|did|would|will|can|could|should)\s+(?:an?\s+|the\s+)?{_PHRASE}{_WHOSE}{_HOW_OFTEN}\s+"
               rf"(?:earn|earns|{_MAKES_MONEY}|get paid|take home|need|needs|require|requires)\b"),
    # ... or how much of a thing they get, or what ("How much annual leave do secondary school teachers in Ireland
    # get?", "What per diem do airline pilots get on layovers?")
    re.compile(rf"\b(?:how\s+(?:much|many)|what|which)\s+(?:[\w-]+\s+){{1,3}}?(?:does|do|did|would|will|can|could)\s+(?:an?\s+|the\s+)?{_PHRASE}"
               rf"{_WHOSE}{_HOW_OFTEN}\s+gets?\b"),
    # ... or what they do ("What does a beekeeper do day to day?")
    re.compile(rf"\bwhat\s+(?:does|do|did|would|will)\s+(?:an?\s+|the\s+)?{_PHRASE}{_WHOSE}{_HOW_OFTEN}\s+do\b"),
    # "pay" the noun ("the pay for a nurse", "pay of a pilot"), not the verb ("Does X pay for a coworking space?")
    re.compile(rf"\b(?:salary|salaries|(?<=\bthe\s)pay|pay(?=\s+of\b)|wage|wages|income|earnings)\s+(?:of|for)\s+(?:an?\s+|the\s+)?"
               rf"{_PHRASE}\b(?=\s*(?:[?.!,]|$|in\b|at\b))"),
    re.compile(rf"\b(?:an?\s+|the\s+){_PHRASE}'s\s+(?:salary|pay|wage|income|requirements|{_PAY_RATE})\b"),
    # "pay" the verb with its payees closing the question ("What does PostgresML pay data scientists?"), and a
    # ladder's or a career path's people ("the career path for content designers at GDS")
    re.compile(rf"\b(?:does|do|did|will|would|can|could)\s+(?:\S+\s+){{1,4}}?(?<!['’]s\s)pay\s+(?:its\s+|their\s+)?"
               rf"(?P<role>(?:{_ROLE_WORD}\s+){{0,2}}{_NOT_MONEY}[a-z][\w-]*[^\Ws]s)\s*[?.!]?\s*$"),
    re.compile(rf"\b(?:career\s+(?:paths?|levels?|ladders?|tracks?|progression)|ladders?)\s+(?:for|of)\s+(?:an?\s+|the\s+)?{_PHRASE}"
               rf"(?=\s*(?:[?.!,]|$|in\b|at\b))"),
    # ... or their work or their prospects ("the responsibilities of a product manager", "job outlook for dental hygienists")
    re.compile(rf"\b(?:responsibilities|duties|tasks|outlook|prospects)\s+(?:of|for)\s+(?:an?\s+|the\s+)?{_PHRASE}"
               rf"(?=\s*(?:[?.!,]|$|in\b|at\b|through\b))"),
]
# A person's noun before the pay, opening the question or after "a" or "the", says whose it is ("frontend developer
# salary", "the average nurse salary"); a word that may qualify ("base", "median", "starting") says which pay.
ROLE_BEFORE_PAY = re.compile(rf"(?:^\s*(?!(?:what|which|who|how|is|are|do|does|did|can)\b)|\b(?:an?|the|my|your|their|our|what's|whats)\s+)"
                             rf"{_PHRASE}\s+(?:salary|salaries|wages?|{_PAY_RATE})\b")
# A question about what a role does asks of the role a document, or a section of it, is about: "What does a
# product manager do all day?" closes on what they do.
DUTIES_ASKED = re.compile(r"\b(?:responsibilities|duties|tasks|day[\s-]+to[\s-]+day)\b"
                          r"|\bdo(?:\s+(?:all|every|each)\s+(?:day|week)|\s+at\s+work)?\s*[?.!]?\s*$", re.IGNORECASE)


# Words for anyone employed, or applying, for any job, and for a level of one: "What do part-time staff (or full
# timers) need to qualify ...?", "How much experience would a PhD holder need?", "the job salary", "the pay for the experienced tier"
# ask of no other profession.
ANYONE_EMPLOYED = frozenset(stem(word) for word in (
    "staff employee worker colleague teammate member hire newcomer holder graduate candidate applicant folk timer "
    "role job position opening gig post vacancy level tier band grade bracket rung").split())


def roles_asked_about(question: str) -> list[str]:
    """The people or roles a question asks the pay or requirements of ("nurse", "airline pilot")."""
    lowered = question.lower()
    matches = [match for pattern in ROLE_ASKED_ABOUT for match in pattern.finditer(lowered)]
    matches += [match for match in ROLE_BEFORE_PAY.finditer(lowered)
                if (said := asked_words(match.group("role"))) and len(said[-1]) > 2  # "the overall US salary"
                and set(getAllLemmas(said[-1])) & {"NOUN", "ADJ"} == {"NOUN"}
                # a verb says the words are a clause, no role ("the overview gives one salary range")
                and not any(set(getAllLemmas(word)) == {"VERB"} for word in match.group("role").split())]
    return [
        match.group("role") for match in matches
        if (said := asked_words(match.group("role"))) and stem(said[-1]) not in ANYONE_EMPLOYED
        # ... nor a job's own noun closing it ("the responsibilities for the Aarhus DIF job")
        and stem(re.sub(r"\W", "", match.group("role").split()[-1])) not in ANYONE_EMPLOYED
    ]


def profession_terms(role: str) -> list[str]:
    """The stemmed words of a role that name its profession, not those that may qualify it (words that can be
    adjectives): "engineer" of "experienced engineers" or "senior engineer", "product manager" whole."""
    return [stem(word) for word in asked_words(role) if "ADJ" not in getAllLemmas(word)]


def spelled_by_initials(acronym: str, words: list[str]) -> bool:
    """Whether words in a row begin with the acronym's letters ("pull requests" of "PR")."""
    size = len(acronym)
    return any("".join(word[0] for word in words[at : at + size]).lower() == acronym.lower() for at in range(len(words) - size + 1))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences in `text`."""
    spans, start = [], 0
    for match in SENTENCE_BREAK.finditer(text):
        if ABBREVIATION_END.search(text, 0, match.start()):
            continue  # "(e.g. Terraform)" and "J. Smith" go on
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


# What numbers a heading within a series of its siblings: "Level 1" ... "Level 6", "Engineer II", "IC4".
SERIES_NUMBER = re.compile(r"\b(?:\d+|[IVX]+|[A-Z]{1,3}\d+)\b")


# A phrase a question quotes ("the paper 'Attention Is All You Need'", "'going dark'"): two words or more between
# quotation marks, not an apostrophe's ("the team's 'on-call'" quotes one word).
QUOTED_PHRASE = re.compile(r"(?<!\w)['‘\"“]([^'‘’\"“”]+?\s[^'‘’\"“”]+?)['’\"”](?!\w)")


# A phrase glossed in brackets ("grocery vouchers (vales de despensa)"): the same thing named twice, the words
# before the bracket (up to four) and the words inside it.
GLOSSED = re.compile(r"((?:[\w'-]+\s+){0,3}[\w'-]+)\s*\(([^()]+)\)")


def glossed_phrases(question: str) -> list[tuple[str, str]]:
    return GLOSSED.findall(question)


def quoted_phrases(question: str) -> list[str]:
    return QUOTED_PHRASE.findall(question)


# A version a question names ("Terraform 1.5", "Python 3.12"): a number with a point in it, and no amount ("$1.5k",
# "1.5x", "2.5%").
VERSION_NUMBER = re.compile(r"(?<![\w$£€.,])\d+\.\d+(?:\.\d+)*(?![\w.,%]*\d|\s*%|[a-zA-Z])")


def versions_in(question: str) -> list[str]:
    return VERSION_NUMBER.findall(question)


# A year a question names ("salaries in 2030", "the 2018 World Cup"): a document speaks only of the years it writes.
YEAR = re.compile(r"(?<![\w$£€.,])(?:19|20)\d\d(?![\w.,%]*\d)")


def years_in(question: str) -> list[str]:
    return YEAR.findall(question)


@lru_cache(maxsize=65536)
def _word_forms(word: str) -> frozenset[str]:
    return frozenset({word, *(lemma.lower() for lemmas in getAllLemmas(word).values() for lemma in lemmas)})


def writes_phrase(text: str, phrase: str) -> bool:
    """Whether `text` writes `phrase`, word for word but for the forms of each ("going dark" in "I cannot go dark")."""
    asked = [_word_forms(word) for word in words(phrase)]
    written = [_word_forms(word) for word in words(text)]
    return any(all(asked[j] & written[i + j] for j in range(len(asked))) for i in range(len(written) - len(asked) + 1))
