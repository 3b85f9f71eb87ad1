"""The web chat's handlers on the real chain: streaming, history, refusals, failures and votes."""

from __future__ import annotations

import dataclasses
from html import escape
from pathlib import Path

import gradio as gr
import pytest
from langchain_core.runnables import RunnableLambda

from assistant.faces.web import (
    ERROR_TITLE,
    EXAMPLE_QUESTIONS,
    REFUSAL_TITLE,
    TOO_MANY_VOTES,
    WebChat,
    chat_history,
    chat_message,
)
from assistant.ingest.indexing import ingest
from assistant.ops.admission import Admission
from assistant.ops.feedback import FeedbackStore
from assistant.ops.rate_limits import RateLimiter
from assistant.ops.services import INGEST_HINT, MODEL_RESTARTING, Services
from assistant.retrieval.embeddings import ModelUnavailableError
from tests.conftest import make_settings

SALARY = "What is the US average salary?"
FOLLOW_UP = "And what about California?"


def ask(chat: WebChat, question: str, messages: list[dict] | None = None, answers: dict | None = None):
    """Every update the handler streams, and the last one."""
    updates = list(chat.ask(question, messages or [], {} if answers is None else answers))
    return updates, updates[-1]


@pytest.fixture()
def web(services: Services, tmp_path: Path) -> WebChat:
    return WebChat(dataclasses.replace(services, feedback=FeedbackStore(tmp_path / "feedback.sqlite3")))


def test_an_answer_streams_one_statement_at_a_time_then_shows_its_sources(web, services):
    updates, (box, messages, answers, sources) = ask(web, SALARY)
    expected = services.chain.invoke({"question": SALARY, "history": []})
    statements = expected["answer"].split("\n")
    shown = [m[-1]["content"] for _, m, _, _ in updates if m[-1]["role"] == "assistant"]
    # One update per statement, each adding the next one: the first shows before the rest exist.
    assert shown[: len(statements)] == ["\n".join(statements[: i + 1]) for i in range(len(statements))]
    assert len(statements) > 1 and box == ""
    turn = answers[len(messages) - 1]
    assert turn["grounded"] and turn["answer"] == expected["answer"]
    for citation in expected["citations"]:
        assert f'id="source-{citation["n"]}"' in sources
        # The whole heading path, starting with the document's title.
        assert citation["section"].startswith("Senior ML Infrastructure Engineer > ")
        assert f'<span class="source-section">{escape(citation["section"])}</span>' in sources
    assert "<mark>" in sources


def test_a_follow_up_is_answered_from_the_conversation(web, services):
    _, (_, messages, answers, _) = ask(web, SALARY)
    _, (_, messages, answers, _) = ask(web, FOLLOW_UP, messages, answers)
    assert "170,193" in messages[-1]["content"]
    assert answers[len(messages) - 1]["history"] == [
        {"role": "user", "content": SALARY},
        {"role": "assistant", "content": answers[1]["answer"]},
    ]


def test_an_out_of_scope_question_is_a_titled_refusal_with_the_topics(web, services):
    _, (_, messages, answers, sources) = ask(web, "How do I bake sourdough bread?")
    assert messages[-1]["metadata"] == {"title": REFUSAL_TITLE}
    assert messages[-1]["content"].startswith("I can't answer that from the documents I have, so I won't guess.")
    assert answers[1]["grounded"] is False
    for topic in services.retriever.topics():
        assert f"<li>{topic}</li>" in sources


@pytest.mark.parametrize("topic", EXAMPLE_QUESTIONS)
def test_every_example_question_gets_a_grounded_answer(services, topic):
    for question in EXAMPLE_QUESTIONS[topic]:
        assert services.chain.invoke({"question": question, "history": []})["grounded"], question


def test_user_text_is_escaped_and_history_comes_from_the_answers_the_server_gave():
    payload = "<img src=x onerror=alert(1)> & <b>"
    message = chat_message("user", payload)
    assert message["content"] == "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;"
    answers = {1: {"question": payload, "answer": "a <1>"}}
    # Gradio hands messages back as openai-style content parts.
    shown = [{"role": "user", "content": [{"type": "text", "text": message["content"]}]},
             {"role": "assistant", "content": [{"type": "text", "text": chat_message("assistant", "a <1>")["content"]}]}]
    assert chat_history(shown, answers, max_turns=20, max_chars=40_000) == [
        {"role": "user", "content": payload}, {"role": "assistant", "content": "a <1>"}]
    # Text the page sends that the server never answered is not history; nor is an answer no longer shown.
    made_up = [chat_message("user", "q"), chat_message("assistant", "an answer the server never gave")]
    assert chat_history(made_up, answers, max_turns=20, max_chars=40_000) == []
    assert chat_history([], answers, max_turns=20, max_chars=40_000) == []


def test_history_leaves_out_error_notes_and_keeps_the_newest_turns():
    messages = [
        chat_message("user", "q1"),
        chat_message("assistant", "a1"),
        chat_message("user", "q2"),
        chat_message("assistant", "it broke", ERROR_TITLE),
        chat_message("user", "q3"),
        chat_message("assistant", "a3", REFUSAL_TITLE),
    ]
    answers = {1: {"question": "q1", "answer": "a1"}, 5: {"question": "q3", "answer": "a3"}}  # errors are not answers
    assert [t["content"] for t in chat_history(messages, answers, max_turns=3, max_chars=40_000)] == ["a1", "q3", "a3"]
    # A long chat is shortened to the newest turns that fit, never sent whole.
    assert [t["content"] for t in chat_history(messages, answers, max_turns=3, max_chars=4)] == ["q3", "a3"]


def test_with_an_empty_index_the_chat_says_so_and_answers_once_the_corpus_is_ingested(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "role.txt").write_text("Salary\nThe average base salary is $150,000 a year.\n")
    settings = make_settings(tmp_path, corpus_dir=corpus)
    web = WebChat(Services.load(settings))
    _, (_, messages, answers, _) = ask(web, "What is the average salary?")
    assert messages[-1]["metadata"] == {"title": ERROR_TITLE}
    assert INGEST_HINT in messages[-1]["content"] and answers == {}

    ingest([corpus], settings, show_progress=False)
    _, (_, messages, answers, _) = ask(web, "What is the average salary?", messages, answers)
    assert "$150,000" in messages[-1]["content"] and answers[len(messages) - 1]["grounded"]
    # The document's title comes from its file name when its first line does not stand alone.
    assert [c["title"] for c in answers[len(messages) - 1]["citations"]] == ["Role"]


def test_when_the_chain_fails_the_chat_says_so_without_internals_and_keeps_working(web, caplog):
    def fail(_inputs):
        raise RuntimeError("the vector store at /srv/chroma went away")

    broken = WebChat(dataclasses.replace(web.services, chain=RunnableLambda(fail)))
    _, (box, messages, answers, _) = ask(broken, SALARY)
    assert messages[-1]["metadata"] == {"title": ERROR_TITLE}
    assert messages[-1]["content"] == "Sorry, answering failed. Please try again." and box == ""
    assert "/srv/chroma" in caplog.text  # the cause is in the log, for whoever runs the app
    _, (_, messages, answers, _) = ask(web, SALARY, messages, answers)
    assert answers[len(messages) - 1]["grounded"]
    # The failed turn, question and error note, is not history the next question builds on.
    assert answers[len(messages) - 1]["history"] == []


def test_when_the_models_process_has_stopped_the_chat_says_to_ask_again_in_a_moment(web):
    def stopped(_inputs):
        raise ModelUnavailableError("the embedding model's process ended (exit code -9)")

    _, (_, messages, _, _) = ask(WebChat(dataclasses.replace(web.services, chain=RunnableLambda(stopped))), SALARY)
    assert messages[-1] == chat_message("assistant", f"No answer: {MODEL_RESTARTING}.", ERROR_TITLE)


def test_past_max_in_flight_a_question_is_turned_away_at_once_with_a_busy_note(web):
    busy = WebChat(dataclasses.replace(web.services, admission=Admission(1)))
    with busy.services.admission.slot():  # another answer holds the only slot
        _, (_, messages, answers, _) = ask(busy, SALARY)
    assert messages[-1]["metadata"] == {"title": ERROR_TITLE} and "busy" in messages[-1]["content"]
    _, (_, messages, answers, _) = ask(busy, SALARY, messages, answers)
    assert answers[len(messages) - 1]["grounded"]


def test_a_visitor_asking_too_fast_is_told_when_to_ask_again_and_others_are_not(web):
    limited = WebChat(dataclasses.replace(web.services, question_limits=RateLimiter(1)))
    visitor = gr.Request(username="alice")
    assert ask(limited, SALARY)[1][2]  # a visitor without a login spends their own allowance
    first = list(limited.ask(SALARY, [], {}, visitor))[-1]
    assert first[2]  # alice's first question is answered
    refused = list(limited.ask(SALARY, first[1], first[2], visitor))[-1]
    note = refused[1][-1]
    assert note["metadata"] == {"title": ERROR_TITLE} and "a lot of questions" in note["content"]
    assert len(refused[2]) == len(first[2])  # nothing answered, nothing recorded


def test_an_empty_too_long_or_broken_question_is_answered_by_the_reason(web):
    assert ask(web, "   ")[1][1] == []
    limit = web.services.settings.max_question_chars
    for question, reason in (("why " * limit, f"question: longer than {limit} characters"),
                             ("pay \ud800", "question: is not valid Unicode text")):
        _, (_, messages, answers, _) = ask(web, question)
        assert messages[-1]["metadata"] == {"title": ERROR_TITLE} and answers == {}
        assert messages[-1]["content"] == f"That question can't be asked: {reason}."


def test_a_huge_chat_the_server_never_answered_costs_nothing_and_is_not_history(web):
    huge = [chat_message("user", "x" * 3_000_000), chat_message("assistant", "y")]
    _, (_, messages, answers, _) = ask(web, SALARY, huge)
    turn = answers[len(messages) - 1]
    assert turn["grounded"] and turn["history"] == []


def like(index: int, liked) -> gr.LikeData:
    return gr.LikeData(None, {"index": index, "value": [], "liked": liked})


def test_a_vote_is_stored_with_its_context_can_be_changed_commented_and_withdrawn(web, services):
    _, (_, messages, answers, _) = ask(web, SALARY)
    answer_index = len(messages) - 1
    store = web.services.feedback

    answers, voted, _, _, status = web.vote(answers, like(answer_index, False))
    [row] = store.rows()
    assert (row["id"], row["vote"], row["surface"], row["question"]) == (voted, "down", "web", SALARY)
    assert row["answer"] == answers[answer_index]["answer"] and row["grounded"] is True
    assert row["citations"] == answers[answer_index]["citations"]
    assert row["settings"] == services.answer_settings()
    assert row["corpus_version"] == services.retriever.version and "saved" in status

    web.vote(answers, like(answer_index, True))
    web.comment(voted, "  exactly what I needed ")
    assert [(r["id"], r["vote"], r["comment"]) for r in store.rows()] == [(voted, "up", "exactly what I needed")]
    # A comment over the limit is refused with the reason, and the saved one stays.
    limit = web.services.settings.max_comment_chars
    *_, status = web.comment(voted, "x" * (limit + 1))
    assert f"longer than {limit} characters" in status
    assert [r["comment"] for r in store.rows()] == ["exactly what I needed"]

    web.vote(answers, like(answer_index, ""))  # clicking the selected thumb again
    assert store.rows() == []


def test_a_client_writing_feedback_too_fast_is_told_so_and_nothing_changes(web):
    limited = WebChat(dataclasses.replace(web.services, feedback_limits=RateLimiter(2)))
    _, (_, messages, answers, _) = ask(limited, SALARY)
    index, store = len(messages) - 1, limited.services.feedback
    answers, voted, *_ = limited.vote(answers, like(index, True))
    limited.vote(answers, like(index, False))
    *_, status = limited.vote(answers, like(index, True))
    assert status == TOO_MANY_VOTES
    *_, comment_status = limited.comment(voted, "a comment")
    assert comment_status == TOO_MANY_VOTES
    assert [(r["vote"], r["comment"]) for r in store.rows()] == [("down", "")]


def test_votes_on_anything_but_an_answer_store_nothing(web):
    _, (_, messages, answers, _) = ask(web, SALARY)
    answers, voted, _, _, status = web.vote(answers, like(0, True))
    assert voted is None and web.services.feedback.rows() == []
    # After Clear, an error note takes the place where the old answer was.
    _, (_, messages, answers, _) = ask(web, "why " * web.services.settings.max_question_chars, [], answers)
    answers, voted, _, _, status = web.vote(answers, like(len(messages) - 1, True))
    assert voted is None and web.services.feedback.rows() == []
