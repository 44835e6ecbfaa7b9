"""What an LLM run will cost before it starts, and what a finished one cost."""

from __future__ import annotations

import pytest

from explorer.analysis import Usage
from explorer.costs import estimate, price_table, run_cost_text, usage_cost
from explorer.sections import split_sections

TEXT = "\n\n".join(["Mara Lind said the quay is unsafe and must close before winter storms."] * 40)


def test_the_estimate_counts_one_call_per_section_with_overhead() -> None:
    sections = split_sections(TEXT, budget=100)
    guess = estimate(sections, overhead_tokens=500, model="gpt-4o-mini", prices=price_table())
    assert guess.calls == len(sections) > 1
    assert guess.prompt_tokens == sum(s.tokens for s in sections) + 500 * len(sections)
    assert guess.cost_usd == pytest.approx((guess.prompt_tokens * 0.15 + guess.completion_tokens * 0.60) / 1e6)


def test_unknown_models_have_unknown_cost_and_edited_prices_count() -> None:
    sections = split_sections(TEXT, budget=100)
    assert estimate(sections, 500, "llama3.1:8b", price_table()).cost_usd is None
    prices = price_table({"llama3.1:8b": (0.0, 0.0)})
    assert estimate(sections, 500, "llama3.1:8b", prices).cost_usd == 0.0


@pytest.mark.parametrize(
    ("model", "prices", "expected"),
    [
        (None, price_table(), 0.0),  # the rule analyser calls no model
        ("gpt-4o-mini", price_table(), (2_000 * 0.15 + 1_000 * 0.60) / 1e6),
        ("gpt-4o-mini", None, (2_000 * 0.15 + 1_000 * 0.60) / 1e6),  # the default table without the app's
        ("gpt-4o-mini", price_table({"gpt-4o-mini": (1.0, 2.0)}), (2_000 * 1.0 + 1_000 * 2.0) / 1e6),
        ("llama3.1:8b", price_table(), None),
    ],
)
def test_what_a_finished_run_cost(model, prices, expected) -> None:
    spent = usage_cost(Usage(calls=2, prompt_tokens=2_000, completion_tokens=1_000), model, prices)
    assert spent == (pytest.approx(expected) if expected else expected)


@pytest.mark.parametrize(
    ("model", "shown"),
    [(None, "free"), ("gpt-4o-mini", "$0.0009"), ("llama3.1:8b", "unknown")],  # no model called / priced / unpriced
)
def test_what_a_finished_run_cost_reads_as(model, shown) -> None:
    assert run_cost_text(Usage(calls=2, prompt_tokens=2_000, completion_tokens=1_000), model, price_table()) == shown
