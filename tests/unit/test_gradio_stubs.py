"""An app imports Gradio without Gradio rewriting its type stubs, and its components still work."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_gradio_imported_after_skip_stub_writer_writes_no_stubs():
    code = (
        "from assistant.faces.gradio_stubs import skip_stub_writer; skip_stub_writer();"
        "import gradio, gradio.component_meta as meta;"
        "assert meta.create_or_modify_pyi.__module__ == 'assistant.faces.gradio_stubs', meta.create_or_modify_pyi;"
        "assert gradio.Textbox(value='asked').value == 'asked'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
