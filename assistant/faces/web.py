"""The web chat: a Gradio page mounted in the FastAPI app at "/".

A thin face over the shared chain: it streams the chain's statements into the chat, shows the
passages they cite, and records votes in the shared feedback store. It never retrieves or answers.
Beside the chat, the Documents tab (assistant/faces/web_documents.py) manages what it knows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, fields
from html import escape, unescape

import gradio as gr
from fastapi import FastAPI

from assistant.core.request import InvalidRequest, newest_turns
from assistant.faces.web_documents import DocumentsPage
from assistant.faces.web_login import password_check, read_users, trusted_user
from assistant.faces.web_render import CSS, DOCUMENTS_CSS, placeholder_html, sources_html
from assistant.ops.admission import Overloaded
from assistant.ops.feedback import AnsweredTurn, FeedbackRecord
from assistant.ops.services import INGEST_HINT, MODEL_RESTARTING, Services
from assistant.retrieval.embeddings import ModelUnavailableError
from assistant.retrieval.retriever import IndexNotReadyError

ANSWERED_FIELDS = [answered.name for answered in fields(AnsweredTurn)]
log = logging.getLogger(__name__)

PAGE_TITLE = "Senior ML Infrastructure Engineer · Role assistant"
INTRO = (
    "Ask about the **Senior ML Infrastructure Engineer** role. Answers quote the role documents "
    "and cite them as [n]; the cited passages appear under *Sources*."
)
EXAMPLE_QUESTIONS = {
    "Responsibilities": ["What are the core responsibilities of the role?", "Who do they work closely with?"],
    "Skills": ["Which programming languages are required?", "What soft skills matter for this role?"],
    "Salaries": ["What is the US average salary?", "What benefits and perks are offered?"],
    "Career": ["How do I become a Senior ML Infrastructure Engineer?", "What does career progression look like?"],
    "Challenges": ["What are the common challenges of the role?", "What best practices should they follow?"],
}
REFUSAL_TITLE = "Not covered by the role documents"
ERROR_TITLE = "Something went wrong"
DRAFT_TITLE = "Writing: checked against the sources before it stays"
CACHE_SWEEP_SECONDS = 3600
TOO_MANY_VOTES = "That's a lot of feedback in a minute: nothing was saved this time. Please try again shortly."
TOO_MANY_QUESTIONS = "That's a lot of questions in a minute. Please ask again in {seconds} s."
VOTES = {True: "up", False: "down"}  # Gradio's like.liked; anything else withdraws the vote
VOTE_LABELS = {"up": "thumbs up", "down": "thumbs down"}
MIN_COLUMN_WIDTH = 320  # px: below two of these side by side, the sources stack under the chat
ASK_BUTTON_WIDTH = 80
EXAMPLE_COLUMN_WIDTH = 200  # px: five topics side by side on a laptop, stacked on a phone
CHAT_HEIGHT = 520  # px: tall enough for a six-statement answer on a laptop screen
GRADIO_UPLOAD_PATH = "/gradio_api/upload"  # where the Documents tab's files arrive (the page is mounted at "/")



def chat_message(role: str, text: str, title: str | None = None) -> dict:
    """A chat message showing `text` as written: the chatbot renders HTML, so the text is escaped."""
    message = {"role": role, "content": escape(text, quote=False)}
    if title:
        message["metadata"] = {"title": title}
    return message


def message_text(message: dict) -> str:
    """The text a chat message shows, whether Gradio hands it over as a string or as openai-style parts."""
    content = message.get("content")
    if not isinstance(content, str):
        content = "".join(part.get("text", "") for part in content or [] if isinstance(part, dict))
    return unescape(content)


def chat_history(messages: list[dict], answers: dict, max_turns: int, max_chars: int) -> list[dict]:
    """The conversation as the chain takes it, from the server's own record of the answers it gave:
    each answer still shown in the chat, after its question, the newest that fit in `max_turns` turns
    and `max_chars` characters. The chat the browser sends back only says which answers are still
    shown (after a Clear, none); its text never becomes history, so a page can't make one up."""
    turns = []
    for index in sorted(answers):
        turn = answers[index]
        if index < len(messages) and message_text(messages[index]) == turn["answer"]:
            turns += [{"role": "user", "content": turn["question"]}, {"role": "assistant", "content": turn["answer"]}]
    return newest_turns(turns, max_turns, max_chars)


class WebChat:
    def __init__(self, services: Services):
        self.services = services

    def ask(self, question: str, messages: list[dict], answers: dict, request: gr.Request | None = None) -> Iterator[tuple]:
        """Stream one answer into the chat, yielding (question box, chat, answers, sources panel).

        The chat list is rebuilt, never changed in place, so an update already yielded stays as it was.
        """
        question = (question or "").strip()
        messages = list(messages or [])
        if not question:
            yield "", messages, answers, gr.skip()
            return
        settings = self.services.settings
        history = chat_history(messages, answers, settings.max_history_turns, settings.max_history_chars)
        asked = [*messages, chat_message("user", question)]
        # Votes find an answer by its place in the chat; after a Clear that place may hold an old answer.
        answers.pop(len(asked), None)
        yield "", asked, answers, gr.skip()
        client, limits = _client(request), self.services.question_limits
        if not limits.allow("web", client):
            note = TOO_MANY_QUESTIONS.format(seconds=limits.retry_after("web", client))
            yield "", [*asked, chat_message("assistant", note, ERROR_TITLE)], answers, gr.skip()
            return

        answer, final = "", {}
        try:
            with self.services.admission.slot():
                draft = ""
                for chunk in self.services.chain.stream({"question": question, "history": history}):
                    if "draft" in chunk:  # a model's words as they arrive; the verified answer replaces them
                        draft += chunk["draft"]
                        yield "", [*asked, chat_message("assistant", draft, DRAFT_TITLE)], answers, gr.skip()
                    elif "answer" in chunk:
                        answer += chunk["answer"]
                        yield "", [*asked, chat_message("assistant", answer)], answers, gr.skip()
                    else:
                        final = chunk
        except InvalidRequest as error:
            yield "", [*asked, chat_message("assistant", f"That question can't be asked: {error}.", ERROR_TITLE)], answers, gr.skip()
            return
        except Exception as error:  # whatever failed, say so in the chat and keep the chat usable
            if not isinstance(error, Overloaded):
                log.exception("the chain failed on a web question")
            yield "", [*asked, _error_note(error)], answers, gr.skip()
            return

        citations, grounded = final.get("citations", []), bool(final.get("grounded"))
        answered = [*asked, chat_message("assistant", answer, None if grounded else REFUSAL_TITLE)]
        turn = self.services.answered_turn(question, history, {"answer": answer, "citations": citations, "grounded": grounded})
        answers[len(answered) - 1] = {**asdict(turn), "feedback_id": None}
        yield "", answered, answers, sources_html(question, citations, self.services.retriever.topics())

    def vote(self, answers: dict, like: gr.LikeData, request: gr.Request | None = None) -> tuple:
        """Store a thumbs up or down (or withdraw it); returns (answers, voted id, comment box, comment, status)."""
        turn = answers.get(like.index)
        if turn is None:
            return answers, None, gr.update(visible=False), "", "Only answers can be rated."
        if not self._may_write_feedback(request):
            return answers, None, gr.update(visible=False), "", TOO_MANY_VOTES
        store, vote = self.services.feedback, VOTES.get(like.liked)
        if vote is None:
            if turn["feedback_id"] is not None:
                store.withdraw(turn["feedback_id"])
            turn["feedback_id"] = None
            return answers, None, gr.update(visible=False), "", "Vote withdrawn."
        if turn["feedback_id"] is None:
            turn["feedback_id"] = store.record(self._feedback_record(turn, vote))
        else:
            store.set_vote(turn["feedback_id"], vote)
        status = f"Thanks: your {VOTE_LABELS[vote]} on this answer is saved. You can add a comment."
        return answers, turn["feedback_id"], gr.update(visible=True), "", status

    def comment(self, feedback_id: int | None, text: str, request: gr.Request | None = None) -> tuple:
        """Attach the optional comment to the vote just given; returns (comment box, comment, status)."""
        if feedback_id is None or not text.strip():
            return gr.update(), gr.update(), "Write a comment first, after rating an answer."
        limit = self.services.settings.max_comment_chars
        if len(text.strip()) > limit:
            return gr.update(), gr.update(), f"That comment is longer than {limit} characters: shorten it and send it again."
        if not self._may_write_feedback(request):
            return gr.update(), gr.update(), TOO_MANY_VOTES
        self.services.feedback.set_comment(feedback_id, text.strip())
        return gr.update(visible=False), "", "Thanks: your comment is saved."

    def _may_write_feedback(self, request: gr.Request | None) -> bool:
        return self.services.feedback_limits.allow("web", _client(request))

    @staticmethod
    def _feedback_record(turn: dict, vote: str) -> FeedbackRecord:
        answered = AnsweredTurn(**{name: turn[name] for name in ANSWERED_FIELDS})
        return answered.vote("web", vote)

    def build(self) -> gr.Blocks:
        # Uploaded documents are deleted once read (the corpus folder keeps them); anything else Gradio caches
        # is gone within the hour.
        with gr.Blocks(title=PAGE_TITLE, analytics_enabled=False, delete_cache=(CACHE_SWEEP_SECONDS, CACHE_SWEEP_SECONDS)) as page:
            gr.Markdown(f"# {PAGE_TITLE}\n{INTRO}", elem_id="intro")
            with gr.Tabs():
                with gr.Tab("Chat", elem_id="chat-tab"):
                    self._chat()
                documents = DocumentsPage(self.services.documents, self.services.settings.web_admins())
                page.load(**documents.build())
        # Gradio runs as many answers at once as the admission gate allows, and holds as many more waiting.
        limit = self.services.settings.max_in_flight
        return page.queue(default_concurrency_limit=limit, max_size=limit)

    def _chat(self) -> None:
        """The chat tab: the conversation, the question box, feedback, the sources panel and examples."""
        answers = gr.State({})
        voted_id = gr.State(None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=MIN_COLUMN_WIDTH):
                chat = gr.Chatbot(
                    label="Conversation",
                    height=CHAT_HEIGHT,
                    render_markdown=False,  # answers and passages are plain text, shown as written
                    group_consecutive_messages=False,
                    buttons=["copy", "copy_all"],  # no "share": it posts to Hugging Face
                    elem_id="chat",
                )
                with gr.Row():
                    question = gr.Textbox(
                        label="Your question",
                        placeholder="e.g. What is the US average salary?",
                        max_length=self.services.settings.max_question_chars,
                        scale=4,
                        elem_id="question",
                    )
                    ask = gr.Button("Ask", variant="primary", scale=1, min_width=ASK_BUTTON_WIDTH)
                status = gr.Markdown(elem_id="feedback-status")
                with gr.Column(visible=False) as comment_box:
                    comment = gr.Textbox(label="Comment on your rating (optional)", elem_id="comment",
                                         max_length=self.services.settings.max_comment_chars)
                    send_comment = gr.Button("Send comment", size="sm")
            with gr.Column(scale=2, min_width=MIN_COLUMN_WIDTH):
                gr.Markdown("## Sources")
                sources = gr.HTML(placeholder_html(), elem_id="sources-panel")
        example_buttons = self._examples()

        asked = dict(fn=self.ask, inputs=[question, chat, answers], outputs=[question, chat, answers, sources])
        question.submit(**asked)
        ask.click(**asked)
        for button in example_buttons:
            button.click(lambda text: text, inputs=button, outputs=question).then(**asked)
        chat.like(self.vote, inputs=answers, outputs=[answers, voted_id, comment_box, comment, status])
        commented = dict(fn=self.comment, inputs=[voted_id, comment], outputs=[comment_box, comment, status])
        comment.submit(**commented)
        send_comment.click(**commented)

    @staticmethod
    def _examples() -> list[gr.Button]:
        buttons = []
        with gr.Accordion("Example questions", open=True), gr.Row():
            for topic, questions in EXAMPLE_QUESTIONS.items():
                with gr.Column(min_width=EXAMPLE_COLUMN_WIDTH):
                    gr.Markdown(topic, elem_classes="example-topic")
                    buttons += [gr.Button(text, size="sm") for text in questions]
        return buttons


def _client(request: gr.Request | None) -> str:
    """Who is asking: the logged-in user, or else the visitor's address."""
    if request is not None and request.username:
        return f"user:{request.username}"
    return request.client.host if request is not None and request.client else "unknown"


def _error_note(error: Exception) -> dict:
    """What the chat says when no answer came; never the exception's own text, which is for the log."""
    if isinstance(error, IndexNotReadyError):
        return chat_message("assistant", f"No answer: {INGEST_HINT}.", ERROR_TITLE)
    if isinstance(error, ModelUnavailableError):
        return chat_message("assistant", f"No answer: {MODEL_RESTARTING}.", ERROR_TITLE)
    if isinstance(error, Overloaded):
        return chat_message("assistant", "No answer: the assistant is busy right now. Please ask again in a moment.", ERROR_TITLE)
    return chat_message("assistant", "Sorry, answering failed. Please try again.", ERROR_TITLE)


def mount_web_chat(app: FastAPI, services: Services) -> FastAPI:
    """Serve the chat page at "/" of `app`; routes declared earlier (/api, /slack) keep precedence.
    With WEB_USERS_FILE the page asks to log in; with WEB_USER_HEADER it needs the proxy's header."""
    settings = services.settings
    login = {}
    if settings.web_users_file:
        login["auth"] = password_check(read_users(settings.web_users_file))
        login["auth_message"] = "Log in to ask about the role."
    elif settings.web_user_header:
        login["auth_dependency"] = trusted_user(settings.web_user_header)
    return gr.mount_gradio_app(app, WebChat(services).build(), path="/", css=CSS + DOCUMENTS_CSS, footer_links=[],
                               max_file_size=settings.max_upload_bytes, **login)
