"""The one place that lists the indexed documents, shows their passages, and adds, replaces and removes
them: the JSON API and the web page are thin faces over it.

What is listed is what the index serves. A change writes the corpus folder (CORPUS_DIR) crash-safely and
then runs the same sync as `python ingest.py` over that folder, under the same lock, so the two never
disagree: the index holds exactly the folder's documents after either. Only changed passages are embedded.
This replica sees the change at once; the others within INDEX_REFRESH_SECONDS.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from assistant.documents.changes import DocumentChange, DocumentChanges
from assistant.documents.corpus_edit import CorpusEdit, recover
from assistant.documents.uploads import CheckedUpload, DocumentError, Upload, check_upload
from assistant.ingest.document import CorpusError, display_path
from assistant.ingest.indexing import IngestReport, PassageCounts, ingest_lock, sync
from assistant.ingest.loader import files_under
from assistant.ops.settings import Settings
from assistant.retrieval.digest import DocumentFacts
from assistant.retrieval.retriever import Retriever
from assistant.retrieval.store import corpus_version

Progress = Callable[[float, str], None]  # (share done, what is happening)
RECENT_CHANGES = 20


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    title: str
    file_name: str
    source: str  # as citations name it
    format: str
    passages: int
    indexed_at: str  # when its newest passage was embedded (ISO 8601, UTC)
    version: str  # names the exact set of its passages: changes whenever its content does


@dataclass(frozen=True)
class Passage:
    id: str
    section: str  # the heading path, starting with the document's title
    text: str


def document_id(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _summary(source: str, facts: DocumentFacts, ids: list[str]) -> DocumentSummary:
    return DocumentSummary(
        id=document_id(source), title=facts.title, file_name=Path(source).name, source=source, format=facts.format,
        passages=len(ids), indexed_at=facts.indexed_at, version=corpus_version(ids),
    )


class DocumentService:
    def __init__(self, settings: Settings, retriever: Retriever, changes: DocumentChanges):
        self.settings = settings
        self.retriever = retriever
        self.changes = changes

    @property
    def folder(self) -> Path:
        return self.settings.corpus_dir

    def _by_source(self) -> dict[str, tuple[DocumentFacts, list[str]]]:
        self.retriever.refresh()
        return self.retriever.documents()

    def documents(self) -> list[DocumentSummary]:
        listed = [_summary(source, facts, ids) for source, (facts, ids) in self._by_source().items()]
        return sorted(listed, key=lambda document: (document.title.casefold(), document.source))

    def document(self, id: str) -> tuple[DocumentSummary, list[Passage]]:
        for source, (facts, ids) in self._by_source().items():
            if document_id(source) == id:
                passages = [Passage(chunk.id, chunk.section, chunk.text) for chunk in self.retriever.passages(ids)]
                return _summary(source, facts, ids), passages
        raise DocumentError("not_found", f"no indexed document has the id {id!r}")

    def recent_changes(self, limit: int = RECENT_CHANGES) -> list[DocumentChange]:
        return self.changes.recent(limit)

    def upload(self, uploads: list[Upload], actor: str, progress: Progress | None = None) -> list[DocumentChange]:
        """Add each file to the corpus folder (replacing one of the same name) and index them in one sync.
        Every file is checked first: one bad file, and nothing changes."""
        if not uploads:
            raise DocumentError("unreadable", "no file was uploaded")
        _step(progress, 0.0, "Checking the files")
        checked = [check_upload(upload, self.folder, self.settings.max_upload_bytes) for upload in uploads]
        names = [upload.file_name for upload in checked]
        if len(set(names)) != len(names):
            raise DocumentError("unreadable", "two of the files would have the same name: upload them one at a time")
        with self._writing(), ingest_lock(self.settings):
            self.folder.mkdir(parents=True, exist_ok=True)
            recover(self.folder)
            edit = CorpusEdit(self.folder)
            existed = {upload.file_name: (self.folder / upload.file_name).exists() for upload in checked}
            report = self._sync(edit, lambda: [edit.write(upload.file_name, upload.data) for upload in checked], progress)
        return self._record(actor, report, [
            (upload, "replaced" if existed[upload.file_name] else "added") for upload in checked])

    def remove(self, id: str, actor: str) -> DocumentChange:
        with self._writing(), ingest_lock(self.settings):
            recover(self.folder)
            self.retriever.refresh(force=True)
            summary, _passages = self.document(id)
            found, _skipped = files_under(self.folder) if self.folder.is_dir() else ([], [])
            path = next((file for file in found if display_path(file) == summary.source), None)
            if path is None:
                raise DocumentError("conflict", f"{summary.source} is indexed but not in the corpus folder, so it cannot "
                                                "be removed here; run `python ingest.py` to index the corpus folder")
            edit = CorpusEdit(self.folder)
            report = self._sync(edit, lambda: edit.remove(path), None)
        counts = report.by_source.get(summary.source, PassageCounts())
        (change,) = self.changes.record([DocumentChange(actor, "removed", summary.id, summary.file_name, summary.title, 0,
                                                        counts.removed, 0, report.version)])
        return change

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """A corpus folder that cannot be written (a read-only volume) refuses the change in words."""
        try:
            yield
        except OSError as error:
            raise DocumentError("unwritable", f"the corpus folder {self.folder} cannot be written here "
                                              f"({error.strerror or error}), so nothing changed") from None

    def _sync(self, edit: CorpusEdit, change: Callable[[], object], progress: Progress | None) -> IngestReport:
        """Make the change to the folder, then index the folder; if indexing fails, undo the change."""
        def embedding(done: int, total: int) -> None:
            _step(progress, 0.1 + 0.85 * done / total, f"Embedding passages: {done} of {total}")

        try:
            change()
            _step(progress, 0.1, "Reading the documents")
            report = sync([self.folder], self.settings, show_progress=False, progress=embedding,
                          embeddings=self.retriever.embeddings)
        except CorpusError as error:
            edit.undo()
            raise DocumentError("conflict", f"the corpus could not be indexed, so nothing changed: {error}") from None
        except BaseException:
            edit.undo()
            raise
        edit.done()
        _step(progress, 1.0, "Indexed")
        self.retriever.refresh(force=True)  # this replica answers from it at once
        return report

    def _record(self, actor: str, report: IngestReport,
                uploads: list[tuple[CheckedUpload, str]]) -> list[DocumentChange]:
        changes = []
        for upload, action in uploads:
            counts = report.by_source.get(upload.document.source, PassageCounts())
            changes.append(DocumentChange(actor, action, document_id(upload.document.source), upload.file_name,
                                          upload.document.title, counts.added,
                                          counts.removed, counts.unchanged, report.version))
        return self.changes.record(changes)


def _step(progress: Progress | None, share: float, what: str) -> None:
    if progress:
        progress(share, what)
