"""The root of every error the engine raises on purpose: its message is written for the user."""

from __future__ import annotations


class ExplorerError(Exception):
    """Something the user can act on went wrong (bad input, a failed model call, an unusable store or prompt)."""
