"""The retrieval chain: one LangChain Runnable that every face (API, web, Slack, eval) calls.

Input: {"question": str, "history": [{"role", "content"}], "k": int (optional)}.
Output: {"answer": str, "citations": [...], "grounded": bool, "question": the resolved question,
"timings_ms": {...}}. Streaming yields the answer one statement at a time, then the rest.
"""

from __future__ import annotations

import time
from typing import Any, Iterator

from langchain_core.runnables import Runnable, RunnableGenerator, RunnableLambda
from langchain_core.runnables.utils import AddableDict

from assistant.answering import StatementScorer, compose, passage_statements, refusal, select_statements, stream_lines
from assistant.embeddings import load_embeddings
from assistant.followup import resolve_question
from assistant.retrieval import Retriever
from assistant.settings import Settings
from assistant.store import open_vector_store


def open_retriever(settings: Settings) -> Retriever:
    embeddings = load_embeddings(settings.embedding_model)
    return Retriever(open_vector_store(settings, embeddings), embeddings, settings)


def _elapsed_ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def build_chain(settings: Settings | None = None, retriever: Retriever | None = None) -> Runnable:
    settings = settings or Settings()
    retriever = retriever or open_retriever(settings)
    scorer = StatementScorer(retriever.embed_documents, retriever.idf, settings)

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
        vector = retriever.embed_query(state["resolved"])
        passages = retriever.retrieve(state["resolved"], state["k"], settings.retrieval_mode, vector)
        return {**state, "vector": vector, "passages": passages, "retrieve_ms": _elapsed_ms(started)}

    def answer(states: Iterator[dict[str, Any]]) -> Iterator[AddableDict]:
        for state in states:
            started = time.perf_counter()
            passages = state["passages"]
            best = max((p.similarity for p in passages), default=0.0)
            if best < settings.refusal_threshold:
                result = refusal(retriever.topics())
            else:
                candidates = [s for p in passages for s in passage_statements(p.chunk)]
                scored = scorer.score(state["vector"], state["question"], candidates)
                chosen = select_statements(scored, settings)
                result = compose(chosen, {p.chunk.id: p.similarity for p in passages}) if chosen else refusal(retriever.topics())
            for piece in stream_lines(result):
                yield AddableDict(answer=piece)
            yield AddableDict(
                citations=[citation.as_dict() for citation in result.citations],
                grounded=result.grounded,
                question=state["resolved"],
                retrieved=[p.chunk.id for p in passages],
                timings_ms={"retrieve": state["retrieve_ms"], "answer": _elapsed_ms(started)},
            )

    return (RunnableLambda(prepare) | RunnableLambda(retrieve) | RunnableGenerator(answer)).with_config(
        run_name="role_assistant"
    )
