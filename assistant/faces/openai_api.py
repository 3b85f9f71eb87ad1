"""The assistant as an OpenAI-compatible model under /v1, so chat front-ends and SDKs use it unchanged.

`GET /v1/models` lists one model (SERVED_MODEL_ID); `POST /v1/chat/completions` turns the messages
into a question (the last user message) and its history (the user and assistant turns before it),
asks the same chain as every other face, and returns the answer with its `[n]` markers followed by
a short Markdown "Sources" list, plain or as `chat.completion.chunk` events. Errors use OpenAI's
shape, so clients raise their own exception types.
"""

from __future__ import annotations

import json
import math
import time
import uuid
from contextlib import ExitStack
from typing import Any, Iterator, Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.core.request import InvalidRequest
from assistant.faces.api import remember_answer
from assistant.faces.errors import openai_error
from assistant.ops.services import INGEST_HINT, MODEL_RESTARTING, Services
from assistant.retrieval.embeddings import ModelUnavailableError
from assistant.retrieval.retriever import IndexNotReadyError

CHARS_PER_TOKEN = 4  # the usual rough estimate for English text; no tokenizer is shipped
CREATED = 1_764_547_200  # when the model "was created", as /v1/models reports it: a fixed date, not the start-up time
IGNORED_ROLES = {"system", "developer"}  # the assistant's behaviour is its own; the README says so


class OpenAiProblem(Exception):
    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.param, self.code = status, message, param, code

    def response(self) -> JSONResponse:
        return JSONResponse(status_code=self.status, content=openai_error(self.status, self.message, self.code, self.param))


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")  # name, tool_call_id, ...: accepted and unused
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[dict[str, Any]] | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: bool = False


class ChatRequest(BaseModel):
    # temperature, top_p, max_tokens, user, seed, stop, ...: accepted and ignored (an extractive answer
    # has nothing to sample); what would change the reply's shape is refused below.
    model_config = ConfigDict(extra="allow")
    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int = 1
    tools: list[Any] | None = None


def _text_of(message: ChatMessage, index: int) -> str:
    """A message's text: a string, or the text parts of a list of parts."""
    if message.content is None or isinstance(message.content, str):
        return message.content or ""
    texts = []
    for part in message.content:
        if part.get("type") != "text" or not isinstance(part.get("text"), str):
            raise OpenAiProblem(400, f"only text content is supported, not {part.get('type')!r}", f"messages.{index}.content")
        texts.append(part["text"])
    return "\n".join(texts)


def conversation(messages: list[ChatMessage]) -> tuple[str, list[dict]]:
    """The question (the last user message) and the user and assistant turns before it."""
    turns = [(message.role, _text_of(message, index)) for index, message in enumerate(messages)]
    asked = [index for index, (role, _) in enumerate(turns) if role == "user"]
    if not asked:
        raise OpenAiProblem(400, "messages must include a user message", "messages")
    history = [{"role": role, "content": text} for role, text in turns[: asked[-1]] if role not in IGNORED_ROLES]
    return turns[asked[-1]][1], history


def sources_block(citations: list[dict]) -> str:
    """Each marker's document and heading path, and the quote it gives."""
    if not citations:
        return ""
    lines = ["", "", "**Sources**", ""]
    for citation in citations:
        quote = citation["quotes"][0] if citation["quotes"] else citation["text"].split("\n")[0]
        lines.append(f"- [{citation['n']}] *{citation['section']}*: \"{quote}\"")
    return "\n".join(lines)


def estimated_tokens(text: str) -> int:
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def usage(prompt: str, completion: str) -> dict:
    prompt_tokens, completion_tokens = estimated_tokens(prompt), estimated_tokens(completion)
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens}


def build_openai_router(services: Services) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["openai"])
    model_id = services.settings.served_model_id
    model_object = {"id": model_id, "object": "model", "created": CREATED, "owned_by": "role-assistant"}

    @router.get("/models")
    def list_models() -> dict:
        return {"object": "list", "data": [model_object]}

    @router.get("/models/{model}", responses={404: {}})
    def retrieve_model(model: str):
        if model != model_id:
            return OpenAiProblem(404, f"The model '{model}' does not exist", "model", "model_not_found").response()
        return model_object

    def parsed(body: bytes) -> ChatRequest:
        try:
            request = ChatRequest.model_validate_json(body)
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(part) for part in problem["loc"]) or None
            if problem["type"] == "json_invalid":
                raise OpenAiProblem(400, "the request body is not valid JSON") from None
            raise OpenAiProblem(400, f"{where or 'body'}: {problem['msg']}", where) from None
        if request.model != model_id:
            raise OpenAiProblem(404, f"The model '{request.model}' does not exist; this server serves '{model_id}'",
                                "model", "model_not_found")
        if request.n != 1:
            raise OpenAiProblem(400, "only n=1 is supported", "n")
        if request.tools:
            raise OpenAiProblem(400, "tools are not supported: the assistant answers from its documents only", "tools")
        return request

    def started(inputs: dict, workers: ExitStack) -> tuple[dict, Iterator[dict]]:
        """The chain's first output and the rest, holding an answer worker; a bad question, a missing index or
        a model that stopped is raised here, before any response has begun."""
        workers.enter_context(services.admission.worker())
        stream = iter(services.chain.stream(inputs))
        try:
            return next(stream), stream
        except InvalidRequest as error:
            raise OpenAiProblem(400, f"invalid request: {error}", "messages") from None
        except IndexNotReadyError:
            raise OpenAiProblem(503, INGEST_HINT) from None
        except ModelUnavailableError:
            raise OpenAiProblem(503, MODEL_RESTARTING) from None

    @router.post("/chat/completions", responses={400: {}, 404: {}, 503: {}})
    async def chat_completions(http: Request):
        workers = ExitStack()
        try:
            request = parsed(await http.body())
            question, history = conversation(request.messages)
            first, rest = await run_in_threadpool(started, {"question": question, "history": history}, workers)
        except OpenAiProblem as problem:
            workers.close()
            return problem.response()
        prompt = "\n".join(turn["content"] for turn in history) + "\n" + question
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if not request.stream:
            try:
                result = await run_in_threadpool(_collect, first, rest)
            finally:
                workers.close()
            remember_answer(http, question, result)
            content = result["answer"] + (sources_block(result["citations"]) if result["grounded"] else "")
            return {
                "id": completion_id, "object": "chat.completion", "created": created, "model": model_id,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content, "refusal": None},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": usage(prompt, content),
                "citations": result["citations"],
            }
        include_usage = bool(request.stream_options and request.stream_options.include_usage)

        def events() -> Iterator[str]:
            def chunk(delta: dict, finish_reason: str | None = None, **extra) -> str:
                body = {"id": completion_id, "object": "chat.completion.chunk", "created": created, "model": model_id,
                        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}], **extra}
                return f"data: {json.dumps(body)}\n\n"

            try:
                yield chunk({"role": "assistant", "content": ""})
                content, final = "", {}
                for output in _chained(first, rest):
                    if "answer" in output:  # a model's draft is never sent: only what verification kept
                        content += output["answer"]
                        yield chunk({"content": output["answer"]})
                    elif "citations" in output:
                        final = output
                        remember_answer(http, question, final)
                sources = sources_block(final["citations"]) if final.get("grounded") else ""
                if sources:
                    content += sources
                    yield chunk({"content": sources})
                yield chunk({}, "stop", citations=final.get("citations", []))
                if include_usage:
                    body = {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                            "model": model_id, "choices": [], "usage": usage(prompt, content)}
                    yield f"data: {json.dumps(body)}\n\n"
                yield "data: [DONE]\n\n"
            finally:
                workers.close()

        return StreamingResponse(events(), media_type="text/event-stream", headers={"cache-control": "no-cache"})

    return router


def _chained(first: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield first
    yield from rest


def _collect(first: dict, rest: Iterator[dict]) -> dict:
    """The chain's outputs added up, as `invoke` would return them."""
    result = first
    for output in rest:
        result = result + output
    return result
