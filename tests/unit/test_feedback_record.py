"""What a vote records about its answer: the topic is the top-level section the answer led with."""

from __future__ import annotations

from assistant.ops.feedback import FeedbackRecord


def cited(n: int, section: str) -> dict:
    return {"n": n, "id": f"c{n}", "source": "role.txt", "title": "Role", "section": section, "text": "", "quotes": []}


def test_the_topic_is_the_first_citations_top_level_section_below_the_title():
    record = FeedbackRecord("web", "down", "What do they earn?", "Range [1]\n- Perks [2]", True,
                            citations=[cited(1, "Role > Salary > Overview"), cited(2, "Role > Benefits")])
    assert record.topic == "Salary"


def test_a_refusal_has_its_own_topic_and_a_titled_passage_alone_names_itself():
    assert FeedbackRecord("slack", "up", "Bake bread?", "I can't answer that.", False).topic == "(refused)"
    assert FeedbackRecord("web", "up", "q", "a [1]", True, citations=[cited(1, "Role")]).topic == "Role"
