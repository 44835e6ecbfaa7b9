"""The choices the CLI and the app offer, in a module that imports nothing, so `explorer --help` is instant."""

from __future__ import annotations

STYLES = {
    "neutral": "Neutral brief",
    "bullets": "Bullet points",
    "who_says_what": "Who says what",
    "abstract": "One-paragraph abstract",
}
DEFAULT_WORDS = 120
DEFAULT_CONTEXT_TOKENS = 6000  # prompt tokens one call may carry before the article is split
MIN_CONTEXT_TOKENS = 200  # below this not even the instructions fit: refused before any call
EVAL_TASKS = ("attribution", "stance")
