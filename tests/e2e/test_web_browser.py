"""The web chat in real headless Chromium (Debian's package) against the app served on a loopback port.

`MEASURE_WEB_LATENCY=1 pytest tests/e2e/test_web_browser.py -k latency -s` also measures, in the browser,
the time from pressing Enter to the first streamed statement and to the full answer (p50).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import statistics
from collections.abc import Iterator

import bcrypt
import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.faces.server import create_app
from assistant.faces.web import EXAMPLE_QUESTIONS, REFUSAL_TITLE
from assistant.ingest.indexing import ingest
from assistant.ops.feedback import FeedbackStore
from assistant.ops.services import Services
from tests.conftest import ROOT, ServedApp, make_settings

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LOOPBACK = "http://127.0.0.1:"
ANSWER_TIMEOUT_MS = 60_000  # a ceiling for a busy shared CI box, not a performance target
SALARY = "What is the US average salary?"
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${alert(1)}"]

# Runs in the page: notes when Enter is pressed in the question box, every text the newest answer
# shows while it streams, and when the sources panel switches to this question (the answer is complete).
WATCH_ANSWER = """question => {
  const box = document.querySelector('#question textarea');
  const answersBefore = document.querySelectorAll('#chat [data-testid="bot"]').length;
  const watch = window.__answer = {pressed: null, first: null, full: null, shown: []};
  box.addEventListener('keydown', e => { if (e.key === 'Enter' && watch.pressed === null) watch.pressed = performance.now(); });
  new MutationObserver(() => {
    const answers = document.querySelectorAll('#chat [data-testid="bot"]');
    const text = answers.length > answersBefore ? answers[answers.length - 1].innerText.trim() : '';
    if (text && watch.shown[watch.shown.length - 1] !== text) {
      watch.shown.push(text);
      if (watch.first === null) watch.first = performance.now();
    }
    const asked = document.querySelector('#sources-panel .sources-for q');
    if (watch.full === null && asked && asked.textContent === question) watch.full = performance.now();
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


class ChatPage:
    """One browser tab on the chat, refusing any request that would leave the machine."""

    def __init__(self, page: Page):
        """The chat's helpers on a page already open."""
        self.page = page
        self.question_box = page.get_by_label("Your question")
        self.dialogs: list[str] = []
        self.outside_requests: list[str] = []

    @classmethod
    def open(cls, browser: Browser, url: str, viewport: dict) -> "ChatPage":
        chat = cls(browser.new_page(viewport=viewport))
        chat.page.on("dialog", chat._dialog)
        chat.page.route("**/*", chat._only_loopback)
        chat.page.goto(url)
        chat.question_box.wait_for()
        return chat

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _only_loopback(self, route) -> None:
        if route.request.url.startswith(LOOPBACK):
            route.continue_()
        else:
            self.outside_requests.append(route.request.url)
            route.abort()

    def ask(self, question: str) -> dict:
        """Type, press Enter, wait for the complete answer; returns what the page saw while it streamed."""
        self.page.evaluate(WATCH_ANSWER, question)
        self.question_box.fill(question)
        self.question_box.press("Enter")
        self.page.wait_for_function("() => window.__answer.full !== null", timeout=ANSWER_TIMEOUT_MS)
        return self.page.evaluate("() => window.__answer")

    @property
    def answers(self):
        return self.page.locator('#chat [data-testid="bot"]')

    @property
    def sources(self):
        return self.page.locator("#sources-panel .source")

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def web_services(services: Services, tmp_path_factory: pytest.TempPathFactory) -> Services:
    return dataclasses.replace(services, feedback=FeedbackStore(tmp_path_factory.mktemp("web") / "feedback.sqlite3"))


@pytest.fixture(scope="module")
def site(web_services: Services) -> Iterator[ServedApp]:
    with ServedApp(create_app(services=web_services)) as served:
        yield served


@pytest.fixture()
def chat(browser: Browser, site: ServedApp) -> Iterator[ChatPage]:
    page = ChatPage.open(browser, site.url, DESKTOP)
    yield page
    page.close()
    assert page.outside_requests == [], "the page tried to reach beyond loopback"


def test_a_salary_question_streams_a_cited_answer_and_the_sources_show_the_cited_passage(chat, services):
    seen = chat.ask(SALARY)
    expected = services.chain.invoke({"question": SALARY, "history": []})
    statements = expected["answer"].split("\n")
    answer = chat.answers.last
    expect(answer).to_have_text(expected["answer"])
    assert "[1]" in answer.inner_text()
    # The first statement was on screen on its own before the rest of the answer.
    assert seen["shown"][0] == statements[0] and seen["shown"][-1] == "\n".join(statements)
    expect(chat.sources).to_have_count(len(expected["citations"]))
    for card, citation in zip(chat.sources.all(), expected["citations"]):
        assert card.locator(".source-n").inner_text() == f"[{citation['n']}]"
        assert card.locator(".source-section").inner_text() == citation["section"]
        assert citation["section"].startswith(f"{citation['title']} > ") and citation["title"] == "Senior ML Infrastructure Engineer"
        assert card.locator(".source-file").inner_text() == citation["source"]
        assert sorted(card.locator("mark").all_inner_texts()) == sorted(citation["quotes"])


def test_a_follow_up_is_answered_from_the_conversation(chat):
    chat.ask(SALARY)
    assert "170,193" not in chat.answers.last.inner_text()
    chat.ask("And what about California?")
    assert "170,193" in chat.answers.last.inner_text()
    expect(chat.sources.first).to_contain_text("California average")


def test_an_out_of_scope_question_gets_a_refusal_that_looks_different_and_offers_topics(chat, services):
    chat.ask(SALARY)
    chat.ask("How do I bake sourdough bread?")
    refusal = chat.answers.last.locator(".thought-group")
    expect(refusal).to_contain_text(REFUSAL_TITLE)
    expect(refusal).to_contain_text("I can't answer that from the documents I have")
    answer_background = chat.answers.first.evaluate("e => getComputedStyle(e.closest('.message')).backgroundColor")
    refusal_background = refusal.evaluate("e => getComputedStyle(e).backgroundColor")
    assert refusal_background != answer_background
    for topic in services.retriever.topics():
        expect(chat.page.locator("#sources-panel .sources-refusal li", has_text=topic).first).to_be_visible()
    expect(chat.page.get_by_role("button", name=EXAMPLE_QUESTIONS["Challenges"][0])).to_be_visible()


def test_a_down_vote_with_a_comment_is_stored_in_sqlite(chat, web_services):
    chat.ask(SALARY)
    chat.page.get_by_role("button", name="Dislike", exact=True).last.click()
    expect(chat.page.get_by_text("thumbs down on this answer is saved")).to_be_visible()
    chat.page.get_by_label("Comment on your rating (optional)").fill("I wanted the range by seniority")
    chat.page.get_by_role("button", name="Send comment").click()
    expect(chat.page.get_by_text("comment is saved")).to_be_visible()
    # Read straight from the SQLite file, not through the store's own code.
    with sqlite3.connect(web_services.feedback.url.removeprefix("sqlite:///")) as db:
        rows = db.execute("SELECT surface, vote, comment, question, corpus_version FROM feedback").fetchall()
    assert ("web", "down", "I wanted the range by seniority", SALARY, web_services.retriever.version) in rows


def test_an_example_question_is_asked_with_one_click(chat):
    question = EXAMPLE_QUESTIONS["Skills"][0]
    chat.page.evaluate(WATCH_ANSWER, question)
    chat.page.get_by_role("button", name=question).click()
    chat.page.wait_for_function("() => window.__answer.full !== null", timeout=ANSWER_TIMEOUT_MS)
    expect(chat.page.locator('#chat [data-testid="user"]').last).to_have_text(question)
    expect(chat.answers.last).to_contain_text("Python")


@pytest.mark.parametrize(("name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_answered_chat_fits_the_screen_and_is_saved_as_a_screenshot(browser, site, name, viewport):
    chat = ChatPage.open(browser, site.url, viewport)
    assert chat.page.title() == "Senior ML Infrastructure Engineer · Role assistant"
    chat.ask(SALARY)
    overflow = chat.page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {viewport['width']}px"
    expect(chat.question_box).to_be_in_viewport()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chat.page.screenshot(path=SCREENSHOTS / f"chat-{name}.png", full_page=True)
    chat.close()
    assert chat.outside_requests == []


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedApp]:
    """The app over its own index of a corpus whose text carries script payloads."""
    tmp = tmp_path_factory.mktemp("injection")
    corpus = tmp / "corpus"
    corpus.mkdir()
    (corpus / "payloads.txt").write_text(
        "Form Safety\n"
        f"Candidates sometimes paste {PAYLOADS[0]} into application forms.\n"
        f"An image tag like {PAYLOADS[1]} in an application form must show as text.\n"
        f"A template string such as {PAYLOADS[2]} in an application form must not run either.\n"
    )
    settings = make_settings(tmp, corpus_dir=corpus)
    ingest([corpus], settings, show_progress=False)
    with ServedApp(create_app(services=Services.load(settings))) as served:
        yield served


def test_markup_in_the_corpus_and_in_questions_is_shown_as_text_and_never_runs(browser, injected_site):
    chat = ChatPage.open(browser, injected_site.url, DESKTOP)
    chat.ask(f"What do candidates paste into application forms? {PAYLOADS[1]}")
    chat.page.wait_for_timeout(500)  # let an injected onerror handler fire, if there were one
    for payload in PAYLOADS:
        expect(chat.sources.first.locator(".source-text")).to_contain_text(payload)
    expect(chat.answers.last).to_contain_text(PAYLOADS[0])
    expect(chat.page.locator('#chat [data-testid="user"]').last).to_contain_text(PAYLOADS[1])
    assert chat.page.locator('img[src="x"], #chat script, #sources-panel script').count() == 0
    assert chat.dialogs == []
    chat.close()
    assert chat.outside_requests == []


LATENCY_QUESTIONS = [q for questions in EXAMPLE_QUESTIONS.values() for q in questions] + [
    "What does a Senior ML Infrastructure Engineer do?", "Which cloud platforms should they know?",
    "What education is required?", "How much do they earn in California?", "What are the industry trends?",
    "Which monitoring practices are recommended?", "What leadership skills help?", "Is demand for the role growing?",
    "What tools are used for container orchestration?", "What does the work environment look like?",
    "How do I bake sourdough bread?", "What is the capital of France?",
]


@pytest.mark.skipif(not os.environ.get("MEASURE_WEB_LATENCY"), reason="a measurement, not a test: set MEASURE_WEB_LATENCY=1")
def test_measure_latency_to_first_statement_and_full_answer(browser, site):
    first, full, growing = [], [], []
    for question in LATENCY_QUESTIONS:
        chat = ChatPage.open(browser, site.url, DESKTOP)  # a fresh page, so no question is read as a follow-up
        seen = chat.ask(question)
        first.append(seen["first"] - seen["pressed"])
        if "\n" in seen["shown"][-1]:  # several statements: did the page show them arriving one by one?
            growing.append(len(seen["shown"]) > 1)
        full.append(seen["full"] - seen["pressed"])
        chat.close()
    result = {"questions": len(LATENCY_QUESTIONS), "p50_first_statement_ms": round(statistics.median(first)),
              "p50_full_answer_ms": round(statistics.median(full)),
              "multi_statement_answers_seen_growing": f"{sum(growing)} of {len(growing)}", "first_ms": [round(t) for t in first],
              "full_ms": [round(t) for t in full]}
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "web-latency.json").write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if not k.endswith("ms") or k.startswith("p50")}))


def test_with_a_users_file_the_chat_opens_only_after_logging_in(browser, web_services, tmp_path):
    users = tmp_path / "users.htpasswd"
    users.write_text("# made with htpasswd -B\nalice:" + bcrypt.hashpw(b"correct horse", bcrypt.gensalt()).decode() + "\n")
    guarded = dataclasses.replace(web_services, settings=web_services.settings.model_copy(update={"web_users_file": users}))
    with ServedApp(create_app(services=guarded)) as served:
        page = browser.new_page(viewport=DESKTOP)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOOPBACK) else route.abort())
        page.goto(served.url)
        expect(page.get_by_label("Your question")).to_have_count(0)
        for password, opens in (("wrong", False), ("correct horse", True)):
            page.get_by_label("username").fill("alice")
            page.get_by_label("password").fill(password)
            page.get_by_role("button", name="Login").click()
            if not opens:
                expect(page.get_by_text("Incorrect Credentials")).to_be_visible()
                page.screenshot(path=SCREENSHOTS / "login-refused.png")
        expect(page.get_by_label("Your question")).to_be_visible()
        page.close()
