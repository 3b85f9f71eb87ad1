"""The JSON API: POST /api/ask, plus health and readiness probes."""

from __future__ import annotations

import time
from typing import Literal

import anyio.from_thread
from fastapi import APIRouter, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from assistant.core.request import InvalidRequest
from assistant.core.timing import elapsed_ms
from assistant.ops.metrics import exposition, record_index
from assistant.ops.services import INGEST_HINT, MODEL_RESTARTING, Services
from assistant.retrieval.embeddings import ModelUnavailableError
from assistant.retrieval.retriever import IndexNotReadyError


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: StrictStr


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt "histroy" is an error, not a question without history
    question: StrictStr = Field(description="The question, at most MAX_QUESTION_CHARS characters.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns, oldest first.")
    k: StrictInt | None = Field(None, ge=1, le=20, description="Passages to retrieve (default TOP_K).")


class Citation(BaseModel):
    n: int
    id: str
    source: str
    title: str = Field(description="The title of the document the passage comes from.")
    section: str = Field(description="The passage's heading path, starting with the document's title.")
    text: str
    score: float
    quotes: list[str] = Field(description="The sentences of `text` that the answer uses.")


class Quote(BaseModel):
    id: str = Field(description="The cited passage's id.")
    start: int = Field(description="Where the quote starts in that passage's `text`.")
    end: int


class Statement(BaseModel):
    text: str = Field(description="A quote from a passage, verbatim; with answerer llm, the model's verified sentence.")
    heading: str = Field(description="The quote's heading, to show before it when it settles the question; often empty.")
    citations: list[int] = Field(description="The numbers (`n`) of the citations it rests on.")
    document: str = Field(description="The title of the document it comes from.")
    quote: Quote


class AskResponse(BaseModel):
    answer: str = Field(description="The answer as text: statements with [n] markers, one per line.")
    grounded: bool
    answerer: Literal["extractive", "llm"] = Field(
        description="Whose text this is: llm when a model phrased it and its sentences were verified; "
        "extractive for quotes, including after a model failed or too little of its reply held."
    )
    statements: list[Statement] = Field(description="The answer's statements, for clients that render their own.")
    attributed: bool = Field(description="Several documents are indexed: group the statements under `document`.")
    citations: list[Citation]
    timings_ms: dict[str, float]


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str, details: list | None = None) -> JSONResponse:
    body = {"error": message}
    if details:
        body["details"] = details
    return JSONResponse(status_code=status, content=jsonable_encoder(body))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        if any(problem.get("type") == "json_invalid" for problem in problems):
            return _error(400, "the request body is not valid JSON")
        details = [
            {"field": ".".join(str(part) for part in problem["loc"][1:]) or "body", "problem": problem["msg"]}
            for problem in problems
        ]
        summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details)
        return _error(422, f"invalid request: {summary}", details)

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, error: ApiError) -> JSONResponse:
        return _error(error.status, error.message)


def remember_answer(http: Request, question: str, result: dict) -> None:
    """What the request log line says of an answer (the question itself only with LOG_QUESTIONS)."""
    http.state.answer = {"grounded": result["grounded"], "answerer": result["answerer"], "question": question}


def build_api_router(services: Services) -> APIRouter:
    router = APIRouter()

    @router.post("/api/ask", response_model=AskResponse, responses={422: {}, 400: {}, 503: {}})
    def ask(request: AskRequest, http: Request) -> dict:
        # Run in a worker thread; its place among MAX_IN_FLIGHT was taken on arrival (faces.limits.Shedding).
        started = time.perf_counter()
        inputs = {"question": request.question, "history": [t.model_dump() for t in request.history], "k": request.k}
        try:
            with services.admission.worker() as waited:
                # A client that gave up while its question waited for the worker gets no answer worked out.
                if waited and anyio.from_thread.run(http.is_disconnected):
                    raise ApiError(499, "the client closed the request")  # nginx's code; nobody reads it
                result = services.chain.invoke(inputs)
        except InvalidRequest as error:
            raise ApiError(422, f"invalid request: {error}") from None
        except IndexNotReadyError:
            raise ApiError(503, INGEST_HINT) from None
        except ModelUnavailableError:
            raise ApiError(503, MODEL_RESTARTING) from None
        timings = {**result["timings_ms"], "total": elapsed_ms(started)}
        remember_answer(http, request.question, result)
        return {**result, "timings_ms": timings}

    @router.get("/metrics", response_class=Response)
    def metrics() -> Response:
        """Prometheus metrics, in its text format."""
        record_index(services.retriever.size, services.retriever.version)
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    @router.get("/healthz")
    def healthz() -> dict:
        return {"status": "ok"}

    @router.get("/readyz", responses={503: {}})
    def readyz():
        reason = services.readiness()
        if reason:
            return _error(503, reason)
        return {"status": "ready", "passages": services.retriever.size, "corpus_version": services.retriever.version}

    return router
