"""`explorer corpus estimate`: what a run would analyse, call and cost, before it runs and without calling a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.config import load_settings
from explorer.corpus import run_corpus
from explorer.corpus.estimate import estimate_corpus
from explorer.costs import DEFAULT_PRICES

ARTICLES = {
    "quay": "“The quay will flood by March,” said Ilse Varga, the harbour engineer. The council disagreed.",
    "fleet": "Mara Lind, who chairs the union, said the fleet would not survive another winter of tariffs.",
}
CLOSED_PORT = "http://127.0.0.1:9/v1"  # nothing listens there: an estimate that called the model would fail


@pytest.fixture(autouse=True)
def home(no_llm_env: Path) -> Path:
    return no_llm_env


def write_jsonl(path: Path, articles: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in articles.items()))
    return path


def llm_settings(model: str = "gpt-4o-mini"):
    return load_settings(backend="openai", model=model, base_url=CLOSED_PORT)


def test_an_llm_estimate_prices_every_section_at_the_models_rate_without_calling_it(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    figures = estimate_corpus([str(source)], llm_settings())
    assert (figures.articles, figures.sections, figures.calls, figures.cached_sections) == (2, 2, 2, 0)
    price_in, price_out = DEFAULT_PRICES["gpt-4o-mini"]
    expected = (figures.prompt_tokens * price_in + figures.completion_tokens * price_out) / 1e6
    assert figures.cost_usd == pytest.approx(expected) and expected > 0
    batched = estimate_corpus([str(source)], llm_settings(), llm_batch=True)
    assert batched.cost_usd == pytest.approx(expected / 2)


def test_a_model_without_a_price_gives_an_unknown_cost_not_zero(tmp_path: Path, capsys) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    assert estimate_corpus([str(source)], llm_settings("my-local-llama")).cost_usd is None
    argv = ["corpus", "estimate", str(source), "--backend", "openai", "--model", "my-local-llama"]
    assert main([*argv, "--base-url", CLOSED_PORT]) == 0
    assert "estimated cost: unknown" in capsys.readouterr().out


def test_articles_already_in_the_output_folder_are_not_counted_again(tmp_path: Path, capsys) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    out = tmp_path / "corpus"
    run_corpus([str(source)], out, load_settings(backend="offline"), workers=1)
    more = write_jsonl(tmp_path / "more.jsonl", {**ARTICLES, "new": "Tomas Berg said the tariffs were unfair."})
    assert main(["corpus", "estimate", str(more), "-o", str(out), "--backend", "offline", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["articles"], figures["already_done"], figures["calls"]) == (1, 2, 0)
    assert figures["model"] is None and figures["cost_usd"] == 0.0


def test_sections_the_store_already_holds_are_counted_as_cached(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    run_corpus([str(source)], tmp_path / "first", load_settings(backend="offline"), workers=1)
    figures = estimate_corpus([str(source)], load_settings(backend="offline"))
    assert figures.sections == figures.cached_sections == 2


def test_bad_input_is_counted_as_the_run_would_fail_it(tmp_path: Path, capsys) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "quay", "text": ARTICLES["quay"]}),
        "{not json",
        json.dumps({"id": "quay", "text": "x y"}),
    ]
    source.write_text("\n".join(lines) + "\n")
    assert main(["corpus", "estimate", str(source), "--backend", "offline"]) == 0
    out = capsys.readouterr().out
    assert "1 article to analyse" in out and "1 unreadable" in out and "1 duplicate id" in out
    assert "free (offline)" in out
    assert "in.jsonl:2: not valid JSON" in out, "the broken line is named, with why"
