"""role-assistant: cited answers about the Senior ML Infrastructure Engineer role."""

from assistant.chain import build_chain
from assistant.settings import Settings

__all__ = ["Settings", "build_chain"]
