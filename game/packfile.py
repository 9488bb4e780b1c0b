"""Reading the files of a pack safely: the pack file itself and its sources' `text_file`s.

Every file is checked before and while it is read: a regular file (a FIFO or a device
could block forever), at most MAX_PACK_BYTES, UTF-8 without BOM. A `text_file` must
stay inside the pack's folder, symlinks included, and the sources' texts together
may hold at most MAX_PACK_BYTES. A problem is a `PackError` (the pack file) or a
problem reported at the `text_file` key that names the file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

from game.folders import open_unblocked
from game.i18n import _
from game.keylines import KeyPath, Position
from game.pack import MAX_PACK_BYTES
from game.places import ProblemLog, field_name, tables
from game.problems import PackError, Problem
from game.text import LINE_SEPARATORS, describe_char, find_unsafe, shown

FileKind = Literal["pack", "text file"]
"""What a file is for, which decides how its problems are worded."""


def read_pack(path: Path) -> bytes:
    """The bytes of a pack file, valid UTF-8 of at most MAX_PACK_BYTES, or PackError."""
    return read_text(str(path), path, "pack")


def read_text(shown_path: str, path: Path, kind: FileKind) -> bytes:
    """Bytes of a UTF-8 text file of at most MAX_PACK_BYTES, or PackError."""
    pack = kind == "pack"

    def fail(message: str, hint: str = "", line: int = 1, column: int = 1) -> PackError:
        return PackError([Problem(shown_path, line, column, message, hint)])

    with _os_problems(fail):
        info = path.stat()
    _check_kind(info, pack, fail)
    with _os_problems(fail), open_unblocked(path) as handle:
        # The path may have become a FIFO since it was checked: what counts is the file
        # opened, checked again.
        _check_kind(os.fstat(handle.fileno()), pack, fail)
        data = handle.read(MAX_PACK_BYTES + 1)
    if len(data) > MAX_PACK_BYTES:
        raise fail(
            _("the file is larger than {limit} bytes").format(limit=f"{MAX_PACK_BYTES:,}"),
            _too_big_hint(pack),
        )
    if not data.strip():
        raise fail(
            _("the file is empty"),
            _("start from `claimsort new FILE`") if pack else _("paste the article's text into it"),
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise fail(
            _("the file starts with a byte order mark (BOM)"),
            _("save it as UTF-8 without BOM"),
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise fail(
            _("invalid UTF-8 (byte 0x{byte:02X})").format(byte=data[error.start]),
            _("save the file as UTF-8"),
            line,
            column,
        ) from None
    return data


@contextmanager
def _os_problems(fail: Callable[..., PackError]) -> Iterator[None]:
    """Turn what the operating system refuses into a PackError."""
    try:
        yield
    except FileNotFoundError:
        raise fail(_("no such file"), _("check the path")) from None
    except PermissionError:
        raise fail(_("permission denied"), _("make the file readable")) from None
    except (OSError, ValueError) as error:
        raise fail(_("cannot read the file: {reason}").format(reason=_os_reason(error))) from None


def _too_big_hint(pack: bool) -> str:
    if pack:
        return _("split it into several packs")
    return _("keep only the part of the article the claims are about")


def _check_kind(info: os.stat_result, pack: bool, fail: Callable[..., PackError]) -> None:
    """PackError unless `info` is a regular file of at most MAX_PACK_BYTES."""
    if stat.S_ISDIR(info.st_mode):
        if pack:
            raise fail(_("is a folder, not a pack file"), _("name a .toml file inside it"))
        raise fail(_("is a folder, not a text file"), _("name the text file inside it"))
    if not stat.S_ISREG(info.st_mode):
        # Reading a FIFO or a device could block or never end.
        raise fail(
            _("is not a regular file"),
            _("name a .toml file") if pack else _("name a UTF-8 text file with the article"),
        )
    if info.st_size > MAX_PACK_BYTES:
        raise fail(
            (
                _("the file is {size} bytes; a pack may be at most {limit} bytes")
                if pack
                else _("the file is {size} bytes; a text file may be at most {limit} bytes")
            ).format(size=f"{info.st_size:,}", limit=f"{MAX_PACK_BYTES:,}"),
            _too_big_hint(pack),
        )


def _text_file_text(data: bytes) -> str:
    # A text file saved on Windows has CRLF line endings; TOML text gets "\n" from
    # tomli, so a text file's lines end the same way (a lone CR is still refused).
    return data.decode("utf-8").replace("\r\n", "\n")


def _os_reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return type(error).__name__


def _byte_position(data: bytes, offset: int) -> Position:
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column


def _text_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# -- the sources' texts ----------------------------------------------------------------


@dataclass
class _TextFile:
    """A `text_file` as read once for all the sources that name it."""

    data: bytes | None = None
    """Its bytes, or None when it cannot be used."""
    text: str | None = None
    """Its text, with CRLF line endings made "\\n"."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(message, hint) of each problem, reported at every key naming the file."""


@dataclass
class SourceTexts:
    """What the sources of a pack hold as text."""

    texts: dict[int, str] = field(default_factory=dict)
    """Each source's text by index, inline or read from its `text_file`; a source
    without a usable text is absent."""
    text_files: list[bytes] = field(default_factory=list)
    """The bytes of each `text_file` read, in source order, for `pack_digest`."""


def source_texts(document: Mapping[str, Any], pack_path: Path, log: ProblemLog) -> SourceTexts:
    """Each source's text, reading `text_file`s; their problems go to `log`.

    The sources' texts together may have at most MAX_PACK_BYTES (each source counts
    its text, also when several name one file), and each file is read only once:
    a small pack naming one big file many times costs no more than the cap allows.
    """
    found = SourceTexts()
    files: dict[Path, _TextFile] = {}
    total = 0
    over = False
    for index, source in tables(document, "sources"):
        inline = source.get("text")
        file_name = source.get("text_file")
        if "text" in source and "text_file" in source:
            log(
                ("sources", index, "text_file"),
                _('give "text" or "text_file", not both'),
                _("remove one of them"),
            )
            continue
        if isinstance(inline, str):
            # Inline text is bounded by the pack file's own size; it is kept (and its
            # quotes checked) even past the cap.
            found.texts[index] = inline
            total += len(inline.encode("utf-8", errors="surrogatepass"))
            if total > MAX_PACK_BYTES and not over:
                over = True
                where: KeyPath = ("sources", index, "text")
                _report_total(log, where, field_name(where), total)
        elif isinstance(file_name, str):
            target = _text_file_target(log, pack_path, index, file_name)
            if target is None or over:
                continue  # past the cap, no further file is read
            if target not in files:
                files[target] = _read_text_file(log, pack_path, file_name, target)
            loaded = files[target]
            for message, hint in loaded.problems:
                log(
                    ("sources", index, "text_file"),
                    _("text_file {name}: {message}").format(name=shown(file_name), message=message),
                    hint,
                )
            if loaded.data is None or loaded.text is None:
                continue
            total += len(loaded.data)
            if total > MAX_PACK_BYTES:
                over = True
                _report_total(
                    log,
                    ("sources", index, "text_file"),
                    _("text_file {name}").format(name=shown(file_name)),
                    total,
                )
                continue
            found.texts[index] = loaded.text
            found.text_files.append(loaded.data)
    return found


def _report_total(log: ProblemLog, where: KeyPath, name: str, total: int) -> None:
    log(
        where,
        _(
            "{name} brings the text of this pack's sources to {size} bytes; "
            "at most {limit} are allowed in all"
        ).format(name=name, size=f"{total:,}", limit=f"{MAX_PACK_BYTES:,}"),
        _(
            "keep only the parts of the articles the claims are about, "
            "or split the pack into several packs"
        ),
    )


def _text_file_target(log: ProblemLog, pack_path: Path, index: int, name: str) -> Path | None:
    """Where a `text_file` name leads, or None (reported) when it must not be read."""
    where = ("sources", index, "text_file")
    outside_hint = _("put the text file in the pack's folder or a folder below it")
    if find_unsafe(name, multiline=False) is not None or not name.strip():
        # The field check has already reported the character; never open such a name.
        return None
    if (
        PurePosixPath(name).is_absolute()
        or PureWindowsPath(name).is_absolute()
        or PureWindowsPath(name).drive
    ):
        log(
            where,
            _("text_file {name} is an absolute path").format(name=shown(name)),
            outside_hint,
        )
        return None
    if ".." in PurePosixPath(name.replace("\\", "/")).parts:
        log(
            where,
            _("text_file {name} leaves the pack's folder").format(name=shown(name)),
            outside_hint,
        )
        return None
    folder = pack_path.parent
    try:
        root = folder.resolve(strict=True)
        target = (folder / name).resolve(strict=False)
    except (OSError, RuntimeError):
        log(where, _("text_file {name} cannot be resolved").format(name=shown(name)))
        return None
    if not target.is_relative_to(root):
        # A symlink pointing out of the folder: refused before anything is read.
        log(
            where,
            _("text_file {name} points outside the pack's folder").format(name=shown(name)),
            outside_hint,
        )
        return None
    return target


def _read_text_file(log: ProblemLog, pack_path: Path, name: str, target: Path) -> _TextFile:
    """A text file's bytes and text. Problems that have a place in the text file
    are reported there, once; the others are returned, to be reported at each
    `text_file` key that names the file."""
    shown_file = str(pack_path.parent / name)
    try:
        data = read_text(shown_file, target, "text file")
    except PackError as error:
        return _TextFile(problems=[(p.message, p.hint) for p in error.problems])
    text = _text_file_text(data)
    at = find_unsafe(text, multiline=True)
    if at is not None:
        line, column = _text_position(text, at)
        log.add(
            Problem(
                shown_file,
                line,
                column,
                _("contains {char}").format(char=describe_char(text[at])),
                _("write a plain line break instead")
                if text[at] in LINE_SEPARATORS
                else _("remove it from the text file"),
            )
        )
        return _TextFile()
    return _TextFile(data, text)
