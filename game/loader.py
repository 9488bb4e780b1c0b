"""Loading a pack file: read it, parse it, validate it, and report every problem.

`load_pack(path)` returns a `Pack` or raises `PackError`, which carries every problem
found in the file, each with a line, a column, what is wrong and how to fix it. No
other exception escapes for anything a pack file can contain.

This module runs the steps in order and parses the TOML; each step lives in its own
module: reading files (`game.packfile`), the pydantic models (`game.format`) and the
messages for their errors (`game.pydantic_messages`), and the checks between the
parts of a pack (`game.references`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from game.folders import SkippedFolder
from game.format import PackDocument, to_pack
from game.i18n import _
from game.pack import KNOWN_FORMATS, MAX_CLAIMS, MAX_SOURCES, Pack, pack_digest
from game.packfile import read_pack, source_texts
from game.places import ProblemLog
from game.prescan import check_nesting, check_statements
from game.problems import PackError, Problem
from game.pydantic_messages import teacher_message
from game.references import check_references
from game.text import shown

__all__ = ["PackError", "Problem", "load_pack"]


def load_pack(path: str | os.PathLike[str]) -> Pack:
    """Read, parse and validate one pack file."""
    if isinstance(path, SkippedFolder) and path.problem is not None:
        raise PackError([path.problem])
    file = Path(path)
    data = read_pack(file)
    text = data.decode("utf-8")
    # Before tomli: nesting and key paths no pack needs would cost it (and every
    # step after it) far more than the file's size suggests.
    check_statements(str(file), text)
    check_nesting(str(file), text)
    document = _parse(str(file), text)
    log = ProblemLog(str(file), text)

    version = document.get("format")
    if "format" not in document:
        log((), _('missing "format"'), _("add `format = 1` as the first line"))
    elif type(version) is not int or version not in KNOWN_FORMATS:
        known = ", ".join(str(v) for v in KNOWN_FORMATS)
        log(
            ("format",),
            _("unknown pack format {value}").format(value=shown(version)),
            _("this version of ClaimSort reads format {known}").format(known=known),
        )
        # Another format's rules are unknown: checking further would only mislead.
        raise PackError(log.found)
    _refuse_too_many_tables(document, log)

    model: PackDocument | None = None
    try:
        model = PackDocument.model_validate(document)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            found = teacher_message(item)
            if found is not None:
                where, (message, hint) = found
                log(where, message, hint)
    except (RecursionError, ValueError, TypeError) as error:  # pathological shapes
        log((), _("the pack cannot be validated: {reason}").format(reason=error))

    sources = source_texts(document, file, log)
    check_references(document, sources.texts, log)

    if log.found or model is None:
        raise PackError(_by_place(log.found))

    digest = pack_digest(data, sources.text_files)
    return to_pack(model, sources.texts, path=file, digest=digest)


_TABLE_CAPS = (("sources", MAX_SOURCES), ("claims", MAX_CLAIMS))


def _refuse_too_many_tables(document: dict[str, Any], log: ProblemLog) -> None:
    """PackError when the pack has more sources or claims than allowed: checked
    further, every table past the cap would cost time and add problems."""
    over = False
    for table, limit in _TABLE_CAPS:
        entries = document.get(table)
        if isinstance(entries, list) and len(entries) > limit:
            over = True
            log(
                (table, limit),
                _(
                    "the pack has {count} [[{table}]] tables; a pack may have at most {limit}"
                ).format(count=f"{len(entries):,}", table=table, limit=f"{limit:,}"),
                _("split it into several packs"),
            )
    if over:
        raise PackError(_by_place(log.found))


def _by_place(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.column))


# -- parsing ---------------------------------------------------------------------------


def _parse(shown_path: str, text: str) -> dict[str, Any]:
    """The TOML document, or PackError with the one syntax error tomli stops at."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", error.msg)
        line = getattr(error, "lineno", 1)
        column = getattr(error, "colno", 1)
        raise PackError(
            [
                Problem(
                    shown_path,
                    line,
                    column,
                    _("TOML syntax: {message}").format(message=message.rstrip(".")),
                    _syntax_hint(message),
                )
            ]
        ) from None
    except RecursionError:
        raise PackError([Problem(shown_path, 1, 1, _("the TOML is nested too deeply"))]) from None
    except ValueError as error:
        # e.g. an integer with more digits than Python converts.
        raise PackError(
            [
                Problem(
                    shown_path,
                    1,
                    1,
                    _("TOML value cannot be read: {reason}").format(reason=shown(str(error))),
                    _("use smaller numbers"),
                )
            ]
        ) from None


def _syntax_hint(message: str) -> str:
    lowered = message.lower()
    if "unclosed" in lowered or "unterminated" in lowered or "illegal character '\\n'" in lowered:
        return _(
            "close the string with the same quote mark it starts with, on the same line "
            "(use triple quotes for text over several lines)"
        )
    if "duplicate" in lowered or "cannot overwrite" in lowered or "cannot declare" in lowered:
        return _("each key may appear once per table")
    if "invalid statement" in lowered or "expected '='" in lowered:
        return _('write key = value, with text in "quotes"')
    if "control character" in lowered or "illegal character" in lowered:
        return _("remove the invisible character")
    if "escape" in lowered:
        return _(r"write a backslash as \\, or use a literal string in single quotes")
    return _("check the TOML syntax at this point")
