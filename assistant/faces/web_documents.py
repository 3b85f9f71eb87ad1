"""The web page's Documents tab: the indexed documents, one document's passages, the recent changes, and
for admins (WEB_ADMIN_USERS) uploading and removing documents. A thin face over
`assistant.documents.service`, the same service the JSON API uses."""

from __future__ import annotations

import os
from pathlib import Path

import gradio as gr

from assistant.documents.service import DocumentService
from assistant.documents.uploads import DocumentError, Upload
from assistant.faces.web_render import changes_html, documents_html, passages_html, placeholder_html

OPEN_HINT = "Pick a document above to see its passages as the assistant sees them."
NOT_ADMIN = "Only admins may add or remove documents. You can browse them and their passages."
PICK_FIRST = "Pick the document to remove first."


def _options(documents) -> list[tuple[str, str]]:
    return [(f"{document.title} ({document.file_name})", document.id) for document in documents]


class DocumentsPage:
    def __init__(self, documents: DocumentService, admins: frozenset[str]):
        self.documents = documents
        self.admins = admins

    def _is_admin(self, request: gr.Request | None) -> bool:
        return request is not None and bool(request.username) and request.username in self.admins

    def _listing(self, chosen: str | None = None) -> tuple:
        """(documents table, document picker, recent changes), as they stand now."""
        documents = self.documents.documents()
        ids = {document.id for document in documents}
        picker = gr.update(choices=_options(documents), value=chosen if chosen in ids else None)
        return documents_html(documents), picker, changes_html(self.documents.recent_changes())

    def load(self, request: gr.Request | None = None) -> tuple:
        """The tab when the page opens: the listing, and the controls this user may use."""
        admin = self._is_admin(request)
        return (*self._listing(), gr.update(visible=admin), gr.update(visible=not admin))

    def open(self, document_id: str | None) -> str:
        if not document_id:
            return placeholder_html(OPEN_HINT)
        try:
            summary, passages = self.documents.document(document_id)
        except DocumentError as error:
            return placeholder_html(str(error))
        return passages_html(summary, passages)

    def upload(self, paths: list[str] | None, chosen: str | None, request: gr.Request | None = None,
               progress: gr.Progress = gr.Progress()) -> tuple:
        """Index the uploaded files; returns (status, files box, table, picker, changes)."""
        if not self._is_admin(request):
            return (NOT_ADMIN, gr.update(), *self._listing(chosen))
        if not paths:
            return ("Choose one or more files to upload first.", gr.update(), *self._listing(chosen))
        try:
            uploads = [self._read(Path(path)) for path in paths]
            changes = self.documents.upload(uploads, f"web:{request.username}", lambda share, what: progress(share, desc=what))
        except DocumentError as error:
            return (f"Nothing was changed: {error}", None, *self._listing(chosen))
        finally:
            for path in paths:  # the page keeps no copy of a document; the corpus folder has it now
                Path(path).unlink(missing_ok=True)
        done = "; ".join(f"{change.file_name} {change.action} ({change.passages_added} passages embedded, "
                         f"{change.passages_unchanged} unchanged, {change.passages_removed} removed)" for change in changes)
        return (f"Indexed: {done}. You can ask about it in the chat now.", None, *self._listing(chosen))

    def _read(self, path: Path) -> Upload:
        limit = self.documents.settings.max_upload_bytes
        if os.path.getsize(path) > limit:
            raise DocumentError("too_big", f"{path.name!r} is larger than {limit} bytes")
        return Upload(path.name, path.read_bytes())

    def ask_removal(self, document_id: str | None, request: gr.Request | None = None) -> tuple:
        """The confirmation step; returns (confirmation box, its question, status)."""
        if not self._is_admin(request):
            return gr.update(visible=False), "", NOT_ADMIN
        if not document_id:
            return gr.update(visible=False), "", PICK_FIRST
        try:
            summary, _passages = self.documents.document(document_id)
        except DocumentError as error:
            return gr.update(visible=False), "", str(error)
        question = (f"Remove **{summary.title}** ({summary.file_name}, {summary.passages} passages)? "
                    "The chat stops citing it; the file leaves the corpus folder.")
        return gr.update(visible=True), question, ""

    def remove(self, document_id: str | None, request: gr.Request | None = None) -> tuple:
        """Remove the confirmed document; returns (confirmation box, status, passages, table, picker, changes)."""
        if not self._is_admin(request):
            return (gr.update(visible=False), NOT_ADMIN, gr.update(), *self._listing(document_id))
        try:
            change = self.documents.remove(document_id or "", f"web:{request.username}")
        except DocumentError as error:
            return (gr.update(visible=False), f"Nothing was changed: {error}", gr.update(), *self._listing(document_id))
        status = f"Removed {change.file_name}: {change.passages_removed} passages left the index."
        return (gr.update(visible=False), status, placeholder_html(OPEN_HINT), *self._listing())

    def build(self) -> dict:
        """The tab's parts and events, inside the page's Blocks; returns the event the page runs when it opens."""
        with gr.Tab("Documents", elem_id="documents-tab") as tab:
            gr.Markdown("## Indexed documents")
            table = gr.HTML(elem_id="documents-list")
            picker = gr.Dropdown(label="Open a document", choices=[], elem_id="document-picker")
            passages = gr.HTML(placeholder_html(OPEN_HINT), elem_id="document-passages")
            not_admin = gr.Markdown(NOT_ADMIN, visible=False, elem_id="documents-not-admin")
            with gr.Column(visible=False, elem_id="documents-admin") as admin:
                gr.Markdown("## Add or replace documents\nA file with the name of an indexed one replaces it; "
                            "only its changed passages are embedded again.")
                files = gr.File(label="Documents to upload", file_count="multiple", type="filepath", elem_id="upload-files")
                upload = gr.Button("Upload and index", variant="primary", elem_id="upload-button")
                status = gr.Markdown(elem_id="documents-status")
                remove = gr.Button("Remove the open document", variant="stop", elem_id="remove-button")
                with gr.Column(visible=False, elem_id="confirm-removal") as confirm:
                    question = gr.Markdown()
                    with gr.Row():
                        yes = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove")
                        no = gr.Button("Cancel", elem_id="cancel-remove")
            gr.Markdown("## Recent changes")
            changes = gr.HTML(elem_id="documents-changes")

            listing = [table, picker, changes]
            tab.select(self._listing, inputs=picker, outputs=listing)
            picker.change(self.open, inputs=picker, outputs=passages)
            upload.click(self.upload, inputs=[files, picker], outputs=[status, files, *listing], show_progress_on=[status])
            remove.click(self.ask_removal, inputs=picker, outputs=[confirm, question, status])
            no.click(lambda: gr.update(visible=False), outputs=confirm)
            yes.click(self.remove, inputs=picker, outputs=[confirm, status, passages, *listing])
        return dict(fn=self.load, outputs=[*listing, admin, not_admin])
