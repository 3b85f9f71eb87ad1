import pytest

from assistant.core.places import names_a_place


@pytest.mark.parametrize(("line", "place"), [
    ("North America", True), ("Ohio - Columbus", True), ("Lehi, Utah", True), ("Amira Learning · USA", True),
    ("United Kingdom", True), ("CARFAX", False), ("Security", False), ("remote", False),
    ("Software Engineer - MLOps", False), ("Engineering Career Framework", False),
])
def test_a_byline_line_names_a_place_when_a_capitalised_run_in_it_is_one(line, place):
    assert names_a_place(line) is place
