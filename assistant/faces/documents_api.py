"""The JSON API over the indexed documents: list them, read one's passages, upload, remove, and the
record of changes. A thin face over `assistant.documents.service`; who may change documents is settled
before a route runs (`assistant.faces.auth.AdminKeys`)."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, File, Query, Request, UploadFile
from pydantic import BaseModel, Field

from assistant.documents.changes import DocumentChange
from assistant.documents.service import DocumentSummary, Passage
from assistant.documents.uploads import DocumentError, Upload
from assistant.faces.api import ApiError
from assistant.faces.auth import key_fingerprint
from assistant.faces.limits import bearer_key
from assistant.ops.services import Services

DOCUMENTS_PATH = "/api/documents"
CHANGING_METHODS = frozenset({"POST", "DELETE"})
STATUS_OF = {"not_found": 404, "too_big": 413, "unsupported": 415, "unreadable": 422, "conflict": 409,
             "unwritable": 503}
ERRORS = {status: {"description": kind.replace("_", " ")} for kind, status in STATUS_OF.items()}
AUTH_ERRORS = {401: {"description": "no admin key"}, 403: {"description": "not an admin key"}}
READ_CHUNK = 1 << 20


class DocumentWithPassages(BaseModel):
    document: DocumentSummary
    passages: list[Passage] = Field(description="Heading path (`section`), `text` and `id` of each, in document order.")


class DocumentList(BaseModel):
    documents: list[DocumentSummary]


class ChangeList(BaseModel):
    changes: list[DocumentChange]


def _refused(error: DocumentError) -> ApiError:
    return ApiError(STATUS_OF[error.kind], str(error))


def _read_upload(file: UploadFile, limit: int) -> Upload:
    """The file's bytes, read in pieces and never more than `limit` + 1 of them."""
    data = bytearray()
    while len(data) <= limit and (piece := file.file.read(READ_CHUNK)):
        data += piece
    return Upload(file.filename or "", bytes(data))


def _actor(http: Request) -> str:
    return f"api:{key_fingerprint(bearer_key(http.scope) or b'')}"


def build_documents_router(services: Services) -> APIRouter:
    router = APIRouter(tags=["documents"])
    documents = services.documents

    @router.get(DOCUMENTS_PATH, response_model=DocumentList)
    def list_documents() -> dict:
        """Every indexed document, as the index serves it."""
        return {"documents": [asdict(document) for document in documents.documents()]}

    @router.get(f"{DOCUMENTS_PATH}/changes", response_model=ChangeList)
    def recent_changes(limit: int = Query(20, ge=1, le=200, description="How many, newest first.")) -> dict:
        """The recent changes to the documents: who, what, when, and the passages each moved."""
        return {"changes": [asdict(change) for change in documents.recent_changes(limit)]}

    @router.get(f"{DOCUMENTS_PATH}/{{document_id}}", response_model=DocumentWithPassages, responses={404: ERRORS[404]})
    def read_document(document_id: str) -> dict:
        """One document and its passages as the assistant sees them: heading path, text and id."""
        try:
            summary, passages = documents.document(document_id)
        except DocumentError as error:
            raise _refused(error) from None
        return {"document": asdict(summary), "passages": [asdict(passage) for passage in passages]}

    @router.post(DOCUMENTS_PATH, response_model=ChangeList, responses={**AUTH_ERRORS, **ERRORS})
    def upload_documents(http: Request, files: list[UploadFile] = File(description="One or more documents.")) -> dict:
        """Add documents (a file of the same name replaces its document; only changed passages are
        embedded). Every file is checked first: if one cannot be indexed, nothing changes. Needs an admin key."""
        limit = services.documents.settings.max_upload_bytes
        try:
            changes = documents.upload([_read_upload(file, limit) for file in files], _actor(http))
        except DocumentError as error:
            raise _refused(error) from None
        return {"changes": [asdict(change) for change in changes]}

    @router.delete(f"{DOCUMENTS_PATH}/{{document_id}}", response_model=ChangeList, responses={**AUTH_ERRORS, **ERRORS})
    def remove_document(document_id: str, http: Request) -> dict:
        """Remove a document from the corpus folder and the index. Needs an admin key."""
        try:
            change = documents.remove(document_id, _actor(http))
        except DocumentError as error:
            raise _refused(error) from None
        return {"changes": [asdict(change)]}

    return router
