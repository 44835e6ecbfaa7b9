"""Buffers finished articles and commits them as Parquet part files, one per table, atomically."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from .atomic import write_atomic
from .tables import SCHEMAS, TABLES, Rows

FLUSH_ARTICLES = 64  # a part holds at most this many articles...
FLUSH_SECONDS = 2.0  # ...or what finished in this long, so a killed run loses at most a few seconds


class PartWriter:
    """Collects table rows and writes them as DIR/<table>/part-*.parquet; articles last, so a part is whole."""

    def __init__(
        self,
        folder: Path,
        flush_articles: int = FLUSH_ARTICLES,
        flush_seconds: float = FLUSH_SECONDS,
        warm_up_after: threading.Event | None = None,
    ):
        self.folder = folder
        self.flush_articles, self.flush_seconds = flush_articles, flush_seconds
        self._rows: Rows = {name: [] for name in TABLES}
        self._pending = 0
        self._last = time.monotonic()
        self._sequence = 0
        self.written = 0
        # pyarrow imports pandas the first time it converts Python values (0.3 s): do it while articles are analysed,
        # once the engine has started (an LLM run's first call would wait for it: one process, one GIL)
        threading.Thread(target=_ready_pyarrow, args=(warm_up_after,), name="ready-pyarrow", daemon=True).start()

    def add(self, rows: Rows) -> None:
        """Buffer one article's rows (or one failure) and commit a part when enough has gathered."""
        for name, table_rows in rows.items():
            self._rows[name].extend(table_rows)
        self._pending += 1
        if self._pending >= self.flush_articles or time.monotonic() - self._last >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        """Commit everything buffered; child tables first and articles last, each file atomically."""
        self._last = time.monotonic()
        if not self._pending:
            return
        stem = f"part-{time.time_ns():020d}-{os.getpid()}-{self._sequence:05d}"
        self._sequence += 1
        for name in [*(t for t in TABLES if t != "articles"), "articles"]:
            _write_part(self.folder / name / f"{stem}.parquet", name, self._rows[name])
        self.written += len(self._rows["articles"])
        self._rows = {name: [] for name in TABLES}
        self._pending = 0


def _ready_pyarrow(after: threading.Event | None = None) -> None:
    if after is not None:
        after.wait()
    import pyarrow as pa

    pa.array([""])


def _write_part(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    write_atomic(path, lambda temp: pq.write_table(data, temp, compression="zstd"))
