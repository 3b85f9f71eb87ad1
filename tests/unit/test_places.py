import pytest

from assistant.core.places import names_a_known_place, names_a_place, places_written_lower


@pytest.mark.parametrize(("line", "place"), [
    ("North America", True), ("Ohio - Columbus", True), ("Lehi, Utah", True), ("Amira Learning · USA", True),
    ("United Kingdom", True), ("CARFAX", False), ("Security", False), ("remote", False),
    ("Software Engineer - MLOps", False), ("Engineering Career Framework", False),
])
def test_a_byline_line_names_a_place_when_a_capitalised_run_in_it_is_one(line, place):
    assert names_a_place(line) is place


@pytest.mark.parametrize(("sentence", "place"), [
    # a sentence's full stop is no part of its place (EasyPost's "... based in the United States.", probe Z3)
    ("To be considered, you must be authorized and based in the United States.", True),
    ("Our offices are in Lisbon.", True), ("We hire across China and Turkey", True),
    # a city called by a word of the language, capitalised as that word (GeoNames' Opportunity, WA; Enterprise, NV)
    ("EasyPost is an Equal Opportunity Employer.", False), ("Work with Enterprise development to build it", False),
])
def test_a_sentence_names_a_known_place_not_a_city_called_by_a_word_it_uses(sentence, place):
    assert names_a_known_place(sentence) is place


@pytest.mark.parametrize(("question", "places"), [
    ("ml infra engineer salary london", ["london"]), ("salary in new york city vs texas", ["new york city", "texas"]),
    ("what about san francisco", ["san francisco"]),
    # Words a dictionary knows, a small town's name that is a word of a trade, a country's code, capitals
    ("reading about mobile industry trends", []), ("is there an on-call rota?", []), ("pay in the usa", []),
    ("New York pay", []),
])
def test_places_written_in_lower_case_are_the_large_ones_no_dictionary_knows(question, places):
    assert places_written_lower(question) == places
