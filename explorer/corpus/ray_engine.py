"""The Ray engine: the same job on Ray Data, on a local Ray or the cluster at RAY_ADDRESS.

The driver reads the sources (as the local engine does) and hands them to Ray Data in windows of
WINDOW_ARTICLES, so memory stays bounded; `map_batches` runs them through an actor pool whose actors load
the analyser once each (spaCy, or an LLM client with a bounded share of --concurrency calls). Results
stream back to the driver, which writes the same Parquet parts, so resuming, names and the manifest work
as for a local run.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from typing import Any

from ..analysis import Analysis
from ..backends import kind_named, make_backend
from ..config import Settings
from .local import BoundedBackend, Outcome, _reason
from .tables import SourceArticle

WINDOW_ARTICLES = 2048  # articles held in Ray's object store at once; each window starts its actor pool afresh
BATCH_ARTICLES = 4  # articles per map_batches call


class RayAnalyser:
    """A Ray actor: loads the analyser once, then analyses batches of articles."""

    def __init__(self, settings: Settings, calls_per_actor: int) -> None:
        from ..pipeline import open_store

        key = os.environ.get("OPENAI_API_KEY") or None  # the key travels in each node's environment, not via Ray
        self.settings = replace(settings, api_key=key) if kind_named(settings.backend).remote else settings
        inner = make_backend(self.settings)
        remote = inner.kind.remote
        self.backend: Any = BoundedBackend(inner, threading.Semaphore(calls_per_actor)) if remote else inner
        self.settings = replace(self.settings, concurrency=calls_per_actor)
        self.store, _ = open_store(self.settings)

    def __call__(self, batch: Any) -> Any:
        """Return the batch (an Arrow table) with each article's analysis JSON or failure reason added."""
        import pyarrow as pa

        rows = batch.to_pylist()
        for row in rows:
            row["analysis_json"], row["error"] = self._analyse(row)
        return pa.Table.from_pylist(rows)

    def _analyse(self, row: dict[str, Any]) -> tuple[str | None, str | None]:
        from ..pipeline import analyse_article

        try:
            analysis = analyse_article(row["text"], row["title"], self.settings, store=self.store, backend=self.backend)
        except Exception as exc:  # one bad article is a listed failure
            return None, _reason(exc)
        failed = analysis.failed_sections
        if failed:
            return None, f"{len(failed)} of {len(analysis.sections)} sections failed: {failed[0].error}"
        return analysis.model_dump_json(), None


class RayEngine:
    """Analyses a stream of articles on Ray Data and yields each article's analysis or failure reason."""

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        import ray

        logging.getLogger("ray").setLevel(logging.WARNING)  # Ray's INFO lines would bury the progress bar
        address = os.environ.get("RAY_ADDRESS") or None
        if not ray.is_initialized():
            cpus = None if address else (workers or os.cpu_count() or 2)
            ray.init(
                address=address,
                num_cpus=cpus,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        self.actors = max(1, workers or int(ray.cluster_resources().get("CPU", 1)))
        self.settings = replace(settings, api_key=None)  # never serialised into Ray's object store
        self.calls_per_actor = max(1, math.ceil(settings.concurrency / self.actors))
        self.identity = make_backend(settings).identity
        self.notes: list[str] = []
        self.started = threading.Event()  # Ray is up: nothing else needs to wait
        self.started.set()

    def analyse(self, articles: Iterable[SourceArticle]) -> Iterator[Outcome]:
        """Run the articles through the actor pool a window at a time; yield results as they stream back."""
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False
        window: list[dict[str, Any]] = []
        for article in articles:
            window.append(asdict(article))
            if len(window) >= WINDOW_ARTICLES:
                yield from self._analyse_window(window)
                window = []
        if window:
            yield from self._analyse_window(window)

    def _analyse_window(self, window: list[dict[str, Any]]) -> Iterator[Outcome]:
        import ray.data

        blocks = min(len(window), max(self.actors, math.ceil(len(window) / BATCH_ARTICLES)))  # every actor gets work
        dataset = ray.data.from_items(window, override_num_blocks=blocks)
        analysed = dataset.map_batches(
            RayAnalyser,
            fn_constructor_kwargs={"settings": self.settings, "calls_per_actor": self.calls_per_actor},
            batch_size=BATCH_ARTICLES,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=self.actors),
            num_cpus=0.25 if kind_named(self.settings.backend).remote else 1,  # waiting for a model costs no CPU
        )
        for row in analysed.iter_rows():
            yield _outcome(row)

    def close(self) -> None:
        """Leave Ray running for the caller (a cluster, or a test session that shares it)."""


def _outcome(row: dict[str, Any]) -> Outcome:
    fields: dict[str, Any] = {k: row.get(k) for k in SourceArticle.__dataclass_fields__}
    article = SourceArticle(**fields)
    if row.get("error") or not row.get("analysis_json"):
        return article, str(row.get("error") or "no analysis came back")
    return article, Analysis.model_validate_json(row["analysis_json"])
