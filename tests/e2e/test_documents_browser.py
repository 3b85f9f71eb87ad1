"""The Documents tab in real headless Chromium (Debian's package): the list, a document's passages, an
upload with its progress and then a question about it in the chat, a removal with its confirmation, and
what a user who is no admin sees. A screenshot of each state goes to artifacts/screenshots/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from assistant.faces.server import create_app
from assistant.ingest.indexing import ingest, ingest_lock
from assistant.ops.services import Services
from tests.conftest import CORPUS, ServedApp, make_settings
from tests.documents import GLACIER, GLACIER_QUESTION, LIGHTHOUSE, glacier_docx, lighthouse_markdown
from tests.e2e.test_web_browser import ANSWER_TIMEOUT_MS, DESKTOP, LOOPBACK, SCREENSHOTS, ChatPage

USER_HEADER = "X-Forwarded-User"
ADMIN, READER = "alice", "bob"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[ServedApp, object]]:
    folder = tmp_path_factory.mktemp("documents-web")
    corpus = folder / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(folder, corpus_dir=corpus, web_user_header=USER_HEADER, web_admin_users=ADMIN)
    ingest([corpus], settings, show_progress=False)
    with ServedApp(create_app(services=Services.load(settings))) as served:
        yield served, corpus, settings


def open_as(browser: Browser, url: str, user: str) -> Page:
    """The page as the single sign-on proxy would show it to `user`, refusing anything beyond loopback."""
    page = browser.new_page(viewport=DESKTOP, extra_http_headers={USER_HEADER: user})
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOOPBACK) else route.abort())
    page.goto(url)
    page.get_by_role("tab", name="Documents").click()
    expect(page.locator("#documents-list table")).to_be_visible()
    return page


def open_document(page: Page, label: str) -> None:
    page.get_by_label("Open a document").click()
    page.get_by_role("option", name=label).click()


def test_an_admin_lists_opens_uploads_asks_and_removes_documents(browser, site, tmp_path):
    served, corpus, settings = site
    page = open_as(browser, served.url, ADMIN)
    listed = page.locator("#documents-list tbody tr")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("Senior ML Infrastructure Engineer")
    expect(listed.first).to_contain_text("senior-ml-infrastructure-engineer.txt")
    page.screenshot(path=SCREENSHOTS / "documents-list.png", full_page=True)

    open_document(page, "Senior ML Infrastructure Engineer (senior-ml-infrastructure-engineer.txt)")
    passages = page.locator("#document-passages .passage")
    expect(passages.first).to_be_visible()
    expect(passages.filter(has_text="$170,193").first.locator(".passage-section")).to_contain_text(
        "Senior ML Infrastructure Engineer > ")
    page.screenshot(path=SCREENSHOTS / "document-passages.png", full_page=True)

    (tmp_path / GLACIER).write_bytes(glacier_docx())
    (tmp_path / LIGHTHOUSE).write_bytes(lighthouse_markdown())
    page.locator("#upload-files input[type=file]").set_input_files([tmp_path / GLACIER, tmp_path / LIGHTHOUSE])
    # Another change holds the ingest lock (as ingest.py would): the upload shows its progress and waits its turn.
    with ingest_lock(settings):
        page.get_by_role("button", name="Upload and index").click()
        expect(page.locator("#documents-status")).to_contain_text("Checking the files", timeout=ANSWER_TIMEOUT_MS)
        page.screenshot(path=SCREENSHOTS / "documents-upload-progress.png", full_page=True)
        assert not (corpus / GLACIER).exists()
    expect(page.locator("#documents-status")).to_contain_text("Indexed:", timeout=ANSWER_TIMEOUT_MS)
    expect(listed).to_have_count(3)
    expect(page.locator("#documents-changes tbody tr").first).to_contain_text(f"web:{ADMIN}")
    page.screenshot(path=SCREENSHOTS / "documents-uploaded.png", full_page=True)
    assert (corpus / GLACIER).is_file()

    page.get_by_role("tab", name="Chat").click()
    chat = ChatPage(page)
    chat.ask(GLACIER_QUESTION)
    expect(chat.answers.last).to_contain_text("300 flight hours")
    expect(page.locator("#sources-panel .source-file").first).to_contain_text(GLACIER)
    page.screenshot(path=SCREENSHOTS / "documents-asked.png", full_page=True)

    page.get_by_role("tab", name="Documents").click()
    open_document(page, f"Glacier Survey Pilot ({GLACIER})")
    expect(page.locator("#document-passages")).to_contain_text("300 flight hours")
    page.get_by_role("button", name="Remove the open document").click()
    confirm = page.locator("#confirm-removal")
    expect(confirm).to_contain_text("Remove Glacier Survey Pilot")
    expect(listed).to_have_count(3)  # nothing removed before the confirmation
    page.screenshot(path=SCREENSHOTS / "documents-remove-confirm.png", full_page=True)
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.locator("#documents-status")).to_contain_text(f"Removed {GLACIER}", timeout=ANSWER_TIMEOUT_MS)
    expect(listed).to_have_count(2)
    expect(page.locator("#documents-list")).not_to_contain_text(GLACIER)
    expect(confirm).to_be_hidden()
    page.screenshot(path=SCREENSHOTS / "documents-removed.png", full_page=True)
    assert not (corpus / GLACIER).exists()
    page.close()


def test_a_cancelled_removal_removes_nothing(browser, site):
    served, corpus, _settings = site
    page = open_as(browser, served.url, ADMIN)
    open_document(page, "Senior ML Infrastructure Engineer (senior-ml-infrastructure-engineer.txt)")
    page.get_by_role("button", name="Remove the open document").click()
    expect(page.locator("#confirm-removal")).to_be_visible()
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#confirm-removal")).to_be_hidden()
    expect(page.locator("#documents-list")).to_contain_text("senior-ml-infrastructure-engineer.txt")
    assert (corpus / "senior-ml-infrastructure-engineer.txt").is_file()
    page.close()


def test_a_user_who_is_no_admin_sees_the_documents_but_no_controls_to_change_them(browser, site):
    served, _corpus, _settings = site
    page = open_as(browser, served.url, READER)
    expect(page.locator("#documents-list")).to_contain_text("senior-ml-infrastructure-engineer.txt")
    expect(page.locator("#documents-not-admin")).to_contain_text("Only admins may add or remove documents")
    expect(page.get_by_role("button", name="Upload and index")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove the open document")).to_have_count(0)
    open_document(page, "Senior ML Infrastructure Engineer (senior-ml-infrastructure-engineer.txt)")
    expect(page.locator("#document-passages .passage").first).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "documents-not-admin.png", full_page=True)
    page.close()
