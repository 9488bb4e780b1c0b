"""Finding the pack files in folders: a walk to a documented depth that lists, among
the files it found, each folder it left out and why.

A folder left out is a `SkippedFolder`: a path, so that whatever lists and loads pack
files (`claimsort check`, the pack list) shows it like a pack that failed, with its
problem, instead of leaving it out in silence.

And opening a file found there without blocking on it (`open_unblocked`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from game.i18n import _
from game.problems import Problem
from game.text import printable

PACK_SUFFIX = ".toml"
MAX_FOLDER_DEPTH = 16
"""Folders more than this many levels below a folder searched for packs (one named on
the command line, or the user's pack folder) are not searched."""

if TYPE_CHECKING:
    _PlatformPath = Path
else:  # Python 3.11 subclasses only the concrete PosixPath or WindowsPath.
    _PlatformPath = type(Path())


class SkippedFolder(_PlatformPath):
    """A folder the walk did not enter; loading it raises PackError with `problem`."""

    problem: Problem | None = None
    """Why it was left out (None only for paths derived from it)."""


def pack_files(paths: Iterable[Path]) -> list[Path]:
    """Expand files and folders into pack files: a folder gives the *.toml files in it
    and in its folders, sorted, and the folders left out (`SkippedFolder`). Hidden
    files and folders and symlinked folders are not walked. A path that is neither a
    file nor a folder is kept so that loading reports it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path))
        else:
            found.append(path)
    return found


def _walk(root: Path) -> list[Path]:
    files: list[Path] = []
    too_deep: list[Path] = []
    unreadable: list[tuple[Path, OSError]] = []
    # A list of folders still to list, not recursion: no depth exhausts the stack.
    pending = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue  # editors and version control keep other TOML there
                    try:
                        folder_here = entry.is_dir(follow_symlinks=False)
                        pack_here = entry.name.endswith(PACK_SUFFIX) and entry.is_file()
                    except OSError:
                        continue  # gone, or cannot be looked at: nothing to load
                    if folder_here and depth < MAX_FOLDER_DEPTH:
                        pending.append((Path(entry.path), depth + 1))
                    elif folder_here:
                        too_deep.append(Path(entry.path))
                    elif pack_here:
                        files.append(Path(entry.path))
        except OSError as error:
            unreadable.append((folder, error))
    if too_deep:
        files.append(_too_deep(root, sorted(too_deep)))
    if unreadable:
        files.append(_unreadable(root, sorted(unreadable, key=lambda item: item[0])))
    return sorted(files)


def _skipped(path: Path, message: str, hint: str) -> SkippedFolder:
    folder = SkippedFolder(path)
    folder.problem = Problem(str(path), 1, 1, message, hint)
    return folder


def _too_deep(root: Path, folders: list[Path]) -> SkippedFolder:
    shown_root = printable(str(root))
    more = len(folders) - 1
    message = (
        _("folder not searched, nor {n} more: they lie more than {limit} folders deep in {root}")
        if more
        else _("folder not searched: it lies more than {limit} folders deep in {root}")
    )
    return _skipped(
        folders[0],
        message.format(n=f"{more:,}", limit=MAX_FOLDER_DEPTH, root=shown_root),
        _("move the packs you want nearer to {root}").format(root=shown_root),
    )


def _unreadable(root: Path, folders: list[tuple[Path, OSError]]) -> SkippedFolder:
    first, error = folders[0]
    reason = error.strerror.lower() if error.strerror else type(error).__name__
    more = len(folders) - 1
    message = (
        _("folder cannot be read ({reason}), nor {n} more in {root}")
        if more
        else _("folder cannot be read: {reason}")
    )
    return _skipped(
        first,
        message.format(reason=reason, n=f"{more:,}", root=printable(str(root))),
        _("make it readable, or move the packs out of it"),
    )


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs to wait on
_BINARY = getattr(os, "O_BINARY", 0)  # Windows


def open_unblocked(path: Path) -> BinaryIO:
    """`path` opened to read without waiting on it: opening a FIFO (which a path may have
    become since it was looked at) blocks until a writer comes, perhaps forever. Check
    what was opened (`os.fstat`) before reading it."""
    return os.fdopen(os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY), "rb")
