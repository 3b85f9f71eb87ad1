"""The extractive answerer: picks the sentences and bullets that answer, and cites where each came from.

Every statement it writes is a verbatim span of the passage it cites, so an answer can never say
more than the corpus does.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import replace
from typing import Callable, Mapping
from weakref import WeakKeyDictionary

import numpy as np
from cachetools import LRUCache
from lemminflect import getAllLemmas

from assistant.core.answer import Question, Statement
from assistant.core.places import names_a_known_place, places_written_lower
from assistant.core.text import (
    ASIDE,
    JOB_NOUNS,
    SERIES_NUMBER,
    STOPWORDS,
    acronyms_of,
    asked_words,
    content_terms,
    glossed_phrases,
    spelled_by_initials,
    split_sentences,
    stem,
    term_choices,
)
from assistant.core.text import words as text_words
from assistant.ingest.blocks import LIST_MARKER, TITLE_MAX_WORDS
from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ingest.plain import LABEL_PREFIX, POINTING_AHEAD
from assistant.ingest.section_names import (
    PLAIN_NAME_WRITTEN,
    as_matched,
    conventional_name,
    everyday_words_for_sections,
    top_sections_named,
    unsaid_plain_names,
)
from assistant.ops.settings import AnswerSettings, Settings
from assistant.retrieval.retriever import Retrieved
from assistant.retrieval.store import StoredChunk

DUPLICATE_OVERLAP = 0.75
# The refusal signal's weights: fixed, so that tuning how answers are shaped never moves refusals.
# They are the shaping defaults they were measured with (see README, "Why the defaults").
RELEVANCE_SECTION_WEIGHT = 0.3
RELEVANCE_KEYWORD_WEIGHT = 0.3
# A label ("Mid-Level to Senior (7-10+ years experience)") is matched on its heading path, which fits
# any question about its section; it leads only when it fits clearly better than the entries under it.
LABEL_PRIOR = 0.9
TITLED_LEAD = 1e-6  # what sets an entry titled by the thing asked above the best of the rest
LONG_LIST = 4  # a list longer than this is named by its entries' labels, if they have them
LABELLED_SHARE = 0.8
# "At Basecamp, which level ...?": a short opening phrase that sets the scene, before the question proper.
# Its comma may have gone with a document's name ("At Basecamp, which" searched as "At which"). So does a
# clause that sets a condition ("When FreeWill makes an offer, can I ...?"), up to its comma or the question's
# own verb ("If I work on a holiday at do I ...?"); "When does ...?" asks when.
DO_OR_MODAL = "do|does|did|can|could|will|would|should|shall|may|might|must"
AUXILIARY = f"{DO_OR_MODAL}|is|are|am|was|were"
SCENE_SETTING = re.compile(
    # (after the words carrying a conversation on: "ok and after that, what does it take ...?")
    r"^\s*(?:(?:ok|okay|so|and|also)(?=[\s,])[\s,]*)*"
    r"(?:(?:at|for|in|on|with|about|regarding|as)\b[^,?]{0,60}?(?:,\s*|\s+(?=(?:which|what|who|how|when|is|are|do|does|can)\b))"
    rf"|(?:when|whenever|if|once|after|before|while|since|besides|apart\s+from|other\s+than)\s+(?!(?:{AUXILIARY})\b)"
    rf"[^,?]{{0,80}}?(?:,\s*|\s+(?=(?:{AUXILIARY}|what|which|who|how|where)\b)))?",
    re.IGNORECASE,
)
# Sentences before the question tell of the asker ("I live in Colorado. Could Niche hire me ...?"): the question
# is what follows them.
TOLD_BEFORE_ASKING = re.compile(r"^(?:[^?.!]+[.!]\s+)+(?=\S[^.!]*\?\s*$)")
# A question closing on the field it is set in ("... in a video game?", "... in physics?"), in lower case: a place
# ("in Spain") or a company is a name, which the rules for names judge.
# So does one closing a clause the question goes on from ("... in plumbing and how is it installed?"), and a purpose
# ("... when training for a first marathon"); "for this gig" is the asker's own, "for sickness" a reason, and "in the
# doc" the document itself. A time after it sets no other field ("... in the fashion industry this season?").
OWN_WORDS = r"(?!(?:this|that|these|those|my|our|your|their|his|her|its|what|which|whose)\b)"
# The noun closing a question, as its field or its thing, and a time after it.
CLOSING_NOUN = (
    rf"(?P<head>{OWN_WORDS}(?!(?:doc|docs|document|documents|page|text|file|section|part)\b)[a-z][\w-]*)"
    r"(?:\s+(?:(?:this|last|next)\s+(?:season|year|month|week|quarter)|(?:right\s+)?now|today|nowadays|these\s+days"
    r"|(?:in|for|of)\s+(?:19|20)\d\d))?"
    r"(?:\s*\?*\s*$|\s+and\s+(?=(?:how|what|why|where|when|which|who)\b))"
)
FIELD_QUALIFIER = re.compile(
    rf"\b(?:in\s+(?:an?\s+|the\s+)?|for\s+an?\s+)(?P<kind>(?:{OWN_WORDS}[A-Za-z][\w-]*\s+){{0,2}}?){CLOSING_NOUN}"
)
# A topic of the documents asked of a thing ("the common challenges of raising a puppy", "the market demand for used
# cars right now"): whose the topic is, when no document speaks of it, is what is asked about.
TOPIC_OF_THING = re.compile(
    rf"\b(?P<topic>[A-Za-z][\w-]*)\s+(?:of|for)\s+(?:an?\s+|the\s+)?(?:{OWN_WORDS}[A-Za-z][\w-]*\s+){{0,3}}?{CLOSING_NOUN}"
)
# After "do" or a modal the clause's verb is still to come ("How did demand for ML roles change?"); after "is" none is.
VERB_AWAITED = re.compile(rf"\b(?:{DO_OR_MODAL})\b", re.IGNORECASE)
# Words for a part of the economy, which the word before them names ("the fashion industry", "the retail sector").
SECTOR_WORDS = frozenset("industry industries sector sectors business world".split())
# Words standing for a thing without naming one ("earn more than another", "git type stuff"): nothing unknown.
PLACEHOLDERS = frozenset("another other others one ones someone something anything everything stuff thing things type".split())
# ... nor do words saying where, nouns too in a dictionary ("from outside the US")
PLACE_PREPOSITIONS = frozenset("outside inside beyond behind above below within without near".split())
# "What was the revenue ...?", "What is its stock price?": the attribute asked of the thing named.
ATTRIBUTE_ASKED = re.compile(
    r"^\s*(?:what|how\s+much)\s+(?:is|was|are|were)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?P<attribute>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)",
    re.IGNORECASE,
)
# "Who is the VP of Engineering?": the holder of a title, answered by a name.
WHO_HOLDS = re.compile(
    r"^\s*who\s+(?:is|are|was|were)\s+(?:the|their|its|our|your|[\w.&-]+['’]s)\s+(?P<title>[^?]+?)\s*\??\s*$", re.IGNORECASE
)
# "Who originally created Kubernetes?", "Who founded Roblox?": the maker of a thing, answered by a name and the making.
# "Who runs the election?" asks for a role as often ("a returns officer"), so it is no maker's question.
WHO_MADE = re.compile(
    r"^\s*who\s+(?:\w+ly\s+)?(?P<verb>created|founded|invented|built|designed|developed|started|made)\s+"
    r"(?P<title>[^?]+?)\s*\??\s*$",
    re.IGNORECASE,
)
FOUNDING = ("found", "start", "create", "establish")  # the ways of saying a company was begun
# "Founded by three moms": who made it, said by what they are rather than by name.
MADE_BY = re.compile(r"\b(?:founded|created|started|established|built|invented|designed|developed|made)\s+by\s+(?!the\s+way\b)\w",
                     re.IGNORECASE)
# "Who would I work with?", "Where is the job based?": a person or a place is asked for, which no heading
# names: a section whose title shares a word ("How we work") is not what is asked.
ASKS_WHO_OR_WHERE = re.compile(r"^\s*(?:who|whom|where)\b", re.IGNORECASE)
YES_NO_QUESTION = re.compile(r"^\s*(?:is|are|do|does|did|can|could|should|must|will|would|has|have)\b", re.IGNORECASE)
# "Is a degree required for the job?", "Do I need a security clearance?": whether a thing is a requirement.
THING_REQUIRED = re.compile(
    r"^\s*(?:is|are)\s+(?:an?\s+|the\s+|any\s+)?(?P<thing>[\w.'’ -]+?)\s+(?:required|needed|necessary|mandatory|a\s+must)\b"
    r"|^\s*(?:do|does|would|will|must)\s+(?:i|you|one|we|they|candidates?)\s+(?:need|have)\s+(?:to\s+have\s+)?(?:an?\s+|the\s+|any\s+)?"
    r"(?P<owned>[\w.'’ -]+?)\s*(?:\b(?:for|to|at|in|if|when)\b.*)?[?.!]?\s*$"
    # "does the oak ridge remote sensing job need a degree?": what the job asks for
    r"|^\s*(?:do|does|would|will)\s+(?:the\s+|this\s+|that\s+)?(?:[\w.&'’-]+\s+){0,8}?(?:job|role|position|posting)s?\s+"
    r"(?:need|require)s?\s+(?:an?\s+|any\s+)?(?P<demanded>[\w.'’ -]+?)\s*[?.!]?\s*$",
    re.IGNORECASE,
)
# Whom a role reports to, asked or said: "who does the SRE report to?", "Reports to: Engineering Manager".
REPORTING_LINE = re.compile(r"\breport(?:s|ing)?\s+(?:in)?to\b", re.IGNORECASE)
# "Is Terraform a plus?", "Would a PhD be an advantage?": the closing noun judges the subject, it is not what is asked about.
JUDGED_AS = re.compile(
    r"^\s*(?:is|are|was|were|would|will|could)\b(?!\s+there\b).*?\ban?\s+(?P<judgement>[\w-]+)\s*[?.!]?\s*$", re.IGNORECASE
)
# A question whose answer is an amount, a duration or a date ("How many weeks...", "Until when?", "What do they earn?")
# is answered by a statement that states one, and never by a list of things.
# "When ...?" asks a point in time, which may be said without a number ("in the next scheduled pay period").
WHEN_QUESTION = r"^\s*when\b|\bhow\s+(?:soon|often|early|late|far\s+in\s+advance)\b|\b(?:until|by|since)\s+when\b"
# "What hours ...?" asks the times of day, or a number of hours.
HOURS_QUESTION = r"\bwhat\s+(?:hours|times)\b"
# Earning money: "earn bonus points" or "credits" for a skill is none.
EARNS = r"\bearns?\b(?!\s+(?:(?:bonus|extra|brownie)\s+)?(?:points?|credits?)\b)"
# What it takes to become something: "to become a reviewer", "to be an approver", "to get promoted to staff"
# (being a thing is no level: "to be carbon neutral")
BECOMING = re.compile(r"\bto\s+(?:be\s+(?:an?|the)\s+|become\s+|be\s+promoted\b|get\s+promoted\s+to\s+|qualify\s+(?:as|for)\s+|make\s+\w)",
                      re.IGNORECASE)
REQUIREMENT = stem("requirement")
# "parental leave length?", "the duration of the contract": how long
LENGTH_ASKED = r"\b(?:length|duration)\b"
# "number of PRs you must have reviewed to be a reviewer?", "what's the number of sponsors needed?": how many
NUMBER_ASKED = r"^\s*(?:(?:what(?:'s|\s+is)\s+)?the\s+)?(?:minimum\s+|maximum\s+)?number\s+of"
QUANTITY_QUESTION = re.compile(
    # ("how much of the platform ...?" asks a share, which words may say: "large parts of the ML platform")
    rf"\bhow\s+(?:many|much(?!\s+of\s+(?:the|their|its|a|an|my|your)\b)|long|old|wide|far|big|large)\b|{LENGTH_ASKED}|{NUMBER_ASKED}|{HOURS_QUESTION}|\bwhat\s+(?:(?:year|age|percentage|percent|date)\b|%)|{WHEN_QUESTION}"
    # "the latest stable Kubernetes version" is a number, which a statement naming Kubernetes does not give
    r"|\b(?:latest|newest|current)\s+(?:[\w-]+\s+){0,2}(?:version|release)\b(?!\s+(?:control|management|process))"
    rf"|{EARNS}|\bpays?\s+(?:its|their|an?|the)\b",  # "What do they earn?", "What does X pay its engineers?": an amount
    re.IGNORECASE,
)
# "What factors affect how much you get paid?", "Why do two engineers get paid so differently?" ask what decides the
# amount, not the amount.
DECIDES_AMOUNT = re.compile(
    r"(?:\b(?:factors?|affects?|affecting|determines?|determining|influences?|influencing|impacts?|decides?)\b|^\s*why\b)"
    r"(?=.*\b(?:how\s+(?:much|many)|pay|paid|salary|salaries|earn\w*|compensation|wages?)\b)",
    re.IGNORECASE,
)
# "What year was Niche founded?", "When was it established?" ask for a year: "10+ years of experience" is none.
YEAR_ASKED = re.compile(
    r"\b(?:what|which)\s+year\b|^\s*when\s+(?:was|were|did)\b.*\b(?:found|establish|incorporat|launch|creat)\w*",
    re.IGNORECASE,
)
CALENDAR_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# "What is the daily meal allowance?", "What per-mile rate does X pay?" ask how much: a statement that meals may be
# paid with a card, or that per diem rates are published, says none.
SUM_ASKED = re.compile(
    # ("What can I spend the learning budget on?" asks what for)
    r"^\s*what\s+(?:(?:is|are)\s+)?(?:the\s+)?(?P<of>(?!(?:can|could|may|might|must|should|do|does|did|will|would)\b)"
    r"(?:[\w'’-]+\s+){0,4}?)(?P<sum>allowance|per[\s-]diem|stipend|budget|rate|fee)s?"
    # ... not what it is for ("What is the New Hire Stipend for?")
    r"(?=\s*(?:[?.!]|$)|\s+for\b(?!\s*(?:[?.!]|$))|\s+(?:of|at|in|on|per|when|while|that|does|do|did|will|would)\b)",
    re.IGNORECASE,
)
# "What is the highest ...?": the superlative asked, which the answer says.
SUPERLATIVE = re.compile(r"\b(?:highest|lowest|most\s+senior|most\s+junior|top|maximum|minimum|earliest|latest|longest|shortest|"
                         r"largest|smallest)\b", re.IGNORECASE)
# "What's the highest role in the copacetic ladder?", "What's the first rung on the tekton ladder?": an end of its
# levels, asked for itself ("the first level of technical leadership" is another thing; "entry level" names one).
LADDER_END_ASKED = re.compile(r"^\s*(?:what|which)(?:'s|\s+is|\s+was)?\s+(?:the\s+)?(?P<end>highest|top|last|final|lowest|first|bottom)"
                              r"[\s-]+(?:ic\s+)?(?:role|level|rung|tier|title)s?\b(?!\s+of\b)", re.IGNORECASE)
FIRST_END = frozenset(("lowest", "first", "bottom"))
# The job and the team it sits in ("on the underwriting team"), which name no part of a document.
JOB_AND_TEAM = frozenset(stem(word) for word in (*JOB_NOUNS, "team"))
# "What are the roles on the shipwright ladder?", "what levels are there?", "list the tiers": a ladder's levels, all of
# them (not "the levels of severity", nor what the roles do).
LEVELS_ASKED = re.compile(r"^\s*(?:(?:what|which)(?:\s+are|'re)?|list|name)\s+(?:all\s+)?(?:(?:the|its|their)\s+)?(?:[\w'’-]+\s+){0,3}?"
                          r"(?:roles|levels|rungs|tiers|titles|stages)\b(?!\s+of\b)"
                          r"(?:\s+(?:are\s+there|exist))?(?:\s+(?:on|in|at|of|for)\s+[^?]*)?\s*[?.!]?\s*$", re.IGNORECASE)
LEVEL_PARTS_ALIKE = 2  # parts two sections share ("Responsibilities", "Requirements") that make them levels alike
# "What does FedRAMP stand for?" is answered by the words it is made of, not by a statement using it.
STANDS_FOR = re.compile(r"\bwhat\s+(?:does|do|is)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?(?P<short>[A-Za-z][\w&-]*)\s+"
                        r"(?:(?:acronym|abbreviation)\s+)?(?:stand\s+for|short\s+for)\b", re.IGNORECASE)
# "Why is Juneteenth a holiday?", "How is a jury selected?", "What does emeritus mean?" ask for an explanation.
EXPLANATION_ASKED = re.compile(
    r"^\s*why\b|\bmeaning\s+of\b|^\s*what\s+(?:does|do)\b.*\bmean\s*\??\s*$"
    r"|^\s*how\s+(?:does|do|is|are)\b.*\b(?:(?<!\bthe\s)(?<!\btheir\s)(?<!\bof\s)work|calculated|computed|funded|selected|chosen|decided|determined|enforced)\b",
    re.IGNORECASE,
)
# "Is on-call paid extra?" asks whether there is pay: a statement that says nothing of pay does not tell.
WHETHER_PAID = re.compile(r"^\s*(?:is|are|was|were|will)\b.*\bpaid(?:\s+(?:extra|more|separately|additionally))?"
                          r"(?:\s+(?:at|in|by|with|on)\b[^?]*)?\s*\??\s*$",
                          re.IGNORECASE)
SPEAKS_OF_PAY = re.compile(r"\bpa(?:y|id|ys|yment)\b|\bcompensat|\bsalar|\bwages?\b|\bstipend|\bbonus|\bremunerat|\bunpaid\b|"
                           r"[$£€¥]\s?\d|\b(?:USD|GBP|EUR|CAD|AUD)\b", re.IGNORECASE)
# "What percentage bonus ...?" is answered by a share: "Bonus Points If You Have: 5+ years" gives none.
PERCENTAGE_ASKED = re.compile(r"\bwhat\s+(?:(?:percentage|percent)\b|%)|\bhow\s+much\s+(?:percent|of\s+a\s+percentage)\b", re.IGNORECASE)
# "Will salaries go up in 2026?", "Is AI going to replace them in the next five years?", "will Relativity raise its bands
# next year": a prediction, which only a statement looking ahead gives ("... job expansion projected through 2031"),
# not one of how things stand ("The expected salary range ...", "The final offered salary will be based on ...").
PREDICTION_ASKED = re.compile(
    r"^\s*(?:will\b|(?:is|are)\s+(?:[\w-]+\s+){0,4}?going\s+to\b).*(?:\b(?:in|over|within)\s+the\s+(?:next|coming)\s+(?:[\w-]+\s+)?"
    r"(?:years?|decades?|months?)\b|\b(?:in|by)\s+20\d\d\b|\bin\s+the\s+(?:near\s+|long\s+)?(?:future|term|run)\b"
    r"|\bnext\s+(?:year|quarter|month|decade|(?:few|[\w-]+)\s+years)\b|\bsoon\b|\byears\s+from\s+now\b)",
    re.IGNORECASE)  # (a time ahead, named: "Will my pay go up as I gain experience?" asks how things stand)
# What will happen to the asker is what the terms say: "Will I get a raise next year?" is answered by the raises.
ASKERS_OWN = re.compile(r"\b(?:[Ii]|[Ii]['’]m|[Mm]e|[Mm]y|[Ww]e|[Oo]ur|us)\b")
LOOKS_AHEAD = re.compile(r"\b(?:expect(?:s|ed)?\s+to|projected|projections?|forecasts?|predicted|anticipated|outlook"
                         r"|(?:through|by|until)\s+20\d\d)\b", re.IGNORECASE)
# How a text or a part of it ends: "how does the market demand section wrap up?", "what does the overview say at the
# end?", "according to the very end of the doc, ...", "the conclusion of the challenges section".
TEXT_PART = r"(?:doc|docs|document|page|section|part|paragraph|overview|text|article|post|list)"
ENDING_ASKED = re.compile(
    rf"\b{TEXT_PART}\s+(?:\w+\s+)?(?:wraps?\s+up|conclude|end)\b|\bsays?\s+at\s+the\s+(?:very\s+)?end\b"
    rf"|\b(?:at\s+)?the\s+(?:very\s+)?end\s+of\s+the\s+(?:[\w-]+\s+){{0,2}}{TEXT_PART}\b"
    r"|\b(?:conclusion|takeaway|closing\s+(?:line|sentence|paragraph|words|note|remarks?|thoughts?))\b"
    r"|\b(?:last|final)\s+(?:sentence|line|paragraph|words|note|remarks?|thoughts?)\b",
    re.IGNORECASE,
)
# "Is AWS better than GCP?", "pytorch or tensorflow, which one should I learn first?": a judgement between things,
# which only a statement setting one above another gives, not one naming them side by side.
JUDGEMENT_ASKED = re.compile(
    r"\b(?:better|worse|faster|slower|cheaper|easier|harder|superior|preferable)\b|\bin\s+your\s+opinion\b"
    r"|\bwhich\s+(?:one\s+)?(?:should|would)\s+(?:i|we|you)\b|\bwhich\s+(?:one\s+)?is\s+(?:the\s+)?best\b", re.IGNORECASE)
THINGS_SET_SIDE_BY_SIDE = re.compile(r"\b(?:or|vs\.?|versus|than)\b", re.IGNORECASE)
JUDGES = re.compile(r"\b(?:better|worse|more|less|faster|slower|cheaper|easier|harder|prefer\w*|rather\s+than|instead\s+of"
                    r"|over|before|first|start\s+with|focus\s+on|gradually|avoid|priorit\w*|recommend\w*|should)\b", re.IGNORECASE)
PERCENTAGE = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercentage\b|\bhalf\b|\bquarter\b", re.IGNORECASE)
# "Once we've chosen the midpoint" is a conjunction, no count.
ONCE = r"once(?!\s+(?:we|you|they|it|i|he|she|the|your|our|their|this|that|everyone|approved|signed)\b)"
NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty"
# A number, in figures or in words ("daily" states none).
SECTION_NUMBER = re.compile(r"^\W*(?:\d+[.)]?)+\s+")  # "3. ", "1.2 ", "4) " before a heading's words
NUMBER_STATED = re.compile(rf"\d|\b(?:{NUMBER_WORDS}|hundred|thousand)\b", re.IGNORECASE)
# A thing counted written as an acronym, maybe plural ("PRs").
ACRONYM_COUNTED = re.compile(r"(?P<letters>[A-Z]{2,4})s?")
JOINING_WORDS = frozenset(("and", "or", "&"))
# A thing done by a number of people: "Sponsored by 2 org members", "approved by at least two maintainers"
DONE_BY_A_NUMBER = re.compile(rf"\b(?P<done>[a-z]+ed)\s+by\s+(?:at\s+least\s+)?(?:\d+|{NUMBER_WORDS})\b", re.IGNORECASE)
# An amount said to be none set (UNBOUNDED).
UNBOUNDED_WORDS = r"unlimited|discretionary|as\s+needed|as\s+much\s+as\s+(?:you\s+)?need|no\s+(?:set\s+|fixed\s+|hard\s+)?(?:limit|cap|maximum)"
QUANTITY = re.compile(
    rf"\d|\b(?:{NUMBER_WORDS}|"
    rf"hundred|thousand|million|billion|half|quarter|{ONCE}|twice|daily|weekly|monthly|quarterly|annual|annually|yearly|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    rf"monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|winter|{UNBOUNDED_WORDS})\b",
    re.IGNORECASE,
)
# A count in words: "annual RSU grants (employees ..." counts no employees.
COUNT = re.compile(rf"(?:{NUMBER_WORDS}|hundred|thousand|million|billion|trillion|dozen|half|{ONCE}|twice)", re.IGNORECASE)
WHEN_ASKED = re.compile(WHEN_QUESTION, re.IGNORECASE)
# How much of something is asked, beside when ("How long ... and when ...?").
AMOUNT_ASKED = re.compile(r"\bhow\s+(?:many|much|long|old)\b|\bwhat\s+(?:(?:percentage|percent)\b|%)", re.IGNORECASE)
# A point or a period of the calendar: "by the 15th of the month", "in June", "each quarter", "2026".
CALENDAR = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:1[89]|20)\d\d\b|(?<![$£€\d.,])\d{1,2}[/-]\d{1,2}\b|\b(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|spring|summer|autumn|"
    rf"fall|winter|{ONCE}|twice|daily|weekly|monthly|quarterly|annual|annually|yearly)\b", re.IGNORECASE)
TIME_POINT = re.compile(
    r"\b(?:next|each|every|end|start|beginning|after|before|within|until|period|cycle|days?|weeks?|months?|years?)\b", re.IGNORECASE
)
# A date or a span of days says when a thing is, not what or why it is ("Remembrance Day (November 11)").
DATE_WORD = re.compile(rf"{CALENDAR.pattern}|{TIME_POINT.pattern}|\bdates?\b|^(?:\d+|s|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)$",
                       re.IGNORECASE)
# "How often ...?" asks a frequency: "once per year", "every two weeks", "every 10–20 min", "quarterly" ("each other"
# is none).
FREQUENCY_ASKED = re.compile(r"\bhow\s+often\b", re.IGNORECASE)
# "How many paid days off a year ...?" asks an amount in each period: a statement giving it so ("Paid Days per Year: 14
# days") answers before amounts of no period ("Max 3 paid days move to next year").
PERIOD_ASKED = re.compile(r"\b(?:a|per|each|every)\s+(?P<period>year|month|week|day)\b|\b(?:annually|yearly)\b",
                          re.IGNORECASE)
PER_PERIOD = {
    period: re.compile(rf"\b(?:a|an|per|each|every)\s+{period}\b|/\s*{short}\b|\b{adjective}\b", re.IGNORECASE)
    for period, short, adjective in (("year", "(?:year|yr)", r"(?:annual(?:ly)?|yearly|per\s+annum|p\.a\.)"),
                                     ("month", "(?:month|mo)", "monthly"), ("week", "(?:week|wk)", "weekly"),
                                     ("day", "day", "daily"))
}
FREQUENCY = re.compile(
    rf"\b(?:{ONCE}|twice|\d+\s+times|(?:every|each|per|a|an)\s+(?:\w+\s+)?(?:day|week|fortnight|month|quarter|year|sprint|cycle)s?"
    r"|(?:every|each|per)\s+(?:\d+(?:\s?[-–]\s?\d+)?\s?)?(?:min(?:ute)?|h(?:ou)?r)s?"
    r"|daily|weekly|bi-?weekly|fortnightly|monthly|quarterly|(?:bi-?|semi-?)?annual(?:ly)?|yearly|rotat\w+|rota"
    r"|always|usually|often|frequently|regularly|sometimes|occasionally|rarely|seldom|never"
    # a share of turns: "one week in eight", "1 in 4 weekends", "two weekends out of five"
    rf"|(?:\d+|{NUMBER_WORDS})\s+(?:\w+\s+)?(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|{NUMBER_WORDS}))\b",
    re.IGNORECASE,
)
HOURS_ASKED = re.compile(HOURS_QUESTION, re.IGNORECASE)
HOURS = re.compile(r"\b\d{1,2}(?::\d{2}|\s?[ap]\.?m\b)|\b\d+(?:\.\d+)?\s*(?:hours?|hrs?)\b", re.IGNORECASE)
# "How many sick days?" may be answered by there being no count: "Sick Leave is discretionary", "unlimited PTO".
# So may "You can take PTO as needed" (probe X), "as much as you need", "no set limit".
UNBOUNDED = re.compile(rf"\b(?:{UNBOUNDED_WORDS})\b", re.IGNORECASE)
# "What do they earn?", "How much does a senior make?", "How much extra are engineers paid for being on call?": the
# amount asked for is money ("paid leave" is no payment).
MONEY_QUESTION = re.compile(
    rf"{EARNS}|\b(?:make|makes)\b|\bpay\s*[?.!]?\s*$|\bpays?\s+(?:its|their|an?|the)\b|\bpaid\s*(?:for|to|if|when|[?.!]|$)",
    re.IGNORECASE)
# A web site's name asks nothing of its words: "Which Salary.com role ...?" asks no pay.
WEB_ADDRESS = re.compile(r"\b[\w-]+\.(?:com|io|ai|co|org|net|dev|app)\b", re.IGNORECASE)
# "What is the top-end pay?", "What salary can a newcomer expect?", "Roughly what do they get paid?": pay asked
# after "what" is an amount of money, unless another word names what is asked of it ("salary policy");
# compensation is not, as it takes in equity and benefits.
PAY_ASKED = re.compile(
    r"\bget\s+paid\b(?!\s+back)"  # "get paid back" for what I bought is a refund
    # "Which pays more, A or B?", "Where is the salary higher?": amounts, to compare ("negotiate a higher salary" is no amount).
    r"|\b(?:pays?|earns?)\s+(?:more|less|better|worse|higher|lower|the\s+most|the\s+least)\b"
    r"|\b(?:salary|salaries|pay|wages?)\s+(?:is\s+|are\s+)?(?:higher|lower|better)\b"
    # "Compare the pay of A and B", "How does the salary at A compare ...?": the amounts, side by side.
    r"|^\s*(?:compare|contrast|how\s+(?:does|do))\s+(?:the\s+)?(?:pay|salary|salaries|wages?)\b"
    r"|^\s*(?:compare|contrast)\b[^?]*\b(?:base\s+)?(?:pay|salary|salaries|wages?)(?:\s+(?:ranges?|bands?))?\s+(?:with|and|to)\b"
    # A question opening on the pay is the noun, whatever follows ("pay for the experienced tier?", "salary in london")
    r"|^\s*(?:the\s+)?(?:base\s+|average\s+|typical\s+|starting\s+)?(?:pay|salary|salaries|wages?)\b(?!\s+(?:is|are)\b)"
    # "Which has the higher top of the base salary range ...?": an end of a range, which only an amount gives.
    # ("negotiate a higher salary" asks none)
    r"|\b(?:(?:higher|lower)\s+end|top|bottom|highest|lowest|maximum|minimum)\s+(?:of\s+)?(?:the\s+|their\s+|its\s+)?(?:base\s+)?"
    r"(?:pay|salary|salaries|wages?)\b"
    # ("whats the comp range": typed without its apostrophe, the clipped word written out)
    r"|^\s*(?:roughly\s+)?(?:what|which)(?:(?:'s|’s|s|\s+is|\s+are|\s+was)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?"
    r"|\s+(?:(?:kind|sort)\s+of\s+)?(?:[\w-]+\s+)?)(?:salary|salaries|pay|wages?|compensation(?=\s+(?:ranges?|bands?|bracket))"
    r"|(?:hourly|daily|day|overtime|pay)\s+rates?)"
    r"(?:\s+(?:ranges?|bands?|bracket))?"
    r"(?=\s*(?:[?.!]|$|\b(?:for|at|in|of|on|like|can|could|does|do|is|are|should|would|will|applies|apply|mentioned|given|offered)\b))",
    re.IGNORECASE,
)
# "Competitive salary, commensurate with experience", "Salary: DOE": how pay is set, where no amount is stated ("A
# competitive salary" alone, a perk's praise, sets nothing).
_PAY_NOUN = r"\b(?:salary|salaries|pay|compensation|wages?|remuneration)\b"
_SET_BY = (r"\b(?:commensurate|negotiable|doe|depend(?:s|ing)?\s+on\s+(?:your\s+)?experience"
           r"|based\s+on\s+(?:your\s+)?experience|market[\s-]rate"
           # a public employer's pay is set by agreement: "Salary is competitive and aligns with agreements between
           # the university and the national unions", "paid according to the collective agreement" ("competitive
           # compensation" alone is a pitch, probe Z8)
           r"|agreements?|collective|pay\s+scale)\b")
PAY_SET_WITHOUT_AMOUNT = re.compile(rf"{_PAY_NOUN}[^.;]{{0,60}}?{_SET_BY}|{_SET_BY}[^.;]{{0,30}}?{_PAY_NOUN}", re.IGNORECASE)
OTHER_CURRENCY_CODES = "PHP|INR|JPY|CHF|SGD|BRL|MXN|NZD|SEK|NOK|DKK|PLN|ZAR|HKD|CNY|ILS|AED|RON|CZK|HUF|COP|ARS|CLP|PEN"
MONEY = re.compile(r"[$£€¥]\s?\d|\b\d[\d,.]*\s?[kK]\b|\b\d{1,3}(?:,\d{3})+\b|\b(?:USD|GBP|EUR|CAD|AUD)\b")
# An amount said to be money, not any large number ("a team of more than 1,700").
# ... or by another currency's code beside a sum ("php 50,000/month"; "PHP 8.1" is a language's version)
_SUM = r"(?:\d{1,3}(?:,\d{2,3})+|\d{4,}|\d+(?:\.\d+)?\s?[kK]\b)"
CURRENCY = re.compile(rf"[$£€¥₹]\s?\d|\b(?:USD|GBP|EUR|CAD|AUD)\b|\b(?:{OTHER_CURRENCY_CODES})\s?{_SUM}|{_SUM}\s?(?:{OTHER_CURRENCY_CODES})\b"
                      r"|\b\d[\d,.]*\s?(?:[kK]\b|(?:(?:thousand|million|billion)\s+)?(?:euros?|dollars?|pounds?)\b)", re.IGNORECASE)
# Amounts that are no one's pay: a company's size or funding ("a Series D valuation over $3 billion", "$130M"), and the
# US retirement plan ("401k Plan with company matching").
NOT_PAY = re.compile(r"[$£€¥]\s?\d[\d,.]*\s*(?:million|billion|trillion|bn|mn|m|b)\b|\b401\s?\(?k\)?", re.IGNORECASE)
# A sum under a thousand is pay only as a rate ("$25/hour", "£172.48 ... average weekly earnings"); else it is a
# ladder's points ("Contributions: $50") or a perk's worth ("a $20 gift card").
SMALL_SUM = re.compile(r"[$£€¥]\s?\d{1,3}(?![\d,])(?:\.\d+)?+(?!\s*(?:[kKmM]\b|thousand))")
RATE = re.compile(r"\b(?:per|an?)\s+(?:hour|day|week|month)\b|/\s*(?:h|hr|hour|day|week|wk|month|mo)\b|\b(?:hourly|daily|weekly|monthly)\b", re.IGNORECASE)


# A sum to spend on something is a perk's worth, not pay ("$1,000 annual professional development budget");
# a stipend or an allowance is paid.
PERK_SUM = re.compile(r"\b(?:budgets?|reimburse(?:d|ment|ments)?|credits?)\b", re.IGNORECASE)


SAVED_FOR_RETIREMENT = re.compile(r"\b401\s?\(?k\)?|\bpensions?\b|\bretirement\b", re.IGNORECASE)
# Pay stated as a share of one's own: "90% of your salary", "70% FTE salary", "full pay for the first 12 days".
SHARE_OF_PAY = re.compile(r"\b\d+(?:\.\d+)?\s?%\s+(?:of\s+)?(?:\w+\s+){0,2}(?:salary|pay|wages?|earnings)\b|\b(?:full|half)\s+pay\b",
                          re.IGNORECASE)


def _states_pay(text: str, amount: re.Pattern = MONEY) -> bool:
    if PERK_SUM.search(text):
        return False
    if SHARE_OF_PAY.search(text):
        return not SAVED_FOR_RETIREMENT.search(text)  # "contributions at 4% of annual salary" are put by, not paid
    text = NOT_PAY.sub(" ", text)
    return bool(amount.search(text if RATE.search(text) else SMALL_SUM.sub(" ", text)))


def _no_pay_or_states_it(statements: list[Statement], pay_asked: bool) -> bool:
    """Whether statements may answer: a list answers pay only where its entries state money."""
    return not pay_asked or any(_states_pay(s.text) for s in statements)


# "How much does a CARFAX report cost?", "What is the price of ...?", "How much money ...?": a price or a sum, which
# only an amount of money states, or its absence ("at no additional charge").
NO_CHARGE = re.compile(r"\bfree\b|\bno\s+(?:additional\s+|extra\s+)?(?:charge|cost)\b|\bcomplimentary\b", re.IGNORECASE)
# "5-10+ years", "3 yrs": a span of years, which says how much experience is asked, in whatever field.
YEARS_STATED = re.compile(r"\b\d+(?:\s*[-–]\s*\d+)?\+?\s*(?:years?|yrs?)\b", re.IGNORECASE)
# "What email do I send my application to?": an address to write to, which a statement writes out ("Apply: jobs@x.com").
EMAIL_ASKED = re.compile(r"\be-?mail(?:\s+address)?\b.*\b(?:send|write|apply|contact|reach)\b|\bwhat\s+(?:is\s+the\s+)?e-?mail\b",
                         re.IGNORECASE)
EMAIL_ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
PRICE_ASKED = re.compile(r"\bhow\s+much\s+(?:does|do|did|will|would|could)\b.*\bcost\b|\bwhat\s+(?:does|do)\b.*\bcost\b|\bprice\b"
                         r"|\bhow\s+much\s+money\b", re.IGNORECASE)


# "Where is the Podium Analytics Engineer role based?" asks where the work is done (not where the company
# is: "Where is Liftoff headquartered?"), which a statement of remote, hybrid or office work tells.
# Where the job is, or where its holder may be: "Where is the role based?", "Which countries can I be based in?",
# "Where do I need to live to be hired?".
HEADQUARTERS = re.compile(r"\bheadquarter\w*|\bHQ\b|\bhead\s+office", re.IGNORECASE)
ORIGIN = re.compile(r"\b(?:originat\w*|origins?|invent\w*|inventors?|coined)\b", re.IGNORECASE)
WORK_PLACE_ASKED = re.compile(
    r"^\s*where(?:\s+(?:is|are|will|would|can|could|may|must|should)|['’]s)\b(?!.*\bheadquarter)[^?]*\b(?:based|located|situated|work\s+from)\b"
    r"|^\s*(?:where|(?:in\s+)?which\s+(?:countries|country|cities|city|locations?|regions?|states?|areas?|places?|time\s*zones?))"
    r"\s+(?:can|could|do|does|must|should|may|will|would|am|is|are)\s+(?:i|you|one|we|they|candidates?|applicants?|hires?|employees?)\b"
    r"[^?]*\b(?:based|located|live|reside|work\s+from|be\s+hired|hire)\b"
    # "Where is the senior engineer position?"
    r"|^\s*where(?:\s+(?:is|are)|['’]s)\s+(?:the|this|that|these|those)\b[^?]*\b(?:jobs?|roles?|positions?|openings?|vacanc(?:y|ies))\s*\??\s*$"
    # "benchsci ML job location?", "what's the location of the role?"
    r"|\b(?:jobs?|roles?|positions?|openings?|vacanc(?:y|ies))\s+locations?\s*\??\s*$|^\s*(?:what\s+is\s+|what['’]?s\s+)?the\s+locations?\s+of\b",
    re.IGNORECASE,
)
# A field of the posting rather than of the job: where it was found, what the reader did with it ("Source: remote job
# board", "POSTED VIA: remote job board export", "status: to-apply").
POSTING_FIELD = re.compile(r"\s*(?:source|posted(?:\s+via)?|status|tags|applied|clipped|saved)\s*:", re.IGNORECASE)
# A line labelled with where the job is ("LOCATION: Remote, India"), which says it before any line merely saying
# "remote" ("POSTED VIA: remote job board export").
LOCATION_LABEL = re.compile(r"\s*(?:job\s+|work\s+)?(?:location|locations|based\s+in|place\s+of\s+work)\s*:", re.IGNORECASE)
# "Are the Liftoff ML job and the Podium analytics job remote?": the same, asked yes or no, which a statement of
# remote, hybrid or office work answers, in the byline or the body.
# So is where one must live for it ("Do I have to live in the US for ...?"); whether one must move is said in
# so many words ("You do not have to relocate").
REMOTE_ASKED = re.compile(
    r"^\s*(?:is|are|can|could)\b[^?]*\b(?:job|role|position|jobs|roles|positions)\b[^?]*\b(?:remote|hybrid|on-?site|in[- ]office)\b"
    r"|^\s*(?:do|does|must|can|will)\s+(?:i|we|you|they)\s+(?:have\s+to\s+|need\s+to\s+)?(?:live|reside|be\s+based)\s+(?:in|near|within|outside|at)\b"
    # "Would I need to go into an office for the role?"
    r"|^\s*(?:would|will|do|does|must|should)\s+(?:i|we|you|they)\s+(?:have\s+to\s+|need\s+to\s+|be\s+(?:required|expected)\s+to\s+)?"
    r"(?:go|come|commute)\s+(?:in)?to\s+(?:an?\s+|the\s+)?office"
    # "motive sre remote?", "remote?", "is weights & biases remote friendly", "is the openteams ML engineer fully remote?"
    r"|^\s*(?!(?:what|how|why|who|which|can|could|may|do|does|would|will|should|is|are)\b)(?:[\w&.'/-]+\s+){0,4}?(?:fully\s+|100%\s+)?remote(?:[- ](?:friendly|first|ok))?\s*\??\s*$"
    r"|^\s*(?:is|are)\s+(?!(?:it|this|that|they)\b)(?:[\w&.'-]+\s+){0,6}?(?:fully\s+|100%\s+)?remote(?:[- ](?:friendly|first))?\s*\??\s*$",
    re.IGNORECASE,
)
# Whether one may work remotely, asked of the asker: a byline saying "Remote" answers, and so does the body saying how
# ("We are remote-first"), whichever says it best.
WORKING_REMOTELY_ASKED = re.compile(
    # "Can I work from home?", "Could I do the Givebutter analytics job remotely from Canada?", "Is it remote?"
    r"^\s*(?:can|could|may|do|does|would|will)\s+(?:i|we|you|they|employees|people)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:remote(?:ly)?|from\s+(?:home|anywhere))\b"
    r"|^\s*(?:is|are)\s+(?:it|this|that|they)\s+(?:[\w-]+\s+)?(?:remote|hybrid|on-?site|in[- ]office)\b"
    # "Is the Civitas job open to people in Latin America?", "Where can it be done from?"
    r"|\bopen\s+to\s+(?:people|candidates|applicants|anyone|those|folks)\s+(?:in|from|outside|based)\b"
    r"|^\s*where\s+(?:can|could|may)\s+(?:it|this|that|the\s+[\w-]+)\s+be\s+(?:done|worked)\b"
    # "can i do the easypost staff .net job from canada"
    r"|^\s*(?:can|could|may)\s+(?:i|we|you|one)\s+(?:do|take|hold|get|apply\s+for)\b[^?]{0,60}?"
    r"\b(?:job|role|position|gig|opening)\s+from\s+\w",
    re.IGNORECASE,
)
# What a company gives for working from home ("a $50 stipend", "equipment"): no word on where one may work.
HOME_OFFICE_PERK = re.compile(r"\b(?:stipends?|allowances?|reimburs\w*|budgets?|equipment|furniture)\b|[$£€]\s?\d", re.IGNORECASE)
# "I live in Texas.", "i'm in massachusetts - eligible for the remote role?": where the asker is, told before asking
RESIDENCE_TOLD = re.compile(r"^\s*(?:I\s+(?:live|reside|am\s+based|am\s+located|am)|I['’]m|im)\s+(?:based\s+|located\s+)?(?:in|outside)\b"
                            r"[^.?!,;]*?(?:[.!,;]|\s[-–—]\s)", re.IGNORECASE)
# The places a question names after "in", "from" and the like: where its asker is, or would work from.
PLACE_NAMED = re.compile(r"\b(?:in|from|within|outside|to)\s+(?:the\s+)?((?:[A-Z][\w.-]*\s*)+)")  # "outside the US"


def asks_where_to_work(question: str) -> bool:
    """Whether a question asks where the job may be done ("Could I work for ActBlue remotely from Nevada?"): the
    statements of where it may are its answer, whether they name the asker's place or not."""
    return bool(RESIDENCE_TOLD.search(question) or WORK_PLACE_ASKED.search(question) or REMOTE_ASKED.search(question)
                or WORKING_REMOTELY_ASKED.search(question))


def places_named(question: str) -> set[str]:
    """The capitalised words a question writes after "in", "from" and the like ("Nevada" of "... from Nevada?")."""
    return {word for found in PLACE_NAMED.finditer(question) for word in found.group(1).split()}


WORK_PLACE = re.compile(
    r"\b(?:remote|remotely|hybrid|on-?site|in[- ]office|in[- ]person|office|offices|from\s+home|home[- ]based|co-?working"
    r"|anywhere|wherever)\b", re.IGNORECASE)
# "How long ...?" asks for a span of time: a number of time units ("two hours", "7-10+ years").
# "How much time do maintainers commit monthly?" asks how long, as "how long" does ("time off" and "time in lieu" are
# things, leave)
DURATION_QUESTION = re.compile(rf"\bhow\s+long\b|\bhow\s+much\s+time\b(?!\s+(?:off|in\s+lieu)\b)|{LENGTH_ASKED}", re.IGNORECASE)
# "How long is growth expected to keep going?": how long a thing lasts is said by when it ends too ("through 2031").
HOW_LONG_IT_LASTS = re.compile(r"\bhow\s+long\b.*\b(?:continue|keep\s+\w+ing|last|go\s+on)\b", re.IGNORECASE)
UNTIL_A_YEAR = re.compile(r"\b(?:through|until|till|into|to)\s+(?:the\s+end\s+of\s+)?(?:1[89]|20)\d\d\b", re.IGNORECASE)
DURATION = re.compile(
    rf"(?:\d[\d,.]*\+?|\b(?:a|an|{NUMBER_WORDS}|ninety|several|few|half)\b)[\s-]*(?:\(?\w+\)?[\s-]+){{0,2}}"
    r"(?:second|minute|min|hour|hr|day|week|wk|fortnight|month|quarter|year|yr)s?\b",
    re.IGNORECASE,
)
AMOUNT_WORDS = frozenset(content_terms("how long much many often time"))  # how an amount is asked, not of what
LABEL_SENTENCE_WORDS = 3  # a heading of a few words may be a label's sentence ("The nine University holidays are")
SECOND_QUESTION = re.compile(r"\band\s+(?:\w+\s+)?(?:what|how|when|where|which|who)\b", re.IGNORECASE)
# Time away from work, whose amount is a span of time.
TIME_OFF = frozenset(stem(word) for word in "leave vacation holiday holidays pto sabbatical".split())
# "How much guidance ...?", "How much time in lieu ...?": an amount of a thing named, not money, which a statement
# may give in words ("guidance and training from more experienced colleagues").
AMOUNT_OF_THING = re.compile(
    r"\bhow\s+much\s+(?!(?:do|does|did|is|are|was|were|will|would|can|could|should|money|pay|salary|cash|"
    r"compensation|equity|bonus|more|less|extra)\b)(?!time\b(?!\s+(?:off|in\s+lieu)\b))(?P<thing>(?:[a-z][\w-]*\s*){1,4})",
    re.IGNORECASE,
)
# "How many weeks ...": the statement counts the thing asked about, not just anything.
SHORTEST_STEM = 4  # letters a word keeps under its ending: "hour" of "hourly", "mile" of "mileage"
CLIPPED_WORD = 5  # letters a clipped word keeps at least: "metro" of "metropolitan", not "part" of "particular"
# Kinds joined by "and" or "or" name one thing: "casual and sick leave days".
COUNTED_THING = re.compile(rf"(?:\bhow\s+many|{NUMBER_ASKED})\s+((?:[a-z][\w-]*\s*(?:(?:and|or)\s+(?=[a-z]))?){{1,4}})", re.IGNORECASE)
# "How many weeks of parental leave ...?": what the counted units are of, which the statement speaks of too.
COUNTED_OF = re.compile(
    r"\bhow\s+many\s+[a-z]+\s+of\s+((?:(?!(?:do|does|did|is|are|will|would|can|could|should|at|in|for)\b)[a-z][\w-]*\s*){1,3})",
    re.IGNORECASE,
)
# People counted are counted by any word for them ("employs more than 500 people", "1,200 IT professionals").
PEOPLE_COUNTED = {stem(word) for word in "people person professional employee staff worker member individual".split()}
# ... as "How big is Deel?" (the company's name gone from what is searched) asks how many people it is
COMPANY_SIZE_ASKED = re.compile(r"^\s*how\s+(?:big|large)\s+is(?:\s+(?!(?:the|a|an|its|their)\b)[\w.&-]+)?\s*[?.!]?\s*$", re.IGNORECASE)
# Words saying how much more or in all, not what is counted ("extra", a noun too, had been the thing counted).
AMOUNT_MODIFIERS = frozenset("extra additional further total overall maximum minimum max min".split())
# People counted by their work are counted as people too: "How many engineers ... in a rotation?" of "no fewer than
# 4 people nor more than 12 people in a rotation pool".
WORKERS = {stem(word) for word in "engineer developer programmer scientist analyst designer manager maintainer reviewer "
           "contributor teammate colleague hire candidate".split()}
COUNT_REACH = 3  # words between a number and the thing it counts: "16 [paid] [parental] weeks", "5+ years [of] experience"
# "Which provisioning tool do they suggest?": one thing, named in the singular, is asked for.
ONE_THING = re.compile(
    r"^\s*(?:which|what)\s+(?:[a-z-]+\s+){0,2}?([a-z-]+)\s+(?:is|was|does|do|did|should|would|will|can|could)\b",
    re.IGNORECASE,
)
# "Which SRE level is ...?", "At which level are ...?", "Which level owns ...?": up to three words naming the
# kind of thing asked for, which a heading above the answer may name when the statement does not ("Level 2").
THING_ASKED = re.compile(
    r"^\s*(?P<word>which|what)\s+"
    r"(?P<thing>(?:(?!(?:is|are|was|were|does|do|did|should|would|will|can|could|has|have)\b)[a-z-]+\s*){1,3})",
    re.IGNORECASE,
)
# In a list entry or a table row, the label of the part a sentence sits in ("Lead SRE (L4): "), and the row's
# own label and value before its first "; " ("Category: Planning").
ENTRY_LABEL = re.compile(r"(?:^|;\s)([^:;\n]{1,60}):\s")
ROW_KEY = re.compile(r"[^:;\n]{1,60}:\s[^;\n]{1,80}(?=;\s)")
# "... does Aptible observe?": the verb closing a question, what is done with the thing asked for.
CLOSING_VERB = re.compile(r"\b(?:do|does|did)\s+(?:[\w'’-]+\s+){0,3}?(?P<verb>[a-z]+)\s*[?.!]?\s*$", re.IGNORECASE)
# "what must I ...", "may we ...": a modal put before its subject asks, and names no heading.
ASKING_MODAL = re.compile(r"\b(?:must|may|might|shall)\b(?=\s+(?:i|we|you|they|he|she|one)\b)", re.IGNORECASE)
# "What benefits come with ...?", "Which tools ...": things named in the plural, right after the question word,
# or after a word or two saying which ("Which public holidays do ...?") and before the question's verb.
SEVERAL_THINGS = re.compile(
    r"^\s*(?:which|what)\s+(?!(?:is|was|does|has)\b)(?:([a-z-]+s)\b|(?:[a-z-]+\s+){1,2}?([a-z-]+s)\s+"
    r"(?=(?:do|does|did|are|were|can|could|will|would|should|must|may|might|come|apply)\b))", re.IGNORECASE,
)
# Words that ask for a list without narrowing it: "what are the KEY trends", "LIST the benefits".
LIST_REQUEST_TERMS = frozenset(
    content_terms("key main common important typical list name all recommended expected involved included required "
                  "mentioned offered overall different various shaping stage phase look area category part component element")
)
# A table row as the loaders write it, its first cell named by its column: "Area: Delivery; Competency: ...".
TABLE_ROW = re.compile(r"^(?P<label>[A-Z][\w /&-]{0,40}): (?P<value>[^;:]{1,60}); ")
CELL_LABEL = re.compile(r"(?:^|; )([A-Z][\w /&-]{0,40}): ")
# A word after "to", a modal or a subject is a verb, however often it is a noun too: "need to go into an office";
# the subject after a modal is looked past, not taken ("might they deal with"). So is a word in -s between a word
# and a determiner ("What background suits the opening?").
VERB_SLOT = re.compile(r"\b(?:to|can|could|would|will|should|must|may|might|i|we|you|they)\s+(?=([a-z]+)\b)"
                       r"|(?<=\w )([a-z]+s)(?=\s+(?:the|a|an|my|your|our|their|this|that|these|those)\b)", re.IGNORECASE)
# "..., from most junior to most senior": the order a list is wanted in, which asks for nothing more.
ORDERING = re.compile(r"\bfrom\s+(?:the\s+)?(?:most\s+|least\s+)?[\w-]+\s+to\s+(?:the\s+)?(?:most\s+|least\s+)?[\w-]+", re.IGNORECASE)
# "List the ...", "Name all the ...": a list asked for in so many words.
LIST_REQUEST = re.compile(r"^\s*(?:please\s+)?(?:list|name|enumerate)\b|\b(?:list|all)\s+(?:of\s+)?the\b|\blist\s+of\b", re.IGNORECASE)
# What is asked of a thing the question names, when nothing follows it: "Roblox's current stock price";
# the same the other way round, "What is the population of Pittsburgh?", "What's the weather like in Denver?";
NAMED_THINGS_ATTRIBUTE = [
    # "What's", "Who's", "It's" are contractions, not owners.
    re.compile(r"\b(?!(?i:what|who|where|when|how|why|that|it|there|here|let)[’']s\b)"
               r"(?P<owner>[A-Za-z][\w&.-]*)(?:'s|’s|s'|s’)\s+(?P<attribute>[a-z][\w\s-]*?)\s*(?:[?.!]|$)"),
    re.compile(r"^\s*(?:[Ww]hat|[Ww]ho)(?:'s|’s|\s+is|\s+are)\s+(?:the\s+)?(?P<attribute>[a-z][\w\s-]*?)\s+(?:like\s+)?(?:of|in|at)\s+"
               r"(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s*(?:[?.!]|$)"),  # "Booking Holdings", "New York"
]
# Whose a thing is: "Tern Freight's values".
OWNER = re.compile(r"((?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*)(?:'s|’s|s'|s’)(?!\w)")
# And whether it has a thing, "Does Sourcegraph offer gym memberships?": a yes is a statement naming that thing.
NAMED_THING_OFFERS = re.compile(
    r"^\s*(?:[Dd]oes|[Dd]o|[Ww]ill)\s+(?P<owner>[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})\s+(?:offer|provide|give|have|cover|sponsor|pay(?:\s+for)?)\s+"
    # ... the thing up to a clause that says what for ("an office I could go to") or a phrase saying where or when
    # ("my lunch at a conference")
    r"(?:an?\s+|any\s+|my\s+|our\s+|your\s+)?(?P<attribute>[a-z][\w\s-]*?)"
    r"(?:\s+(?:I|you|we|they|that|which|where|at|in|on|during|while|when|if|for)\b[^?.!]*)?\s*(?:[?.!]|$)"
)
# "What is sea level?", "How do Kubernetes schedulers work?", "What is the Google SRE book about?", "what exactly is
# a kubernetes pod?", "can you explain how the transformer's attention works?": a thing to define
# or explain, which only a statement speaking of all of it can; one sharing a word ("level") cannot.
# Only a thing named and nothing more: "What is the maximum I can put in the FSA?" or "What is the salary range
# for 2024?" ask of a thing, which a statement may answer without repeating every word of the question, and
# "What is expected of ...?", "What is driving ...?" ask what a verb says ("What is meant by X?" is X, and
# "the testing pyramid" a thing); "How does X work in the UK?" asks how X works, and "What is toil in site
# reliability engineering?" what toil is, in that field.
DEFINITION_ASKED = re.compile(
    r"^\s*what\s+(?:exactly\s+|really\s+)?(?:is|are)\s+(?:exactly\s+|really\s+)?(?:meant\s+by\s+)?(?:(?:an?|the)\s+|(?![\w-]+(?:ing|ed)\b))(?P<thing>(?:[\w-]+\s+){0,3}(?!about\b)[\w-]+?)(?:\s+about|\s+in\s+(?P<field>(?:[\w-]+\s+){0,3}[\w-]+))?\s*\??\s*$"
    r"|^\s*(?:how\s+(?:do|does)|(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?explain\s+how)"
    r"\s+(?P<working>(?:[\w'’-]+\s+){0,5}[\w-]+)\s+works?(?:\s+(?:in|at|for)(?:\s+[\w-]+){1,3})?\s*\??\s*$"
    # "explain iceberg hidden partitioning", "Can you explain what a feature store is?"
    r"|^\s*(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?explain\s+(?!how\b)(?:what\s+)?(?:(?:an?|the)\s+)?"
    r"(?P<explained>(?:[\w-]+\s+){0,3}?[\w-]+?)(?:\s+(?:is|are|means?))?\s*[?.!]?\s*$",
    re.IGNORECASE,
)
# "How do I write a dbt model?" asks for steps, which a statement naming the skill ("SQL and dbt") does not
# give: one statement must speak of all of what is to be done ("request an accommodation"), though not of
# when ("... when applying").
HOW_TO_ASKED = re.compile(
    r"^\s*how\s+(?:do|can|could|should|would|might)\s+(?:i|we|you|one)\s+(?P<doing>[\w-]+\s+"
    r"(?P<task>.*?[\w-]))(?:,?\s+(?:when|while|if|before|after|during|once)\b.*"
    r"|,?\s+and\s+(?:[\w-]+\s+){0,2}(?:what|how|when|where|which|who)\b.*"  # "..., and up to what amount?"
    r"|\?\s+\S.*)?\s*\??\s*$",  # "...? any advice in there?": the task ends with its question
    re.IGNORECASE,
)
# Things asked for in the plural: "what are ...?", "what roles are there in ...?", "which levels exist?"
PLURAL_ASKED = re.compile(r"\s*(?:what\s+are\b|(?:what|which)\s+[\w-]+s\s+(?:are\s+there|exist)\b)", re.IGNORECASE)
# "What are the core values ...?": the things asked for, named in the plural.
THINGS_ASKED = re.compile(r"\s*what\s+are\s+(?:the\s+|its\s+|their\s+)?(?:[a-z-]+\s+)?(?P<things>[a-z-]+s)\b", re.IGNORECASE)
# A clause, not a thing: "the maximum I can put in the FSA", "SprintFWD looking for".
CLAUSE_WORD = re.compile(r"\b(?:I|you|we|they|can|could|will|would|should|may|might|must)\b", re.IGNORECASE)


# "shift hours at ylopo": a thing, and whose it is.
OWNED_THING = re.compile(r"(?P<thing>.+?)\s+(?:at|in|of|for)\s+(?P<owner>[^,]+)", re.IGNORECASE)


def thing_to_define(question: str) -> str | None:
    """The thing a question asks to define or explain (see DEFINITION_ASKED), or None."""
    found = DEFINITION_ASKED.match(question)
    if found and found["explained"]:  # what "explain" takes is a thing, whatever its words ("hidden partitioning")
        return None if CLAUSE_WORD.search(found["explained"]) else found["explained"]
    thing = (found["thing"] or found["working"]) if found else None
    # A closing "-ing" word names an activity ("DNS caching", "load balancing"); a verb before the end makes a clause.
    *leading, last = thing.split() if thing else [""]
    if not thing or CLAUSE_WORD.search(thing) or any(map(_only_a_verb, leading)) or (_only_a_verb(last) and not last.endswith("ing")):
        return None
    # "What are the Behavior competencies in the ladder?" asks for a list, where "What is toil in SRE?" defines; and
    # "what's the parent org of 2i2c" asks a thing's attribute.
    return None if (found["field"] and PLURAL_ASKED.match(question)) or re.search(r"\bof\b", thing) else thing


def _only_a_verb(word: str) -> bool:
    """Whether a word of a question can only be a verb ("looking"); a capitalised one is a name ("Google")."""
    if word[:1].isupper():
        return False
    lemmas = getAllLemmas(word)
    return "VERB" in lemmas and not {"NOUN", "ADJ"} & lemmas.keys()


# "What kind of stuff ...?" asks for kinds, which a statement naming its examples so lists ("Examples of reimbursable
# expenses: ..."), not one with an aside ("data lakehouse technologies (e.g., Iceberg, S3)").
KINDS_ASKED = re.compile(r"\bwhat\s+(?:kinds?|sorts?|types?)\s+of\b", re.IGNORECASE)
GIVES_EXAMPLES = re.compile(r"\bexamples?\s+of\b[^.:]*:", re.IGNORECASE)
# "Builds products that protect user data, e.g." says what the entries after it are examples of: it is quoted
# with them (a lead-in ending in a colon only points at its list, and is not quoted).
EXAMPLES_FOLLOW = re.compile(r"(?:\be\.g\.|\bi\.e\.|\bsuch as|\bincluding|\bfor (?:example|instance))[:,]?$", re.IGNORECASE)
# "... you can reference the title structure below as a generalized progression.": a sentence pointing at
# the list after it says nothing without the list, though it does not end in a colon; nor does "You should do
# these things before going on call" (a sentence opening "These ..." points back), unless it says what they are
# ("These are examples of expenses that ... rejecting a reimbursement request.", a list after it).
POINTS_FORWARD = re.compile(rf"{POINTING_AHEAD}|(?<=\w )these\s+[a-z]+s\b|^(?:these|here)\s+are\b", re.IGNORECASE)
# A sentence opening with a word that points back ("It is not required, but encouraged.") means
# nothing alone: it is quoted, and scored, together with the sentence before it.
POINTS_BACK = re.compile(
    r"^(?:it|this|that|these|those|they|such|both|neither|either"
    r"|(?:of|among|each\s+of|all\s+of|most\s+of|some\s+of)\s+(?:these|those|them|which))\b"  # "Of these, 20 are statutory."
    # ... or after a few words setting the time ("Last year this was Portugal.", "In 2023 it was held online.")
    r"|^(?:(?:last|next|this|every|each|in)\s+)?[\w-]+,?\s+(?:this|it)\s+(?:was|is|were|will|has|had|means)\b",
    re.IGNORECASE,
)


# Each passage's statements, split once rather than at every question that retrieves the passage again (a
# fifth of answering's time); kept while the passage is (the retriever keeps recently read passages).
_STATEMENTS: WeakKeyDictionary[StoredChunk, tuple[Statement, ...]] = WeakKeyDictionary()


def passage_statements(chunk: StoredChunk) -> list[Statement]:
    """Split a passage into candidate statements: its heading, list items, and sentences."""
    statements = _STATEMENTS.get(chunk)
    if statements is None:
        statements = _STATEMENTS[chunk] = tuple(_split_passage(chunk))
    return list(statements)


def _split_passage(chunk: StoredChunk) -> list[Statement]:
    statements: list[Statement] = []
    offset = 0
    asked = ""
    for line_number, line in enumerate(chunk.text.split("\n")):
        line_start, offset = offset, offset + len(line) + 1
        line_kind = chunk.line_kinds[line_number] if line_number < len(chunk.line_kinds) else "p"
        marker = LIST_MARKER.match(line)
        body_start = line_start + (marker.end() if marker else 0)
        body = chunk.text[body_start : line_start + len(line)].rstrip()
        if not body.strip():
            continue
        if line_kind == "h":
            asked = ""
            title = body.rstrip(":")
            # A bulleted label says something itself; so does a heading stating a field and its value ("Base
            # salary: $140,000 - $180,000", a PDF's bold line): facts are quoted, headings never are.
            states_value = bool(LABEL_PREFIX.match(title)) and not title.endswith(":")
            kind = "label" if (marker and body.endswith(":")) or states_value else "heading"
            statements.append(Statement(title, chunk, body_start, body_start + len(title), len(statements), kind))
            continue
        kind = "item" if marker or line_kind == "i" else "prose"
        previous = None
        for start, end in split_sentences(body):
            text = body[start:end].strip()
            # (a table's row ending on a colon its last cell had, "...; Title: Staff Engineer (IC 6):", leads into nothing)
            leads_in = text.endswith(":") and not (kind == "item" and TABLE_ROW.match(text))
            sentence_kind = "lead-in" if leads_in else "question" if text.endswith("?") else kind
            if previous is not None and previous.kind == "prose" and sentence_kind == "prose" and POINTS_BACK.match(text):
                joined_end = body_start + start + len(text)
                previous = statements[-1] = replace(previous, text=chunk.text[previous.start : joined_end], end=joined_end)
                continue
            previous = Statement(text, chunk, body_start + start, body_start + start + len(text), len(statements),
                                 sentence_kind, asked=asked)
            statements.append(previous)
            if sentence_kind == "question":
                asked = text
    return statements


class StatementScorer:
    """Scores statements against a question: meaning (embeddings) plus shared rare words."""

    def __init__(
        self,
        embed: Callable[[list[str]], list[list[float]]],
        idf: Callable[[str, str], float],
        corpus_form: Callable[[str], str | None],
        settings: Settings,
        stored: Callable[[list[str]], dict[str, np.ndarray]] = lambda texts: {},
    ):
        self._embed = embed
        self._stored = stored  # the vectors ingest stored for the texts statements are scored by
        self._idf = idf
        self._corpus_form = corpus_form
        self._form = lambda term: corpus_form(term) or term
        self._settings = settings
        # What questions needed lately, stored or embedded: least recently used go first.
        self._cache: LRUCache = LRUCache(settings.cache_entries)
        self._cache_lock = threading.Lock()

    def _vectors(self, texts: list[str]) -> np.ndarray:
        # Read into a local map first: requests share the cache across threads, and another may evict.
        with self._cache_lock:
            found = {text: self._cache.get(text) for text in dict.fromkeys(texts)}
        missing = [text for text, vector in found.items() if vector is None]
        if missing:
            stored = self._stored(missing)
            unstored = [text for text in missing if text not in stored]
            embedded = dict(zip(unstored, (np.asarray(vector, dtype=np.float32) for vector in self._embed(unstored)))) if unstored else {}
            with self._cache_lock:
                for text in missing:
                    found[text] = self._cache[text] = stored[text] if text in stored else embedded[text]
        return np.stack([found[text] for text in texts])

    @staticmethod
    def _topic(statement: Statement) -> str:
        """What a statement is about: its heading path, unless the path says nothing ("The role",
        "About us"), which would match any question that uses the same small words. A labelled entry
        ("Leadership: Guiding and supporting ...") is a section of its own, under its label."""
        path = as_matched(statement.chunk.headings_within)
        if label := _label_of(statement):
            path = SECTION_SEPARATOR.join(filter(None, [path, label.text]))
        return path if content_terms(path) else statement.text

    @staticmethod
    def warm() -> None:
        """Read lemminflect's lexicon ahead of the questions (a quarter of a second on its first lookup)."""
        getAllLemmas("lexicon")

    @classmethod
    def scored_texts(cls, chunk: StoredChunk) -> list[str]:
        """Every text this passage's statements are scored by: what ingest embeds ahead of the questions."""
        texts = [text for statement in passage_statements(chunk)
                 for text in (cls._context(statement), cls._topic(statement), cls.own_heading(statement))]
        return [*texts, as_matched(chunk.headings_within).rpartition(SECTION_SEPARATOR)[2]]

    @staticmethod
    def _context(statement: Statement) -> str:
        """What a statement is matched on: its heading path, then the question it answers, then itself."""
        if statement.is_heading:
            return as_matched(statement.chunk.headings_within)
        said = f"{statement.asked} {statement.text}" if statement.asked else statement.text
        section = as_matched(statement.chunk.headings_within)
        return f"{section}: {said}" if section else said

    def _keyword_overlap(self, weighted_forms: list[tuple[str, float]], total: float, statement: Statement) -> float:
        """The idf-weighted share of the question's words that the statement or its headings use, given each
        word's corpus form and weight in the statement's document (`_weighted_forms`)."""
        if total <= 0:
            return 0.0
        present = set(content_terms(f"{as_matched(statement.chunk.headings_within)} {statement.asked} {statement.text}"))
        return sum(weight for form, weight in weighted_forms if form in present) / total

    def _weighted_forms(self, focus_terms: set[str], source: str) -> tuple[list[tuple[str, float]], float]:
        """Each question word's corpus form and its weight in one document, and the weights' sum: once per
        document a question scores, not once per statement (they were a third of scoring's time).

        Words the corpus never uses weigh nothing: counting them against every statement refused
        paraphrases ("partner with day to day") more often than it declined out-of-scope questions.
        """
        weighted = [(self._form(term), self._idf(term, source)) for term in focus_terms]
        return weighted, sum(weight for _form, weight in weighted)

    def says_what_is_asked(self, question: Question, statements: list[Statement]) -> bool:
        """Whether a question asking a named thing's attribute ("Roblox's stock price", "PostHog's annual
        revenue") is answered by statements that speak of that attribute, not only of the thing. The
        attribute of another document the question names ("... with Lanternfish's ladder") is that
        document's answer to give. A thing to define or explain ("What is sea level?") is answered only by
        statements using every word of it, and a task to explain ("How do I write a dbt model?") by one
        statement, or list entry, using every word of it."""
        wording = question.wording or question.focus
        offered = NAMED_THING_OFFERS.search(wording)
        found = offered or _named_things_attribute(wording)
        owner, attribute = (found["owner"], found["attribute"]) if found else ("", "")
        asked = set(content_terms(attribute, expand=True))
        # An amount of money says the pay asked for ("USD $136,000~$174,000" names no "pay").
        if PAY_ASKED.search(wording) and any(_states_pay(s.text, CURRENCY) for s in statements):
            return True
        # "How does BERT's masked language modeling work?" explains a thing, whoever's it is.
        explained = (match := DEFINITION_ASKED.match(wording)) is not None and bool(match["working"])
        if (not found or explained) and (defined := thing_to_define(wording)):
            said = self._said(question, statements)
            if all(choices & said for choices in self.forms_asked(defined)):
                return True
            # "the shift hours at ylopo" asks a thing of the document named, which it may say in other words ("Shift
            # Schedule: 9AM - 6PM Pacific Standard" at 0.77); "sea level" is defined only in its own words.
            owned = OWNED_THING.fullmatch(defined)
            naming = set().union(*question.subject.values())
            return bool(owned and set(content_terms(owned["owner"])) <= naming
                        and self._says_in_other_words(owned["thing"], statements))
        if not found and (how_to := HOW_TO_ASKED.match(question.focus)):
            forms = self.forms_asked(how_to["task"])
            # A word no document and no dictionary knows is a name ("install apache airflow on ubuntu"): no other
            # words say it.
            if any(not getAllLemmas(word) and not self.knows(choice)
                   for word, choice in zip(asked_words(how_to["task"]), term_choices(how_to["task"]))):
                return False
            # A word no document uses cannot be said, only meant: the statement using the rest must then mean the
            # task itself ("stop drowning in alerts" is "Reducing alert fatigue" at 0.54; "install kubeflow on
            # minikube" is no nearer an MLOps tool list than 0.33).
            said_forms = [choices for choices in forms if self.knows(frozenset(choices))]
            # A list entry is one step, whatever its sentences ("Get paid. Make sure you submit ... after your shift.").
            using = [statement for statement in statements
                     if all(choices & (self._said(question, [statement]) | _entry_words(statement)) for choices in said_forms)]
            return bool(using) and (len(said_forms) == len(forms) or self._says_in_other_words(how_to["doing"], using))
        if not asked or set(content_terms(owner)) <= question.named_elsewhere:
            return True
        # The phrase's last word names the thing asked for ("revenue" of "annual revenue"): no corpus word for it, no answer.
        head = term_choices(attribute)[-1:]
        if head and not any(self._corpus_form(term) for term in head[0]):
            # ... unless a statement says it in other words, as closely as the refusal threshold asks of an answer
            # ("home office furniture": "Height-adjustable desk: Average price 500 USD" at 0.50; "current stock
            # price" came within 0.16 of a pay range, "the CEO" 0.07 of a byline), the word bringing it nearer
            # rather than the others alone ("peak season revenue" is no nearer "ahead of the peak season").
            texts = [s.text for s in statements]
            closeness = self.similarities(self.vector(attribute), texts)
            best = max(range(len(texts)), key=closeness.__getitem__)
            without_head = " ".join(attribute.split()[:-1])
            return closeness[best] >= self._settings.refusal_threshold and (
                not without_head or closeness[best] > self.similarities(self.vector(without_head), [texts[best]])[0])
        said = self._said(question, statements)
        if offered:  # "free lunch" is not "free parking"; "relocation assistance" is "relocation help" in other words
            return any(self._form(term) in said for term in head[0]) or self._says_in_other_words(attribute, statements)
        return any(self._form(term) in said for term in asked)

    def _says_in_other_words(self, phrase: str, statements: list[Statement]) -> bool:
        """Whether a statement comes as close to a phrase alone as the refusal threshold asks of an answer
        ("relocation help": "We will consider relocation assistance ..." at 0.62, "free lunch": "Free parking
        is available at the office." at 0.35)."""
        return max(self.similarities(self.vector(phrase), [s.text for s in statements])) >= self._settings.refusal_threshold

    @staticmethod
    def _said(question: Question, statements: list[Statement]) -> set[str]:
        said = set()
        for statement in statements:
            # A document's title speaks of all of it: "PostHog's compensation policy" is its "Compensation".
            said |= question.subject.get(statement.chunk.source, frozenset())
            said |= set(content_terms(f"{as_matched(statement.chunk.headings_within)} {statement.asked} {statement.text}"))
        return said

    def forms_asked(self, phrase: str) -> list[set[str]]:
        """Each word of `phrase`, as the words it may be written with and the corpus's own word for each."""
        # A stop word may come out of the stemmer ("haves" of "nice-to-haves"): it says nothing here either.
        return [{form for term in choice for form in (term, self._form(term))} for choice in term_choices(phrase) if choice - STOPWORDS]

    def knows(self, choices: frozenset[str]) -> bool:
        """Whether some document uses one of a word's forms, or the corpus's word for it."""
        return any(self._corpus_form(term) for term in choices)

    def document_uses(self, source: str, term: str) -> bool:
        return self._idf(term, source) > 0

    @staticmethod
    def own_heading(statement: Statement) -> str:
        """The title a labelled entry gives itself ("Leadership" of "Leadership: Guiding ..."), or nothing."""
        label = _label_of(statement)
        return label.text if label else ""

    def context_similarity(self, question_vector: np.ndarray, statement: Statement) -> float:
        """How close a statement is to the question, as itself in its section or as its own label."""
        texts = [text for text in (self._context(statement), self.own_heading(statement)) if text]
        return max(self.similarities(question_vector, texts))

    def vector(self, text: str) -> np.ndarray:
        return self._vectors([text])[0]

    def meaning_relevance(self, vector: np.ndarray, statements: list[Statement]) -> float:
        """The best relevance of `statements` to a text (a question with some words taken out) in meaning alone."""
        return max(
            sim + RELEVANCE_SECTION_WEIGHT * section_sim for sim, section_sim in zip(
                self.similarities(vector, [self._context(s) for s in statements]),
                self.similarities(vector, [self._topic(s) for s in statements]),
            )
        )

    def embed_ahead(self, texts: list[str]) -> None:
        """Embed texts into the cache in one batch, ahead of the calls that will compare them."""
        self._vectors(texts)

    def text_similarities(self, text: str, texts: list[str]) -> list[float]:
        """The cosine of one text (a model's sentence) to each of `texts`, through the same cache."""
        return self.similarities(self._vectors([text])[0], texts)

    def similarities(self, question_vector: np.ndarray, texts: list[str]) -> list[float]:
        return [float(value) for value in self._vectors(texts) @ question_vector]

    def unknown_things(self, focus: str) -> list[str]:
        """The words of a question naming a thing (a word that can be a noun) that no document uses, nor the
        corpus's word for it: "laptop", "chess openings". Unknown verbs ("differ", "mentioned") say how it asks."""
        verbs = {word.lower() for found in VERB_SLOT.findall(focus) for word in found if word}
        everyday = everyday_words_for_sections(focus)
        unknown = [
            word for word, choice in zip(asked_words(focus), term_choices(focus))
            if not any(self._corpus_form(term) for term in choice) and "NOUN" in getAllLemmas(word) and word not in verbs
            and word not in PLACEHOLDERS and word not in PLACE_PREPOSITIONS and word.lower() not in everyday
        ]
        # A thing glossed in words the corpus uses is known by them, whichever side of the bracket they stand on.
        for named, gloss in glossed_phrases(focus):
            for side, other in ((named, gloss), (gloss, named)):
                if asked_words(side) and not set(asked_words(side)) & set(unknown):
                    unknown = [word for word in unknown if word not in asked_words(other)]
        return unknown

    def score(self, question_vector: np.ndarray, focus: str, statements: list[Statement]) -> list[Statement]:
        """Each statement with its `score` (shaped by SECTION_WEIGHT, KEYWORD_WEIGHT and the label prior)
        and its `relevance` (the same three signals under fixed weights, which no answer-shaping setting
        moves): the assistant refuses when no statement's relevance reaches REFUSAL_THRESHOLD."""
        if not statements:
            return []
        similarities = self.similarities(question_vector, [self._context(s) for s in statements])
        # A long bullet dilutes its heading; matching the heading path on its own keeps topic in view.
        section_similarities = self.similarities(question_vector, [self._topic(s) for s in statements])
        focus_terms = set(content_terms(focus, expand=True))
        weighted_forms = {source: self._weighted_forms(focus_terms, source) for source in {s.chunk.source for s in statements}}
        settings = self._settings
        scored = []
        for statement, sim, section_sim in zip(statements, similarities, section_similarities):
            overlap = self._keyword_overlap(*weighted_forms[statement.chunk.source], statement)
            prior = LABEL_PRIOR if statement.is_heading else 1.0
            scored.append(replace(
                statement,
                score=prior * (sim + settings.section_weight * section_sim + settings.keyword_weight * overlap),
                relevance=sim + RELEVANCE_SECTION_WEIGHT * section_sim + RELEVANCE_KEYWORD_WEIGHT * overlap,
                shared_words=overlap,
            ))
        return scored


def _meaning_relevance(statement: Statement) -> float:
    """A statement's relevance without the words it shares with the question."""
    return statement.relevance - RELEVANCE_KEYWORD_WEIGHT * statement.shared_words


def _is_duplicate(candidate: Statement, chosen: list[Statement]) -> bool:
    terms = set(content_terms(candidate.text))
    for other in chosen:
        other_terms = set(content_terms(other.text))
        union = terms | other_terms
        if union and len(terms & other_terms) / len(union) >= DUPLICATE_OVERLAP:
            return True
    return False


def _parent(section: str) -> str:
    return section.rsplit(SECTION_SEPARATOR, 1)[0]


def select_statements(scored: list[Statement], settings: AnswerSettings) -> list[Statement]:
    """The best statement, then what else answers from the few passages that match almost as well.

    Staying within a few passages keeps every citation pointed at text that answers, rather than
    at loosely related passages elsewhere in the corpus.
    """
    ranked = sorted((s for s in scored if s.quotable), key=lambda s: -s.score)
    if not ranked:
        return []
    best = ranked[0]
    passage_best: dict[str, float] = {}
    for statement in ranked:
        passage_best.setdefault(statement.chunk.id, statement.score)
    passages = [
        chunk_id for chunk_id, score in passage_best.items() if score >= best.score * settings.passage_min_ratio
    ][: settings.max_passages]
    # The best statement leads however it scores: below zero, no other ratio of it compares as meant.
    chosen = [best]
    for statement in ranked[1:]:
        if len(chosen) >= settings.max_statements:
            break
        if statement.chunk.id not in passages:
            continue
        # The rest of the best passage's list usually belongs to the same answer.
        ratio = settings.sibling_min_ratio if statement.chunk.id == best.chunk.id else settings.statement_min_ratio
        if statement.score >= best.score * ratio and not _is_duplicate(statement, chosen):
            chosen.append(statement)
    lead, rest = chosen[0], chosen[1:]
    # Keep the lead first, then read each passage's statements in document order.
    rest.sort(key=lambda s: (passages.index(s.chunk.id), s.position))
    return [lead, *rest]


class ExtractiveAnswerer:
    """Turns retrieved passages into an answer made only of quoted statements."""

    def __init__(self, scorer: StatementScorer, passages_under: Callable[[str], list[StoredChunk]], settings: AnswerSettings):
        self._scorer = scorer
        self._passages_under = passages_under
        self._settings = settings

    def answer(self, question: Question) -> list[Statement]:
        """The statements that answer, or none when even the best falls below the refusal threshold.

        `question.subject` holds the words naming each document asked about, which name none of its lists.
        """
        focus, question_vector, passages = question.focus, question.vector, question.passages
        main_clause = asked_clause(focus)
        decides_amount = bool(DECIDES_AMOUNT.search(main_clause))
        asks_quantity = bool(QUANTITY_QUESTION.search(main_clause)) and not decides_amount
        asks_when = bool(WHEN_ASKED.search(main_clause))
        # "When do employees get paid?" asks a point in time: "$36.75 / hour" has a number but is none.
        when_only = asks_when and not AMOUNT_ASKED.search(main_clause)
        # "Do I get paid extra for holidays?" asks whether, not how much, and "When do I get my overtime pay?" when:
        # their answers need not be amounts.
        # "How many calls a day does an ADR make?" counts a thing, not money.
        amount_of = AMOUNT_OF_THING.search(main_clause)
        asks_money = (asks_quantity and not asks_when and not COUNTED_THING.search(focus) and not amount_of
                      and MONEY_QUESTION.search(focus))
        # "How do I get paid for ...?" asks how, not how much.
        pay_asked = ((asks_money or PAY_ASKED.search(WEB_ADDRESS.sub(" ", focus))) and not _asks_yes_or_no(focus)
                     and not HOW_TO_ASKED.match(focus) and not when_only and not decides_amount)
        if closing := self._closing_asked_for(question):
            return closing
        if end := self._end_of_a_ladder_asked_for(question):
            return end
        outline = self._outline_asked_for(question)
        # A list of perks is no pay: "What does Podium pay for the role?" is answered by an amount or not at all,
        # here and wherever a list would answer.
        if outline and len(items := self._list_items(outline)) > 1 and _no_pay_or_states_it(items, pay_asked):
            return items
        if levels := self._levels_asked_for(question):
            return levels
        # Headings and lead-ins only point at what follows them; a list answer reaches them through its section.
        # ... but for an amount a lead-in states of its list ("our 3-stage process (5.5 hours total interviewing time):"),
        # which answers how long or how many of all of it.
        # (so does a label heading the list it counts: "The nine University holidays are:")
        candidates = [replace(s, kind="prose") if s.kind in ("lead-in", "heading") else s for p in passages for s in passage_statements(p.chunk)
                      if s.quotable or (asks_quantity and (s.kind == "lead-in" or s.is_heading and len(s.text.split()) >= LABEL_SENTENCE_WORDS)
                                        and QUANTITY.search(s.text))]
        candidates = self._from_documents_using_most_asked(focus, candidates)
        # A statement saying only what the question says, where it stands too ("Tern Freight" under the job's title,
        # "Candidates only." of "Which technologies is a candidate expected to know?"), tells nothing new; under a
        # heading the question does not use, that heading is news, unless it only repeats the title. A yes or no is
        # said in the question's words, but never by the document's name alone, its title's and file name's words
        # ("LeafLink" of "Would I be on call?").
        asked = set() if _asks_yes_or_no(focus) else set(content_terms(question.wording or focus, expand=True))
        candidates = [s for s in candidates if not set(content_terms(f"{s.chunk.headings_within} {s.text}")) <= (
            asked | set(content_terms(s.chunk.title)) | question.subject.get(s.chunk.source, frozenset()))]
        if not LIST_REQUEST.search(focus):
            candidates = _rows_of_the_member_asked(set(content_terms(question.wording or focus)), candidates)
        # Asked what a thing is, a line naming only it ("IC5" among the levels, a table's "Level: IC5"), or one word
        # alone ("IC4" beside it), defines nothing, whatever heading it stands under.
        if defined := thing_to_define(question.wording or focus):
            named_only = asked | set(content_terms(defined, expand=True))
            candidates = [s for s in candidates if not set(content_terms(said := CELL_LABEL.sub("; ", s.text))) <= named_only
                          and len(said.split()) > 1]
        count_stated = False
        if asks_quantity:
            # "How often ...?" is answered by a frequency, which may be a word ("Rarely influences team members").
            frequency_asked = bool(FREQUENCY_ASKED.search(main_clause))
            quantified = [s for s in candidates if (QUANTITY.search(s.text) if not when_only else CALENDAR.search(s.text))
                          or (asks_when and TIME_POINT.search(s.text)) or (frequency_asked and FREQUENCY.search(s.text))]
            if not when_only:
                # A heading may state the amount its section explains ("A €1,000 annual learning budget" over "This
                # can be used for courses, books ..."): the section's statements answer, shown under it.
                quantified += [replace(s, shown_under=heading) for s in candidates
                               if s not in quantified and (heading := _amount_heading(s))]
            if amount_of:  # where no amount of the thing is stated, it may be said in words ("guidance ... from more experienced")
                # the thing's noun, not what qualifies it ("fully paid parental leave")
                thing_words = " ".join(_noun_phrase(amount_of["thing"])) or amount_of["thing"].split()[0]
                measured = term_choices(thing_words)  # each word, or the corpus's word for it ("vacation": "PTO")
                # ... or the acronym documents write for it ("unlimited PTO" of "time off")
                acronyms = {stem(acronym.lower()) for acronym in acronyms_of(amount_of["thing"])}
                # ... or, of experience, years ("5-10+ years of software engineering" says how much experience)
                years = YEARS_STATED if {"experience"} & set(thing_words.lower().split()) else None
                naming = [s for s in candidates if all(choice & _words_of(s) for choice in measured) or acronyms & _words_of(s)
                          or (years and years.search(s.text))]
                # "How much parental leave does Phaidra offer?" of an ad never speaking of leave, or of a policy never
                # speaking of the kind of leave asked (its holidays), is no amount of it; "annual" says how often, no kind
                def uses_any(forms: set[str]) -> bool:
                    return any(self._scorer.document_uses(source, form) for source in question.subject for form in forms)
                kind_forms = self._scorer.forms_asked(" ".join(w for w in thing_words.split()[:-1] if not CALENDAR.fullmatch(w)))
                if not naming and question.subject and (
                    not any(map(uses_any, self._scorer.forms_asked(thing_words))) or not all(map(uses_any, kind_forms))):
                    return []
                # An amount of the thing's head noun is one of it ("25 vacation days" is annual vacation), before
                # statements naming all of it without an amount ("How to take (annual) leave": "keep your vacation days");
                # where one is stated, amounts of other things are no answer ("how much notice": not "12 days" of leave).
                head = term_choices(thing_words.split()[-1])
                quantified = ([s for s in quantified if s in naming or all(choice & _words_of(s) for choice in head)]
                              or naming or quantified)
                # ... and says how much of it there is, even without a number ("Unlimited Paid Time Off (PTO)").
                count_stated = bool(question.subject) and any(
                    s in naming and (QUANTITY.search(s.text) or UNBOUNDED.search(s.text)) for s in quantified)
            candidates = quantified
            counted = COUNTED_THING.search(focus)
            if (counted and counted.group(1).split()[0].lower() == "people") or COMPANY_SIZE_ASKED.match(main_clause):
                # a stop word elsewhere, here what is counted: "500 people", "1,200 IT professionals"
                named, thing = ["people"], PEOPLE_COUNTED
            else:
                named = _noun_phrase(counted.group(1), counted=True) if counted else []
                if named and (letters := _acronym_typed_lower(named[-1])):
                    named[-1] = f"{letters}s"  # "prs" as people type "PRs"
                thing = set(content_terms(named[-1], expand=True)) if named else set()  # "yrs" are "years"
                if thing & WORKERS:
                    thing |= PEOPLE_COUNTED
            if thing:
                initials = "".join(word[0] for word in named) if len(named) > 1 else ""
                # "How many PRs ...?" counts "15 non-trivial pull requests" too: the words its letters begin.
                acronym = found["letters"] if named and (found := ACRONYM_COUNTED.fullmatch(named[-1])) else ""
                # (a compound kind is said by either of its words: "company-wide breaks" of "week-long company breaks")
                kind = [frozenset().union(*choices) for word in named[:-1] if (choices := term_choices(word))]
                counting = [s for s in candidates if _counts(thing, kind, s.text, initials, acronym)]
                # ... or its kind said in the passage around the count ("... approach to pay ... into one of four zones" of
                # "how many pay zones"), where no statement says both
                # (or by the acronym of what the passage spells out: its "Paid Time Off" is "PTO", a vacation)
                counting = counting or [s for s in candidates if _counts(thing, [], s.text, initials, acronym)
                                        and all(choices & _passage_words(s.chunk) for choices in kind)] if kind else counting
                # "How many levels are there?" of a ladder numbering its levels in headings ("Level 1: Software Engineer
                # I" to "Level 5: ..."), where no statement counts them: the numbered headings are the count.
                if not counting and len(series := self._numbered_headings(question, thing)) > 1:
                    return series
                candidates = counting
                counted_of = COUNTED_OF.search(focus)
                if of := set().union(*self._scorer.forms_asked(counted_of.group(1))) if counted_of else set():
                    # "one week of on-call" counts no weeks of parental leave, in a document that never speaks of it
                    # (in any of its words: "paid vacation" is "paid time off"); nor is sick leave maternity leave:
                    # the statement or its headings name the kind ("six weeks" of sick leave are no parental leave).
                    *kind, _head = _noun_phrase(counted_of.group(1)) or [""]
                    kind_forms = self._scorer.forms_asked(" ".join(kind))
                    candidates = [s for s in candidates if any(self._scorer.document_uses(s.chunk.source, term) for term in of)
                                  and all(forms & _words_of(s) for forms in kind_forms)]
                count_stated = bool(candidates) and bool(question.subject)
            # Each kind of amount asked ("How often ... and what hours ...?") is answered by a statement of one of them.
            # "How much annual leave ...?" is a span of time, or none set ("8% of their gross salary" is no leave).
            time_off_asked = (bool(amount_of) and bool(TIME_OFF & set(content_terms(amount_of["thing"], expand=True)))
                              and not SECOND_QUESTION.search(main_clause))  # "..., and at what rate?" asks a rate too
            kinds = [kind for asked, kind in ((DURATION_QUESTION.search(focus), DURATION),
                                              (HOW_LONG_IT_LASTS.search(focus), UNTIL_A_YEAR), (frequency_asked, FREQUENCY),
                                              (frequency_asked, UNBOUNDED), (HOURS_ASKED.search(main_clause), HOURS),
                                              (time_off_asked, DURATION), (time_off_asked, UNBOUNDED)) if asked]
            if kinds:
                # (the job's own words too: "the position" is what lasts)
                asked = (set(content_terms(focus)) | {stem(w) for w in text_words(focus) if w in JOB_NOUNS}) - AMOUNT_WORDS

                def names_what_is_asked(statement: Statement) -> bool:
                    return bool(asked) and asked <= _words_of(statement) | {stem(w) for w in text_words(statement.text)}

                stating = [s for s in candidates if any(kind.search(s.text) for kind in kinds)]
                # The passages found may miss the one statement of it in a long paragraph of a document asked about
                # ("This fully remote, grant-funded position has a minimum duration of 2 years" of "How long is the
                # OMSF RSE position for?"): that document's statements of the kind asked that name what is asked answer.
                if not stating and question.subject:
                    stating = [s for chunk in self._subject_passages(question) for s in passage_statements(chunk)
                               if s.quotable and any(kind.search(s.text) for kind in kinds) and names_what_is_asked(s)]
                # ... and such a statement says it, however little else of its paragraph is like the question.
                count_stated = count_stated or (bool(question.subject) and any(map(names_what_is_asked, stating)))
                candidates = stating
            if period := PERIOD_ASKED.search(main_clause):
                per_period = PER_PERIOD[(period["period"] or "year").lower()]
                candidates = [s for s in candidates if per_period.search(s.text)] or candidates
            # "How many PRs must you have reviewed to become a reviewer?" asks what becoming one requires: the
            # level's requirements ("at least 5 Pull Requests") before what the level then does ("12 PRs per year").
            if BECOMING.search(main_clause):
                candidates = [s for s in candidates if _under_requirements(s)] or candidates
        if YEAR_ASKED.search(main_clause):
            candidates = [s for s in candidates if CALENDAR_YEAR.search(s.text)]
        if sum_asked := SUM_ASKED.search(main_clause):
            # A number, where the sum is named ("the lower of the two amounts" is no budget); or money or a share, of
            # what the words before the sum name ("Learning: $2,000 per year" of "learning budgets"; "the nightly
            # hotel rate is capped at $180" is no "annual travel budget").
            named_sum = term_choices(sum_asked["sum"])
            owned = re.split(r"['’]s?\s+", sum_asked["of"])[-1]
            subject_words = set().union(*question.subject.values()) if question.subject else set()
            of = [choice for choice in term_choices(owned) if not choice & subject_words]
            candidates = [s for s in candidates if (NUMBER_STATED.search(s.text) or UNBOUNDED.search(s.text)) and (
                all(choice & _words_of(s) for choice in named_sum)
                or ((CURRENCY.search(s.text) or PERCENTAGE.search(s.text)) and (not of or any(_shares_a_stem(choice, _words_of(s)) for choice in of)))
            )]
        if spelled := STANDS_FOR.search(question.wording or focus):
            candidates = [s for s in candidates if _spells_out(spelled["short"], s.text)]
        if EXPLANATION_ASKED.search(main_clause):
            # A list that only names the thing asked about ("Boxing Day" among holidays) does not explain it, and
            # what else is quoted must speak of that thing, not of the list's other entries.
            named = set(content_terms(question.wording or focus, expand=True))
            entries = [s for s in candidates if _only_names(named, s)]
            things = [set(content_terms(s.text)) & named for s in entries]
            candidates = [s for s in candidates if s not in entries and all(thing <= set(content_terms(s.text)) for thing in things)]
        if WHETHER_PAID.match(main_clause):
            candidates = [s for s in candidates if SPEAKS_OF_PAY.search(s.text)]
        if PERCENTAGE_ASKED.search(main_clause):
            candidates = [s for s in candidates if PERCENTAGE.search(s.text)]
        if PREDICTION_ASKED.search(focus) and not ASKERS_OWN.search(focus):
            candidates = [s for s in candidates if LOOKS_AHEAD.search(s.text)]
        # (documents named side by side are each answered: "Which has the better 401k, ActBlue or ISRG?" is for the
        # asker to judge from what each offers)
        if JUDGEMENT_ASKED.search(focus) and THINGS_SET_SIDE_BY_SIDE.search(focus) and not question.names_its_document:
            # ... of the things asked about: "Focus on building ... before ..." judges no "MLflow" against "Kubeflow"
            compared = (set(content_terms(focus, expand=True)) - set().union(*question.subject.values())
                        - set(content_terms(" ".join(JUDGEMENT_ASKED.findall(focus)))))
            candidates = [s for s in candidates if JUDGES.search(s.text) and compared & _words_of(s)]
        # ... in its words or in the heading over them ("💰 $120,000 - $190,000" over "Base salary depends on location.")
        amounts = [s if _states_pay(s.text) or s.shown_under else replace(s, shown_under=_amount_heading(s)) for s in candidates
                   if _states_pay(s.text) or _states_pay(s.shown_under or _amount_heading(s))] if pay_asked else []
        if pay_asked and not any(_states_pay(s.text, CURRENCY) or _states_pay(s.shown_under, CURRENCY) for s in amounts):
            # Where no sum of money is stated, the document asked about may say how its pay is set ("Competitive salary,
            # commensurate with experience"): that is what it says of the pay ("1,500 Hack Clubbers" is none).
            amounts += [s for s in candidates if s.chunk.source in question.subject and s not in amounts
                        and PAY_SET_WITHOUT_AMOUNT.search(s.text)]
        if pay_asked and not amounts:
            return []  # no passage in play states an amount: "8 years of experience" is no pay
        # A company's headquarters, or where a thing was invented, is answered only by a statement saying so: a job's
        # byline ("Location: Remote - US") or a list of the methods a team uses ("Scrum, Kanban") says neither.
        for asked_event in (HEADQUARTERS, ORIGIN):
            if asked_event.search(focus):
                candidates = [s for s in candidates if asked_event.search(s.text)]
        if PRICE_ASKED.search(focus):  # a price is an amount of money: "since 1984" or "SOC 2" is none
            candidates = [s for s in candidates if CURRENCY.search(s.text) or NO_CHARGE.search(s.text)]
        email_asked = bool(EMAIL_ASKED.search(focus))
        if email_asked:
            candidates = [s for s in candidates if EMAIL_ADDRESS.search(s.text)]
        # Where a byline says it ("North America", "Ohio - Columbus", "Remote"), the job is there, and whether it is
        # remote ("This position is 100% remote" under the title); the body's offices and "Home office" perks say less.
        # "I live in Texas. Can I be hired ...?" asks where the job may be done, of every statement saying where.
        working_remotely = bool(WORKING_REMOTELY_ASKED.search(focus)) and not REMOTE_ASKED.search(focus)
        residence_told = RESIDENCE_TOLD.search(question.wording or focus) is not None or (
            (working_remotely or bool(REMOTE_ASKED.search(focus)))  # "... remotely from Canada?", "... the job remote from nyc"
            and bool(places_named(question.wording or focus) or places_written_lower(question.wording or focus)))
        where_asked = residence_told or bool(WORK_PLACE_ASKED.search(focus))
        if where_asked or working_remotely or REMOTE_ASKED.search(focus):
            def says_where(statement: Statement) -> bool:
                # (a field of the posting itself, "Source: remote job board", says nothing of the job)
                return not POSTING_FIELD.match(statement.text) and bool(
                    WORK_PLACE.search(statement.text) or (where_asked and self._names_a_place(question, statement)))

            # (a job board's Markdown heads its ad with the place too: "#### 🌎 US-Remote" under the title)
            openings = [s for s in [*self._document_openings(question), *self._opening_headings(question)] if says_where(s)]
            # (a perk for working from home, "Monthly work from home stipend of $50", says nothing of where one may)
            said = [s for s in candidates if s not in openings and not HOME_OFFICE_PERK.search(s.text) and says_where(s)]
            if residence_told:  # wherever the documents asked about say a place ("... must be based in the United States")
                said += [s for chunk in self._subject_passages(question) for s in passage_statements(chunk)
                         if s.quotable and s not in openings and s not in said and self._names_a_place(question, s)]
            # asked of the asker, or told where they live, every statement of where answers; else a byline first;
            # told where, those naming a place first ("... based in the United States" of "... from canada", not "Remote")
            places = openings + said if working_remotely or residence_told else openings or said
            if residence_told:
                places = [s for s in places if self._names_a_place(question, s)] or places
            # asked where the job is, a line labelled so says it ("LOCATION: Remote, India", not "POSTED VIA: remote")
            if where_asked and not residence_told:
                places = [s for s in places if LOCATION_LABEL.match(s.text)] or places
            if where_asked and not places:
                return []  # no statement of a place or of remote or office work: "vary based on" says none
        else:
            places = []
        candidates = amounts or places or candidates
        scored = self._scorer.score(question_vector, focus, candidates)
        best = max(scored, key=lambda s: s.score, default=None)
        # The pay of the document asked about (named, or the only one) is an amount it states, whatever words
        # stand around it ("Navan | Remote (USA) | USD $150,000~$265,000" says no "pay", and scored 0.37).
        pay_stated = any(_states_pay(s.text, CURRENCY) or _states_pay(s.shown_under, CURRENCY) or PAY_SET_WITHOUT_AMOUNT.search(s.text)
                         for s in amounts) and bool(question.subject)
        # So is where the job is, in a byline ("Podium | Lehi, Utah, Open to Remote").
        place_stated = bool(places) and bool(question.subject)
        # And so is a count of the thing asked for ("across 16 countries" answers "In how many countries ...?").
        # And so is a section the question names by its whole title ("the nice-to-haves" of "Preferred Qualifications"),
        # unless it asks a count, a person, a place or what an acronym stands for ("WUF" spelled out in a sentence
        # pointing at a list of steps).
        asks_no_section = asks_quantity or ASKS_WHO_OR_WHERE.match(main_clause) or spelled
        named_section = None if asks_no_section else self._section_named_in(focus, passages, question.subject)
        # ... and so is an address to write to, of the document asked about.
        address_stated = email_asked and bool(candidates) and bool(question.subject)
        stated = pay_stated or place_stated or count_stated or address_stated or bool(named_section)
        if best is None or (max(s.relevance for s in scored) < self._settings.refusal_threshold and not stated):
            return []
        if self._asks_of_unknown_thing(question, scored):
            return []
        # (where the job is, or whether it is remote, is said by the statements saying where, not by a list near them)
        if not asks_quantity and not spelled and not place_stated and not _asks_yes_or_no(focus) and not _asks_for_one_thing(focus):
            said = max((s for s in scored if not s.is_heading), key=lambda s: s.relevance, default=None)
            listed = self._list_pointed_at(question_vector, focus, said) if said else []
            # (a section the question names answers before a list elsewhere: "the requirements to become a reviewer"
            # are the Reviewers' prerequisites, not the Maintainers' list opening "Reviewer for at least 1 month")
            elsewhere = bool(listed and named_section) and not listed[0].chunk.section.startswith(named_section)
            if listed and not elsewhere and _no_pay_or_states_it(listed, pay_asked) and self._list_may_answer(question, listed):
                return listed
        section = None if asks_no_section or place_stated else named_section or self._list_asked_for(question_vector, focus, passages, best)
        if section:
            items = self._list_items(section)
            if len(items) > 1 and _no_pay_or_states_it(items, pay_asked) and self._list_may_answer(question, items):
                return items
        if not (asks_quantity or asks_no_section or _asks_yes_or_no(focus) or _asks_for_one_thing(focus)):
            rows = self._rows_asked_for(focus, scored)
            if len(rows) > 1:
                return rows
        holder = WHO_HOLDS.match(question.wording or focus)
        made = WHO_MADE.match(question.wording or focus)
        if holder or made:  # "Who is the VP of Engineering at Phaidra?" asks a name: "Meeting with VP of Engineering" gives none
            asked = holder or made
            scored = [s for s in scored if s.relevance >= self._settings.refusal_threshold
                      and (_names_someone(s.text, f"{focus} {asked['title']}", person=bool(holder) and _held_by_a_person(asked["title"])) or (made and MADE_BY.search(s.text)
                                                                                   and _of_the_thing_made(s, made["title"], question)))
                      and (not made or _says_making(s.text, made["verb"]))]
            if not scored:
                return []
        # "What is the highest IC level?" is answered by the statement saying "highest", where one relevant does.
        if superlative := SUPERLATIVE.search(main_clause):
            said = re.compile(r"\b" + r"\s+".join(superlative.group().split()) + r"\b", re.IGNORECASE)
            scored = [s for s in scored if s.relevance >= self._settings.refusal_threshold and said.search(s.text)] or scored
        # A list entry titled by the thing asked ("Problem-Solving: Critical thinking and creative approach ..." of "What
        # problem-solving abilities are expected?") is the document's own account of it: it leads, however it ranked.
        # Its title's words, two or more, are the question's as written: "Experienced: $130,000 - $160,000" titles no
        # "experience", and "Range: $110,000 - $180,000+" no "salary range by region"; a table row's first cell is
        # labelled by its column ("Level: Programmer I; Typical experience: ..."), no title.
        asked_words_written = set(re.findall(r"[\w']+", focus.lower()))
        titled = {id(s) for s in scored if s.relevance >= self._settings.refusal_threshold and not ROW_KEY.match(s.text)
                  and (label := _label_of(s)) and len(label_words := set(re.findall(r"[\w']+", label.text.lower()))) > 1
                  and label_words <= asked_words_written}
        # "What kind of stuff will Holdex reimburse?" asks for kinds: a statement listing examples of them ("Examples of
        # reimbursable expenses: software subscriptions, ...") leads over one saying only that some are.
        if KINDS_ASKED.search(main_clause):
            titled |= {id(s) for s in scored if s.relevance >= self._settings.refusal_threshold and GIVES_EXAMPLES.search(s.text)}
        # "What's BuildBuddy's mission?": a statement whose subject is the attribute asked says it ("Our mission is to ...").
        if (owned := _named_things_attribute(question.wording or focus)) and (said_of := _subject_is(owned["attribute"])):
            titled |= {id(s) for s in scored if s.relevance >= self._settings.refusal_threshold and said_of.match(s.text)}
        # "Is a degree required for ...?": of the statements saying what is required, the one naming the thing ("B.Sc or
        # M.Sc. in a technical field is preferred") decides, over one sharing only "required".
        if (needed := THING_REQUIRED.match(focus)) and (thing := set(content_terms(needed["thing"] or needed["owned"] or needed["demanded"]))):
            titled |= {id(s) for s in scored if s.relevance >= self._settings.refusal_threshold
                       and thing <= set(content_terms(s.text))}
        # "Who does the SRE report to?": the statement saying whom the role reports to ("Reports to: Team Lead, SRE").
        if REPORTING_LINE.search(focus):
            titled |= {id(s) for s in scored if REPORTING_LINE.search(s.text)}
        if titled:
            top = max(s.score for s in scored)
            scored = [replace(s, score=max(top, s.score) + TITLED_LEAD) if id(s) in titled else s for s in scored]
        lead, *rest = select_statements(scored, self._settings)
        # A count of the thing asked answers it, whoever's it is said to be ("1 trillion events a day" of "How many
        # events a day does CrowdStrike's platform handle?", in a paragraph that says "platform" a sentence earlier).
        if not count_stated and not self._scorer.says_what_is_asked(question, [lead, *rest]):
            return []
        if EXAMPLES_FOLLOW.search(lead.text) and len(examples := self._examples_after(lead)) > 1:
            return [lead, *examples]
        if POINTS_FORWARD.search(lead.text) and len(listed := self._introduced_by(lead)) > 1:
            return [lead, *listed]
        # A paragraph naming the things asked for, right before a list, introduces them ("... living out the core
        # values we have put in place ... We seek individuals who exemplify the following:" over "Truth - ...").
        if ((plural := THINGS_ASKED.match(question.wording or focus)) and lead.kind == "prose"
                and set(content_terms(plural["things"])) <= set(content_terms(lead.text))
                and (pointer := self._paragraph_end(lead)) and len(listed := self._introduced_by(pointer)) > 1):
            return [lead, *listed]
        # "List all the levels": entries of one list scoring best, with at most their section's prose, stand for the
        # whole of the list; so do half of the entries a lead-in introduces, asked for or not ("What's the sick pay at
        # dxw?": two of the four steps of "Within any rolling 12 month period, a person will receive:"), where a table's
        # rows, or a heading's entries, may each be what is asked ("the band for a Staff Engineer", "Tier 2").
        chosen = [lead, *rest]
        if (lead.kind == "item" and (quoted := sum(s.kind == "item" for s in chosen)) > 1 and not _asks_yes_or_no(focus)
                and all(s.chunk.section == lead.chunk.section for s in chosen)):
            items = [s for s in self._list_items(lead.chunk.section) if s.kind == "item"]
            if (len(items) > len(chosen) and (LIST_REQUEST.search(focus) or (2 * quoted >= len(items) and self._led_in(items[0])))
                    and _no_pay_or_states_it(items, pay_asked) and self._list_may_answer(question, items)):
                return items
        if _asks_yes_or_no(focus) or _asks_for_one_thing(focus):
            lead = _under_its_heading(lead, _thing_asked(focus), fall_back=True, whole_path=_asks_which(focus))
        elif (_asks_for_several_things(focus) or LIST_REQUEST.search(focus)) and lead.kind == "prose" and _quotes_part_of(
                rest, listed := [s for s in self._list_items(lead.chunk.section) if s.kind == "item" and s.chunk.source == lead.chunk.source]):
            # "What benefits come with ...?": a note beside a list ("benefits vary by country") speaks of
            # the list, and the list answers with it: a note before it or right after it, or anywhere in its
            # section when the list is of what is asked (not the "Key skills" a benefits paragraph follows).
            if len(listed) > 1 and (_beside(lead, listed) or self._lists_what_is_asked(question, lead.chunk.section, listed)):
                return [lead, *listed]
        # "Which ...?" asks for one of several named things, as headings name them ("Which role ...?": a word
        # too common to search by, which no heading need say)
        elif (thing := _thing_asked(focus)) or _asks_which(focus):
            lead = _under_its_heading(lead, thing, fall_back=_asks_which(focus), whole_path=True)
        return [lead, *rest]

    @staticmethod
    def _led_in(entry: Statement) -> bool:
        """Whether a list's first entry follows a lead-in ("... a person will receive:"), no table row."""
        before = next((s for s in passage_statements(entry.chunk) if s.position == entry.position - 1), None)
        return before is not None and before.kind == "lead-in" and not TABLE_ROW.match(entry.text)

    @staticmethod
    def _paragraph_end(statement: Statement) -> Statement | None:
        """The statement itself when it ends its paragraph, or the lead-in right after it that does."""
        if _ends_its_paragraph(statement):
            return statement
        after = next((s for s in passage_statements(statement.chunk) if s.position == statement.position + 1), None)
        return after if after is not None and after.kind == "lead-in" and _ends_its_paragraph(after) else None

    def _list_may_answer(self, question: Question, listed: list[Statement]) -> bool:
        """Whether a list may answer: "What is toil in site reliability engineering?" asks one thing defined, which
        a list of duties sharing "reliability" does not; "What are the key industry trends?" asks for the list.
        Nor does a list answer a named thing's attribute it does not speak of ("Equip's annual revenue": its benefits)."""
        wording = question.wording or question.focus
        if _named_things_attribute(wording) and not self._scorer.says_what_is_asked(question, listed):
            return False
        return PLURAL_ASKED.match(wording) is not None or not thing_to_define(wording) or self._scorer.says_what_is_asked(question, listed)

    def _subject_passages(self, question: Question) -> list[StoredChunk]:
        """Every passage of the documents asked about, each in its order: the cost of those documents, not the corpus's."""
        titles = {p.chunk.title for p in question.passages if p.chunk.source in question.subject}
        return [chunk for title in titles for chunk in self._passages_under(title) if chunk.source in question.subject]

    def _numbered_headings(self, question: Question, thing: set[str]) -> list[Statement]:
        """The headings of the documents asked about that name the thing with a number ("Level 3: Senior Engineer
        (IC3)" of "levels"), in document order, once each."""
        headings = {
            heading.text: heading for chunk in self._subject_passages(question)
            if (heading := next(iter(passage_statements(chunk)), None)) is not None and heading.is_heading
            and SERIES_NUMBER.search(heading.text) and thing & set(content_terms(heading.text))
        }
        return list(headings.values())

    def _end_of_a_ladder_asked_for(self, question: Question) -> list[Statement]:
        """The top or the first level of a ladder the question names ("what's the highest role in the copacetic
        ladder?"), where no statement says which: the last or first of the sections that are its levels, those alike
        in their parts (each with its "Responsibilities" and "Requirements"); its heading and what it says first."""
        asked = LADDER_END_ASKED.search(question.focus)
        if not asked or not question.subject or any(
                re.search(rf"\b{re.escape(asked['end'])}\b", s.text, re.IGNORECASE) for p in question.passages
                for s in passage_statements(p.chunk) if p.chunk.source in question.subject):
            return []
        chunks = sorted(self._subject_passages(question), key=lambda chunk: (chunk.source, chunk.start))
        levels = max(_ladders(chunks).values(), key=len, default=[])
        if len(levels) < 2:
            return []
        level = levels[0] if asked["end"].lower() in FIRST_END else levels[-1]
        # A word the question narrows it by that another level's heading says, and not this one's, asks of another
        # part ("the top IC level on Persado's reliability track" is no "Manager Track").
        narrowing = set(content_terms(question.focus)) - set(content_terms(asked.group()))
        if any(narrowing & (set(content_terms(_last_heading(other))) - set(content_terms(_last_heading(level))))
               for other in levels):
            return []
        said = [s for chunk in chunks if chunk.section == level for s in passage_statements(chunk)]
        heading = next((s for s in said if s.is_heading), None)
        opening = next((s for s in said if s.quotable and (heading is None or s.text != heading.text)), None)
        return [s for s in (heading, opening) if s is not None]

    def _levels_asked_for(self, question: Question) -> list[Statement]:
        """The levels of a ladder the question names, asked for together ("what are the roles on the shipwright
        ladder?"): the sections alike in their parts, each shown by what it says first under its heading. Of two
        ladders, the one under the headings the question names more of ("the manager track")."""
        if not LEVELS_ASKED.search(question.focus) or not question.subject:
            return []
        chunks = sorted(self._subject_passages(question), key=lambda chunk: (chunk.source, chunk.start))
        asked = set(content_terms(question.focus))
        ladders = _ladders(chunks)
        parent = max(ladders, key=lambda above: (len(asked & set(content_terms(above))), len(ladders[above])), default=None)
        if parent is None or len(ladders[parent]) < 2:
            return []
        if complete := _list_naming_every_one(chunks, [_last_heading(level) for level in ladders[parent]]):
            return complete
        shown = []
        for level in ladders[parent]:
            said = [s for chunk in chunks if chunk.section == level for s in passage_statements(chunk)]
            heading = next((s for s in said if s.is_heading), None)
            opening = next((s for s in said if s.quotable and not s.is_heading), None)
            shown += [replace(opening, shown_under=heading.text) if heading and opening else heading or opening] if said else []
        return [s for s in shown if s is not None]

    def _document_openings(self, question: Question) -> list[Statement]:
        """The statements before the first heading of each document asked about, or of its first passage: a job
        ad's byline ("Datadog | New York, USA, Remote", or under the role's own heading), which shares no word
        with a question about it."""
        chunks = self._subject_passages(question)
        firsts: dict[str, StoredChunk] = {}
        for chunk in chunks:
            if chunk.source not in firsts or chunk.start < firsts[chunk.source].start:
                firsts[chunk.source] = chunk
        return [
            statement for chunk in chunks if _opens(chunk) or chunk is firsts[chunk.source]
            for statement in passage_statements(chunk) if statement.quotable
        ]

    def _opening_headings(self, question: Question) -> list[Statement]:
        """The headings over the opening of each document asked about, below its title, as lines of it: "phData" and
        "🌎 US-Remote" heading an ad's first paragraph state whose it is and where."""
        headings: list[Statement] = []
        opened: set[str] = set()
        for chunk in sorted(self._subject_passages(question), key=lambda chunk: (chunk.source, chunk.start)):
            if chunk.source in opened:
                continue
            headings += [replace(s, kind="prose") for s in passage_statements(chunk)
                         if s.kind == "heading" and SECTION_SEPARATOR in chunk.section]
            if set(chunk.line_kinds) - {"h"}:  # the opening's own lines: the headings over it end here
                opened.add(chunk.source)
        return headings

    def _asks_of_unknown_thing(self, question: Question, scored: list[Statement]) -> bool:
        """Whether the question asks about a thing no document mentions and the passages match it only through
        the words it shares with them ("the best laptop for ML engineering", "What time zone is the team in?").
        Three signs, all needed: no statement matches the question in meaning; the rest of the question
        without the unknown words matches none either ("How many years in the trenches do I need?" is "How
        many years do I need?": a figure of speech, not a topic); and the unknown words pull the question
        away from the closest statement rather than paraphrase it ("Which colleagues do these folks partner
        with?" is nearer "Work closely with ML researchers" with its words). A question leaning on the
        conversation brings its topic from there."""
        judged = JUDGED_AS.match(question.focus)
        unknown = [] if question.follows_up else [
            word for word in self._scorer.unknown_things(question.focus) if not judged or word != judged["judgement"].lower()
        ]
        threshold = self._settings.refusal_threshold
        # A field no document speaks of, closing the question, is what it asks about, however close its other words
        # come to a passage ("What is a level in a video game?" is about games, not a ladder's levels); a field may be
        # a word that is no noun ("plumbing").
        field = FIELD_QUALIFIER.search(question.focus)
        field_word = field and (field["kind"].split()[-1] if field["head"] in SECTOR_WORDS and field["kind"] else field["head"])
        # (a word no dictionary knows is a name, which the rules for names judge: "in SpinKube vs StencilJS"; in lower
        # case no such rule sees it, and a name no document writes is as unknown: "level up in pokemon")
        head = term_choices(field_word) if field_word and not question.follows_up else []
        if head and not any(map(self._scorer.knows, head)) and (getAllLemmas(field_word) or field_word.islower()):
            return True
        # ... and so is the thing a topic of theirs is asked of ("challenges", a heading's word, "of raising a puppy").
        topic = TOPIC_OF_THING.search(question.focus)
        lemmas = getAllLemmas(topic["head"]) if topic and not question.follows_up else {}
        # (after "did", "will" ..., a closing word that can be a verb is the clause's: "How did demand for ML roles change?")
        verb_awaited = bool(topic) and VERB_AWAITED.search(question.focus[: topic.start()]) is not None
        thing = term_choices(topic["head"]) if "NOUN" in lemmas and not ("VERB" in lemmas and verb_awaited) else []
        # (a thing of several words is known where a passage found writes them all: "green tea", though "tea" is served)
        named_by = term_choices(topic.group(0)[len(topic["topic"]):]) if thing else []
        found = {id(statement.chunk): statement.chunk for statement in scored}.values() if len(named_by) > 1 else []
        unwritten = len(named_by) > 1 and not any(all(choice & _passage_words(chunk) for choice in named_by) for chunk in found)
        if thing and (unwritten or not any(map(self._scorer.knows, thing))) and any(
                set(content_terms(topic["topic"])) & set(content_terms(statement.chunk.section)) for statement in scored):
            return True
        if not unknown:
            return False
        if max(map(_meaning_relevance, scored)) >= threshold:
            return False
        # So is the attribute asked of a thing, when no statement matches the question in meaning: "What was
        # Mattermost's revenue last year?" is not answered by the year's training budget.
        attribute = ATTRIBUTE_ASKED.match(question.focus)
        if attribute and set(attribute["attribute"].lower().split()) & set(unknown):
            return True
        rest = " ".join(word for word in question.focus.split() if not set(asked_words(word)) & set(unknown))
        rest_vector = self._scorer.vector(rest)
        if self._scorer.meaning_relevance(rest_vector, scored) >= threshold:
            return False
        closest = max(scored, key=_meaning_relevance)
        return self._scorer.context_similarity(rest_vector, closest) >= self._scorer.context_similarity(question.vector, closest)

    def _list_pointed_at(self, question_vector: np.ndarray, focus: str, best: Statement) -> list[Statement]:
        """The list a lead-in of the best statement's passage introduces ("Typical work includes:"), when the
        lead-in matches the question better than any statement does: the question asks for the list. A passage opening
        on entries holds the rest of a list the passage before it leads into ("... you've done the following before
        booking holiday:" over three steps, the last two in the next passage)."""
        opening = passage_statements(best.chunk)
        pointers = [s for s in opening if s.kind == "lead-in"]
        if best.kind == "item" and opening[0].kind == "item":
            before = [chunk for chunk in self._passages_under(best.chunk.section)
                      if chunk.source == best.chunk.source and chunk.section == best.chunk.section and chunk.start < best.chunk.start]
            if before:
                pointers += [s for s in passage_statements(max(before, key=lambda chunk: chunk.start)) if s.kind == "lead-in"]
        for pointer in sorted(self._scorer.score(question_vector, focus, pointers), key=lambda s: -s.relevance):
            if pointer.relevance <= best.relevance:
                break
            listed = self._introduced_by(pointer)
            if len(listed) > 1:
                return listed
        return []

    def _examples_after(self, statement: Statement) -> list[Statement]:
        """The entries after a statement ending "e.g.", up to the next entry that introduces examples of its own:
        list depth is not in a passage's text, and a competency's examples run on into its next sibling."""
        following = self._introduced_by(statement)
        ends = [index for index, entry in enumerate(following) if EXAMPLES_FOLLOW.search(entry.text)]
        return following[: ends[0]] if ends else following

    @staticmethod
    def _names_a_place(question: Question, statement: Statement) -> bool:
        """Whether a statement names a place other than its document's own name ("Pinewood pays fairly" names
        a company, though places are called Pinewood too)."""
        own = question.subject.get(statement.chunk.source, frozenset())
        return names_a_known_place(" ".join(word for word in statement.text.split() if not set(content_terms(word)) & own))

    def _introduced_by(self, lead_in: Statement) -> list[Statement]:
        """The items that follow a lead-in, into the section's next passages when the list runs on, and past the
        label of the list right after it ("... qualifies for the below benefits." over "Adtalem offers a robust suite
        of benefits including:")."""
        section = [chunk for chunk in self._passages_under(lead_in.chunk.section) if chunk.source == lead_in.chunk.source]
        following = [
            statement for chunk in sorted(section, key=lambda chunk: chunk.start) if chunk.start >= lead_in.chunk.start
            for statement in passage_statements(chunk)
            if chunk.start > lead_in.chunk.start or statement.position > lead_in.position
        ]
        items: list[Statement] = []
        for index, statement in enumerate(following):
            if statement.kind == "item":
                items.append(statement)
            elif items or index or statement.kind != "heading" or not (
                    set(content_terms(statement.text)) & set(content_terms(lead_in.text))):
                break  # a label names what the lead-in points at ("benefits"); another heading ("Pay") is another part
        if not items and not re.search(r":\s*\S", lead_in.text):  # "... the following areas: United Kingdom, ..." lists its own
            # "Our job bands are listed below ...", a note, then a part holding the list ("Engineers": its table's rows).
            notes = list(itertools.takewhile(lambda statement: statement.kind == "prose", following))
            rest = following[len(notes) + 1 :] if len(notes) < len(following) and following[len(notes)].is_heading else []
            items = list(itertools.takewhile(lambda statement: statement.kind == "item", rest))
        return items[: self._settings.max_list_items]

    def _closing_asked_for(self, question: Question) -> list[Statement]:
        """The closing prose of the part a question asks how it ends ("how does the market demand section
        wrap up?", named by its own words), or of the document ("the very end of the doc"): words alike or not, the
        place is what is asked."""
        wording = question.wording or question.focus  # "according to the very end of the doc" is no attribution
        if not ENDING_ASKED.search(wording) or not question.passages:
            return []
        first = question.passages[0].chunk
        chunks = [chunk for chunk in self._passages_under(first.title) if chunk.source == first.source]
        named = top_sections_named(wording, list(dict.fromkeys(chunk.section for chunk in chunks)))
        part = f"{named[0] if len(named) == 1 else first.title}{SECTION_SEPARATOR}"
        statements = [statement for chunk in sorted(chunks, key=lambda chunk: chunk.start)
                      if f"{chunk.section}{SECTION_SEPARATOR}".startswith(part) for statement in passage_statements(chunk)]
        prose = [index for index, statement in enumerate(statements) if statement.kind == "prose" and statement.quotable]
        if not prose:
            return []
        # ... its closing paragraph: the run of prose that ends it ("Addressing these challenges requires ... Senior ML
        # Infrastructure Engineers must continuously adapt ...").
        run = list(itertools.takewhile(lambda index: statements[index].kind == "prose", range(prose[-1], -1, -1)))
        return [statements[index] for index in reversed(run) if statements[index].quotable]

    def _outline_asked_for(self, question: Question) -> str | None:
        """The document itself, when a question names it and asks for a list of nothing it speaks of but in its title
        ("List the titles in Basecamp's ladder", "What are the programmer titles at Basecamp?" of "Titles for
        programmers"): its top-level sections are the list."""
        if (not question.names_its_document or not question.passages
                or not (LIST_REQUEST.search(question.focus) or PLURAL_ASKED.match(question.focus))):
            return None
        title = question.passages[0].chunk.section.split(SECTION_SEPARATOR)[0]
        source = question.passages[0].chunk.source
        subject, titled = question.subject.get(source, frozenset()), set(content_terms(title))
        asked = set(content_terms(ORDERING.sub("", question.focus), expand=True)) - LIST_REQUEST_TERMS - subject
        if PLURAL_ASKED.match(question.focus) and not LIST_REQUEST.search(question.focus) and not asked & titled:
            return None  # "What are the perks?" names a list, where "What are the programmer titles?" names the title's
        if any(self._scorer.document_uses(source, term) for term in asked - titled):
            return None
        # ... but for a part its title names too ("list the severity levels" of "Incidents and Severity Levels"), unless
        # that part is one of the list, its heading's words in every top-level heading ("Programmer" of "Junior
        # Programmer", "Programmer", "Senior Programmer")
        part = self._section_titled_in(question.focus, question.passages, question.subject)
        if not part:
            return title
        tops = {chunk.section for chunk in self._passages_under(title) if chunk.section.count(SECTION_SEPARATOR) == 1}
        entry = set(content_terms(_last_heading(part))) if part in tops and len(tops) > 1 else set()
        return title if entry and all(entry <= set(content_terms(_last_heading(top))) for top in tops) else None

    def _section_named_in(self, focus: str, passages: list[Retrieved], subject: Mapping[str, frozenset[str]]) -> str | None:
        """A retrieved section whose whole title the question uses ("List the core responsibilities"), but
        for the words naming the section's own document. A clause setting the scene ("When asking GOV.UK for
        out-of-hours work, what must I be able to explain?") says when the section applies: its words need not
        be in the section's headings. Nor need everyday words asking for a section ("what would I spend my days
        doing as ...?"): its plain name, in brackets, names it, where the question's words name none."""
        main_clause = asked_clause(focus)
        everyday = set(content_terms(" ".join(everyday_words_for_sections(focus))))
        return self._section_titled_in(focus, passages, subject) or (
            self._section_titled_in(main_clause, passages, subject) if main_clause != focus else None) or (
            self._section_titled_in(main_clause, passages, subject, everyday) if everyday else None) or (
            # (a yes or no asks of one thing: "Is healthcare background a must-have?" is no request for the requirements)
            self._section_titled_in(main_clause, passages, subject, everyday, by_plain_name=plain[1])
            if (plain := PLAIN_NAME_WRITTEN.search(focus)) and not _asks_yes_or_no(focus) else None)

    def _section_titled_in(self, focus: str, passages: list[Retrieved], subject: Mapping[str, frozenset[str]],
                           unasked: set[str] = frozenset(), by_plain_name: str = "") -> str | None:
        """A retrieved section each word of `focus` names (but for those `unasked`), in its title or the headings above it;
        `by_plain_name`: the plain name of the one section the question asks for, in brackets, which only a heading of
        that name answers and the words naming no part of its document do not narrow."""
        best, best_size = None, (0, False)
        # Whose it is ("Tern Freight's values") and words no document uses ("company values") name no heading.
        owner = set(content_terms(" ".join(OWNER.findall(focus))))
        focus_choices = [choices for choices in term_choices(ASKING_MODAL.sub(" ", focus))
                         if not choices & (owner | unasked) and self._scorer.knows(choices)]
        # "Which company holidays does Aptible observe?": the closing verb says what is done with the list, not which.
        closing = CLOSING_VERB.search(focus)
        done = set(content_terms(closing["verb"])) if closing and set(getAllLemmas(closing["verb"].lower())) <= {"VERB", "AUX"} else set()
        # A title may use the document's own words, when the question does too ("Mid-Level to Senior").
        said = [choices for choices in focus_choices if not choices & (LIST_REQUEST_TERMS | done)]
        offered = set().union(*said) | LIST_REQUEST_TERMS
        for passage in passages:
            naming = LIST_REQUEST_TERMS | done | subject.get(passage.chunk.source, frozenset())
            # Each word asked, as itself or as the corpus's word for it ("perks" heads "Perks" or "Benefits").
            asked = [choices for choices in focus_choices if not choices & naming]
            # A title naming a part of its document ("Incidents and Severity Levels") names that part too, where the
            # question asks nothing else ("list the severity levels").
            asked = asked or [choices for choices in focus_choices if not choices & (naming - subject.get(passage.chunk.source, frozenset()))]
            if by_plain_name:
                # A section asked for by its plain name is narrowed only by words its document uses: "what should I
                # already know before applying to the db thing?" asks for the requirements all the same; but only of a
                # document the question names, for the plain name alone tells no document's apart.
                if passage.chunk.source not in subject:
                    continue
                asked = [choices for choices in asked if not choices & JOB_AND_TEAM
                         and any(self._scorer.document_uses(passage.chunk.source, term) for term in choices)]
            headings = passage.chunk.section.split(SECTION_SEPARATOR)
            # The title (depth 1) names the whole document, not a list in it.
            for depth in range(len(headings), 1, -1):
                section = SECTION_SEPARATOR.join(headings[:depth])
                # A heading's aside qualifies it without naming it: "Mid-Level to Senior (7-10+ years experience)"
                # is named by its first words, and answers with its entries. A section of sections answers with
                # their headings, an outline, only when its whole heading is asked ("Salary Ranges (US Market, 2024)").
                heading = headings[depth - 1]
                if ASIDE.search(heading) and not self._has_subsections(section):
                    heading = ASIDE.sub(" ", heading)
                # A conventional heading ("What you'll own") is named by its own words or any one of its plain names.
                own = set(content_terms(heading))
                choices = [own, *(set(content_terms(name)) for name in unsaid_plain_names(heading))]
                # Words that only ask for a list name no heading ("look" of "What we're looking for").
                title_terms = next((terms for terms in choices if terms <= offered and terms - LIST_REQUEST_TERMS), own)
                # A member of a numbered series ("Programmer I" of "Programmer I" to "IV") is named with its number:
                # the words before it name every member.
                number = SERIES_NUMBER.search(heading)
                if (number and title_terms <= set(content_terms(heading[: number.start()]))
                        and not re.search(rf"(?<![\w-]){re.escape(number.group())}(?![\w-])", focus)):
                    continue
                # The headings above it say where it is ("career" of "Career Development > ... > Mid-Level to Senior").
                path_terms = title_terms.union(own, *(content_terms(as_matched(above)) for above in headings[1 : depth - 1]))
                # Every word asked must be in the path: "ethical best practices" is not all best practices;
                # and each title word answers a word asked: "perks" alone asks for "Perks", not "Benefits & Perks".
                fits = title_terms <= offered and (all(choices & path_terms for choices in asked) or all(
                    choices & (path_terms | self._lead_in_words(section)) for choices in asked))
                # The longer title wins; between equals, one named by its own words ("Benefits" over "Perks").
                size = (len(title_terms), title_terms == own)
                if by_plain_name and conventional_name(heading) != by_plain_name:
                    continue
                if (asked or by_plain_name) and fits and len(title_terms - LIST_REQUEST_TERMS) <= len(said) and size > best_size:
                    best, best_size = section, size
        return best

    def _from_documents_using_most_asked(self, focus: str, candidates: list[Statement]) -> list[Statement]:
        """The statements of the documents that use the question's words: one that lacks a word another
        uses ("IC4", which only the leveling guide says) does not answer what is asked, however close
        one of its sentences comes ("2+ years of frontend experience" for "How many years does an IC4 need?")."""
        asked = set(content_terms(focus))
        used = {source: frozenset(t for t in asked if self._scorer.document_uses(source, t)) for source in {s.chunk.source for s in candidates}}
        outdone = {source for source, words in used.items() if any(words < other for other in used.values())}
        return [s for s in candidates if s.chunk.source not in outdone]

    def _lead_in_words(self, section: str) -> set[str]:
        """The words of the lead-in opening a section ("... often face the following challenges:"): the section's own
        words for its list, which a question may use ("What challenges do they face?", "Which best practices should I
        follow?")."""
        first = next((chunk for chunk in self._passages_under(section) if chunk.section == section), None)
        opening = next((s for s in passage_statements(first) if s.kind != "heading"), None) if first else None
        return set(content_terms(opening.text)) if opening and opening.kind == "lead-in" else set()

    def _has_subsections(self, section: str) -> bool:
        return any(chunk.section != section for chunk in self._passages_under(section))

    def _list_asked_for(
        self, question_vector: np.ndarray, focus: str, passages: list[Retrieved], best: Statement
    ) -> str | None:
        """The list in the passage of the best statement, or else in the passage closest to the question, when
        its heading matches the question better than the best statement does.

        "What would I be doing day to day?" is closer to the heading "What you'll be doing" than to
        any one duty under it: the question asks for the list. A yes/no question asks for the one
        statement that settles it, never a list. The closest passage alone was a coin toss between
        sections whose similarities differ in the second decimal.
        """
        if _asks_yes_or_no(focus) or _asks_for_one_thing(focus):
            return None
        closest = max(passages, key=lambda p: p.similarity, default=None)
        holding_best = next((p for p in passages if p.chunk.id == best.chunk.id), None)
        for passage in dict.fromkeys(p for p in (holding_best, closest) if p is not None):
            if self._heading_asked_for(question_vector, focus, passage.chunk, best):
                return passage.chunk.section
        return None

    def _heading_asked_for(self, question_vector: np.ndarray, focus: str, chunk: StoredChunk, best: Statement) -> bool:
        """Whether a passage's list is asked for: its heading matches the question better than the best statement."""
        heading = as_matched(chunk.headings_within).rpartition(SECTION_SEPARATOR)[2]
        if not heading or chunk.line_kinds.count("i") < 2:
            return False
        # "What is the SF benchmark for an engineer?": the words the heading lacks pick one of its entries.
        named = set(content_terms(heading)) | LIST_REQUEST_TERMS
        beyond_heading = [choices for choices in term_choices(focus) if not choices & named]
        said = set(content_terms(best.text))
        if beyond_heading and best.chunk.section == chunk.section and all(choices & said for choices in beyond_heading):
            return False
        # "How do I apply?" asks for steps, which a list names when it is theirs ("How to apply"), not "New Hire Training".
        how_to = HOW_TO_ASKED.match(focus)
        if how_to and not set(content_terms(how_to["doing"])) & set(content_terms(heading)):
            return False
        # ... and it is asked: in the question's words ("Technology We're Using Now" of "tech stack", at 0.40), or as
        # closely as an answer must match ("Required skills" at 0.39 is no more asked by "what should I put in the
        # subject line?" than the "How to apply" statement naming the subject line)
        heading_similarity = self._scorer.similarities(question_vector, [heading])[0]
        asked = heading_similarity >= self._settings.refusal_threshold or bool(
            set(content_terms(heading)) & set(content_terms(focus, expand=True)))
        return asked and heading_similarity > self._scorer.context_similarity(question_vector, best)

    @staticmethod
    def _lists_what_is_asked(question: Question, section: str, listed: list[Statement]) -> bool:
        """Whether a list's heading or entries use a word the question asks with, other than a document's name."""
        naming = set().union(*question.subject.values()) | LIST_REQUEST_TERMS
        asked = set(content_terms(question.focus, expand=True)) - naming
        said = content_terms(" ".join([section.split(SECTION_SEPARATOR)[-1], *(s.text for s in listed)]), expand=True)
        return bool(asked.intersection(said))

    def _rows_asked_for(self, focus: str, scored: list[Statement]) -> list[Statement]:
        """Every row of a table whose first cell holds what the question names ("List the delivery competencies":
        each "Area: Delivery; Competency: ..." row, across the table's passages), found from the best-scored row
        that has it: the rows scored one by one had given a few of them."""
        asked = set(content_terms(focus))
        ranked = sorted((s for s in scored if s.kind == "item"), key=lambda s: s.score, reverse=True)
        for row in ranked[: self._settings.max_list_items]:
            cell = TABLE_ROW.match(row.text)
            if not cell:
                continue
            # The things the rows are of, asked for in the plural ("What are the levels ...?" of "Level: Lead; ..."
            # rows): every row, the statements about "levels" having answered.
            if _plural_in(cell["label"], focus) and (LIST_REQUEST.search(focus) or PLURAL_ASKED.match(focus)):
                return self._rows_like(row, cell, same_value=False)
            if not (value := set(content_terms(cell["value"]))) or not value <= asked:
                continue
            # Several of another column asked for ("competencies"), or a list: "the salary in London" is one row.
            other_columns = CELL_LABEL.findall(row.text)[1:]
            if not LIST_REQUEST.search(focus) and not any(_plural_in(label, focus) for label in other_columns):
                continue
            return self._rows_like(row, cell, same_value=True)
        return []

    def _rows_like(self, row: Statement, cell: re.Match, same_value: bool) -> list[Statement]:
        """The rows of `row`'s table whose first cell has its label, and its value when `same_value`."""
        chunks = sorted((c for c in self._passages_under(row.chunk.section) if c.section == row.chunk.section),
                        key=lambda chunk: chunk.start)
        return [statement for chunk in chunks for statement in passage_statements(chunk)
                if statement.kind == "item" and (same := TABLE_ROW.match(statement.text))
                and same["label"] == cell["label"] and (not same_value or same["value"] == cell["value"])][: self._settings.max_list_items]

    def _list_items(self, section: str) -> list[Statement]:
        """What a section lists: its sub-headings, or else its own entries, by their labels when they have them."""
        under = sorted(self._passages_under(section), key=lambda chunk: chunk.start)
        children = [chunk for chunk in under if _parent(chunk.section) == section and chunk.section != section]
        own = [chunk for chunk in under if chunk.section == section]
        # A section listing entries of its own before a sub-section ("What we're looking for", then "Nice to
        # have") answers with its entries; one that only introduces its sub-sections, with their headings.
        if sum(chunk.line_kinds.count("i") for chunk in own) > 1:
            under, children = own, []
        # One sub-section under a bare heading is no list of them: it is the section's list, under its lead-in
        # ("Responsibilities", then "In this role, you will be responsible for:" heading the entries). A section saying
        # something of its own first (a job's byline over "Benefits") has no list.
        # ... and so is the one sub-section of a conventional section, after its paragraph ("What you'll do": a
        # paragraph, then "You will" over the duties).
        if len({chunk.section for chunk in children}) == 1 and (
                all(set(chunk.line_kinds) <= {"h"} for chunk in own) or conventional_name(section.rpartition(SECTION_SEPARATOR)[2])):
            return self._list_items(children[0].section)
        if children:
            if self._facets_of_a_template(section, children):
                return []
            headed = [statements[0] for chunk in children if (statements := passage_statements(chunk)) and statements[0].is_heading]
            # A whole document's outline is its top-level sections, each a topic to ask about; a section's shows what its
            # parts hold.
            items = self._outline(section, under) if SECTION_SEPARATOR in section and len(headed) > 1 else headed
        else:
            # A section's prose says as much as its entries ("Salary: £78,000 to £96,000" above the perks).
            entries = [statement for chunk in under for statement in passage_statements(chunk)
                       if statement.kind in ("item", "prose") and statement.quotable]
            items = [statement for statement in entries if statement.kind == "item"]
            labelled = [label for statement in items if (label := _label_of(statement))]
            # Table rows all start "Level: ..."; only labels that tell the entries apart can stand for them.
            distinct = len({label.text for label in labelled}) == len(labelled)
            # A label stands for a statement ("Growing Demand: Rapid adoption of AI ... is fueling demand ..."), not for
            # the few names it introduces ("Scripting: PowerShell, bash, etc."), which are the list's facts.
            explained = sum(len(statement.text.split()) - len(label.text.split()) > TITLE_MAX_WORDS
                            for statement, label in zip(items, map(_label_of, items)) if label)
            long_and_labelled = (len(items) > LONG_LIST and distinct and len(labelled) >= LABELLED_SHARE * len(items)
                                 and explained * 2 > len(labelled))
            items = labelled if long_and_labelled else entries
        return items[: self._settings.max_list_items]

    def _outline(self, section: str, under: list[StoredChunk]) -> list[Statement]:
        """Each sub-section's heading with the first entries under it, as many each as the list's length allows them
        all: a heading alone only points at what it holds ("Alert Management", where "alert fatigue" was asked about)."""
        depth = section.count(SECTION_SEPARATOR) + 1
        headings: dict[str, Statement] = {}
        entries: dict[str, list[Statement]] = {}
        for chunk in (chunk for chunk in under if chunk.section.count(SECTION_SEPARATOR) >= depth):
            child = SECTION_SEPARATOR.join(chunk.section.split(SECTION_SEPARATOR)[: depth + 1])
            statements = passage_statements(chunk)
            if chunk.section == child and statements and statements[0].is_heading:
                headings.setdefault(child, statements[0])
            entries.setdefault(child, []).extend(s for s in statements if s.quotable and not s.is_heading)
        if len(headings) < 2:  # one sub-section is no outline
            return list(headings.values())
        each = max(1, self._settings.max_list_items // len(headings))
        return [item for child, heading in headings.items()
                for item in ([replace(entry, shown_under=heading.text) for entry in entries[child][:each]] or [heading])]

    def _facets_of_a_template(self, section: str, children: list[StoredChunk]) -> bool:
        """Whether a section's sub-headings are the facets its sibling sections share ("Requirements", "Privileges"
        under each role of a ladder): they name no thing of this section's own, so an outline of them answers nothing."""
        parent = _parent(section)
        if parent == section:
            return False
        own = {_last_heading(chunk.section) for chunk in children}
        siblings = {_last_heading(chunk.section) for chunk in self._passages_under(parent)
                    if _parent(_parent(chunk.section)) == parent and _parent(chunk.section) != section}
        return own <= siblings


def _under_requirements(statement: Statement) -> bool:
    """Whether a statement stands under a heading of requirements ("Requirements", "Prerequisites", "What you need")."""
    return any(conventional_name(heading) == "requirements" or REQUIREMENT in content_terms(heading)
               for heading in statement.chunk.section.split(SECTION_SEPARATOR)[1:])


def _last_heading(section: str) -> str:
    return section.rpartition(SECTION_SEPARATOR)[2].strip().lower()


SITE_NAME_SEPARATORS = "-|·—–:"


def _opens(chunk: StoredChunk) -> bool:
    """Whether a passage opens its document: under its title alone, or under a page heading repeating the title
    ("Machine Learning Engineer" over the job's places, after a page's "Back to search results")."""
    section, title = chunk.section.casefold(), chunk.title.casefold()
    if section == title:
        return True
    above, _, heading = section.partition(SECTION_SEPARATOR.casefold())
    # ... or the title less the site's name after it ("... (Cash App) - Block Careers" over the page's "... (Cash App)")
    return above == title and (heading == title or (title.startswith(heading) and title[len(heading):].lstrip()[:1] in SITE_NAME_SEPARATORS))


def _only_names(named: set[str], statement: Statement) -> bool:
    """Whether a statement says nothing but the things named, and when they are: an entry of a list of holidays, or
    a table's row of them, whose cells' labels ("Holiday: ...; 2025: ...") say nothing of the thing."""
    values = CELL_LABEL.sub("; ", statement.text)
    return all(stem(word) in named or DATE_WORD.search(word) for word in asked_words(values))


def _entry_words(statement: Statement) -> set[str]:
    return set(content_terms(_line_of(statement))) if statement.kind == "item" else set()


def _line_of(statement: Statement) -> str:
    """The line a statement is on, with the labels of the table row or entry it belongs to."""
    text = statement.chunk.text
    start = text.rfind("\n", 0, statement.start) + 1
    end = text.find("\n", statement.end)
    return text[start : None if end < 0 else end]


def _passage_words(chunk: StoredChunk) -> set[str]:
    """The terms of a passage, with the acronyms of what it spells out ("pto" of "Paid Time Off")."""
    return set(content_terms(chunk.text)) | {acronym.lower() for acronym in acronyms_of(chunk.text)}


def _rows_of_the_member_asked(asked: set[str], candidates: list[Statement]) -> list[Statement]:
    """Without the rows of a table keyed by another member than the one the question names by what tells it from the
    others: "Level: IC4; ..." says nothing of "the years of experience for IC3", whose own row does ("engineer" of
    "Engineer I" names no row among "Engineer II" and "Staff Engineer")."""
    keys = {id(s): key for s in candidates if (key := TABLE_ROW.match(LIST_MARKER.sub("", _line_of(s), count=1)))}
    values: dict[str, set[frozenset[str]]] = {}
    for key in keys.values():
        values.setdefault(key["label"], set()).add(frozenset(content_terms(key["value"])))
    shared = {label: frozenset.intersection(*terms) for label, terms in values.items()}

    def named(key: re.Match) -> bool:
        own = set(content_terms(key["value"])) - shared[key["label"]]
        return bool(own) and own <= asked

    asked_labels = {key["label"] for key in keys.values() if named(key)}
    return [s for s in candidates if id(s) not in keys or keys[id(s)]["label"] not in asked_labels or named(keys[id(s)])]


def _ends_its_paragraph(statement: Statement) -> bool:
    """Whether nothing but the line's end follows the statement: what comes next is what it points at."""
    line_end = statement.chunk.text.find("\n", statement.end)
    return not statement.chunk.text[statement.end : None if line_end < 0 else line_end].strip()


def _quotes_part_of(chosen: list[Statement], listed: list[Statement]) -> bool:
    """Whether the entries among `chosen` are none, or some but not all of `listed` (three of five holidays)."""
    quoted = {(s.chunk.id, s.position) for s in chosen if s.kind == "item"}
    return not quoted or quoted < {(s.chunk.id, s.position) for s in listed}


def _beside(note: Statement, listed: list[Statement]) -> bool:
    """Whether a note comes before a list's entries, or in the paragraph right after its last entry."""
    first, last = listed[0], listed[-1]
    if (note.chunk.start, note.position) < (first.chunk.start, first.position):
        return True
    return note.chunk.id == last.chunk.id and note.chunk.text.count("\n", last.end, note.start) <= 1


def _plural_in(noun: str, text: str) -> bool:
    """Whether `text` writes `noun` in the plural ("competencies" of "Competency", "salaries" of "Salary")."""
    noun = noun.strip().lower()
    plurals = {noun + "s", noun + "es"} | ({noun[:-1] + "ies"} if noun.endswith("y") else set())
    return any(re.search(rf"\b{re.escape(plural)}\b", text, re.IGNORECASE) for plural in plurals)


def _says_making(text: str, verb: str) -> bool:
    """Whether `text` speaks of the making asked ("founded" of "was founded by", "its founders"); a company started is
    one founded, created or established ("who started hopskipdrive?" of "Founded by three moms")."""
    lemma = next(iter(getAllLemmas(verb.lower()).get("VERB", (verb.lower(),))))
    makings = FOUNDING if lemma in FOUNDING else (lemma,)
    return any(word.startswith(stem(making)) for word in text_words(text) for making in makings)


def _of_the_thing_made(statement: Statement, made: str, question: Question) -> bool:
    """Whether a statement saying who made something without naming them ("Founded by three moms") is of the thing asked:
    of a document the question names, or saying the thing's own words ("who founded google" is no HopSkipDrive's)."""
    return statement.chunk.source in question.subject or bool(set(content_terms(made)) & _words_of(statement))


# Titles an organisation holds, named in dictionary words as often as not ("Community Initiatives", our fiscal sponsor).
ORGANISATION_TITLES = frozenset(stem(word) for word in
                                "sponsor partner provider insurer carrier vendor supplier host funder bank broker investor".split())


def _held_by_a_person(title: str) -> bool:
    """Whether a title is a person's ("the VP of Engineering"), not one an organisation holds ("the fiscal sponsor")."""
    return not set(content_terms(title)) & ORGANISATION_TITLES


def _names_someone(text: str, asked: str, person: bool = False) -> bool:
    """Whether `text` writes a name the question does not: two or more capitalised words in a row, none of them
    asked ("Jane Okafor", "the Director of Data Science" as "Data Science"), the first word of `text` only when
    it is no English word ("Grif Peterson (Executive Director)", not "Senior Engineers"). A person's name has a word
    no dictionary knows ("Max Levchin"), where "Parental Leave" names no one."""
    asked_words = {word.lower() for word in re.findall(r"[\w'’-]+", asked)}
    words = re.findall(r"[\w'’-]+", text)
    run = 0
    proper = False
    for index, word in enumerate(words):
        capitalised = word[:1].isupper() and word.lower() not in asked_words
        if not index:
            capitalised = capitalised and word.lower() not in STOPWORDS and not getAllLemmas(word)
        proper = capitalised and (proper and run > 0 or not getAllLemmas(word.lower()))
        run = run + 1 if capitalised else 0
        if run >= 2 and (proper or not person):
            return True
    return False


def _spells_out(short: str, text: str) -> bool:
    """Whether `text` writes the words a short form is made of, in a row: each word gives its first letter and
    maybe more of its own, in order ("Federal Risk and Authorization Management Program" of "FedRAMP", "DevOps
    Research and Assessment" of "DORA"); small words between may give none."""
    letters = short.lower()
    written = [word.lower() for word in re.findall(r"[A-Za-z][\w'-]*", text)]

    def follows(at: int, index: int, words_used: int) -> bool:
        if at == len(letters):
            return words_used >= 2
        if index == len(written):
            return False
        word = written[index]
        if word in STOPWORDS and words_used and follows(at, index + 1, words_used):
            return True
        return word[0] == letters[at] and any(
            _in_order(letters[at + 1 : end], word[1:]) and follows(end, index + 1, words_used + 1)
            for end in range(len(letters), at, -1)
        )
    return len(letters) >= 2 and any(follows(0, index, 0) for index in range(len(written)))


def _in_order(letters: str, word: str) -> bool:
    remaining = iter(word)
    return all(letter in remaining for letter in letters)


def _shares_a_stem(choice: frozenset[str], said: set[str]) -> bool:
    """Whether a word, or a word it is made from or makes ("hour" of "hourly", "mileage" of "mile"), is said."""
    return bool(choice & said) or any(
        min(len(term), len(word)) >= SHORTEST_STEM and (term.startswith(word) or word.startswith(term)) for term in choice for word in said
    )


def _words_of(statement: Statement) -> set[str]:
    """The content terms of a statement and of the headings it stands under."""
    return set(content_terms(f"{statement.chunk.headings_within} {statement.text}"))


def asked_clause(question: str) -> str:
    """The question without what it tells or sets the scene with first ("I live in Texas. Could I ...?")."""
    return SCENE_SETTING.sub("", TOLD_BEFORE_ASKING.sub("", question), count=1)


def _named_things_attribute(question: str) -> re.Match | None:
    # A name written in lower case is a word no dictionary knows ("roblox's stock ticker"); "the role's perks" names none.
    return next((match for pattern in NAMED_THINGS_ATTRIBUTE for match in pattern.finditer(question)
                 if match["owner"][:1].isupper() or not getAllLemmas(match["owner"])), None)


def _list_naming_every_one(chunks: list[StoredChunk], names: list[str]) -> list[Statement]:
    """A section's list with more entries than `names`, naming each of them: the document's whole list of what only some
    sections describe ("1. Associate Engineer" ... "5. Principal Engineer" over sections for the Senior and Staff
    levels alone)."""
    lists: dict[str, list[Statement]] = {}
    for chunk in chunks:
        lists.setdefault(chunk.section, []).extend(s for s in passage_statements(chunk) if s.kind == "item")
    wanted = [name.casefold() for name in names]
    return next((entries for entries in lists.values() if len(entries) > len(names)
                 and all(any(name in entry.text.casefold() for entry in entries) for name in wanted)), [])


def _subject_is(attribute: str) -> re.Pattern | None:
    """A statement opening with `attribute` as its subject ("Our mission is", "The company's headcount was"), for an
    attribute of one to three words."""
    words = attribute.split()
    if not 0 < len(words) <= 3:
        return None
    spaced = r"\s+".join(map(re.escape, words))
    return re.compile(rf"^\W*(?:our|the|its|their|[\w&.-]+['’]s)\s+{spaced}\s+(?:is|are|was|were)\b", re.IGNORECASE)


def _asks_yes_or_no(question: str) -> bool:
    return bool(YES_NO_QUESTION.match(asked_clause(question)))


def _asks_for_one_thing(question: str) -> bool:
    thing = ONE_THING.match(asked_clause(question))
    return bool(thing) and not re.search(r"(?<![su])s$", thing.group(1).lower())


MONTH = re.compile(r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
                   r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?,?", re.IGNORECASE)


def _counts(thing: set[str], kind: list[frozenset[str]], text: str, initials: str = "", acronym: str = "") -> bool:
    """Whether `text` gives a number of `thing` of its `kind` (the "sick" of "sick days"; each word of it, or the
    corpus's word for it: "vacation" is "PTO"): a number, then `thing` within a few words ("355 professionals",
    "16 weeks of leave", "a team of seven engineers"), not only both somewhere, and every word of its kind; or says
    there is no number ("Sick Leave is discretionary"). A thing of two words or more may be written as their
    initials ("5 small ... PRs" of "pull requests"), and a thing asked as an acronym may be written out ("15 non-trivial
    pull requests" of "PRs")."""
    said = set(content_terms(text))
    if initials and _counts_initials(initials, text):
        return True
    # "Sick Leave is discretionary", not "a discretionary bonus program ... (employees on ...": no count of employees
    for unbounded in UNBOUNDED.finditer(text):
        near = {stem(word) for word in text_words(text[: unbounded.start()])[-COUNT_REACH:] + text_words(text[unbounded.end() :])[:COUNT_REACH]}
        if thing & near or any(choice & near for choice in kind):
            return True
    # a kind may be clipped: "metro areas" are "metropolitan areas"
    if not all(any(term in said or (len(term) >= CLIPPED_WORD and any(word.startswith(term) for word in said)) for term in choice)
               for choice in kind):
        return False
    # "Sponsored by 2 org members" counts sponsors: that many do the thing asked about
    # (or approvers, by "approved by two approvers": the doer's word begins with the deed's stem)
    for done in DONE_BY_A_NUMBER.finditer(text):
        deed = stem(done["done"].lower())
        if len(deed) >= SHORTEST_STEM and any(term.startswith(deed) for term in thing):
            return True
    words = re.findall(r"[\w$£€+.,-]+", text)
    for index, word in enumerate(words):
        # (a date's day or year counts nothing: "Starting February 1, 2024, employees residing near ...")
        if index and (MONTH.fullmatch(words[index - 1]) or (
                CALENDAR_YEAR.fullmatch(word.strip(".,")) and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?,", words[index - 1]))):
            continue
        if COUNT.fullmatch(word.strip(".,")) or re.match(r"[$£€]?\d", word):
            # kinds joined count as one: "14 company or floating holidays"
            after = [w for w in words[index + 1 : index + 1 + 2 * COUNT_REACH] if w.lower() not in JOINING_WORDS]
            following = " ".join(after[:COUNT_REACH])
            if thing & {stem(word) for word in text_words(following)}:  # stop words too: "500 people"
                return True
            if acronym and spelled_by_initials(acronym, text_words(following)):
                return True
    return False


def _acronym_typed_lower(word: str) -> str:
    """The letters of a plural acronym typed in lower case, a word no dictionary knows ("prs", "cves"), or nothing."""
    found = re.fullmatch(r"([a-z]{2,4}?)s", word)
    return found.group(1).upper() if found and not getAllLemmas(word) else ""


def _counts_initials(initials: str, text: str) -> bool:
    """Whether a clause gives a number, then a word written as these initials: being a name, they may stand
    after a longer description than a word would ("Author 5 small to medium-sized, non-trivial, high-quality PRs")."""
    for clause in re.split(r"[.;:!?](?:\s|$)", text):
        words = re.findall(r"[\w$£€+-]+", clause)
        numbers = [index for index, word in enumerate(words) if COUNT.fullmatch(word) or re.match(r"[$£€]?\d", word)]
        if numbers and any(re.fullmatch(rf"{re.escape(initials)}s?", word, re.IGNORECASE) for word in words[numbers[0] + 1 :]):
            return True
    return False


def _asks_for_several_things(question: str) -> bool:
    things = SEVERAL_THINGS.match(asked_clause(question))
    return bool(things) and not re.search(r"(?:ss|us)$", (things.group(1) or things.group(2)).lower())


def _thing_asked(question: str) -> str:
    """The term for the kind of thing a "which" question asks for: the last noun before its verb, "level" in
    "Which SRE level is ...?" and "Which Delivery level ships ...?" ("Delivery" says which levels, not what)."""
    found = THING_ASKED.match(asked_clause(question))
    return next(iter(content_terms(" ".join(_noun_phrase(found.group("thing"))[-1:]))), "") if found else ""


PLURAL_ENDING = re.compile(r"[^su]s$")


def _noun_phrase(words: str, counted: bool = False) -> list[str]:
    """The words naming a thing, up to the word that ends its name, its last noun last: "sick days" of "sick days
    does", "Delivery level" of "Delivery level at", "weeks" of "weeks of leave", "holidays" of "paid holidays".
    Things `counted` are named in the plural, which ends the name: "services" of "services run on"."""
    phrase: list[str] = []
    for written in words.split():  # kept as written: "GPUs" is the plural of "GPU", "gpus" no word's
        word = written.lower()
        lemmas = getAllLemmas(word)
        if word in ("and", "or") and phrase:  # "casual and sick leave days": one thing of two kinds
            continue
        if word in STOPWORDS:  # "at", "of": the thing's name has ended
            break
        if word in AMOUNT_MODIFIERS:  # "extra paid days off" counts days, as "52 additional paid days off" does
            continue
        if lemmas and "NOUN" not in lemmas:  # "owns" after the name ends it; "paid" before it describes it
            if phrase:
                break
            continue
        phrase.append(written)
        # the plural ends it, of a word no dictionary knows too ("shipmates work at")
        if counted and (word not in lemmas.get("NOUN", (word,)) or (not lemmas and PLURAL_ENDING.search(word))):
            break
    return phrase


def _amount_heading(statement: Statement) -> str:
    """The statement's own heading when that states a number (a section's own number aside: "3. Benefits")."""
    heading = as_matched(statement.chunk.headings_within).rpartition(SECTION_SEPARATOR)[2]
    return heading if not statement.is_heading and re.search(r"\d", SECTION_NUMBER.sub("", heading)) else ""


def _asks_which(question: str) -> bool:
    """ "Which level ...?" picks one of several things a document names, as its headings do."""
    found = THING_ASKED.match(asked_clause(question))
    return bool(found) and found.group("word").lower() == "which"


def _under_its_heading(statement: Statement, thing: str, fall_back: bool, whole_path: bool = False) -> Statement:
    """The statement shown under what settles the question: its innermost heading naming the kind of thing asked
    ("Which level ...?": "Level 2 - Software Engineer" over "Communication"), else, `fall_back`, its innermost
    heading ("Optional experience" over "Terraform" answers "Is Terraform a must?"), or its `whole_path` within the
    document where a "which" question's thing names no heading ("Which grade ...?": "MG5 > Ownership"); then the
    labels of the table cell or list entry it is a later sentence of ("Category: Planning; Lead SRE (L4)"). Never
    words the statement already says."""
    # A heading may be a whole bold sentence ("Objective #1: Ensure ... secure."): its end mark goes before the colon.
    headings = [part.rstrip(":.") for part in reversed(statement.chunk.headings_within.split(SECTION_SEPARATOR)) if part]
    # A heading that asks a question ("Who is eligible?") names no thing.
    naming = [heading for heading in headings if thing in content_terms(heading) and not heading.endswith("?")]
    said = set(content_terms(statement.text))
    path = SECTION_SEPARATOR.join(reversed(headings)) if whole_path else next(iter(headings), "")
    shown = [
        part for part in (next(iter(naming), path if fall_back else ""), *_entry_labels(statement))
        if part and not (set(content_terms(part)) or {part}) <= said  # "What you'll need" says no word the statement does
    ]
    return replace(statement, shown_under=SECTION_SEPARATOR.join(shown)) if shown and not statement.is_heading else statement


def _entry_labels(statement: Statement) -> list[str]:
    """The labels of the list entry or table cell a later sentence of it sits in ("Category: Planning; Lead SRE
    (L4)"): the first sentence says them itself, the others need them shown."""
    if statement.kind != "item":
        return []
    before = statement.chunk.text[statement.chunk.text.rfind("\n", 0, statement.start) + 1 : statement.start]
    marker = LIST_MARKER.match(before)
    before = before[marker.end() :] if marker else before
    cells = list(ENTRY_LABEL.finditer(before))
    if not cells or not before[cells[-1].end() :].strip():
        return []
    row = ROW_KEY.match(before) if cells[-1].start() else None
    return [f"{row.group()}; {cells[-1].group(1)}" if row else cells[-1].group(1)]


def _ladders(chunks: list[StoredChunk]) -> dict[str, list[str]]:
    """Each section's parts that are levels of a ladder, in document order: those sharing parts with a sibling (each
    with its "Responsibilities" and "Requirements")."""
    parts: dict[str, dict[str, set[str]]] = {}  # a section's parts, each with the names of its own parts
    for chunk in chunks:
        headings = chunk.section.split(SECTION_SEPARATOR)
        for depth in range(2, len(headings)):
            parent, part = SECTION_SEPARATOR.join(headings[: depth - 1]), SECTION_SEPARATOR.join(headings[:depth])
            parts.setdefault(parent, {}).setdefault(part, set()).add(" ".join(content_terms(ASIDE.sub(" ", headings[depth]))))
    return {parent: [part for part, names in siblings.items()
                     if any(len(names & others) >= LEVEL_PARTS_ALIKE for other, others in siblings.items() if other != part)]
            for parent, siblings in parts.items()}


def _label_of(statement: Statement) -> Statement | None:
    """ "Growing Demand" from "Growing Demand: Rapid adoption of AI ..." — a list entry's own short title."""
    label = LABEL_PREFIX.match(statement.text) if statement.kind == "item" else None
    if not label:
        return None
    title = statement.text[: label.end()].rstrip().rstrip(":")
    return replace(statement, text=title, end=statement.start + len(title))
