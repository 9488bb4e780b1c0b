"""Writing a file in one step (exports, the pack cache)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from game import atomic
from game.atomic import write_atomically


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_gets_the_text_as_given_and_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    previous = os.umask(0o027)
    try:
        write_atomically(target, "a,b\r\nç,ü\r\n")
    finally:
        os.umask(previous)
    assert target.read_bytes() == "a,b\r\nç,ü\r\n".encode()  # UTF-8, CRLF kept
    assert target.stat().st_mode & 0o777 == 0o640
    assert names(tmp_path) == ["out.csv"]


def test_an_existing_file_is_replaced_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, b"[]\n", durable=False)
    assert target.read_bytes() == b"[]\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert names(tmp_path) == ["out.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the old export")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, "the new export")
    assert target.read_text() == "the old export"
    assert names(tmp_path) == ["out.csv"]


def test_a_folder_in_the_way_is_an_error_and_stays_as_it_was(tmp_path: Path) -> None:
    folder = tmp_path / "out.csv"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    with pytest.raises(OSError):
        write_atomically(folder, "text")
    assert names(folder) == ["keep.txt"] and names(tmp_path) == ["out.csv"]


def test_without_overwrite_an_existing_file_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "pack.toml"
    write_atomically(target, "first", overwrite=False)
    assert target.read_text() == "first"
    with pytest.raises(FileExistsError):
        write_atomically(target, "second", overwrite=False)
    assert target.read_text() == "first"
    assert names(tmp_path) == ["pack.toml"]


def test_without_overwrite_a_failed_write_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(tmp_path / "pack.toml", "text", overwrite=False)
    assert names(tmp_path) == []  # a retry is not refused by a half-written file


READER = """
import sys
from pathlib import Path

target, stop, size = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
reads = 0
while not stop.exists():
    data = target.read_bytes()
    if len(data) != size or len(set(data)) != 1:
        print(f"read {len(data)} bytes of {sorted(set(data))!r}", flush=True)
        sys.exit(1)
    reads += 1
    if reads == 1:
        print("reading", flush=True)
print(reads)
"""


def test_a_reader_in_another_process_sees_one_whole_file_or_the_other(tmp_path: Path) -> None:
    target, stop, size = tmp_path / "out.txt", tmp_path / "stop", 256 * 1024
    write_atomically(target, b"a" * size)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(target), str(stop), str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None
        assert reader.stdout.readline() == "reading\n"  # it reads while the writes go on
        for n in range(200):
            write_atomically(target, (b"b" if n % 2 == 0 else b"a") * size, durable=False)
            if reader.poll() is not None:
                break
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    assert reader.returncode == 0, out
