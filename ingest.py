"""Index the corpus: `python ingest.py [PATH ...]` (default: the corpus folder from settings)."""

from assistant.ops.cli import ingest_main

if __name__ == "__main__":
    raise SystemExit(ingest_main())
