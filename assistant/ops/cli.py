"""Command-line entry points behind ingest.py and app.py."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from assistant.ops.settings import Settings
from assistant.retrieval.embeddings import ModelNotFoundError, ModelUnavailableError, app_model


def ingest_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ingest.py", description="Index role documents (.txt, .md, .html, .docx, .pdf) into the vector store.")
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: CORPUS_DIR)")
    args = parser.parse_args(argv)
    settings = Settings()
    from assistant.documents.corpus_edit import recover  # these import the model stack; keep --help fast
    from assistant.ingest.indexing import ingest_lock, sync
    from assistant.ingest.loader import CorpusError
    from assistant.retrieval.store import StoreUnavailableError

    paths = args.paths or [settings.corpus_dir]
    started = time.perf_counter()
    try:
        with ingest_lock(settings):
            for folder in (path for path in paths if path.is_dir()):
                recover(folder)  # a change from the Documents page that a crash cut short is undone first
            report = sync(paths, settings)
    except (CorpusError, StoreUnavailableError, ModelNotFoundError) as error:
        print(f"ingest failed: {error}. The index was not changed.", file=sys.stderr)
        _report_metrics(settings, time.perf_counter() - started, None)
        return 2
    seconds = time.perf_counter() - started
    print(report.summary())
    print(f"ingest took {seconds:.1f}s", file=sys.stderr)
    _report_metrics(settings, seconds, report)
    return 0


def _report_metrics(settings: Settings, seconds: float, report) -> None:
    """Ingest's metrics, where they were asked for; failing to deliver them never fails the ingest."""
    from assistant.ops.metrics import report_ingest

    try:
        report_ingest(seconds, report, settings.ingest_metrics_file, settings.ingest_pushgateway)
    except OSError as error:
        print(f"ingest metrics not delivered: {error}", file=sys.stderr)


def app_main(argv: list[str] | None = None) -> int:
    # What start-up makes lives as long as the process, yet the collector went over it again and again as it
    # grew: 11 full collections, 2.2 of the 12 s to ready at 88,000 passages. So none run until the app is made;
    # then it is frozen (never scanned again) and collection resumes for what requests make. Start-up's own
    # cyclic garbage stays (17 MB more resident at 88,000 passages): collecting it would cost 0.9 s before ready.
    gc.disable()
    settings = Settings()
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the web chat, the JSON API and Slack.")
    parser.add_argument("--host", default=settings.app_host)
    parser.add_argument("--port", type=int, default=settings.app_port)
    args = parser.parse_args(argv)
    try:
        app_model(settings, serving=True)  # starts loading on its own thread, while the faces import below (the model is half the start-up)
    except ModelNotFoundError as error:
        return _cannot_start(error)
    import uvicorn

    from assistant.faces.gradio_stubs import skip_stub_writer

    skip_stub_writer()
    from assistant.faces.server import create_app
    from assistant.faces.web_login import UsersFileError
    from assistant.retrieval.store import StoreUnavailableError

    try:
        app = create_app(settings)
    except (StoreUnavailableError, ModelNotFoundError, ModelUnavailableError, UsersFileError) as error:
        return _cannot_start(error)
    gc.freeze()
    gc.enable()
    uvicorn.run(app, host=args.host, port=args.port, log_level="info")
    return 0


def _cannot_start(error: Exception) -> int:
    print(f"cannot start: {error}", file=sys.stderr)
    return 2
