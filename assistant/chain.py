"""The retrieval chain: one LangChain Runnable that every face (API, web, Slack, eval) calls.

Input: {"question": str, "history": [{"role", "content"}], "k": int (optional)}.
Output: {"answer": str, "citations": [...], "grounded": bool, "question": the resolved question,
"timings_ms": {...}}. Streaming yields the answer one statement at a time, then the rest.
"""

from __future__ import annotations

import re
import time
from typing import Any, Iterator

import numpy as np
from langchain_core.runnables import Runnable, RunnableGenerator, RunnableLambda
from langchain_core.runnables.utils import AddableDict

from assistant.answering import ExtractiveAnswerer, StatementScorer, compose, refusal, stream_lines
from assistant.embeddings import load_embeddings
from assistant.chunking import SECTION_SEPARATOR
from assistant.followup import ResolvedQuestion, resolve_question
from assistant.retrieval import Retrieved, Retriever
from assistant.settings import Settings
from assistant.store import open_vector_store
from assistant.text import names_in


def open_retriever(settings: Settings) -> Retriever:
    embeddings = load_embeddings(settings.embedding_model)
    return Retriever(open_vector_store(settings, embeddings), embeddings, settings)


def _elapsed_ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def without_subject(question: str, pattern: re.Pattern) -> str:
    """The question minus the corpus's subject ("a Senior ML Infrastructure Engineer"), unless nothing is left."""
    stripped = " ".join(pattern.sub(" ", question).split())
    return stripped if len(stripped.split()) > 1 else question


def build_chain(settings: Settings | None = None, retriever: Retriever | None = None) -> Runnable:
    settings = settings or Settings()
    retriever = retriever or open_retriever(settings)
    scorer = StatementScorer(retriever.embed_documents, retriever.idf, retriever.corpus_form, settings)
    answerer = ExtractiveAnswerer(scorer, retriever.passages_under, settings)
    subject = re.compile(settings.subject_pattern, re.IGNORECASE)

    def prepare(inputs: dict[str, Any]) -> dict[str, Any]:
        question = inputs.get("question")
        if not isinstance(question, str) or not question.strip():
            raise ValueError("question must be a non-empty string")
        history = inputs.get("history") or []
        return {
            "question": question.strip(),
            "resolved": resolve_question(question, history),
            "k": int(inputs.get("k") or settings.top_k),
        }

    def retrieve(state: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        resolved: ResolvedQuestion = state["resolved"]
        query, focus = without_subject(resolved.query, subject), without_subject(resolved.question, subject)
        vector = retriever.embed_query(query)
        if resolved.is_follow_up:
            # The earlier question sets the topic, the new words say what is asked about it.
            vector = vector + retriever.embed_query(focus)
            vector = vector / np.linalg.norm(vector)
        passages = retriever.retrieve(query, state["k"], settings.retrieval_mode, vector)
        topic = None
        if resolved.is_follow_up:
            # The answer to "And the experienced tier?" usually sits beside the answer to the question before.
            earlier = retriever.retrieve(without_subject(resolved.previous, subject), settings.follow_up_passages, settings.retrieval_mode)
            topic = earlier[0].chunk.section.split(SECTION_SEPARATOR)[0] if earlier else None
            seen = {p.chunk.id for p in passages}
            passages += [
                Retrieved(p.chunk, p.rank_score, retriever.similarity(vector, p.chunk.id))
                for p in earlier
                if p.chunk.id not in seen
            ]
        return {
            **state,
            "focus": focus,
            "topic": topic,
            "vector": vector,
            "passages": passages,
            "retrieve_ms": _elapsed_ms(started),
        }

    def answer(states: Iterator[dict[str, Any]]) -> Iterator[AddableDict]:
        for state in states:
            started = time.perf_counter()
            passages = state["passages"]
            # A question naming a place, company or product the corpus never mentions asks what it cannot answer.
            unknown = [name for name in names_in(state["focus"]) if not retriever.knows(name)]
            chosen = [] if unknown else answerer.answer(state["vector"], state["focus"], passages, state["topic"])
            if chosen:
                similarity_of = {p.chunk.id: p.similarity for p in passages}
                result = compose(chosen, lambda chunk: similarity_of.get(chunk.id) or retriever.similarity(state["vector"], chunk.id))
            else:
                result = refusal(retriever.topics(), unknown)
            for piece in stream_lines(result):
                yield AddableDict(answer=piece)
            yield AddableDict(
                citations=[citation.as_dict() for citation in result.citations],
                grounded=result.grounded,
                question=state["resolved"].query,
                # What was searched, then anything the answer quotes beyond it (a whole list's entries).
                retrieved=list(dict.fromkeys([p.chunk.id for p in passages] + [c.chunk.id for c in result.citations])),
                timings_ms={"retrieve": state["retrieve_ms"], "answer": _elapsed_ms(started)},
            )

    return (RunnableLambda(prepare) | RunnableLambda(retrieve) | RunnableGenerator(answer)).with_config(
        run_name="role_assistant"
    )
