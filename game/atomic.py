"""Writing a file in one step: a reader, or a crash, sees the old file or the new one,
never part of one. Every file ClaimSort writes for the player goes through here."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from game.i18n import _


class NotRegularFileError(OSError):
    """The path names a pipe, a device or a socket: replacing it with a file would take
    it away from whatever reads it, and writing to it is not a file's all-or-nothing."""


def _new_file_mode() -> int:
    # The permissions open() would give a new file; mkstemp's 0600 would hide an export
    # from the other programs meant to read it.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _existing_mode(path: Path) -> int:
    """The permissions of the file at `path`; NotRegularFileError when it is not one."""
    # stat, not open: opening a FIFO to look at it would wait for a reader.
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(errno.EINVAL, _("not a regular file"), str(path))
    return info.st_mode & 0o777


@contextmanager
def atomic_writer(
    path: Path, *, overwrite: bool = True, durable: bool = True
) -> Iterator[BinaryIO]:
    """A binary file to write in pieces that replaces `path` in one step when the block
    ends; if the block raises, `path` is left as it was and nothing else remains.

    An existing file keeps its permissions; a new one gets the usual ones. An existing
    path that is not a regular file is refused with NotRegularFileError before anything
    is opened. With `overwrite=False` an existing file is refused with FileExistsError
    and left as it was. `durable=False` skips flushing to the disk, for a file that can
    be rebuilt (a cache): a crash may then lose the new file, but still never leaves
    half of it.
    """
    placeholder = False
    if overwrite:
        try:
            mode = _existing_mode(path)
        except FileNotFoundError:
            mode = _new_file_mode()
    else:
        # Claim the name first, so that a file made meanwhile is never replaced; the
        # empty placeholder is replaced by the whole file below.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        placeholder = True
        mode = path.stat().st_mode & 0o777
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        temp.chmod(mode)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        if placeholder:
            path.unlink(missing_ok=True)
        raise


def write_atomically(
    path: Path, data: str | bytes, *, overwrite: bool = True, durable: bool = True
) -> None:
    """Replace `path` with `data` (text is written as UTF-8, its line ends as given),
    as `atomic_writer` does."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_writer(path, overwrite=overwrite, durable=durable) as handle:
        handle.write(payload)
