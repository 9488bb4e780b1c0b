"""Reading the article a draft comes from, and writing the draft, safely.

`read_article` takes a path or "-" (standard input) and returns the text, or raises
`DraftError` for anything a teacher might hand it by mistake: no file, a folder, a
file far too large, an empty file, binary data, another encoding, control characters.
`write_new` writes the draft to a file that must not exist yet.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from game.draft.errors import DraftError
from game.i18n import _
from game.text import describe_char, find_unsafe, printable

MAX_ARTICLE_BYTES = 256 * 1024
"""An article may be at most 256 KiB. A long feature is 50 KB; a draft runs to about
twelve times its article (each sentence quoted up to four times, with explanations and
comments), and must stay within a pack's 5 MB (`draft_pack` says so if it would not)."""

STDIN = "-"
"""The name that reads the article from standard input."""


def read_article(name: str, stdin: BinaryIO | None = None) -> str:
    """The article's text from the file `name`, or from standard input for "-"."""
    shown = _("standard input") if name == STDIN else name
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = stream.read(MAX_ARTICLE_BYTES + 1)
        except OSError as error:
            raise DraftError(
                _("cannot read standard input: {reason}").format(reason=_reason(error))
            ) from None
    else:
        data = _read_file(name)
    return article_text(data, shown)


def article_text(data: bytes, name: str = "") -> str:
    """`data` as an article's text: UTF-8 (a byte order mark is dropped), line breaks
    made "\\n", no control characters. `name` says where it came from, in messages."""
    path = name or None
    if len(data) > MAX_ARTICLE_BYTES:
        raise _too_big(len(data), path, exact=False)
    if not data.strip():
        raise DraftError(
            _("the article is empty"), _("paste the article's text into it"), path=path
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DraftError(
            _("the article is UTF-16 text"), _("save it as UTF-8 plain text"), path=path
        )
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        raise DraftError(
            _("this is binary data, not a plain-text article (a NUL byte)"),
            _("copy the article's text out of its PDF, Word or web page into a .txt file"),
            path=path,
            line=line,
            column=column,
        )
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise DraftError(
            _("not UTF-8 text (byte 0x{byte:02X})").format(byte=data[error.start]),
            _("save the article as UTF-8 plain text"),
            path=path,
            line=line,
            column=column,
        ) from None
    return checked_text(text.replace("\r\n", "\n").replace("\r", "\n"), path)


def checked_text(text: str, path: str | None = None) -> str:
    """`text`, if a pack may hold it: no control or invisible characters."""
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_ARTICLE_BYTES:
        raise _too_big(len(text.encode("utf-8", errors="surrogatepass")), path, exact=True)
    if not text.strip():
        raise DraftError(
            _("the article is empty"), _("paste the article's text into it"), path=path
        )
    at = find_unsafe(text, multiline=True)
    if at is None:
        at = next((i for i, c in enumerate(text) if 0xD800 <= ord(c) <= 0xDFFF), None)
    if at is not None:
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise DraftError(
            _("the article contains {char}").format(char=describe_char(text[at])),
            _("remove it: an article is plain text"),
            path=path,
            line=line,
            column=column,
        )
    return text


def write_new(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` to a new file at `path`; an existing file is never overwritten."""
    target = Path(path)
    shown = printable(str(target))
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            try:
                handle.write(text)
            except BaseException:
                handle.close()
                target.unlink(missing_ok=True)  # ours, half written
                raise
    except FileExistsError:
        raise DraftError(
            _("{path} already exists").format(path=shown),
            _("choose another name; the drafter never overwrites a file"),
        ) from None
    except OSError as error:
        raise DraftError(
            _("cannot write {path}: {reason}").format(path=shown, reason=_reason(error))
        ) from None


def _read_file(name: str) -> bytes:
    path = Path(name)

    def fail(message: str, hint: str = "") -> DraftError:
        return DraftError(message, hint, path=name)

    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail(_("no such file"), _("check the path")) from None
    except PermissionError:
        raise fail(_("permission denied"), _("make the file readable")) from None
    except (OSError, ValueError) as error:
        raise fail(_("cannot read the file: {reason}").format(reason=_reason(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise fail(_("is a folder, not an article"), _("name the article's .txt file"))
    if not stat.S_ISREG(info.st_mode):
        raise fail(
            _("is not a regular file"), _("to read from a pipe, give - and pipe the text in")
        )
    if info.st_size > MAX_ARTICLE_BYTES:
        raise _too_big(info.st_size, name, exact=True)
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_ARTICLE_BYTES + 1)
    except PermissionError:
        raise fail(_("permission denied"), _("make the file readable")) from None
    except OSError as error:
        raise fail(_("cannot read the file: {reason}").format(reason=_reason(error))) from None


def _too_big(size: int, path: str | None, *, exact: bool) -> DraftError:
    limit = f"{MAX_ARTICLE_BYTES:,}"
    message = (
        _("the article is {size} bytes; the drafter reads at most {limit}").format(
            size=f"{size:,}", limit=limit
        )
        if exact
        else _("the article is larger than {limit} bytes, the most the drafter reads").format(
            limit=limit
        )
    )
    return DraftError(
        message, _("draft from the part of the article the claims are about"), path=path
    )


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def _reason(error: BaseException) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error)
