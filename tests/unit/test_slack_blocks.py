"""Slack message layout: Block Kit limits (checklist 12), mrkdwn escaping (13), refusals, mentions."""

from __future__ import annotations

import re

import pytest

from assistant.faces.slack_blocks import (
    MAX_SOURCES,
    MESSAGE_BLOCK_LIMIT,
    REFUSAL_BANNER,
    SECTION_TEXT_LIMIT,
    SOURCE_LABEL_LIMIT,
    answer_message,
    escape_mrkdwn,
    question_from_message,
    split_at_whitespace,
)
from tests.fake_slack import BOT_USER_ID

WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit ".split()


def citation(n: int, section: str = "Role > Salary Ranges > Salary Overview", source: str = "corpus/role.txt") -> dict:
    """As the chain returns it: the section path starts with the document's title."""
    title = section.split(" > ")[0]
    return {"n": n, "id": f"c{n}", "source": source, "title": title, "section": section, "text": "", "score": 0.5,
            "quotes": []}


def result(answer: str, citations: list[dict] | None = None, grounded: bool = True) -> dict:
    """The chain's result for `answer` written as the chain writes it: its statements, and whether
    they are grouped under "From <document>:" lines."""
    statements, document = [], "Role"
    for line in answer.split("\n") if grounded else []:
        if line.startswith("From ") and line.endswith(":"):
            document = line.removeprefix("From ").removesuffix(":")
            continue
        body = line.removeprefix("- ")
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", body)]
        text = re.sub(r"\s*\[\d+\]", "", body)
        statements.append({"text": text, "heading": "", "citations": numbers, "document": document,
                           "quote": {"id": "c1", "start": 0, "end": len(text)}})
    return {"answer": answer, "citations": [citation(1)] if citations is None else citations, "grounded": grounded,
            "statements": statements, "attributed": grounded and answer.startswith("From ")}


def prose(characters: int) -> str:
    text = " ".join(WORDS[i % len(WORDS)] for i in range(characters // 5))
    return text[:characters]


def block_texts(message: dict) -> list[str]:
    texts = []
    for block in message["blocks"]:
        if "text" in block:
            texts.append(block["text"]["text"])
        texts += [element["text"] for element in block.get("elements", []) if block["type"] == "context"]
    return texts


def sections(message: dict) -> list[str]:
    return [block["text"]["text"] for block in message["blocks"] if block["type"] == "section"]


def test_12_a_long_answer_is_split_at_whitespace_into_sections_within_the_limit():
    answer = prose(SECTION_TEXT_LIMIT * 3 + 500)
    pieces = sections(answer_message(result(answer), "turn"))
    assert len(pieces) == 4
    assert all(len(piece) <= SECTION_TEXT_LIMIT for piece in pieces)
    assert " ".join(pieces).split() == answer.split()  # nothing lost, no word cut in two


def test_12_a_huge_answer_stays_within_50_blocks_and_the_text_limit():
    message = answer_message(result(prose(SECTION_TEXT_LIMIT * 80)), "turn")
    assert len(message["blocks"]) == MESSAGE_BLOCK_LIMIT
    assert all(len(text) <= SECTION_TEXT_LIMIT for text in block_texts(message))
    assert sections(message)[-1].endswith("…")
    assert message["blocks"][-1]["type"] == "actions"  # the buttons survive the cut
    assert len(message["text"]) <= 40_000


def test_12_a_word_longer_than_a_section_is_cut_hard():
    assert [len(piece) for piece in split_at_whitespace("x" * 7000, SECTION_TEXT_LIMIT)] == [3000, 3000, 1000]


def test_12_sources_are_capped_in_number_and_length():
    many = [citation(n, section="Role > " + "Deep > " * 100 + f"Part {n}") for n in range(1, 12)]
    message = answer_message(result("An answer [1]", many), "turn")
    (sources,) = [block for block in message["blocks"] if block["type"] == "context"]
    lines = sources["elements"][0]["text"].split("\n")
    assert lines[0] == "*Sources*"
    assert len(lines) == 1 + MAX_SOURCES + 1 and lines[-1] == f"and {11 - MAX_SOURCES} more"
    assert all(len(line) <= SOURCE_LABEL_LIMIT + len("*[10]* ") for line in lines[1:-1])


def test_13_answer_and_sources_are_escaped_so_nothing_pings():
    answer = "Post to <!channel> & ask <@U0OPS001> when depth > 100 [1]\n- Or <!here> [1]"
    message = answer_message(result(answer, [citation(1, section="Handbook > On-call > <b>Pages</b>", source="a&b.md")]), "t")
    shown = "\n".join(block_texts(message) + [message["text"]])
    assert "&lt;!channel&gt; &amp; ask &lt;@U0OPS001&gt; when depth &gt; 100 [1]" in shown
    assert "• Or &lt;!here&gt; [1]" in shown
    assert "Handbook › On-call › &lt;b&gt;Pages&lt;/b&gt; — a&amp;b.md" in shown
    assert "<!" not in shown and "<@" not in shown


def test_an_answer_from_several_documents_keeps_its_attribution_lines_above_their_bullets():
    answer = "From Northwind <Robotics>:\n- Base: $128,000 [1]\nFrom Kestrelpoint & Co:\n- Base: $196,000 [2]"
    cited = [citation(1, "Northwind <Robotics> > Pay", "n.txt"), citation(2, "Kestrelpoint & Co > Pay", "k.html")]
    message = answer_message(result(answer, cited), "t")
    assert sections(message) == [
        "From Northwind &lt;Robotics&gt;:\n• Base: $128,000 [1]\nFrom Kestrelpoint &amp; Co:\n• Base: $196,000 [2]"
    ]
    (sources,) = [block for block in message["blocks"] if block["type"] == "context"]
    assert sources["elements"][0]["text"].split("\n")[1:] == [
        "*[1]* Northwind &lt;Robotics&gt; › Pay — n.txt", "*[2]* Kestrelpoint &amp; Co › Pay — k.html"]


def test_a_quote_shown_under_its_heading_renders_the_heading_first_and_escaped():
    answered = result("Terraform [1]")
    answered["statements"][0]["heading"] = "Optional <extras>"
    assert sections(answer_message(answered, "t")) == ["Optional &lt;extras&gt;: Terraform [1]"]


def test_13_escaping_replaces_only_ampersand_and_angle_brackets():
    assert escape_mrkdwn("*bold* _it_ `code` <x> &amp;") == "*bold* _it_ `code` &lt;x&gt; &amp;amp;"


def test_a_refusal_has_a_banner_and_no_sources_an_answer_has_sources_and_no_banner():
    refusal = answer_message(result("I can't answer that.", [], grounded=False), "t")
    answer = answer_message(result("Range: $110,000 [1]"), "t")
    assert refusal["blocks"][0]["elements"][0]["text"] == REFUSAL_BANNER
    assert [block["type"] for block in refusal["blocks"]] == ["context", "section", "actions"]
    assert [block["type"] for block in answer["blocks"]] == ["section", "context", "actions"]
    assert REFUSAL_BANNER not in block_texts(answer)


def test_buttons_carry_the_turn_they_rate():
    message = answer_message(result("An answer [1]"), "turn-42")
    buttons = message["blocks"][-1]["elements"]
    assert [(b["action_id"], b["value"]) for b in buttons] == [("feedback_up", "turn-42"), ("feedback_down", "turn-42")]


@pytest.mark.parametrize(
    ("text", "bot_user_id", "question"),
    [
        (f"<@{BOT_USER_ID}> What does it pay?", BOT_USER_ID, "What does it pay?"),
        (f"Hey <@{BOT_USER_ID}|role-assistant>, what does it pay?", BOT_USER_ID, "Hey , what does it pay?"),
        (f"<@{BOT_USER_ID}> Is R&amp;D &lt;core&gt;?", BOT_USER_ID, "Is R&D <core>?"),
        ("<@U0OTHER1> What does it pay?", None, "What does it pay?"),
        (f"<@{BOT_USER_ID}>", BOT_USER_ID, ""),
    ],
)
def test_the_bot_mention_is_stripped_and_slack_escapes_undone(text, bot_user_id, question):
    assert question_from_message(text, bot_user_id) == question
