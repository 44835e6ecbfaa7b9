"""What an LLM run will cost before it starts: tokens, calls and an estimate from an editable price table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .sections import Section

# USD per million tokens (input, output); the app lets the user edit these.
DEFAULT_PRICES = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}
OUTPUT_SHARE = 0.5  # answers run at about half the section's tokens (actors, claims, stances copied verbatim)


@dataclass(frozen=True)
class Estimate:
    """Expected calls, tokens and cost (None when the model's price is unknown, e.g. a local model)."""

    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None


def price_table(prices: dict[str, tuple[float, float]] | None = None) -> pd.DataFrame:
    """Return the price table as an editable frame."""
    rows = [{"model": m, "input_per_1m": i, "output_per_1m": o} for m, (i, o) in (prices or DEFAULT_PRICES).items()]
    return pd.DataFrame(rows, columns=["model", "input_per_1m", "output_per_1m"])


def estimate(sections: list[Section], overhead_tokens: int, model: str, prices: pd.DataFrame) -> Estimate:
    """Return the estimate for sending each section once with a fixed per-call overhead."""
    prompt = sum(s.tokens for s in sections) + overhead_tokens * len(sections)
    completion = int(sum(s.tokens for s in sections) * OUTPUT_SHARE)
    row = prices[prices["model"] == model]
    cost = None
    if not row.empty:
        cost = (prompt * float(row["input_per_1m"].iloc[0]) + completion * float(row["output_per_1m"].iloc[0])) / 1e6
    return Estimate(len(sections), prompt, completion, cost)
