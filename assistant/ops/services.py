"""What the app loads once at start-up and every face shares: settings, retriever, chain, feedback store."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from langchain_core.runnables import Runnable

from assistant.core.chain import build_chain, open_retriever
from assistant.documents.changes import DocumentChanges
from assistant.documents.service import DocumentService
from assistant.ops.admission import Admission
from assistant.ops.feedback import AnsweredTurn, FeedbackStore
from assistant.ops.rate_limits import RateLimiter
from assistant.ops.settings import Settings
from assistant.retrieval.retriever import Retriever

INGEST_HINT = "the index is empty: run `python ingest.py` to index the corpus"
MODEL_RESTARTING = "the embedding model stopped and is starting again: ask again in a moment"

logger = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    retriever: Retriever
    chain: Runnable
    feedback: FeedbackStore
    admission: Admission
    feedback_limits: RateLimiter
    question_limits: RateLimiter
    documents: DocumentService

    @classmethod
    def load(cls, settings: Settings, serving: bool = False) -> "Services":
        """`serving`: for a served app, whose model may run in a process of its own (MODEL_PROCESS)."""
        retriever = open_retriever(settings, serving)
        feedback = FeedbackStore(settings.feedback_location)
        documents = DocumentService(settings, retriever, DocumentChanges(feedback.engine, feedback.table("document_changes")))
        services = cls(settings, retriever, build_chain(settings, retriever), feedback,
                       Admission(settings.max_in_flight, settings.answer_workers), RateLimiter(settings.max_votes_per_minute),
                       RateLimiter(settings.questions_per_minute), documents)
        retriever.embeddings.wait_loaded()  # loading on its own thread all along: ready means loaded
        return services

    def readiness(self) -> str | None:
        """None when answers can be served, otherwise the reason they cannot."""
        model_not_ready = self.retriever.embeddings.readiness()
        if model_not_ready:
            return model_not_ready
        try:
            self.retriever.refresh()
        except Exception:  # the store went away: report it rather than fail the probe, and log the cause
            logger.exception("readiness: the vector store is unavailable")
            return "the vector store is unavailable"
        return None if self.retriever.size else INGEST_HINT

    def answer_settings(self) -> dict:
        """The settings that shape an answer, saved with feedback so a vote can be traced to them."""
        return self.settings.answer_shaping()

    def answered_turn(self, question: str, history: list[dict], result: dict) -> AnsweredTurn:
        """A face's answer, with the settings and corpus version that produced it."""
        return AnsweredTurn(question, history, result["answer"], result["citations"], result["grounded"],
                            self.answer_settings(), self.retriever.version)
