"""role-assistant: cited answers about the Senior ML Infrastructure Engineer role."""

from assistant.ops.settings import Settings

__all__ = ["Settings", "build_chain"]


def __getattr__(name: str):
    # Imported when asked for: importing any part of the package must not import the whole chain
    # (the app starts loading its model before it imports the rest).
    if name == "build_chain":
        from assistant.core.chain import build_chain

        return build_chain
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
