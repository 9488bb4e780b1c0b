"""Folders of packs: walked to a documented depth, and every folder left out (too deep,
or unreadable) is listed with the reason, where `claimsort check` and the pack list
show it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.catalog import load_entries
from game.folders import MAX_FOLDER_DEPTH, pack_files
from game.loader import PackError, load_pack

PACK = """\
format = 1

[pack]
id = "{id}"
title = "Demo pack"
language = "en"

[[sources]]
id = "efe"
title = "Bukele at the White House"
publisher = "EFE"
text = "El Salvador had become, in his words, the safest country in Latin America."

[[claims]]
id = "safest"
text = "El Salvador is the safest country in Latin America."
answer = "assertion"
quote = "in his words, the safest country"
said_by = "President Nayib Bukele, quoted by EFE"
explanation = "'In his words' marks the claim as Bukele's own."
"""


def write_pack(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(PACK.format(id=name), encoding="utf-8")
    return path


def deep_folder(root: Path, levels: int) -> Path:
    # One level at a time: pathlib and os.makedirs recurse once per level.
    folder = root
    folder.mkdir(parents=True, exist_ok=True)
    for _ in range(levels):
        folder = folder / "d"
        folder.mkdir()
    return folder


def remove_deep(root: Path) -> None:
    """Remove a tree without recursion: shutil.rmtree and os.walk (and so pytest's own
    clean-up of old temporary folders) recurse once per level."""
    pending, folders = [root], []
    while pending:
        folder = pending.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                else:
                    Path(entry.path).unlink()
    for folder in reversed(folders):
        folder.rmdir()


@pytest.fixture
def deep_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "packs"
    yield root
    if root.exists():
        remove_deep(root)


def problem_of(path: Path) -> str:
    """What `claimsort check` prints for an entry of pack_files."""
    with pytest.raises(PackError) as caught:
        load_pack(path)
    (problem,) = caught.value.problems
    return str(problem)


def test_a_folder_1000_levels_deep_is_walked_to_the_limit_and_the_rest_reported(
    deep_root: Path,
) -> None:
    # Issue 9: pathlib's rglob raised RecursionError.
    root = deep_root
    write_pack(deep_folder(root, 1000), "bottom")
    near = write_pack(root.joinpath(*["d"] * 3), "near")
    last = write_pack(root.joinpath(*["d"] * MAX_FOLDER_DEPTH), "last")

    files = pack_files([root])

    cut = root.joinpath(*["d"] * (MAX_FOLDER_DEPTH + 1))
    assert files == sorted([near, last, cut])
    assert problem_of(files[files.index(cut)]) == (
        f"{cut}:1:1: error: folder not searched: it lies more than {MAX_FOLDER_DEPTH} "
        f"folders deep in {root} — move the packs you want nearer to {root}"
    )


def test_the_pack_list_shows_the_folder_left_out(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    write_pack(deep_folder(root, MAX_FOLDER_DEPTH + 1), "deep")
    write_pack(root, "top")
    entries = load_entries([root], "command line")
    assert [(entry.path.name, entry.pack is not None) for entry in entries] == [
        ("d", False),
        ("top.toml", True),
    ]
    assert entries[0].problems[0].message.startswith("folder not searched")


def test_many_folders_too_deep_are_reported_once(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    parent = deep_folder(root, MAX_FOLDER_DEPTH)
    for name in ("a", "b", "c"):
        (parent / name).mkdir()
    files = pack_files([root])
    assert files == [parent / "a"]
    assert problem_of(files[0]).endswith(
        f"error: folder not searched, nor 2 more: they lie more than {MAX_FOLDER_DEPTH} "
        f"folders deep in {root} — move the packs you want nearer to {root}"
    )


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Folders (by name) that cannot be listed, as if their permissions forbade it
    (the tests may run as root, who can read anything)."""
    names: set[str] = set()
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name in names:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield names


def test_an_unreadable_subfolder_is_reported(tmp_path: Path, locked: set[str]) -> None:
    # Issue 9: it was skipped silently.
    root = tmp_path / "packs"
    top = write_pack(root, "top")
    write_pack(root / "locked", "hidden-away")
    locked.add("locked")
    files = pack_files([root])
    assert files == [root / "locked", top]
    assert problem_of(files[0]) == (
        f"{root / 'locked'}:1:1: error: folder cannot be read: permission denied "
        "— make it readable, or move the packs out of it"
    )


def test_an_unreadable_folder_named_itself_is_reported(tmp_path: Path, locked: set[str]) -> None:
    root = tmp_path / "packs"
    write_pack(root, "top")
    locked.add("packs")
    assert [problem_of(path) for path in pack_files([root])] == [
        f"{root}:1:1: error: folder cannot be read: permission denied "
        "— make it readable, or move the packs out of it"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any folder")
def test_a_folder_without_read_permission_is_reported(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    write_pack(root / "locked", "inside")
    (root / "locked").chmod(0)
    try:
        assert "folder cannot be read" in problem_of(pack_files([root])[0])
    finally:
        (root / "locked").chmod(0o755)


def test_hidden_folders_and_symlinked_folders_are_not_walked(tmp_path: Path) -> None:
    root = tmp_path / "packs"
    top = write_pack(root, "top")
    write_pack(root / ".git", "in-git")
    write_pack(tmp_path / "elsewhere", "elsewhere")
    (root / "link").symlink_to(tmp_path / "elsewhere")
    linked = root / "linked.toml"
    linked.symlink_to(write_pack(tmp_path / "other", "linked"))
    (root / "folder.toml").mkdir()
    assert pack_files([root]) == [linked, top]
