"""Shared fixtures: a real index of the real corpus, real services, and the app served over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from assistant.ingest.indexing import ingest
from assistant.ops.services import Services
from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import BUNDLED_MODEL, InItsOwnProcess, OnItsOwnThread, resolve_model_path
from tests.postgres import running_postgres

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def make_settings(tmp: Path, **overrides) -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    values = {
        "corpus_dir": CORPUS,
        "chroma_dir": tmp / "chroma",
        "feedback_db": tmp / "feedback.sqlite3",
        "chroma_host": None,
        "slack_bot_token": None,
        "slack_signing_secret": None,
        "index_refresh_seconds": 0,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
def indexed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The real corpus, ingested once per test session into an embedded Chroma."""
    settings = make_settings(tmp_path_factory.mktemp("index"))
    ingest([CORPUS], settings, show_progress=False)
    return settings


@pytest.fixture(scope="session")
def services(indexed_settings: Settings) -> Services:
    return Services.load(indexed_settings)


@pytest.fixture(scope="session")
def chain(services: Services):
    return services.chain


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of the corpus a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


def model_in_its_process() -> OnItsOwnThread:
    """The bundled model in a process of its own, as a served app runs it; the caller closes it."""
    return OnItsOwnThread(lambda: InItsOwnProcess(resolve_model_path(BUNDLED_MODEL), threads=1))


def kill_mid_batch(monkeypatch: pytest.MonkeyPatch, model: OnItsOwnThread) -> int:
    """Have the model's process killed (SIGKILL, by its PID) once its next batch has been sent to it; its PID."""
    model.wait_loaded()
    process = model._model
    reply = process._reply

    def killed_first():
        os.kill(process._process.pid, signal.SIGKILL)
        return reply()

    monkeypatch.setattr(process, "_reply", killed_first)
    return process._process.pid


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServedApp:
    """An ASGI app served by uvicorn on a loopback port in a background thread."""

    def __init__(self, app, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> "ServedApp":
        self._thread.start()
        deadline = time.monotonic() + 60
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)


@pytest.fixture(scope="session")
def served_app(services: Services) -> Iterator[ServedApp]:
    """The full app (API, web page, Slack endpoints) over real HTTP."""
    from assistant.faces.server import create_app

    with ServedApp(create_app(services=services)) as served:
        yield served


MULTI_CORPUS = ROOT / "eval" / "corpora" / "roles"


@pytest.fixture(scope="session")
def multi_services(tmp_path_factory: pytest.TempPathFactory) -> Services:
    """The multi-document corpus (several roles, every format), ingested once into its own embedded Chroma."""
    settings = make_settings(tmp_path_factory.mktemp("multi-index"), corpus_dir=MULTI_CORPUS)
    ingest([MULTI_CORPUS], settings, show_progress=False)
    return Services.load(settings)


CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory) -> Iterator[int]:
    """A real `chroma run` server on loopback, for server mode; yields its port."""
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.fail("the `chroma` command from the chromadb package is missing")
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("chroma run did not start")
        time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL (Debian's package) on loopback, in a temporary data directory; yields its URL."""
    with running_postgres() as url:
        yield url
