"""The one FastAPI app: JSON API at /api, OpenAI-compatible API at /v1, Slack at /slack, the web chat at /."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant.faces.api import build_api_router, install_error_handlers
from assistant.faces.auth import AdminKeys, ApiKeys
from assistant.faces.contract import HttpContract
from assistant.faces.documents_api import CHANGING_METHODS, DOCUMENTS_PATH, build_documents_router
from assistant.faces.limits import BodyLimit, QuestionRate, Shedding
from assistant.faces.openai_api import build_openai_router
from assistant.faces.slack import slack_bot, slack_router
from assistant.faces.web import GRADIO_UPLOAD_PATH, mount_web_chat
from assistant.ops.request_log import RequestLog, use_json_logs
from assistant.ops.services import Services
from assistant.ops.settings import Settings

ASKING_PATHS = frozenset({"/api/ask", "/v1/chat/completions"})  # the JSON routes that answer a question


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    """The app. Without `services` it is a served app (`python app.py`, `uvicorn --factory`), whose process is its
    own: it loads its services for serving (its model in a process of its own, MODEL_PROCESS) and ends the model
    when it shuts down, before uvicorn re-raises the signal that stopped it. With them (tests), their model is
    theirs to keep."""
    serving = services is None
    services = services or Services.load(settings or Settings(), serving=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        if serving:
            services.retriever.embeddings.close()

    app = FastAPI(
        title="role-assistant",
        description="Cited answers about the Senior ML Infrastructure Engineer role.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.services = services
    install_error_handlers(app)
    app.state.slack_bot = slack_bot(services)
    routers = [build_api_router(services), build_documents_router(services), build_openai_router(services),
               slack_router(services, app.state.slack_bot)]
    for router in routers:
        app.include_router(router)
    app = mount_web_chat(app, services)
    settings = services.settings
    keys, admin_keys = settings.keys(), settings.admin_key_set()  # read once: the files may be mounted secrets
    uploads = {DOCUMENTS_PATH: settings.max_upload_bytes, GRADIO_UPLOAD_PATH: settings.max_upload_bytes}
    # Listed inner first: a request meets the log (and metrics), the contract, the key checks, its rate, then
    # shedding and the body's size.
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes, larger=uploads)
    app.add_middleware(Shedding, admission=services.admission, paths=ASKING_PATHS)
    app.add_middleware(QuestionRate, limiter=services.question_limits, paths=ASKING_PATHS, by_key=bool(keys))
    app.add_middleware(AdminKeys, admin_keys=admin_keys, prefix=DOCUMENTS_PATH, changing=CHANGING_METHODS)
    app.add_middleware(ApiKeys, keys=keys, protect_metrics=settings.metrics_require_key, admin_keys=admin_keys)
    app.add_middleware(HttpContract, routes=HttpContract.routes_of(*routers))
    app.add_middleware(RequestLog, log_questions=settings.log_questions)
    use_json_logs()
    return app
