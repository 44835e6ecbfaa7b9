"""What model calls cost: an editable price table, the estimate before a run, and the cost of one after it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .sections import Section

if TYPE_CHECKING:  # pandas takes a while to import: only the app's price table needs it
    import pandas as pd

    from .analysis import Usage

# USD per million tokens (input, output); the app lets the user edit these.
DEFAULT_PRICES = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
}
FREE = "free"  # what a run that calls no model costs
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
    import pandas as pd

    rows = [{"model": m, "input_per_1m": i, "output_per_1m": o} for m, (i, o) in (prices or DEFAULT_PRICES).items()]
    return pd.DataFrame(rows, columns=["model", "input_per_1m", "output_per_1m"])


def estimate(sections: list[Section], overhead_tokens: int, model: str, prices: pd.DataFrame | None) -> Estimate:
    """Return the estimate for sending each section once with a fixed per-call overhead."""
    prompt = sum(s.tokens for s in sections) + overhead_tokens * len(sections)
    completion = int(sum(s.tokens for s in sections) * OUTPUT_SHARE)
    return Estimate(len(sections), prompt, completion, _cost(prompt, completion, model, prices))


def usage_cost(usage: Usage, model: str | None, prices: pd.DataFrame | None) -> float | None:
    """Return what the calls cost in USD: 0 when no model was called, None when the model's price is unknown."""
    if model is None:
        return 0.0
    return _cost(usage.prompt_tokens, usage.completion_tokens, model, prices)


def cost_text(cost_usd: float | None) -> str:
    """Return a cost as the user reads it: '$0.0012', or 'unknown' when the model's price is not known."""
    return "unknown" if cost_usd is None else f"${cost_usd:.4f}"


def run_cost_text(usage: Usage, model: str | None, prices: pd.DataFrame | None) -> str:
    """Return what a finished run cost as the user reads it: 'free' when no model was called."""
    return FREE if model is None else cost_text(usage_cost(usage, model, prices))


def _cost(prompt_tokens: int, completion_tokens: int, model: str, prices: pd.DataFrame | None) -> float | None:
    price = _price(model, prices)
    return None if price is None else (prompt_tokens * price[0] + completion_tokens * price[1]) / 1e6


def _price(model: str, prices: pd.DataFrame | None) -> tuple[float, float] | None:
    """Return the model's (input, output) USD per million tokens from the table, else the defaults."""
    if prices is None:
        return DEFAULT_PRICES.get(model)
    row = prices[prices["model"] == model]
    if row.empty:
        return None
    return float(row["input_per_1m"].iloc[0]), float(row["output_per_1m"].iloc[0])
