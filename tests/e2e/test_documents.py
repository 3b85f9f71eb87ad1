"""The documents API over real HTTP against the served app: upload a Markdown, a DOCX and a PDF and ask
about each, replace one, remove one; every bad upload and every missing or wrong key is a clear 4xx that
leaves the corpus folder and the index as they were."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from assistant.documents.service import DocumentService
from assistant.documents.uploads import DocumentError, Upload
from assistant.faces.documents_api import STATUS_OF
from assistant.faces.server import create_app
from assistant.ingest import indexing
from assistant.ingest.indexing import ingest
from assistant.ops.services import Services
from tests.conftest import CORPUS, ServedApp, make_settings
from tests.documents import (
    BEEKEEPER,
    BEEKEEPER_QUESTION,
    GLACIER,
    GLACIER_QUESTION,
    LIGHTHOUSE,
    LIGHTHOUSE_QUESTION,
    beekeeper_pdf,
    blank_pdf,
    glacier_docx,
    lighthouse_markdown,
)

READER, ADMIN = "reader-key", "admin-key"
MAX_UPLOAD = 200_000
MARKDOWN = "text/markdown"
PROGRESS_DOCUMENT = b"# Progress Check\n\n## One\n\n- The first part.\n\n## Two\n\n- The second part.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[ServedApp, Path]]:
    """The app over its own copy of the corpus, with a reader's API key and an admin key."""
    folder = tmp_path_factory.mktemp("documents")
    corpus = folder / "corpus"
    shutil.copytree(CORPUS, corpus)
    settings = make_settings(folder, corpus_dir=corpus, api_keys=SecretStr(READER), admin_keys=SecretStr(ADMIN),
                             max_upload_bytes=MAX_UPLOAD)
    ingest([corpus], settings, show_progress=False)
    services = Services.load(settings)
    with ServedApp(create_app(services=services)) as served:
        served.services = services
        yield served, corpus


def client(site, key: str | None = ADMIN) -> httpx.Client:
    served, _corpus = site
    headers = {"authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=served.url, headers=headers, timeout=120)


def upload(http: httpx.Client, *files: tuple[str, bytes, str]) -> httpx.Response:
    return http.post("/api/documents", files=[("files", file) for file in files])


def ask(http: httpx.Client, question: str) -> dict:
    response = http.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


def cited_files(answer: dict) -> set[str]:
    return {Path(citation["source"]).name for citation in answer["citations"]}


def state(site) -> tuple:
    """What must not move when a change is refused: the index's version, its documents, the corpus folder."""
    _served, corpus = site
    with client(site, READER) as http:
        version = http.get("/readyz").json()["corpus_version"]
        documents = http.get("/api/documents").json()["documents"]
    return version, documents, sorted(path.name for path in corpus.rglob("*"))


def document_named(http: httpx.Client, file_name: str) -> dict:
    (found,) = [d for d in http.get("/api/documents").json()["documents"] if d["file_name"] == file_name]
    return found


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_markdown_a_docx_and_a_pdf_are_uploaded_listed_and_answered_from(site):
    with client(site) as http:
        response = upload(http, (LIGHTHOUSE, lighthouse_markdown(), MARKDOWN), (GLACIER, glacier_docx(), DOCX),
                          (BEEKEEPER, beekeeper_pdf(), "application/pdf"))
        assert response.status_code == 200, response.text
        changes = response.json()["changes"]
        assert [(c["file_name"], c["action"], c["passages_removed"], c["passages_unchanged"]) for c in changes] == [
            (LIGHTHOUSE, "added", 0, 0), (GLACIER, "added", 0, 0), (BEEKEEPER, "added", 0, 0)]
        assert all(change["passages_added"] > 0 and change["actor"].startswith("api:") for change in changes)
        assert ADMIN not in response.text
        listed = {d["file_name"]: d for d in http.get("/api/documents").json()["documents"]}
        assert {name: (listed[name]["title"], listed[name]["format"]) for name in (LIGHTHOUSE, GLACIER, BEEKEEPER)} == {
            LIGHTHOUSE: ("Lighthouse Keeper", "markdown"), GLACIER: ("Glacier Survey Pilot", "docx"),
            BEEKEEPER: ("Orchard Beekeeper", "pdf")}
        assert listed[GLACIER]["passages"] == changes[1]["passages_added"] and listed[GLACIER]["indexed_at"]

        for question, fact, file_name in ((LIGHTHOUSE_QUESTION, "41,000 crowns", LIGHTHOUSE),
                                          (GLACIER_QUESTION, "300 flight hours", GLACIER),
                                          (BEEKEEPER_QUESTION, "120 hives", BEEKEEPER)):
            answer = ask(http, question)
            assert answer["grounded"] and fact in answer["answer"], (question, answer["answer"])
            assert file_name in cited_files(answer)


def test_a_document_shows_its_passages_with_heading_path_text_and_id(site):
    with client(site, READER) as http:
        glacier = document_named(http, GLACIER)
        response = http.get(f"/api/documents/{glacier['id']}")
        assert response.status_code == 200
        body = response.json()
        assert body["document"] == glacier
        passages = body["passages"]
        assert len(passages) == glacier["passages"]
        assert all(p["section"].startswith("Glacier Survey Pilot") and p["id"] and p["text"] for p in passages)
        flying = next(p for p in passages if "300 flight hours" in p["text"])
        assert flying["section"] == "Glacier Survey Pilot > Flying"
        missing = http.get("/api/documents/000000000000")
        assert missing.status_code == 404 and "no indexed document" in missing.json()["error"]


def test_replacing_a_document_embeds_only_its_changed_passages_and_serves_the_new_text(site):
    with client(site) as http:
        before = document_named(http, LIGHTHOUSE)
        response = upload(http, (LIGHTHOUSE, lighthouse_markdown(pay="45,500 crowns"), MARKDOWN))
        assert response.status_code == 200, response.text
        (change,) = response.json()["changes"]
        assert change["action"] == "replaced"
        assert change["passages_added"] == change["passages_removed"] == 1  # the pay passage alone
        assert change["passages_unchanged"] == before["passages"] - 1
        after = document_named(http, LIGHTHOUSE)
        assert after["id"] == before["id"] and after["version"] != before["version"]
        answer = ask(http, LIGHTHOUSE_QUESTION)
        assert "45,500 crowns" in answer["answer"] and "41,000" not in answer["answer"]


def test_removing_a_document_takes_it_out_of_the_index_the_folder_and_the_answers(site):
    _served, corpus = site
    with client(site) as http:
        beekeeper = document_named(http, BEEKEEPER)
        response = http.delete(f"/api/documents/{beekeeper['id']}")
        assert response.status_code == 200, response.text
        (change,) = response.json()["changes"]
        assert (change["action"], change["passages_removed"], change["passages_added"]) == ("removed", beekeeper["passages"], 0)
        assert BEEKEEPER not in {d["file_name"] for d in http.get("/api/documents").json()["documents"]}
        assert not (corpus / BEEKEEPER).exists()
        assert BEEKEEPER not in cited_files(ask(http, BEEKEEPER_QUESTION))
        assert http.get(f"/api/documents/{beekeeper['id']}").status_code == 404
        assert http.delete(f"/api/documents/{beekeeper['id']}").status_code == 404


def test_the_record_of_changes_says_who_did_what_and_when_newest_first(site):
    with client(site, READER) as http:
        changes = http.get("/api/documents/changes", params={"limit": 3}).json()["changes"]
    assert [(c["action"], c["file_name"]) for c in changes] == [
        ("removed", BEEKEEPER), ("replaced", LIGHTHOUSE), ("added", BEEKEEPER)]
    assert all(c["changed_at"] and c["actor"] == changes[0]["actor"] and c["corpus_version"] for c in changes)


def _zip_without_word_part() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    return buffer.getvalue()


BAD_UPLOADS = [
    ("too big", [("big.md", b"# Big\n\n" + b"word " * (MAX_UPLOAD // 5), MARKDOWN)], 413, "larger than"),
    ("unsupported type", [("tool.exe", b"MZ\x90\x00binary", "application/octet-stream")], 415, "unsupported file type"),
    ("an image", [("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")], 415, "unsupported file type"),
    ("text named as a PDF", [("report.pdf", b"just some words", "application/pdf")], 422, "is not a PDF"),
    ("a zip named as a Word file", [("role.docx", _zip_without_word_part(), DOCX)], 422, "not a Word"),
    ("a PDF without a text layer", [("scan.pdf", blank_pdf(), "application/pdf")], 422, "no text layer"),
    ("not UTF-8", [("latin.txt", "Café crème".encode("latin-1"), "text/plain")], 422, "not UTF-8"),
    ("empty", [("empty.md", b"", MARKDOWN)], 422, "is empty"),
    ("only whitespace", [("blank.md", b" \n\n \t\n", MARKDOWN)], 422, "is empty"),
    ("markup with no text", [("bare.html", b"<html><body><div></div></body></html>", "text/html")], 422, "no text"),
    ("one good file and one bad", [("good.md", b"# Good\n\n- A fine document.", MARKDOWN),
                                   ("bad.pdf", b"nope", "application/pdf")], 422, "is not a PDF"),
    ("two files that would share a name", [("same.md", b"# One\n\nText.", MARKDOWN),
                                           ("dir/same.md", b"# Two\n\nText.", MARKDOWN)], 422, "same name"),
    ("a name with nothing usable", [("..", b"# Dots\n\nText.", MARKDOWN)], 415, "no usable characters"),
]


@pytest.mark.parametrize(("files", "status", "message"), [case[1:] for case in BAD_UPLOADS], ids=[case[0] for case in BAD_UPLOADS])
def test_every_bad_upload_gets_a_clear_4xx_and_changes_nothing(site, files, status, message):
    before = state(site)
    with client(site) as http:
        response = upload(http, *files)
    assert response.status_code == status, response.text
    assert message in response.json()["error"]
    assert state(site) == before


def test_malformed_or_missing_multipart_bodies_are_4xx_and_change_nothing(site):
    before = state(site)
    with client(site) as http:
        no_files = http.post("/api/documents", data={"other": "x"})
        assert no_files.status_code == 422 and "files" in no_files.json()["error"]
        broken = http.post("/api/documents", content=b"--x\r\nnot a part", headers={"content-type": "multipart/form-data; boundary=x"})
        assert 400 <= broken.status_code < 500
        json_body = http.post("/api/documents", json={"files": []})
        assert json_body.status_code == 422
    assert state(site) == before


@pytest.mark.parametrize(("key", "status", "message"), [
    (None, 401, "API key is required"), ("wrong", 401, "not valid"), (READER, 403, "admin key"),
], ids=["no key", "wrong key", "a reader's key"])
def test_changes_need_an_admin_key_and_reading_needs_only_an_api_key(site, key, status, message):
    before = state(site)
    with client(site, key) as http:
        some_id = before[1][0]["id"]
        for response in (upload(http, ("sneaky.md", b"# Sneaky\n\n- Text.", MARKDOWN)),
                         http.delete(f"/api/documents/{some_id}")):
            assert response.status_code == status and message in response.json()["error"], response.text
        assert (http.get("/api/documents").status_code == 200) is (key == READER)
    assert state(site) == before


def test_without_admin_keys_no_key_may_change_documents(services):
    with ServedApp(create_app(services=services)) as served, httpx.Client(base_url=served.url) as http:
        response = http.post("/api/documents", files=[("files", ("a.md", b"# A\n\nText.", MARKDOWN))],
                             headers={"authorization": "Bearer anything"})
        assert response.status_code == 403 and "ADMIN_KEYS" in response.json()["error"]
        assert http.get("/api/documents").json()["documents"][0]["file_name"] == "senior-ml-infrastructure-engineer.txt"


def test_a_file_name_is_sanitized_and_nothing_is_written_outside_the_corpus_folder(site):
    _served, corpus = site
    with client(site) as http:
        response = upload(http, ("../../.escape.md", b"# Escape Artist\n\n- Escape artists practise daily.", MARKDOWN))
        assert response.status_code == 200, response.text
        (change,) = response.json()["changes"]
        assert change["file_name"] == "escape.md"
        assert (corpus / "escape.md").is_file()
        assert not (corpus.parent / ".escape.md").exists() and not (corpus.parent.parent / ".escape.md").exists()
        assert http.delete(f"/api/documents/{change['document_id']}").status_code == 200


def test_when_ingest_fails_the_upload_is_undone_and_the_index_is_unchanged(site):
    _served, corpus = site
    hand_placed = corpus / "hand-placed.txt"
    hand_placed.write_bytes(b"\xff\xfe broken")  # put there by hand: ingest of the folder refuses it
    try:
        before = state(site)
        with client(site) as http:
            response = upload(http, (LIGHTHOUSE, lighthouse_markdown(pay="99,999 crowns"), MARKDOWN))
            assert response.status_code == 409 and "nothing changed" in response.json()["error"]
            assert "hand-placed.txt" in response.json()["error"]
        assert state(site) == before
        assert b"45,500 crowns" in (corpus / LIGHTHOUSE).read_bytes()
    finally:
        hand_placed.unlink()


def test_the_service_reports_its_progress_through_checking_reading_and_embedding(site):
    served, _corpus = site
    seen: list[tuple[float, str]] = []
    (change,) = served.services.documents.upload([Upload("progress-check.md", PROGRESS_DOCUMENT)], "test",
                                                 lambda share, what: seen.append((share, what)))
    total = change.passages_added
    assert [what for _share, what in seen] == [
        "Checking the files", "Reading the documents", f"Embedding passages: 0 of {total}",
        f"Embedding passages: {total} of {total}", "Indexed"]
    assert [share for share, _what in seen] == sorted(share for share, _what in seen) and seen[-1][0] == 1.0
    served.services.documents.remove(change.document_id, "test")


def test_a_corpus_folder_that_cannot_be_written_refuses_the_change_in_words(site, tmp_path):
    served, _corpus = site
    documents = served.services.documents
    blocked = tmp_path / "a-file"
    blocked.write_text("a file where the corpus folder's parent should be")
    unwritable = DocumentService(documents.settings.model_copy(update={"corpus_dir": blocked / "corpus"}),
                                 documents.retriever, documents.changes)
    before = state(site)
    with pytest.raises(DocumentError) as refused:
        unwritable.upload([Upload("progress-check.md", PROGRESS_DOCUMENT)], "test")
    assert refused.value.kind == "unwritable" and "cannot be written here" in str(refused.value)
    assert STATUS_OF[refused.value.kind] == 503
    assert state(site) == before


def test_a_change_embeds_with_the_running_apps_model_rather_than_loading_another(site, monkeypatch):
    served, _corpus = site

    def second_model(*_args, **_kwargs):
        raise AssertionError("the app's change loaded a second copy of the model")

    monkeypatch.setattr(indexing, "load_embeddings", second_model)
    (change,) = served.services.documents.upload([Upload("progress-check.md", PROGRESS_DOCUMENT)], "test")
    assert change.passages_added > 0
    served.services.documents.remove(change.document_id, "test")
