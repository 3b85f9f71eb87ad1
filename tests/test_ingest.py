"""Ingest against a real embedded Chroma: idempotence, changes, deletions, and bad input that changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.embeddings import load_embeddings
from assistant.indexing import ingest
from assistant.loader import CorpusError
from assistant.store import open_vector_store
from tests.conftest import ROOT, make_settings

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


def test_reingest_of_an_unchanged_corpus_embeds_nothing(indexed_copy):
    settings, corpus, first = indexed_copy
    assert first.added > 0 and first.removed == 0 and first.unchanged == 0
    again = ingest([corpus], settings, show_progress=False)
    assert again.summary() == f"0 added, 0 removed, {first.added} unchanged"


def test_a_changed_file_replaces_only_its_own_changed_chunks(indexed_copy):
    settings, corpus, first = indexed_copy
    before = snapshot(settings)
    role = corpus / "senior-ml-infrastructure-engineer.txt"
    role.write_text(role.read_text().replace("~$170,193", "~$171,000"))
    report = ingest([corpus], settings, show_progress=False)
    assert (report.added, report.removed) == (1, 1)
    after = snapshot(settings)
    changed = set(before) ^ set(after)
    assert len(changed) == 2
    new_id = (set(after) - set(before)).pop()
    assert "~$171,000" in after[new_id][0] and after[new_id][1]["section"] == "Market Demand > Compensation"
    hiring = {i for i, (_, m) in before.items() if m["source"].endswith("hiring.md")}
    assert hiring and hiring <= set(after)


def test_a_deleted_file_loses_its_chunks(indexed_copy):
    settings, corpus, first = indexed_copy
    (corpus / "hiring.md").unlink()
    report = ingest([corpus], settings, show_progress=False)
    assert report.added == 0 and report.removed == 2
    assert not any(m["source"].endswith("hiring.md") for _, m in snapshot(settings).values())


def _bad_inputs(corpus: Path, tmp_path: Path) -> dict[str, list[Path]]:
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "latin1.txt").write_bytes("Salaire: 170 000 \xe9".encode("latin-1"))
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "image.png").write_bytes(b"\x89PNG")
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")
    return {
        "empty file": [corpus, tmp_path / "empty.txt"],
        "not UTF-8": [corpus, tmp_path / "latin1.txt"],
        "unreadable": [corpus, tmp_path / "dangling.txt"],
        "unsupported type": [corpus, tmp_path / "notes.pdf"],
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
        "unsupported type": "unsupported file type",
        "missing path": "no such file or folder",
        "empty corpus": "corpus is empty",
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


def run_ingest_cli(*args: str, env_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CHROMA_DIR": str(env_dir / "chroma"), "CHROMA_HOST": ""}
    return subprocess.run(
        [sys.executable, str(ROOT / "ingest.py"), *args], capture_output=True, text=True, env=env, cwd=env_dir, timeout=300
    )


def test_cli_prints_progress_and_summary_and_fails_with_a_message(tmp_path, corpus_copy):
    first = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "embedding" in first.stderr and "passage" in first.stderr  # the progress bar
    count = int(first.stdout.split(" added")[0])
    second = run_ingest_cli(str(corpus_copy), env_dir=tmp_path)
    assert second.stdout.startswith(f"0 added, 0 removed, {count} unchanged")
    bad = run_ingest_cli(str(tmp_path / "missing"), env_dir=tmp_path)
    assert bad.returncode != 0
    assert "no such file or folder" in bad.stderr and "index was not changed" in bad.stderr
    assert "Traceback" not in bad.stderr
