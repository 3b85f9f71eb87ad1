"""The digest ingest writes beside each embedded generation: an app starts from it without reading every
passage or embedding a statement, and answers exactly as from an index without one."""

from __future__ import annotations

import shutil

import pytest

from assistant.answerers.extractive import StatementScorer
from assistant.core.chain import build_chain
from assistant.ingest.chunking import SECTION_SEPARATOR
from assistant.ingest.indexing import ingest
from assistant.retrieval import digest as digest_module
from assistant.retrieval import retriever as retriever_module
from assistant.retrieval.digest import load_digest
from assistant.retrieval.embeddings import load_embeddings
from assistant.retrieval.generations import DIGEST, serving_folder
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.store import open_vector_store, read_all_chunks
from tests.conftest import make_settings
from tests.integration.test_ingest import EXTRA_DOC, embedded_texts  # noqa: F401 (a fixture)

QUESTIONS = [
    "What does a Senior ML Infrastructure Engineer do?",
    "What is the interview loop?",
    "What salary does the role pay in California?",
    "Is a PhD required?",
]


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory):
    """The role document and a short Markdown one, ingested once; the tests only read it."""
    root = tmp_path_factory.mktemp("digest")
    corpus = root / "corpus"
    shutil.copytree(make_settings(root).corpus_dir, corpus)
    (corpus / "hiring.md").write_text(EXTRA_DOC.replace("Hiring Notes", "# Hiring Notes").replace("Interview Loop", "## Interview Loop"))
    settings = make_settings(root / "index").model_copy(update={"corpus_dir": corpus})
    ingest([corpus], settings, show_progress=False)
    return settings


def without_digest(settings, tmp_path):
    """A copy of the served index with its digest taken away, as an index made before digests."""
    copy = tmp_path / "no-digest"
    shutil.copytree(serving_folder(settings.chroma_dir), copy, ignore=shutil.ignore_patterns(DIGEST))
    return settings.model_copy(update={"chroma_dir": copy})


def test_an_app_starts_from_the_digest_without_reading_every_passage(two_documents, monkeypatch):
    assert load_digest(serving_folder(two_documents.chroma_dir)) is not None

    def no_full_read(*args, **kwargs):
        raise AssertionError("an index with a digest is never read whole")

    monkeypatch.setattr(digest_module, "read_in_pages", no_full_read)
    retriever = Retriever(load_embeddings(two_documents.embedding_model), two_documents)
    assert retriever.size > 50 and len(retriever.documents()) == 2


def test_retrieval_from_the_digest_is_the_same_as_from_the_store(two_documents, tmp_path):
    model = load_embeddings(two_documents.embedding_model)
    digested = Retriever(model, two_documents)
    built = Retriever(model, without_digest(two_documents, tmp_path))
    assert digested.version == built.version
    for question in QUESTIONS:
        for mode in ("hybrid", "bm25", "dense"):
            assert ([(r.chunk, r.rank_score) for r in digested.retrieve(question, 5, mode)]
                    == [(r.chunk, r.rank_score) for r in built.retrieve(question, 5, mode)]), (question, mode)
    assert digested.topics() == built.topics()
    assert digested.catalog.documents == built.catalog.documents  # every vocabulary field goes through the digest
    assert digested.catalog.named_in("What does the Hiring Notes say?") == built.catalog.named_in("What does the Hiring Notes say?")
    role = next(source for source in digested.documents() if source.endswith(".txt"))
    assert digested.idf("salary", role) == built.idf("salary", role) > 0
    passages = built.passages_of(role)
    assert digested.passages_of(role) == passages
    for section in {chunk.section for chunk in passages} | {passages[0].title}:
        assert digested.passages_under(section) == [
            chunk for chunk in passages if chunk.section == section or chunk.section.startswith(f"{section}{SECTION_SEPARATOR}")
        ]


def test_no_statement_is_embedded_to_answer_and_the_answers_are_unchanged(two_documents, tmp_path, embedded_texts):  # noqa: F811
    settings = two_documents
    chunks = read_all_chunks(open_vector_store(settings, load_embeddings(settings.embedding_model)))
    statement_texts = {text for chunk in chunks for text in StatementScorer.scored_texts(chunk)}
    digested = build_chain(settings)
    answers = [digested.invoke({"question": question}) for question in QUESTIONS]
    assert statement_texts and not statement_texts & set(embedded_texts)
    # From an index without a digest, an app builds one itself, statement vectors and all, and answers the same.
    built = build_chain(without_digest(settings, tmp_path))
    for question, answer in zip(QUESTIONS, answers):
        again = built.invoke({"question": question})
        assert (again["answer"], again["citations"]) == (answer["answer"], answer["citations"])
    assert statement_texts & set(embedded_texts)


def test_an_index_made_before_digests_gets_one_from_its_next_ingest(two_documents, tmp_path, embedded_texts):  # noqa: F811
    settings = two_documents.model_copy(update={"chroma_dir": tmp_path / "index"})
    shutil.copytree(serving_folder(two_documents.chroma_dir), settings.chroma_dir, ignore=shutil.ignore_patterns(DIGEST))
    assert load_digest(serving_folder(settings.chroma_dir)) is None
    report = ingest([settings.corpus_dir], settings, show_progress=False)
    assert (report.added, report.removed) == (0, 0)
    served = serving_folder(settings.chroma_dir)
    assert served != settings.chroma_dir and load_digest(served) is not None
    assert ingest([settings.corpus_dir], settings, show_progress=False).added == 0
    assert serving_folder(settings.chroma_dir) == served  # an index with its digest needs no new generation


def test_the_keyword_ranking_keeps_the_pool_best_in_document_order_at_ties(two_documents, monkeypatch):
    retriever = Retriever(load_embeddings(two_documents.embedding_model), two_documents)
    snapshot = retriever._snapshot
    for question in QUESTIONS:
        scores = snapshot.digest.keywords.get_scores([form for term in retriever_module.content_terms(question, expand=True)
                                                      if (form := snapshot.corpus_form(term))])
        expected = [int(index) for index in sorted(range(len(scores)), key=lambda index: -scores[index])[:7] if scores[index] > 0]
        assert retriever._keyword_ranking(snapshot, question, 7, None) == expected
