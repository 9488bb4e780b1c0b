"""Loading a pack file: read it safely, parse it, validate it, and report every problem.

`load_pack(path)` returns a `Pack` or raises `PackError`, which carries every problem
found in the file, each with a line, a column, what is wrong and how to fix it. No
other exception escapes for anything a pack file can contain.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

import tomli
from pydantic import BaseModel, ValidationError

from game.format import Category, Claim, PackDocument, PackInfo, Source, to_pack
from game.i18n import _
from game.keylines import KeyPath, Position, key_positions, locate
from game.pack import (
    DEFAULT_CATEGORIES,
    ID_PATTERN,
    KNOWN_FORMATS,
    MAX_PACK_BYTES,
    RESERVED_KEYS,
    Pack,
    pack_digest,
)
from game.problems import PackError, Problem
from game.text import QuoteIndex, describe_char, find_unsafe, normalise, shown


def load_pack(path: str | os.PathLike[str]) -> Pack:
    """Read, parse and validate one pack file."""
    return _PackReader(Path(path)).load()


# -- reading files ---------------------------------------------------------------------

FileKind = Literal["pack", "text file"]
"""What a file is for, which decides how its problems are worded."""


def _read_text(shown_path: str, path: Path, kind: FileKind) -> bytes:
    """Bytes of a UTF-8 text file of at most MAX_PACK_BYTES, or PackError."""
    pack = kind == "pack"

    def fail(message: str, hint: str = "", line: int = 1, column: int = 1) -> PackError:
        return PackError([Problem(shown_path, line, column, message, hint)])

    too_big_hint = (
        _("split it into several packs")
        if pack
        else _("keep only the part of the article the claims are about")
    )
    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail(_("no such file"), _("check the path")) from None
    except PermissionError:
        raise fail(_("permission denied"), _("make the file readable")) from None
    except (OSError, ValueError) as error:
        raise fail(_("cannot read the file: {reason}").format(reason=_os_reason(error))) from None
    if stat.S_ISDIR(info.st_mode):
        if pack:
            raise fail(_("is a folder, not a pack file"), _("name a .toml file inside it"))
        raise fail(_("is a folder, not a text file"), _("name the text file inside it"))
    if not stat.S_ISREG(info.st_mode):
        # Opening a FIFO or a device could block or never end.
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
            too_big_hint,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_PACK_BYTES + 1)
    except PermissionError:
        raise fail(_("permission denied"), _("make the file readable")) from None
    except OSError as error:
        raise fail(_("cannot read the file: {reason}").format(reason=_os_reason(error))) from None
    if len(data) > MAX_PACK_BYTES:
        raise fail(
            _("the file is larger than {limit} bytes").format(limit=f"{MAX_PACK_BYTES:,}"),
            too_big_hint,
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


@dataclass
class _TextFile:
    """A `text_file` as read once for all the sources that name it."""

    data: bytes | None = None
    """Its bytes, or None when it cannot be used."""
    text: str | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(message, hint) of each problem, reported at every key naming the file."""


# -- the reader ------------------------------------------------------------------------


class _ProblemFactory:
    def __init__(self, shown_path: str) -> None:
        self.shown_path = shown_path
        self.text = ""
        self._positions: dict[KeyPath, Position] | None = None
        self.found: list[Problem] = []

    @property
    def positions(self) -> dict[KeyPath, Position]:
        """Key paths to (line, column), from one scan of the text, made only once a
        problem needs a place: a valid pack never pays for it."""
        if self._positions is None:
            self._positions = key_positions(self.text)
        return self._positions

    def __call__(self, where: Sequence[str | int], message: str, hint: str = "") -> None:
        line, column = locate(self.positions, where)
        self.found.append(Problem(self.shown_path, line, column, message, hint))


class _PackReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown_path = str(path)
        self.problem = _ProblemFactory(self.shown_path)

    def load(self) -> Pack:
        data = _read_text(self.shown_path, self.path, "pack")
        text = data.decode("utf-8")
        document = self._parse(text)
        self.problem.text = text
        text_files: list[bytes] = []

        version = document.get("format")
        if "format" not in document:
            self.problem(
                (),
                _('missing "format"'),
                _("add `format = 1` as the first line"),
            )
        elif type(version) is not int or version not in KNOWN_FORMATS:
            known = ", ".join(str(v) for v in KNOWN_FORMATS)
            self.problem(
                ("format",),
                _("unknown pack format {value}").format(value=shown(version)),
                _("this version of ClaimSort reads format {known}").format(known=known),
            )
            # Another format's rules are unknown: checking further would only mislead.
            raise PackError(self.problem.found)

        model: PackDocument | None = None
        try:
            model = PackDocument.model_validate(document)
        except ValidationError as error:
            for item in error.errors(include_url=False):
                self._report_validation(item, document)
        except (RecursionError, ValueError, TypeError) as error:  # pathological shapes
            self.problem((), _("the pack cannot be validated: {reason}").format(reason=error))

        source_texts = self._resolve_sources(document, text_files)
        self._check_references(document, source_texts)

        if self.problem.found or model is None:
            raise PackError(sorted(self.problem.found, key=lambda p: (p.line, p.column)))

        return to_pack(model, source_texts, path=self.path, digest=pack_digest(data, text_files))

    # -- parsing --------------------------------------------------------------------

    def _parse(self, text: str) -> dict[str, Any]:
        try:
            return tomli.loads(text)
        except tomli.TOMLDecodeError as error:
            message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", error.msg)
            line = getattr(error, "lineno", 1)
            column = getattr(error, "colno", 1)
            raise PackError(
                [
                    Problem(
                        self.shown_path,
                        line,
                        column,
                        _("TOML syntax: {message}").format(message=message.rstrip(".")),
                        _syntax_hint(message),
                    )
                ]
            ) from None
        except RecursionError:
            raise PackError(
                [Problem(self.shown_path, 1, 1, _("the TOML is nested too deeply"))]
            ) from None
        except ValueError as error:
            # e.g. an integer with more digits than Python converts.
            raise PackError(
                [
                    Problem(
                        self.shown_path,
                        1,
                        1,
                        _("TOML value cannot be read: {reason}").format(reason=shown(str(error))),
                        _("use smaller numbers"),
                    )
                ]
            ) from None

    # -- type errors, as pydantic reports them --------------------------------------

    def _report_validation(self, item: Mapping[str, Any], document: Mapping[str, Any]) -> None:
        where = tuple(item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        name = _field_name(where)
        value = item.get("input")
        if kind == "missing" and where == ("format",):
            return  # already reported, with a better hint, before validation
        if kind == "missing" and where in (("pack",), ("sources",), ("claims",)):
            header = "[pack]" if where == ("pack",) else f"[[{where[0]}]]"
            self.problem(
                where,
                _("the pack file has no {header} table").format(header=header),
                _("add one; `claimsort new FILE` writes an example"),
            )
        elif kind == "missing":
            key = str(where[-1])
            self.problem(
                where,
                _('{table} is missing "{key}"').format(table=_table_name(where[:-1]), key=key),
                _("add {key} = …").format(key=key),
            )
        elif kind == "extra_forbidden":
            key = str(where[-1])
            allowed = _allowed_keys(where[:-1])
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = (
                _('did you mean "{key}"?').format(key=close[0])
                if close
                else _("allowed here: {keys}").format(keys=", ".join(allowed))
            )
            self.problem(where, _("unknown key {key}").format(key=shown(key)), hint)
        elif kind == "unsafe_character":
            self.problem(
                where,
                _("{name} contains {char} at character {position}").format(
                    name=name, char=ctx.get("char", "?"), position=ctx.get("position", "?")
                ),
                _("remove it (newlines and tabs are allowed only in multi-line text)")
                if "newline" not in str(ctx.get("char")) and "tab" not in str(ctx.get("char"))
                else _("keep this field on one line"),
            )
        elif kind == "blank_text":
            self.problem(where, _("{name} is empty").format(name=name), _("write some text"))
        elif kind == "string_pattern_mismatch":
            self._report_pattern(where, name, value, str(ctx.get("pattern", "")))
        elif kind in ("string_too_long", "too_long"):
            size = len(value) if isinstance(value, str | list) else "?"
            # Constrained text reports "too_long" (its length check runs after the
            # character check), so the unit follows the value, not the error kind.
            unit = _("characters") if isinstance(value, str) else _("items")
            self.problem(
                where,
                _("{name} has {size} {unit}; at most {limit} are allowed").format(
                    name=name, size=size, unit=unit, limit=ctx.get("max_length")
                ),
                _("shorten it"),
            )
        elif kind == "too_short" and where == ("categories",):
            self.problem(
                where,
                _("a pack with its own categories needs 2 to 6 [[categories]] tables"),
                _("add another, or remove [[categories]] to use the three default categories"),
            )
        elif kind in ("string_too_short", "too_short"):
            self.problem(
                where,
                _("{name} needs at least {limit}").format(
                    name=name, limit=_count(ctx.get("min_length"), where)
                ),
                _("add one") if where and where[-1] in ("sources", "claims") else "",
            )
        elif kind in ("greater_than_equal", "less_than_equal"):
            self.problem(
                where,
                _("{name} is {value}; it must be from 1 to 3").format(name=name, value=value),
                _("1 is easy, 2 medium, 3 hard"),
            )
        elif kind == "date_with_time":
            self.problem(
                where, _("{name} has a time of day").format(name=name), _("write 2025-04-17")
            )
        elif kind.endswith("_type") or kind.endswith("_parsing") or kind == "model_type":
            self._report_type(where, name, value, kind)
        else:
            self.problem(where, _("{name}: {message}").format(name=name, message=item["msg"]))

    def _report_pattern(self, where: KeyPath, name: str, value: object, pattern: str) -> None:
        if pattern == ID_PATTERN:
            suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "my-id"
            self.problem(
                where,
                _("{name} is {value}; use only lowercase letters, digits and single dashes").format(
                    name=name, value=shown(value)
                ),
                _('e.g. "{suggestion}"').format(suggestion=suggestion),
            )
        elif where[-1] == "key":
            self.problem(
                where,
                _("key {value} must be one lowercase letter").format(value=shown(value)),
                _('e.g. key = "o"'),
            )
        elif where[-1] == "language":
            self.problem(
                where,
                _("language {value} is not a BCP 47 language tag").format(value=shown(value)),
                _('e.g. "en", "es" or "pt-BR"'),
            )
        elif where[-1] == "url":
            self.problem(
                where,
                _("url {value} is not a web address").format(value=shown(value)),
                _("start it with https:// and leave out spaces"),
            )
        else:
            self.problem(
                where, _("{name} {value} is not allowed").format(name=name, value=shown(value))
            )

    def _report_type(self, where: KeyPath, name: str, value: object, kind: str) -> None:
        expected = {
            "string_type": _("text in quotes"),
            "int_type": _("a whole number"),
            "int_parsing": _("a whole number"),
            "date_type": _("a date like 2025-04-17"),
            "list_type": _("a list in [brackets]"),
            "model_type": _("a table"),
            "dict_type": _("a table"),
        }.get(kind, kind.removesuffix("_type").replace("_", " "))
        got = _toml_kind(value)
        if where and where[-1] in ("pack",) and isinstance(value, list):
            hint = _("write [pack] (one pair of brackets)")
        elif where and where[-1] in ("sources", "claims", "categories") and isinstance(value, dict):
            hint = _("write [[{table}]] (two pairs of brackets)").format(table=where[-1])
        elif kind == "int_type" and isinstance(value, str):
            hint = _("leave out the quotes")
        elif kind == "string_type" and not isinstance(value, dict | list):
            hint = _("put it in quotes")
        else:
            hint = ""
        self.problem(
            where,
            _("{name} must be {expected}, not {got}").format(name=name, expected=expected, got=got),
            hint,
        )

    # -- sources and text files -----------------------------------------------------

    def _resolve_sources(
        self, document: Mapping[str, Any], text_files: list[bytes]
    ) -> dict[int, str]:
        """Each source's text by index, reading `text_file`s; reports their problems.

        The sources' texts together may have at most MAX_PACK_BYTES (each source counts
        its text, also when several name one file), and each file is read only once:
        a small pack naming one big file many times costs no more than the cap allows.
        """
        texts: dict[int, str] = {}
        files: dict[Path, _TextFile] = {}
        total = 0
        over = False
        for index, source in _tables(document, "sources"):
            inline = source.get("text")
            file_name = source.get("text_file")
            if "text" in source and "text_file" in source:
                self.problem(
                    ("sources", index, "text_file"),
                    _('give "text" or "text_file", not both'),
                    _("remove one of them"),
                )
                continue
            if isinstance(inline, str):
                # Inline text is bounded by the pack file's own size; it is kept (and its
                # quotes checked) even past the cap.
                texts[index] = inline
                total += len(inline.encode("utf-8", errors="surrogatepass"))
                if total > MAX_PACK_BYTES and not over:
                    over = True
                    self._report_total(
                        ("sources", index, "text"), _field_name(("sources", index, "text")), total
                    )
            elif isinstance(file_name, str):
                target = self._text_file_target(index, file_name)
                if target is None or over:
                    continue  # past the cap, no further file is read
                if target not in files:
                    files[target] = self._read_text_file(file_name, target)
                loaded = files[target]
                for message, hint in loaded.problems:
                    self.problem(
                        ("sources", index, "text_file"),
                        _("text_file {name}: {message}").format(
                            name=shown(file_name), message=message
                        ),
                        hint,
                    )
                if loaded.data is None or loaded.text is None:
                    continue
                total += len(loaded.data)
                if total > MAX_PACK_BYTES:
                    over = True
                    self._report_total(
                        ("sources", index, "text_file"),
                        _("text_file {name}").format(name=shown(file_name)),
                        total,
                    )
                    continue
                texts[index] = loaded.text
                text_files.append(loaded.data)
        return texts

    def _report_total(self, where: KeyPath, name: str, total: int) -> None:
        self.problem(
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

    def _text_file_target(self, index: int, name: str) -> Path | None:
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
            self.problem(
                where,
                _("text_file {name} is an absolute path").format(name=shown(name)),
                outside_hint,
            )
            return None
        if ".." in PurePosixPath(name.replace("\\", "/")).parts:
            self.problem(
                where,
                _("text_file {name} leaves the pack's folder").format(name=shown(name)),
                outside_hint,
            )
            return None
        folder = self.path.parent
        try:
            root = folder.resolve(strict=True)
            target = (folder / name).resolve(strict=False)
        except (OSError, RuntimeError):
            self.problem(where, _("text_file {name} cannot be resolved").format(name=shown(name)))
            return None
        if not target.is_relative_to(root):
            # A symlink pointing out of the folder: refused before anything is read.
            self.problem(
                where,
                _("text_file {name} points outside the pack's folder").format(name=shown(name)),
                outside_hint,
            )
            return None
        return target

    def _read_text_file(self, name: str, target: Path) -> _TextFile:
        """A text file's bytes and text. Problems that have a place in the text file
        are reported there, once; the others are returned, to be reported at each
        `text_file` key that names the file."""
        shown_file = str(self.path.parent / name)
        try:
            data = _read_text(shown_file, target, "text file")
        except PackError as error:
            return _TextFile(problems=[(p.message, p.hint) for p in error.problems])
        text = _text_file_text(data)
        at = find_unsafe(text, multiline=True)
        if at is not None:
            line, column = _text_position(text, at)
            self.problem.found.append(
                Problem(
                    shown_file,
                    line,
                    column,
                    _("contains {char}").format(char=describe_char(text[at])),
                    _("remove it from the text file"),
                )
            )
            return _TextFile()
        return _TextFile(data, text)

    # -- references between parts of the pack ---------------------------------------

    def _check_references(self, document: Mapping[str, Any], texts: Mapping[int, str]) -> None:
        sources = list(_tables(document, "sources"))
        claims = list(_tables(document, "claims"))
        categories = list(_tables(document, "categories"))

        source_ids = self._unique_ids(sources, "sources", _("source"))
        self._unique_ids(claims, "claims", _("claim"))
        if categories:
            category_ids = self._unique_ids(categories, "categories", _("category"))
            self._check_category_keys(categories)
        else:
            category_ids = {c.id: -1 for c in DEFAULT_CATEGORIES}

        source_index = {sid: index for sid, index in source_ids.items()}
        quoted: list[tuple[int, int, str]] = []  # (claim index, source index, needle)
        for index, claim in claims:
            answer = claim.get("answer")
            if isinstance(answer, str) and answer not in category_ids:
                self.problem(
                    ("claims", index, "answer"),
                    _("answer {value} is not a category of this pack").format(value=shown(answer)),
                    _suggest(answer, category_ids),
                )
            source = claim.get("source")
            if source is None:
                if len(sources) > 1:
                    self.problem(
                        ("claims", index),
                        _('claim has no "source", and the pack has several sources'),
                        _("add source = one of {ids}").format(
                            ids=", ".join(_valid_ids(source_ids))
                        ),
                    )
                target = 0 if len(sources) == 1 else None
            elif isinstance(source, str):
                target = source_index.get(source)
                if target is None:
                    self.problem(
                        ("claims", index, "source"),
                        _("source {value} is not a source of this pack").format(
                            value=shown(source)
                        ),
                        _suggest(source, source_ids),
                    )
            else:
                target = None
            quote = claim.get("quote")
            if target is None or not isinstance(quote, str) or target not in texts:
                continue
            needle = normalise(quote)
            if needle:
                quoted.append((index, target, needle))

        # Quotes are looked up per text, all at once: a long article is indexed once
        # instead of being scanned once per quote.
        # Sources that share a text (several naming one file) share its index too.
        wanted: dict[str, set[str]] = {}
        for _index, target, needle in quoted:
            wanted.setdefault(texts[target], set()).add(needle)
        missing = {text: QuoteIndex(text).missing(needles) for text, needles in wanted.items()}
        for index, target, needle in quoted:
            if needle in missing[texts[target]]:
                self.problem(
                    ("claims", index, "quote"),
                    _("quote not found in the text of source {source}").format(
                        source=shown(sources[target][1].get("id", target + 1))
                    ),
                    _(
                        "copy the words exactly from the article (spacing, quote marks and dashes may differ)"
                    ),
                )

    def _unique_ids(
        self, tables: Iterable[tuple[int, Mapping[str, Any]]], table: str, what: str
    ) -> dict[str, int]:
        seen: dict[str, int] = {}
        for index, entry in tables:
            value = entry.get("id")
            if not isinstance(value, str):
                continue
            if value in seen:
                first_line, _column = locate(self.problem.positions, (table, seen[value], "id"))
                self.problem(
                    (table, index, "id"),
                    _("{what} id {value} is used twice").format(what=what, value=shown(value)),
                    _("ids must be unique; the first one is on line {line}").format(
                        line=first_line
                    ),
                )
            else:
                seen[value] = index
        return seen

    def _check_category_keys(self, categories: Iterable[tuple[int, Mapping[str, Any]]]) -> None:
        seen: dict[str, int] = {}
        for index, entry in categories:
            key = entry.get("key")
            if not isinstance(key, str):
                continue
            if key in RESERVED_KEYS:
                self.problem(
                    ("categories", index, "key"),
                    _("key {value} is taken by the game (h hint, r read, q quit)").format(
                        value=shown(key)
                    ),
                    _("choose another letter"),
                )
            elif key in seen:
                self.problem(
                    ("categories", index, "key"),
                    _("key {value} is used by two categories").format(value=shown(key)),
                    _("give each category its own letter"),
                )
            seen.setdefault(key, index)


# -- helpers ---------------------------------------------------------------------------


def _tables(document: Mapping[str, Any], name: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    entries = document.get(name)
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                yield index, entry


_MODELS: dict[str, type[BaseModel]] = {
    "pack": PackInfo,
    "sources": Source,
    "claims": Claim,
    "categories": Category,
}


def _allowed_keys(where: KeyPath) -> list[str]:
    model: type[BaseModel] = PackDocument
    if where and isinstance(where[0], str) and where[0] in _MODELS:
        model = _MODELS[where[0]]
    return list(model.model_fields)


_SINGULAR = {"sources": "source", "claims": "claim", "categories": "category"}


def _table_name(where: KeyPath) -> str:
    """`[pack]`, `claim 2` (counting from 1, in file order), or "the pack file"."""
    if not where:
        return _("the pack file")
    if len(where) >= 2 and isinstance(where[1], int) and where[0] in _SINGULAR:
        table = _("{kind} {n}").format(kind=_(_SINGULAR[str(where[0])]), n=where[1] + 1)
        rest = where[2:]
        return f"{table} {'.'.join(str(part) for part in rest)}".strip()
    return f"[{'.'.join(str(part) for part in where)}]"


def _field_name(where: KeyPath) -> str:
    """A field as a teacher reads it: `said_by of claim 2`, `title in [pack]`."""
    if not where:
        return _("the pack")
    if len(where) == 1:
        return str(where[0])
    # Split off the key and any list position below it: ("claims", 0, "tags", 2).
    cut = len(where)
    while cut > 1 and isinstance(where[cut - 1], int):
        cut -= 1
    key, items = where[cut - 1], where[cut:]
    name = str(key)
    for item in items:
        name = _("{name} item {n}").format(name=name, n=int(item) + 1)
    table = where[: cut - 1]
    if not table:
        return name
    if table[0] == "pack":
        return _("{name} in {table}").format(name=name, table=_table_name(table))
    return _("{name} of {table}").format(name=name, table=_table_name(table))


def _count(limit: object, where: KeyPath) -> str:
    if where and where[-1] in _SINGULAR:
        return _("{n} [[{table}]]").format(n=limit, table=where[-1])
    return _("{n} characters").format(n=limit)


def _toml_kind(value: object) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("a number")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, dt.datetime):
        return _("a date with a time of day")
    if isinstance(value, dt.date):
        return _("a date")
    return _("a time of day")


def _valid_ids(ids: Iterable[str]) -> list[str]:
    # Ids that break the id rules are reported on their own line; suggesting them
    # would also put untrusted characters into a hint.
    return [i for i in ids if re.fullmatch(ID_PATTERN, i)]


def _suggest(value: str, choices: Iterable[str]) -> str:
    options = _valid_ids(choices)
    if not options:
        return ""
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
    if close:
        return _('did you mean "{choice}"?').format(choice=close[0])
    return _("use one of: {choices}").format(choices=", ".join(options))


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
