"""`--engine ray` on a local Ray: the same tables and the same answers as the local engine."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from explorer.config import load_settings
from explorer.corpus import open_corpus, run_corpus
from tests.test_corpus import ARTICLES

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """One small local Ray for the whole module: starting Ray takes seconds."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def claims_per_article(out: Path) -> dict[str, int]:
    con = open_corpus(out)
    try:
        return dict(con.execute("SELECT article_id, count(*) FROM claims GROUP BY 1").fetchall())
    finally:
        con.close()


def test_ray_gives_the_same_answers_as_the_local_engine_and_resumes(local_ray, tmp_path, no_llm_env):
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": k, "text": t}) for k, t in ARTICLES.items()] + ['{"id": "broken"']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = load_settings(backend="offline")
    local = run_corpus([str(source)], tmp_path / "local", settings, workers=1)
    on_ray = run_corpus([str(source)], tmp_path / "ray", settings, engine="ray", workers=2)
    assert (on_ray.analysed, on_ray.failed) == (local.analysed, local.failed) == (4, 1)
    assert claims_per_article(tmp_path / "ray") == claims_per_article(tmp_path / "local")
    assert sum(claims_per_article(tmp_path / "ray").values()) > 0
    again = run_corpus([str(source)], tmp_path / "ray", settings, engine="ray", workers=2)
    assert (again.analysed, again.skipped) == (0, 4)
