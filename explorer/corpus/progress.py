"""The progress bar on stderr: articles/s, words/s, ETA and failures; silent when stderr is no terminal."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class RunProgress:
    """Counts finished and failed articles and their words, and shows them on a tqdm bar."""

    def __init__(self, total: int | None, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        stream = stream or sys.stderr
        self.enabled = stream.isatty() if enabled is None else enabled
        self.articles = self.failed = self.words = 0
        self.started = time.monotonic()
        self._bar: Any = None
        if self.enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="article", file=stream, dynamic_ncols=True, smoothing=0.1)

    def update(self, words: int = 0, failed: bool = False) -> None:
        """Count one finished article (or one failure) and refresh the bar."""
        self.articles += not failed
        self.failed += failed
        self.words += words
        if self._bar is not None:
            self._bar.set_postfix_str(f"{self.words_per_s:,.0f} words/s, {self.failed} failed", refresh=False)
            self._bar.update(1)

    @property
    def words_per_s(self) -> float:
        """Return the words analysed per second so far."""
        return self.words / max(time.monotonic() - self.started, 1e-9)

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()
