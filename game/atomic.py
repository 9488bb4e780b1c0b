"""Writing a file in one step: a reader, or a crash, sees the old file or the new one,
never part of one. Every file ClaimSort writes for the player goes through here."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _new_file_mode() -> int:
    # The permissions open() would give a new file; mkstemp's 0600 would hide an export
    # from the other programs meant to read it.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(
    path: Path, data: str | bytes, *, overwrite: bool = True, durable: bool = True
) -> None:
    """Replace `path` with `data` (text is written as UTF-8, its line ends as given).

    An existing file keeps its permissions; a new one gets the usual ones. With
    `overwrite=False` an existing file is refused with FileExistsError and left as it
    was. `durable=False` skips flushing to the disk, for a file that can be rebuilt (a
    cache): a crash may then lose the new file, but still never leaves half of it.
    A failed write leaves no temporary file behind.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    placeholder = False
    if overwrite:
        try:
            mode = path.stat().st_mode & 0o777
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
            handle.write(payload)
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
