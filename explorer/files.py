"""Output files that are never half-written and never overwrite an input: write aside, then rename into place.

    with atomic_output("results.jsonl", inputs=["articles.jsonl"]) as out:
        out.write(...)

    with atomic_path("corpus.parquet", inputs=["articles.jsonl"]) as temporary:
        pyarrow.parquet.write_table(table, temporary)   # any writer that wants a file name

The file appears whole when the block ends, even when it ends by Ctrl-C or SIGTERM: the records written so far
are kept (with none written, an existing file stays as it was). Any other error leaves an existing file as it
was. An output that is not a regular file (/dev/stdout, a named pipe) is written directly. An output that is one
of the inputs is refused before anything is written; `check_output` makes the same checks up front, so a
command can refuse before it does any work.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from .errors import ExplorerError


class OutputError(ExplorerError):
    """The output path cannot be written safely; the message says why."""


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Return path, or raise OutputError when it is an input, a folder, or its folder is missing or read-only."""
    target = Path(path).expanduser()
    try:
        target.resolve(strict=False)
    except (OSError, RuntimeError):  # a symbolic-link loop
        raise OutputError(f"The output {path} cannot be resolved (a link loop?): choose another path.") from None
    for source in inputs:
        if str(source) != "-" and _same_file(target, Path(source).expanduser()):
            raise OutputError(f"The output {path} is also an input: choose another output file.")
    if target.is_dir():
        raise OutputError(f"The output {path} is a folder: give a file name.")
    folder = target.resolve().parent
    if not folder.is_dir():
        raise OutputError(f"The folder of the output {path} does not exist.")
    if not os.access(folder, os.W_OK | os.X_OK) and not _special(target):
        raise OutputError(f"The folder of the output {path} is not writable.")
    return target


@contextmanager
def atomic_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[TextIO]:
    """Yield a UTF-8 text file that replaces path when the block ends normally or by an interrupt."""
    target = check_output(path, inputs)
    if _special(target):  # /dev/stdout, a pipe, /dev/null: no file to replace
        with open(target, "w", encoding="utf-8", newline="") as stream:
            yield stream
        return
    with atomic_path(target, inputs) as temporary, open(temporary, "w", encoding="utf-8", newline="") as out:
        yield out


@contextmanager
def atomic_path(path: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temporary path beside path for a writer that wants a file name (Parquet, DuckDB, openpyxl).

    Whatever the block writes there replaces path when it ends normally, or by an interrupt once something
    was written; an error, or an interrupt before anything was written, leaves path as it was.
    """
    target = check_output(path, inputs)
    if _special(target):
        yield target
        return
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.resolve().parent)
    os.close(handle)
    try:
        try:
            yield Path(temporary)
        except KeyboardInterrupt:  # SIGINT, or SIGTERM turned into one by the CLI: keep what finished
            if os.path.getsize(temporary) > 0:  # nothing finished yet: an existing file stays as it was
                _commit(temporary, target)
            raise
        _commit(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _commit(temporary: str, target: Path) -> None:
    """Flush the temporary file to disk and rename it over target, keeping target's permissions."""
    with open(temporary, "rb") as written:
        os.fsync(written.fileno())
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    os.chmod(temporary, mode)
    os.replace(temporary, target.resolve() if target.is_symlink() else target)


def _special(target: Path) -> bool:
    """Return whether target exists but is no regular file (a device or a pipe): it is written in place."""
    return target.exists() and not target.resolve().is_file()


def _same_file(a: Path, b: Path) -> bool:
    """Return whether a and b name the same file (through links, relative paths or case-folding)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def _umask() -> int:
    """Return the process umask without changing it (os.umask would, briefly, for every thread)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError, IndexError):
        return 0o022
