"""role-assistant: cited answers about the Senior ML Infrastructure Engineer role."""

from assistant.core.chain import build_chain
from assistant.ops.settings import Settings

__all__ = ["Settings", "build_chain"]
