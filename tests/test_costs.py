"""The cost shown before an LLM run."""

from __future__ import annotations

import pytest

from explorer.costs import estimate, price_table
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
