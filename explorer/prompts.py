"""Prompt templates: readable files in prompts/, filled by a substitution that fails loudly."""

from __future__ import annotations

import hashlib
import os
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ExplorerError

_HERE = Path(__file__).resolve().parent
PROMPT_TASKS = ("extract", "summary")  # a prompt file named <task>_*.md is read by that task only; others by every task


class PromptError(ExplorerError):
    """A template is missing or a variable it needs was not given."""


@dataclass(frozen=True)
class Template:
    """One prompt file and the hash of its content (part of every cache key)."""

    name: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def fill(self, **values: str) -> str:
        """Return the template with $name placeholders replaced; raise PromptError if one is missing."""
        try:
            return string.Template(self.text).substitute(values)
        except KeyError as exc:
            raise PromptError(f"Prompt '{self.name}' needs the variable {exc.args[0]!r}.") from None
        except ValueError as exc:
            raise PromptError(f"Prompt '{self.name}' has a malformed placeholder: {exc}") from None


_MARKER_RUN = re.compile(r"<{3,}|>{3,}")


def as_data(text: str) -> str:
    """Return text safe between the templates' <<<MARKERS>>>: runs of three or more < or > are spaced out.

    An article that contains a closing marker could otherwise end the data early and pose as instructions.
    """
    return _MARKER_RUN.sub(lambda m: " ".join(m.group()), text)


def prompt_dir() -> Path:
    """Return the prompts folder: $EXPLORER_PROMPTS, else the installed copy or the source checkout's.

    Raises PromptError when EXPLORER_PROMPTS names no folder: a mistyped path must not silently use the defaults.
    """
    chosen = os.environ.get("EXPLORER_PROMPTS")
    if chosen:
        if not Path(chosen).expanduser().is_dir():
            raise PromptError(f"EXPLORER_PROMPTS is set to {chosen}, which is not a folder; fix or unset it.")
        return Path(chosen).expanduser()
    for candidate in (_HERE / "prompts", _HERE.parent / "prompts"):
        if candidate.is_dir():
            return candidate
    raise PromptError("The prompts folder was not found; reinstall the package.")


def load_template(name: str) -> Template:
    """Return the template prompts/<name>.md, read fresh when the file changes."""
    path = prompt_dir() / f"{name}.md"
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise PromptError(f"Prompt file {path} does not exist.") from None
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: Path, mtime_ns: int, size: int) -> Template:
    return Template(name=path.stem, text=path.read_text(encoding="utf-8"))


def prompt_hashes(task: str) -> dict[str, str]:
    """Return {name: sha256} of every prompt file the task may read: all files but those named for another task.

    Found in the folder rather than listed, so a new or edited prompt file always changes the cache key.
    """
    others = tuple(f"{t}_" for t in PROMPT_TASKS if t != task)
    paths = sorted(prompt_dir().glob("*.md"))
    return {p.stem: load_template(p.stem).sha256 for p in paths if not p.stem.startswith(others)}
