"""Whatever analyses text, behind one protocol: chosen once from Settings by `make_backend`, then asked."""

from .base import KINDS, LLM, OFFLINE, Backend, BackendKind, kind_named, make_backend
from .wrapped import WrappedBackend

__all__ = ["KINDS", "LLM", "OFFLINE", "Backend", "BackendKind", "WrappedBackend", "kind_named", "make_backend"]
