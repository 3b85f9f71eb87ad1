"""Managing the indexed documents: list them, read their passages, add, replace and remove them.

`service` is the one place that does it, for the API and the web page alike; every change writes the
corpus folder and runs the same ingest as `ingest.py`, under the same lock.
"""
