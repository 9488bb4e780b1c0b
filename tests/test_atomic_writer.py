"""`atomic_writer`: a file written in pieces replaces its path in one step, or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from game.atomic import NotRegularFileError, atomic_writer


def test_pieces_written_replace_the_file_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    with atomic_writer(target) as handle:
        handle.write(b"new,")
        assert target.read_bytes() == b"old\n"  # a reader meanwhile sees the old file
        handle.write(b"whole\n")
    assert target.read_bytes() == b"new,whole\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_block_that_fails_leaves_the_file_and_no_temporary_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old\n")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half of a")
        raise RuntimeError("the rows ran out")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_fifo_is_refused_before_anything_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError) as info, atomic_writer(fifo):
        pytest.fail("the block must not run")
    assert info.value.filename == str(fifo) and info.value.strerror == "not a regular file"
    assert fifo.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["out.fifo"]
