"""The plain names of the sections job documents name in their own voice.

Job ads title their parts "What you'll own", "Who you are", "Bonus points", "What we offer"; a reader
asks for "the responsibilities", "the requirements", "the nice-to-haves", "the benefits". The embedding
model does not bridge the two (a question asking for the responsibilities came within 0.02 of the
refusal threshold against "What you'll own"), so a heading written in one of those conventional ways
is matched as itself followed by the plain name: "What you'll own (responsibilities)". Only matching
sees the name; every answer shows the document's own heading.
"""

from __future__ import annotations

import re
from functools import lru_cache

SECTION_SEPARATOR = " > "  # between the headings of a path: "Title > Section > Subsection"

_YOU = r"you(?:'ll|\s+will)?(?:\s+be)?"
# Each plain name, with the ways headings say it; the first that fits names a heading. "Preferred
# qualifications" and "Nice to have" come before the requirements, whose words they share.
CONVENTIONS: list[tuple[str, re.Pattern]] = [
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("nice to have, preferred", r"nice[\s-]to[\s-]haves?|\bbonus|\bplus(?:es)?\b|\bpreferred|extra\s+credit|\bdesired"
                                    r"|good\s+to\s+have|even\s+better|\boptional|\bdesirable"),
        ("responsibilities", rf"what\s+{_YOU}\s+(?:do|doing|own|owning|work(?:ing)?\s+on|build|building|tackle|achieve|lead)\b"
                             r"|\byour\s+(?:role|mission|impact|day|work|responsibilities)\b|in\s+this\s+role|day[\s-]to[\s-]day"
                             r"|\bduties\b|accountabilit|what\s+the\s+(?:job|role)\s+(?:involves|entails)|the\s+work\b"),
        ("requirements", rf"what\s+{_YOU}\s+(?:need|bring)\b|what\s+we(?:'re|\s+are)\s+looking\s+for|\babout\s+you\b"
                         r"|who\s+you\s+are|\byou\s+(?:have|are|bring|might\s+be|should\s+have)\b|must[\s-]haves?"
                         r"|(?:minimum|basic|required)\s+(?:qualifications|skills)|what\s+it\s+takes|ideal\s+candidate|apply\s+if\s+you"
                         r"|\bqualifications\b"),
        ("benefits", rf"\bperks\b|what\s+we\s+offer|why\s+(?:join|work)|in\s+it\s+for\s+you|will\s+support\s+you|what\s+{_YOU}\s+get\b"),
        ("hiring process", r"how\s+to\s+apply|(?:interview|hiring|recruiting|application|selection)\s+process|next\s+steps"
                           r"|what\s+to\s+expect|how\s+we\s+hire"),
    ]
]


@lru_cache(maxsize=4096)
def plain_name(heading: str) -> str:
    """The plain name of a conventionally worded heading, unless it says that name already; else nothing."""
    spoken = heading.replace("’", "'")
    for name, pattern in CONVENTIONS:
        if pattern.search(spoken):
            return "" if any(word in spoken.lower() for word in re.findall(r"[a-z]{4,}", name)) else name
    return ""


@lru_cache(maxsize=4096)
def as_matched(path: str) -> str:
    """A heading path with each conventional heading followed by its plain name in brackets."""
    return SECTION_SEPARATOR.join(
        f"{heading} ({name})" if (name := plain_name(heading)) else heading for heading in path.split(SECTION_SEPARATOR)
    )
