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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from game.folders import SkippedFolder
from game.format import PackDocument, to_pack
from game.guide_rules import check_guide_rules
from game.i18n import _
from game.pack import KNOWN_FORMATS, MAX_CLAIMS, MAX_SOURCES, Pack, pack_digest
from game.packfile import SourceTexts, read_pack, source_texts
from game.places import ProblemLog
from game.prescan import check_nesting, check_statements
from game.problems import PackError, Problem
from game.pydantic_messages import teacher_message
from game.references import check_references
from game.syntax import diagnose, headers
from game.text import shown

__all__ = ["PackCheck", "PackError", "Problem", "check_pack", "load_pack"]


def load_pack(path: str | os.PathLike[str]) -> Pack:
    """Read, parse and validate one pack file."""
    return _load(path)[0]


@dataclass(frozen=True)
class PackCheck:
    """What `claimsort check` finds in one pack file."""

    problems: list[Problem]
    """Errors and warnings, by place (at most MAX_PROBLEMS errors, then a count)."""
    errors: int
    """How many errors there are, listed or not; a pack with any cannot be played."""
    warnings: int
    """How many of the guide's rules the pack breaks (`game.guide_rules`)."""


def check_pack(path: str | os.PathLike[str]) -> PackCheck:
    """Every error in a pack file or, when it has none, every warning."""
    try:
        pack, log = _load(path)
    except PackError as error:
        return PackCheck(error.problems, error.count, 0)
    # The guide's rules need a valid pack: they are checked once the errors are fixed.
    check_guide_rules(pack, log)
    warnings = _by_place(log.found)
    return PackCheck(warnings, 0, len(warnings))


def _load(path: str | os.PathLike[str]) -> tuple[Pack, ProblemLog]:
    """The pack, and the (empty) log of its file, where warnings about it go."""
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
    model, sources = _validate(document, file, log)
    if log.found or model is None:
        raise PackError(_by_place(log.found))
    digest = pack_digest(data, sources.text_files)
    return to_pack(model, sources.texts, path=file, digest=digest), log


def _validate(
    document: dict[str, Any], file: Path, log: ProblemLog
) -> tuple[PackDocument | None, SourceTexts]:
    """Every check of a parsed pack, reported to `log`: the model (None when invalid)
    and the sources' texts."""
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
    return model, sources


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
    """The TOML document, or PackError with its syntax error, placed where the teacher
    can fix it, and every problem in the tables before it."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", error.msg)
        found = diagnose(text, message, getattr(error, "lineno", 1), getattr(error, "colno", 1))
        before = _problems_before(shown_path, text, found.line)
        hint = found.hint
        if before is None:
            hint += _("; the rest of the file is checked once this is fixed")
        else:
            hint += _("; the lines from here on are checked once this is fixed")
        syntax = Problem(shown_path, found.line, found.column, found.message, hint)
        raise PackError(_by_place([syntax, *(before or [])])) from None
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


def _problems_before(shown_path: str, text: str, line: int) -> list[Problem] | None:
    """The problems of the tables that end before the one holding a syntax error on
    `line`, or None when there are none to check (the error is in the first table,
    or what comes before it does not parse either).

    Only what the rest of the file cannot change is kept: a table's own keys, ids
    used twice, quotes of the sources above; not what is missing from the file, nor
    an answer or source that a later [[categories]] or [[sources]] could define."""
    tables = headers(text)
    line_start = _line_start(text, line)
    cut = max((at for at, _name in tables if at <= line_start), default=0)
    if not cut:
        return None
    try:
        document = tomli.loads(text[:cut])
    except (tomli.TOMLDecodeError, RecursionError, ValueError):
        return None
    later = {name for at, name in tables if at >= cut}
    log = ProblemLog(shown_path, text[:cut])
    try:
        _validate(document, Path(shown_path), log)
    except PackError:
        return None  # a format it does not know, or too many tables
    kept = []
    for where, problem in zip(log.places, log.found, strict=True):
        if where is None or len(where) < 2 or not isinstance(where[0], str):
            continue  # placed in a text file, or about the whole file or a whole list
        if where[0] == "claims" and where[-1] == "answer" and "categories" in later:
            continue
        if (
            where[0] == "claims"
            and "sources" in later
            and (where[-1] == "source" or len(where) == 2)
        ):
            continue
        kept.append(problem)
    return kept


def _line_start(text: str, line: int) -> int:
    at = 0
    for _number in range(line - 1):
        found = text.find("\n", at)
        if found < 0:
            break
        at = found + 1
    return at
