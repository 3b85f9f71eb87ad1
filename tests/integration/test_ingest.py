"""Ingest against a real embedded Chroma: idempotence, changes, deletions, skipped files, and bad input that changes nothing."""

from __future__ import annotations

import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from assistant.documents.corpus_edit import CorpusEdit
from assistant.ingest.document import display_path
from assistant.ingest.indexing import ingest
from assistant.ingest.loader import CorpusError
from assistant.ops.services import Services
from assistant.retrieval import embeddings as embeddings_module
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.store import open_vector_store
from tests.conftest import ROOT, make_settings

ROLE_TITLE = "Senior ML Infrastructure Engineer"

EXTRA_DOC = "Hiring Notes\nA short note on hiring for this role.\nInterview Loop\n- One system design interview\n- One coding interview\n"


def snapshot(settings) -> dict[str, tuple[str, dict]]:
    """Every stored passage with its metadata: what 'the index stays exactly as it was' compares."""
    store = open_vector_store(settings, load_embeddings(settings.embedding_model))
    found = store.get(include=["documents", "metadatas"])
    return {i: (d, m) for i, d, m in zip(found["ids"], found["documents"], found["metadatas"])}


@pytest.fixture()
def indexed_copy(tmp_path, corpus_copy):
    (corpus_copy / "hiring.md").write_text(EXTRA_DOC.replace("Hiring Notes", "# Hiring Notes").replace("Interview Loop", "## Interview Loop"))
    settings = make_settings(tmp_path)
    first = ingest([corpus_copy], settings, show_progress=False)
    return settings, corpus_copy, first


@pytest.fixture()
def embedded_texts(monkeypatch) -> list[str]:
    """Every text the real model embeds for documents from now on."""
    embedded: list[str] = []
    model_class = type(load_embeddings(make_settings(Path(".")).embedding_model))
    real = model_class.embed_documents

    def counting(self, texts):
        embedded.extend(texts)
        return real(self, texts)

    monkeypatch.setattr(model_class, "embed_documents", counting)
    return embedded


def test_reingest_of_an_unchanged_corpus_embeds_nothing_and_never_loads_the_model(indexed_copy, embedded_texts, monkeypatch):
    settings, corpus, first = indexed_copy
    assert first.added > 50 and first.removed == 0 and first.unchanged == 0
    assert (first.documents, first.skipped) == (2, ())
    assert first.summary() == f"{first.added} added, 0 removed, 0 unchanged (2 documents)"

    def no_model(*args, **kwargs):
        raise AssertionError("an unchanged corpus needs no model")

    monkeypatch.setattr(embeddings_module, "sentence_model", no_model)
    again = ingest([corpus], settings, show_progress=False)
    assert again.summary() == f"0 added, 0 removed, {first.added} unchanged (2 documents)"
    assert embedded_texts == []  # the work done, not only what the summary says
    assert len(snapshot(settings)) == first.added


def test_every_passage_is_stored_with_its_document_title_and_titled_section(indexed_copy):
    settings, _, _ = indexed_copy
    stored = snapshot(settings).values()
    titles = {m["source"].rsplit("/", 1)[-1]: m["title"] for _, m in stored}
    assert titles == {"senior-ml-infrastructure-engineer.txt": ROLE_TITLE, "hiring.md": "Hiring Notes"}
    for _, metadata in stored:
        assert metadata["section"].startswith(metadata["title"])
        assert metadata["end"] > metadata["start"] and metadata["line_kinds"]
    hiring = sorted(m["section"] for _, m in stored if m["source"].endswith("hiring.md"))
    assert hiring == ["Hiring Notes", "Hiring Notes > Interview Loop"]


def test_a_changed_file_replaces_only_its_own_changed_chunks(indexed_copy, embedded_texts):
    settings, corpus, first = indexed_copy
    before = snapshot(settings)
    role = corpus / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("~$170,193", "~$171,000"))
    report = ingest([corpus], settings, show_progress=False)
    assert (report.added, report.removed) == (1, 1)
    # The changed passage, and the one statement of it that changed: every other statement's vector is
    # copied from the served generation's digest.
    assert len(embedded_texts) == 2 and all("~$171,000" in text for text in embedded_texts)
    after = snapshot(settings)
    changed = set(before) ^ set(after)
    assert len(changed) == 2
    new_id = (set(after) - set(before)).pop()
    assert "~$171,000" in after[new_id][0]
    assert after[new_id][1]["section"] == f"{ROLE_TITLE} > Market Demand > Compensation"
    assert after[new_id][1]["title"] == ROLE_TITLE
    hiring = {i for i, (_, m) in before.items() if m["source"].endswith("hiring.md")}
    assert hiring and hiring <= set(after)


def test_a_deleted_file_loses_its_chunks(indexed_copy):
    settings, corpus, first = indexed_copy
    (corpus / "hiring.md").unlink()
    report = ingest([corpus], settings, show_progress=False)
    assert report.added == 0 and report.removed == 2
    assert report.summary() == f"0 added, 2 removed, {first.added - 2} unchanged (1 document)"
    assert not any(m["source"].endswith("hiring.md") for _, m in snapshot(settings).values())


def test_a_folder_walk_skips_unsupported_files_and_names_them_in_the_summary(indexed_copy):
    settings, corpus, first = indexed_copy
    (corpus / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (corpus / "team").mkdir()
    (corpus / "team" / "photo.png").write_bytes(b"\x89PNG\r\n")
    (corpus / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # hidden: neither indexed nor reported
    before = snapshot(settings)
    report = ingest([corpus], settings, show_progress=False)
    skipped = [display_path(corpus / "budget.xlsx"), display_path(corpus / "team" / "photo.png")]
    assert list(report.skipped) == skipped
    assert report.summary() == (
        f"0 added, 0 removed, {first.added} unchanged (2 documents); skipped 2 files: {skipped[0]}, {skipped[1]}"
    )
    assert snapshot(settings) == before
    (corpus / "team" / "photo.png").unlink()
    assert ingest([corpus], settings, show_progress=False).summary().endswith(f"; skipped 1 file: {skipped[0]}")


def _bad_inputs(corpus: Path, tmp_path: Path) -> dict[str, list[Path]]:
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "latin1.txt").write_bytes("Salaire: 170 000 \xe9".encode("latin-1"))
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "image.png").write_bytes(b"\x89PNG")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    return {
        "empty file": [corpus, tmp_path / "empty.txt"],
        "not UTF-8": [corpus, tmp_path / "latin1.txt"],
        "unreadable": [corpus, tmp_path / "dangling.txt"],
        "unsupported type": [corpus, tmp_path / "budget.xlsx"],
        "damaged PDF": [corpus, tmp_path / "notes.pdf"],
        "missing path": [corpus, tmp_path / "missing"],
        "empty corpus": [tmp_path / "nothing"],
    }


def test_bad_input_fails_clearly_and_leaves_the_index_as_it_was(indexed_copy, tmp_path):
    settings, corpus, _ = indexed_copy
    before = snapshot(settings)
    (corpus / "hiring.md").unlink()  # a real change is pending: a failed run must not apply it
    expected = {
        "empty file": "is empty",
        "not UTF-8": "not UTF-8",
        "unreadable": "cannot be read",
        "unsupported type": "budget.xlsx: unsupported file type '.xlsx'",
        "damaged PDF": "notes.pdf: cannot be read as a PDF",
        "missing path": "no such file or folder",
        "empty corpus": r"corpus is empty.*\(skipped 1 of other types\)",
    }
    for case, paths in _bad_inputs(corpus, tmp_path).items():
        with pytest.raises(CorpusError, match=expected[case]):
            ingest(paths, settings, show_progress=False)
        assert snapshot(settings) == before, case


def test_a_failure_while_embedding_rolls_back(indexed_copy, monkeypatch):
    settings, corpus, _ = indexed_copy
    before = snapshot(settings)
    role = corpus / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("- ", "* "))  # every bullet chunk changes
    embeddings = load_embeddings(settings.embedding_model)
    calls = {"n": 0}
    real = type(embeddings).embed_documents

    def fail_on_second_batch(self, texts):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(self, texts)

    monkeypatch.setattr(type(embeddings), "embed_documents", fail_on_second_batch)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest([corpus], settings, show_progress=False)
    assert calls["n"] == 2
    assert snapshot(settings) == before


def run_ingest_cli(*args: str, env_dir: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHROMA_DIR": str(env_dir / "chroma"), "CHROMA_HOST": "", **variables}
    return subprocess.run(
        [sys.executable, str(ROOT / "ingest.py"), *args], capture_output=True, text=True, env=env, cwd=env_dir, timeout=300
    )


def test_cli_prints_progress_and_summary_and_fails_with_a_message(tmp_path, corpus_copy):
    first = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "embedding" in first.stderr and "passage" in first.stderr  # the progress bar
    count = int(first.stdout.split(" added")[0])
    assert count > 50 and first.stdout.startswith(f"{count} added, 0 removed, 0 unchanged (1 document)\n")
    (corpus_copy / "budget.xlsx").write_bytes(b"PK\x03\x04")
    second = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert second.stdout == (
        f"0 added, 0 removed, {count} unchanged (1 document); skipped 1 file: corpus/budget.xlsx\n"  # relative to the cwd
    )
    bad = run_ingest_cli(str(tmp_path / "missing"), env_dir=tmp_path)
    assert bad.returncode == 2
    assert "no such file or folder" in bad.stderr and "index was not changed" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_cli_first_undoes_a_documents_page_change_that_a_crash_cut_short(tmp_path, corpus_copy):
    original = (corpus_copy / "senior-ml-infrastructure-engineer.txt").read_text()
    # The page wrote its replacement, then died before indexing it: the old file waits in a backup.
    CorpusEdit(corpus_copy).write("senior-ml-infrastructure-engineer.txt", b"Half-made replacement\n\nNever indexed.\n")
    done = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (corpus_copy / "senior-ml-infrastructure-engineer.txt").read_text() == original
    assert sorted(path.name for path in corpus_copy.iterdir()) == ["senior-ml-infrastructure-engineer.txt"]
    assert done.stdout.split(" added")[0] != "0" and "(1 document)" in done.stdout


def test_cli_refuses_an_explicit_unsupported_file_with_exit_2_and_leaves_the_index_alone(tmp_path, corpus_copy):
    first = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    count = int(first.stdout.split(" added")[0])
    role = corpus_copy / "senior-ml-infrastructure-engineer.txt"
    original = role.read_text()
    role.write_text("Changed\nA pending change that must not land.\n")
    (tmp_path / "budget.xlsx").write_bytes(b"PK\x03\x04")
    bad = run_ingest_cli(str(corpus_copy), str(tmp_path / "budget.xlsx"), env_dir=tmp_path)
    assert bad.returncode == 2, bad.stdout
    assert "budget.xlsx" in bad.stderr and "unsupported file type '.xlsx'" in bad.stderr
    assert "index was not changed" in bad.stderr and "Traceback" not in bad.stderr
    assert bad.stdout == ""
    # The index still holds exactly the first run's passages: the original corpus needs no change.
    role.write_text(original)
    again = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert again.stdout.startswith(f"0 added, 0 removed, {count} unchanged (1 document)")


class Pushgateway(http.server.BaseHTTPRequestHandler):
    """A stand-in Prometheus Pushgateway on loopback: keeps what each push sent."""

    pushes: list[tuple[str, str, str]] = []

    def do_PUT(self):  # noqa: N802 (the handler's name is http.server's)
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.pushes.append((self.command, self.path, body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def ingest_samples(text: str) -> dict[tuple, float]:
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_ingest_reports_its_duration_and_changes_to_a_textfile_and_a_pushgateway_and_failures_too(tmp_path, corpus_copy):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pushgateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    metrics_file = tmp_path / "ingest.prom"
    where = {"INGEST_METRICS_FILE": str(metrics_file), "INGEST_PUSHGATEWAY": f"127.0.0.1:{server.server_port}"}
    try:
        first = run_ingest_cli(str(corpus_copy), env_dir=tmp_path, **where)
        assert first.returncode == 0, first.stderr
        added = int(first.stdout.split(" added")[0])
        written = ingest_samples(metrics_file.read_text())
        method, path, pushed = Pushgateway.pushes[-1]
        assert (method, path) == ("PUT", "/metrics/job/role_assistant_ingest") and ingest_samples(pushed) == written
        assert written[("role_assistant_ingest_passages", (("change", "added"),))] == added
        assert written[("role_assistant_ingest_passages", (("change", "unchanged"),))] == 0
        assert written[("role_assistant_ingest_documents", ())] == 1 and written[("role_assistant_ingest_failed", ())] == 0
        assert written[("role_assistant_ingest_duration_seconds", ())] > 0
        failed = run_ingest_cli(str(tmp_path / "missing"), env_dir=tmp_path, **where)
        assert failed.returncode == 2
        after_failure = ingest_samples(metrics_file.read_text())
        assert after_failure[("role_assistant_ingest_failed", ())] == 1
        assert not any(name == "role_assistant_ingest_passages" for name, _ in after_failure)
    finally:
        server.shutdown()
    # A Pushgateway that is down costs the ingest nothing but a line on stderr.
    unreachable = run_ingest_cli(str(corpus_copy), env_dir=tmp_path, INGEST_PUSHGATEWAY=f"127.0.0.1:{server.server_port}")
    assert unreachable.returncode == 0 and "ingest metrics not delivered" in unreachable.stderr


# --- Re-ingesting while an app serves (embedded Chroma) ---------------------------------------------


def ingest_process(corpus: Path, env_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "CHROMA_DIR": str(env_dir / "chroma"), "CHROMA_HOST": ""}
    return subprocess.Popen([sys.executable, str(ROOT / "ingest.py"), str(corpus)], env=env, cwd=env_dir,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def serving_app(tmp_path: Path):
    return Services.load(make_settings(tmp_path, index_refresh_seconds=0))


def test_a_running_app_answers_from_an_ingest_made_by_another_process(tmp_path, corpus_copy):
    assert run_ingest_cli(str(corpus_copy), env_dir=tmp_path).returncode == 0
    app = serving_app(tmp_path)
    question = {"question": "What is the California average salary?"}
    assert "~$170,193" in app.chain.invoke(question)["answer"]
    role = corpus_copy / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("~$170,193", "~$181,000"))
    again = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert again.returncode == 0 and again.stdout.startswith("1 added, 1 removed"), again.stderr
    for _ in range(3):  # every request, not one in two
        assert "~$181,000" in app.chain.invoke(question)["answer"]
    assert app.readiness() is None


def test_checking_for_a_new_ingest_reads_a_pointer_not_every_id(tmp_path, corpus_copy, monkeypatch):
    assert run_ingest_cli(str(corpus_copy), env_dir=tmp_path).returncode == 0
    app = serving_app(tmp_path)
    store = app.retriever._store
    reads = []
    monkeypatch.setattr(store, "get", lambda *args, **kwargs: reads.append(kwargs) or {"ids": []})
    for _ in range(5):
        app.retriever.refresh(force=True)
    assert reads == [] and app.retriever.size > 50


@pytest.mark.parametrize("seconds_into_the_new_generation", [None, 0.0], ids=["loading", "copying"])
def test_a_killed_ingest_leaves_the_served_index_as_it_was(tmp_path, corpus_copy, seconds_into_the_new_generation):
    assert run_ingest_cli(str(corpus_copy), env_dir=tmp_path).returncode == 0
    app = serving_app(tmp_path)
    before = snapshot(app.settings)
    role = corpus_copy / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("- ", "* "))  # most passages change: a long embedding run
    generations = tmp_path / "chroma" / "generations"
    served = set(generations.iterdir())
    process = ingest_process(corpus_copy, tmp_path)
    if seconds_into_the_new_generation is None:
        time.sleep(1.0)  # still parsing and loading the model: nothing written yet
    else:
        deadline = time.monotonic() + 120
        while not set(generations.iterdir()) - served and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(seconds_into_the_new_generation)
    assert process.poll() is None, "the ingest finished before it could be killed"
    process.kill()  # kill -9
    process.wait()
    assert snapshot(app.settings) == before
    assert "~$170,193" in app.chain.invoke({"question": "What is the California average salary?"})["answer"]
    # The next ingest finishes the job and clears what the killed one left.
    assert run_ingest_cli(str(corpus_copy), env_dir=tmp_path).returncode == 0
    assert len(list(generations.iterdir())) <= 3


def test_concurrent_ingests_of_different_corpora_never_merge(tmp_path, corpus_copy):
    other = tmp_path / "other"
    other.mkdir()
    (other / "hiring.md").write_text(EXTRA_DOC)
    processes = [ingest_process(corpus_copy, tmp_path), ingest_process(other, tmp_path)]
    assert [process.wait(timeout=300) for process in processes] == [0, 0]
    sources = {metadata["source"] for _, metadata in snapshot(make_settings(tmp_path)).values()}
    # One corpus or the other, whichever ran last: never both.
    assert len(sources) == 1, sources
