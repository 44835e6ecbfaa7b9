"""Output files: written aside and renamed into place, never onto an input, kept whole on an interrupt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from explorer.files import OutputError, atomic_output, atomic_path, check_output


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text("yesterday\n", encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".part")]


def test_the_file_appears_whole_only_when_the_block_ends(existing: Path) -> None:
    with atomic_output(existing) as out:
        out.write("today\n")
        assert existing.read_text(encoding="utf-8") == "yesterday\n"  # readers never see half a file
    assert existing.read_text(encoding="utf-8") == "today\n" and leftovers(existing.parent) == []


def test_an_error_leaves_the_existing_file_as_it_was(existing: Path) -> None:
    with pytest.raises(RuntimeError), atomic_output(existing) as out:
        out.write("half of today\n")
        raise RuntimeError("the input was bad")
    assert existing.read_text(encoding="utf-8") == "yesterday\n" and leftovers(existing.parent) == []


@pytest.mark.parametrize(("written", "kept"), [("first record\n", "first record\n"), ("", "yesterday\n")])
def test_an_interrupt_keeps_what_finished_and_nothing_replaces_the_old_file(
    existing: Path, written: str, kept: str
) -> None:
    with pytest.raises(KeyboardInterrupt), atomic_output(existing) as out:
        out.write(written)
        raise KeyboardInterrupt
    assert existing.read_text(encoding="utf-8") == kept and leftovers(existing.parent) == []


def test_an_output_that_is_an_input_is_refused_by_any_name(existing: Path, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    link = tmp_path / "link.jsonl"
    link.symlink_to(existing)
    for name in (existing, tmp_path / "sub" / ".." / "results.jsonl", link):
        with pytest.raises(OutputError, match="also an input"):
            check_output(name, inputs=[existing])
    assert existing.read_text(encoding="utf-8") == "yesterday\n"


def test_a_new_file_gets_the_usual_permissions_and_a_link_is_followed(tmp_path: Path, existing: Path) -> None:
    fresh = tmp_path / "fresh.jsonl"
    with atomic_output(fresh) as out:
        out.write("x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    link = tmp_path / "link.jsonl"
    link.symlink_to(existing)
    with atomic_output(link) as out:
        out.write("through the link\n")
    assert link.is_symlink() and existing.read_text(encoding="utf-8") == "through the link\n"


@pytest.mark.parametrize("where", ["folder", "missing/out.jsonl"])
def test_an_output_that_cannot_be_a_file_is_refused_up_front(tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputError):
        check_output(tmp_path / where)


def test_a_named_pipe_or_device_is_written_directly_not_replaced(tmp_path: Path) -> None:
    with atomic_output("/dev/null") as out:
        out.write("discarded\n")
    assert Path("/dev/null").is_char_device()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with atomic_output(pipe) as out:
            out.write("through the pipe\n")
        assert os.read(reader, 100) == b"through the pipe\n"
    finally:
        os.close(reader)
    assert pipe.is_fifo()


def test_an_output_behind_a_link_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError):
        check_output(tmp_path / "a" / "out.jsonl")


def test_a_writer_that_wants_a_file_name_gets_the_same_guarantees(existing: Path) -> None:
    with atomic_path(existing) as temporary:
        temporary.write_bytes(b"PAR1 whole table PAR1")
        assert existing.read_text(encoding="utf-8") == "yesterday\n"
    assert existing.read_bytes() == b"PAR1 whole table PAR1"
    with pytest.raises(ValueError), atomic_path(existing) as temporary:
        temporary.write_bytes(b"PAR1 half")
        raise ValueError("the writer failed")
    assert existing.read_bytes() == b"PAR1 whole table PAR1" and leftovers(existing.parent) == []
