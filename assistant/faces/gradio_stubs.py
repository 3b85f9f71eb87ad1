"""Gradio imported without rewriting its type stubs.

As each of Gradio's component classes is defined, Gradio parses its module's source and renders a
template to rewrite the .pyi stub beside it, an aid for editors (about 80 classes). That was 0.8 of the
1.25 s CPU an import of gradio took, in every app's start-up; in a container with a read-only root
filesystem it cannot write them anyway. The stubs an install ships stay as they are; nothing else
in Gradio reads them.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys

STUB_WRITER_MODULE = "gradio.component_meta"


class _WithoutStubWriter(importlib.abc.MetaPathFinder):
    """Finds the module that writes the stubs as usual, and disables its writer once it has run."""

    def find_spec(self, name, path, target=None):
        if name != STUB_WRITER_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            module.create_or_modify_pyi = lambda *args, **kwargs: None

        spec.loader.exec_module = exec_module
        return spec


def skip_stub_writer() -> None:
    """Call before gradio is first imported; once it has been, this changes nothing."""
    if STUB_WRITER_MODULE not in sys.modules:
        sys.meta_path.insert(0, _WithoutStubWriter())
