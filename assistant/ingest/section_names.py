"""The plain names of the sections job documents name in their own voice.

Job ads title their parts "What you'll own", "Who you are", "Bonus points", "What we offer"; a reader
asks for "the responsibilities", "the requirements", "the nice-to-haves", "the benefits". The embedding
model does not bridge the two (a question asking for the responsibilities came within 0.02 of the
refusal threshold against "What you'll own"), so a heading written in one of those conventional ways
is matched as itself followed by the plain name: "What you'll own (responsibilities)". Only matching
sees the name; every answer shows the document's own heading. The same holds the other way round: a
question asking for a section in everyday words ("What does the data engineer do?", "What would I be
on the hook for?") is searched with that section's plain name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.core.text import content_terms

SECTION_SEPARATOR = " > "  # between the headings of a path: "Title > Section > Subsection"

_YOU = r"you(?:'ll|\s+will)?(?:\s+be)?"
# Each plain name, with the ways headings say it; the first that fits names a heading. "Preferred
# qualifications" and "Nice to have" come before the requirements, whose words they share.
CONVENTIONS: list[tuple[str, re.Pattern]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("nice to have, preferred", r"nice[\s-]to[\s-]haves?|\bbonus|\bplus(?:es)?\b|\bpreferred|extra\s+credit|\bdesired"
                                    r"|good\s+to\s+have|even\s+better|\boptional|\bdesirable"
                                    # "Advantages:" alone under the qualifications, "Assets", "... is an advantage"
                                    r"|^\W*(?:advantages?|advantageous|assets?)\W*$|\b(?:an?|be)\s+(?:advantage|asset)\b"),
        # What a hire will have achieved ("What success looks like in this role", "In your first 90 days") is no list
        # of duties, though it says "in this role".
        ("outcomes, success", r"success\s+looks\s+like|\bwhat\s+success\b|\b(?:first|next)\s+(?:\d+|thirty|sixty|ninety)\s+days\b"
                              r"|\b\d+\s*/\s*\d+\s*/\s*\d+\b|\bin\s+(?:your\s+)?first\s+(?:year|\d+\s+months)\b"),
        ("responsibilities", rf"what\s+{_YOU}\s+(?:do|doing|own|owning|work(?:ing)?\s+on|build|building|tackle|achieve|lead)\b"
                             r"|\byour\s+(?:role|mission|impact|day|work|responsibilities)\b|in\s+this\s+role|day[\s-]to[\s-]day"
                             r"|\bduties\b|accountabilit|what\s+the\s+(?:job|role)\s+(?:involves|entails)|the\s+work\b"
                             # "Essential Functions" of HR job descriptions; "Your tasks" of European ads
                             r"|\b(?:essential|key|main|primary|principal|core)\s+(?:job\s+)?functions\b|\btasks\b"
                             # "The Helm Org maintainers are responsible for:" over their duties
                             r"|\bresponsible\s+for\s*:?\s*$"
                             # "Reach out if you want to:" over what the job does, where "Apply if you have:" asks
                             r"|\bif\s+you(?:'d|\s+would)?\s+(?:want|like|love|enjoy)\s+to\b"
                             # a heading only "Job Description" over what the job is
                             r"|^\s*(?:the\s+)?(?:job|role|position)\s+description\s*:?\s*$"
                             r"|^\s*(?:as\s+an?\s+[^,:]+,?\s*)?you(?:'ll|\s+will)(?:\s+be)?\s*[:.]?\s*$"),  # "You will", "As a SRE you'll"
        ("requirements", rf"what\s+{_YOU}\s+(?:need|bring)\b|we(?:'re|\s+are)\s+looking\s+for|\bwe\s+look\s+for\b|\babout\s+you\b|\bis\s+this\s+you\b|\byou(?:'ll|\s+will)\s+(?:need|bring)\b"
                         r"|who\s+you\s+are|\byou\s+(?:have|are|bring|might\s+be|should\s+have)\b|must[\s-]haves?"
                         r"|(?:minimum|basic|required)\s+(?:qualifications|skills)|what\s+it\s+takes|ideal\s+candidate|apply\s+if\b"
                         r"|\bqualifications\b|\bpre-?requisites?\b|\beligibility\b"  # a ladder's "Prerequisites" for a level
                         # a form's "Essential" over the skills it needs, beside "Desirable"
                         r"|^\W*essential(?:\s+(?:criteria|skills|experience))?\W*$"),
        # "Why Roadie?", "Why us?": the company's pitch, its perks
        ("benefits", rf"\bperks\b|what\s+we\s+offer|why\s+(?:join|work)|in\s+it\s+for\s+you|will\s+support\s+you|what\s+{_YOU}\s+get\b"
                     r"|^\s*why\s+[\w.&'’-]+\s*[?!]?\s*$"
                     # "What's it like to work at BuildBuddy?", "Life at Acme": the pitch again
                     r"|\bwhat(?:'s|\s+is)\s+it\s+like\s+to\s+work\b|^\s*life\s+at\b"
                     # "Total Rewards", "At Deel, you'll enjoy:"
                     r"|\btotal\s+rewards?\b|\byou(?:'ll|\s+will)\s+(?:enjoy|receive)\b"),
        # "Tools we use and teach", "Our stack", "Technologies we use": what the team works with
        ("tech stack, tools", r"\btech(?:nology|nical)?\s+stack\b|\bour\s+(?:stack|tools|tooling)\b|\btools\s+(?:we|you(?:'ll)?)\s+(?:use|work)"
                              r"|\btechnolog(?:y|ies)\s+we\s+use\b|\btools\s+(?:and|&)\s+technologies\b"),
        ("hiring process", r"how\s+to\s+apply|(?:interview|hiring|recruiting|application|selection)\s+process|next\s+steps"
                           r"|what\s+to\s+expect|how\s+we\s+hire"
                           # a heading only "Contact" or "Apply now" over where to send an application
                           r"|^\s*(?:contact(?:\s+us)?|(?:to\s+)?apply(?:\s+now|\s+here)?)\s*[:!.]?\s*$"),
    ]
]


@lru_cache(maxsize=4096)
def conventional_name(heading: str) -> str:
    """The plain name of a conventionally worded heading ("responsibilities" of "Responsibilities" or "What you'll
    do"), or nothing."""
    spoken = heading.replace("’", "'")
    return next((name for name, pattern in CONVENTIONS if pattern.search(spoken)), "")


@lru_cache(maxsize=4096)
def plain_name(heading: str) -> str:
    """The plain name of a conventionally worded heading, unless it says that name already; else nothing."""
    name = conventional_name(heading)
    return "" if not name or _says_any(heading.replace("’", "'"), name) else name


@lru_cache(maxsize=4096)
def unsaid_plain_names(heading: str) -> list[str]:
    """The plain names of a conventionally worded heading that it does not say itself ("nice to have" of
    "Preferred Qualifications"): what a question may name it by. Only matching a question's words to a
    section uses them: written into the heading's embedded text, they moved other passages' ranks
    (multi-test retrieval MRR 0.864 to 0.848)."""
    spoken = heading.replace("’", "'")
    return [part for part in conventional_name(heading).split(", ") if part and not _says_any(spoken, part)]


def _says_any(heading: str, name: str) -> bool:
    return any(word in heading.lower() for word in re.findall(r"[a-z]{4,}", name))


@lru_cache(maxsize=4096)
def as_matched(path: str) -> str:
    """A heading path with each conventional heading followed by its plain name in brackets."""
    return SECTION_SEPARATOR.join(
        f"{heading} ({name})" if (name := plain_name(heading)) else heading for heading in path.split(SECTION_SEPARATOR)
    )


_GOT = r"(?:get|gets|getting|receive|receives|offers?|else|cover|covers|provide|provides|give|gives)"
_BESIDES_PAY = (r"(?:besides|beyond|apart\s+from|aside\s+from|other\s+than|on\s+top\s+of)\s+(?:the\s+|my\s+|your\s+|their\s+)?"
                r"(?:salary|pay|paycheck|base|wages?)\b")

# Everyday ways of asking for a conventional section, each with the plain name it asks for. "What does
# X do?" asks for duties only when X is a person or a role, of two words or more ("the Staff Platform
# Engineer"), not a company ("What does Kestrelpoint do?"), and when nothing narrows it.
ASKED_IN_OTHER_WORDS: list[tuple[str, re.Pattern]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("responsibilities", r"^\s*what\s+(?:does|do|did|will|would)\s+(?:I|you|they|(?!(?:the|this|your|their)\s+(?:company|team|business|"
                             r"organi[sz]ation|firm|startup|group)\b)\S+\s+\S+.*?)\s+(?:do|be\s+doing)"
                             # ... however long ("all day", "at work", "on the job")
                             r"(?:\s+(?:all|every|each)\s+(?:day|week)|\s+at\s+work|\s+for\s+a\s+living|\s+on\s+the\s+job)?"
                             # ... and nothing after but the role or company ("at the entry-level stage" narrows it)
                             r"(?:\s+(?:as\s+.*|at\s+(?-i:[A-Z]).*|in\s+(?:this|that|the)\s+(?:[\w-]+\s+){0,6}?(?:role|job|position)))?\s*[?.!]?\s*$"
                             # ... but working on a day is no duty ("work on a holiday")
                             r"|\bwork(?:ing)?\s+on\b(?!\s+(?:an?\s+|the\s+)?(?:(?:public|bank|national|company)\s+)?"
                             r"(?:holidays?|weekends?|saturdays?|sundays?|nights?|days?\s+off)\b)"
                             r"|\bday[\s-]to[\s-]day\b|\btypical\s+day\b|\bon\s+the\s+hook\b|\bday\s+job\b"
                             # "What would I spend my days doing as ...?", "what will an ML engineer at X spend their time on?",
                             # "What would a data engineer be doing all week?", "what would I actually be doing as a working group lead?"
                             r"|\bspend(?:s|ing)?\s+(?:most\s+of\s+)?(?:my|your|their|his|her|the)\s+(?:days|time|weeks)\s+(?:doing\b|on\b(?![\s-]+call))"
                             r"|\bbe\s+doing\s+(?:all|every|each)\s+(?:day|week)\b"
                             r"|^\s*what\s+(?:would|will)\s+(?:I|you)\s+(?:actually|really|typically|usually)\s+be\s+doing\b"
                             r"|\bin\s+charge\s+of\b|\blook(?:s|ing)?\s+after\b|\btak(?:e|es|ing)\s+care\s+of\b|\bbe\s+(?:the\s+)?owners?\s+of\b"
                             # "so what would my week actually look like?", "a day in the life"
                             r"|\b(?:my|a|the|your|their)\s+(?:typical\s+|average\s+|normal\s+)?(?:day|week|workday)\s+(?:actually\s+|really\s+)?"
                             r"looks?\s+like\b|\bday\s+in\s+the\s+life\b"
                             # "what's a junior dev responsible for?", "what kind of work would I do on the team?"
                             r"|^\s*what\b[^?]*\b(?:responsible|accountable)\s+for\b"
                             r"|\bwhat\s+(?:kind|sort|type)s?\s+of\s+(?:work|things|stuff|tasks|problems|projects)\b[^?]*"
                             r"\b(?:do|doing|work(?:ing)?\s+on)\b"),
        ("requirements", r"\bmust[\s-]haves?\b|\bwhat\s+(?:do|would|will)\s+(?:I|you)\s+need\b|\blook(?:s|ing)?\s+for\b"
                         # "What should I be good at to land the designer gig?"
                         r"|\bwhat\s+(?:should|must|do|would)\s+(?:I|you|one|a\s+candidate)\s+(?:need\s+to\s+)?be\s+good\s+at\b"
                         # "what should I brush up on before applying?", "what would I be missing if I applied?"
                         r"|\bbrush\s+up\b|\bbefore\s+(?:I\s+|you\s+)?apply(?:ing)?\b|\bwould\s+(?:I|you)\s+be\s+missing\b"
                         # "What does it take to get onto the TSC?", "what do I need to show to become a member?", "what
                         # skills are they screening for?", "what kind of person are they hoping to find?"
                         r"|\bwhat\s+does\s+it\s+take\b|\bneed\s+to\s+(?:show|demonstrate|have\s+done)\b|\bwork\s+(?:my|your|their)\s+way\s+up\b"
                         r"|\bunder\s+(?:my|your|their)\s+belts?\b|\bscreen(?:s|ing)?\s+for\b|\bkind\s+of\s+(?:person|candidate)\b"
                         r"|\bhoping\s+to\s+find\b"
                         # "what background should I have to be a good fit?"
                         r"|\bwhat\s+(?:kind\s+of\s+|sort\s+of\s+)?background\b|\bgood\s+fit\b"
                         # "what do they want me to know?", "what ML and devops tech should I know?", "What skills should I
                         # have ...?", "what skills does ActBlue want?"
                         r"|\bwhat\s+(?:do|does|would)\s+\S+\s+want\s+(?:me|you|candidates?|applicants?|people|someone)\s+to\s+(?:already\s+)?(?:know|have|bring)\b"
                         r"|\bwhat\s+(?:[\w-]+\s+){0,3}?(?:skills|tech|technologies|tools|experience|qualifications|knowledge)\s+"
                         r"(?:should|must|do|would)\s+(?:I|you|one)\s+(?:need\s+to\s+)?(?:have|know|bring)\b"
                         r"|\bwhat\s+(?:[\w-]+\s+){0,2}?skills\s+(?:does|do)\s+(?:[\w.&-]+\s+){1,3}?(?:want|need|require|expect|look\s+for)\b"
                         # who may have a thing: "which kinds of jobs can actually get the on-call stipend?", "who is
                         # eligible for the bonus?", a policy's "Eligibility"
                         r"|^\s*(?:who|which\s+(?:[\w-]+\s+){0,4}?)(?:can|could|may)\s+(?:actually\s+)?(?:get|receive|claim|have)\b"
                         r"|^\s*who\s+(?:is|are)\s+eligible\b"),
        # "What keeps these engineers up at night?", "What are the pain points?", "What's the hardest part of the job?"
        ("challenges", r"\bup\s+at\s+night\b|\bpain\s+points?\b|\bhardest\s+(?:part|thing)s?\b|\bstruggle\s+with\b"
                       r"|\bheadaches?\b|\bwhat(?:'s|\s+is)\s+(?:tricky|hard|difficult)\b"
                       # "what goes wrong when shipping models?", "what makes it painful?", "what friction comes up?"
                       r"|\bgo(?:es)?\s+wrong\b|\bpainful\b|\bfriction\b|\bhurdles?\b"),
        # "where can I go from here career wise?", "how do people move up?"
        ("career advancement", r"\bwhere\s+can\s+(?:I|you|one|they)\s+go\b|\bmove\s+up\b|\bcareer[\s-]wise\b"
                               r"|\bwhat\s+comes\s+after\b"),
        # "who would this person be working alongside?", "who are all the people I'd be dealing with?"
        ("colleagues", r"\bwho\b.{0,60}\b(?:work(?:s|ing)?\s+(?:with|alongside)|deal(?:s|ing)?\s+with|partner(?:s|ing)?\s+with"
                       r"|collaborat\w*)\b|\bwho\s+are\s+(?:all\s+)?the\s+people\b"),
        # "What people skills matter?": the skills that are not technical
        ("soft skills", r"\bpeople\s+skills\b|\bnon[\s-]?technical\s+skills\b"),
        # "What's the right way to do things?", "the dos and don'ts"
        ("best practices", r"\bright\s+way\s+to\b|\bdos\s+and\s+don'?ts\b|\bthe\s+dos\b|\bgood\s+habits\b"),
        # "Where is this field headed?", "the future of the role"
        ("trends", r"\bwhere(?:'s|\s+is|\s+are)\s+.{0,40}\bhead(?:ed|ing)\b|\bwhere\s+.{0,40}\bgoing\b|\bfuture\s+of\b"
                   r"|\bwhat(?:'s|\s+is)\s+shaping\b"),
        # "How do they keep their skills from going stale?", "How do I stay current?"
        ("continuous learning", r"\bgoing\s+stale\b|\bstay(?:ing)?\s+(?:current|up\s+to\s+date|sharp)\b|\bkeep\s+up\s+with\b"),
        # "What does Wonderschool offer besides salary?", "apart from the paycheck, what else do people get?"
        # (what is got besides pay, either way round; "compensation beyond base salary" names what it asks for)
        ("benefits", rf"\b{_GOT}\b[^?]*?\b{_BESIDES_PAY}|\b{_BESIDES_PAY}[^?]*?\b{_GOT}\b"
                     # "What does Reachdesk offer for the designer role?", "What do they offer?" (not what it sells customers)
                     r"|^\s*what\s+(?:does|do|will|would|can)\s+[^?]{1,60}?\boffer\b(?!\s+(?:customers|clients|users))"
                     r"(?:\s+(?:for|to|with)\b[^?]*)?\s*[?.!]?\s*$"
                     # "What's nice about working at Kraken?"
                     r"|\bwhat(?:'s|\s+is)\s+(?:so\s+)?(?:nice|good|great)\s+about\s+working\b"),
        # "what's the tech stack?", "which tools does the team use?"
        ("tech stack, tools", r"\btech(?:nology)?\s+stack\b|\b(?:what|which)\s+(?:tools|technologies)\b"
                              # "What tech would I be working with as an SRE?"
                              r"|\b(?:what|which)\s+tech\b[^?]*\bwork(?:ing)?\s+with\b"),
        # ... and "preferred", by which a "Preferred Qualifications" heading, which says it itself, is matched.
        ("nice to have, preferred", r"\b(?:give|gives)\s+(?:me|you|them|a\s+candidate)\s+an?\s+edge\b|\bdesirable\b|\bnice[\s-]to[\s-]haves?\b"
                         r"|\bmake\s+(?:me|you|them|a\s+candidate|an\s+applicant)\s+stand\s+out\b"
                         r"|\b(?:even\s+if|though)\s+(?:they|it)\s+(?:are|is)\s*n[o']t\s+required\b"
                         r"|\b(?:are|is)\s*n[o']t\s+(?:strictly\s+)?required\b"),
    ]
]


# The one section plain_names_asked writes after a question, by its plain name in brackets: " (requirements)".
PLAIN_NAME_WRITTEN = re.compile(r"\((%s)\)" % "|".join(re.escape(name) for name, _ in ASKED_IN_OTHER_WORDS))


def plain_names_asked(question: str) -> str:
    """The plain names of the sections a question asks for in everyday words, in brackets, or nothing."""
    names = [name for name, pattern in ASKED_IN_OTHER_WORDS if pattern.search(question)]
    return f" ({', '.join(names)})" if names else ""


def everyday_words_for_sections(question: str) -> set[str]:
    """The words of a question that ask for a section in everyday words ("week" of "what does a typical week look
    like?"): they stand for the section, and name no thing of their own."""
    # ... but for the section's own name ("nice to have" of "what are the nice-to-haves?"), which names it as itself
    return {word.lower() for name, pattern in ASKED_IN_OTHER_WORDS for found in pattern.finditer(question)
            for word in re.findall(r"[\w'-]+", found.group()) if not set(content_terms(word)) & set(content_terms(name))}


def top_sections_named(question: str, sections: list[str]) -> list[str]:
    """The top-level sections a question names by a word of the heading that no other top-level heading uses, in
    the order it names them: "the 2024 section" is "Salary Ranges (US Market, 2024)", "as a best practice" is
    "Best Practices" and "the career dev list" is "Career Development"."""
    tops = [section for section in sections if section.count(SECTION_SEPARATOR) == 1]
    heading_terms = {section: set(content_terms(section.rpartition(SECTION_SEPARATOR)[2])) for section in tops}
    named: dict[str, int] = {}
    for position, term in enumerate(content_terms(question)):
        owners = [section for section in tops if term in heading_terms[section]]
        if len(owners) == 1:
            named.setdefault(owners[0], position)
    return sorted(named, key=named.__getitem__)
