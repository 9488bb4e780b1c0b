"""Packs that passed their check, remembered so that playing them again starts fast.

Validating a pack means building the pydantic validators, which costs more than the
rest of ClaimSort's start-up together. A pack that has not changed since it last
passed is therefore read back from `<data home>/cache/packs/`, as plain JSON, without
importing the validator at all.

A cache entry is used only for the exact content it was made from: the SHA-256 of
the pack file and of its text files (the pack's `digest`) must match, the text files
must still resolve inside the pack's folder, and the entry must have been made under
the same rules (this version of ClaimSort, with the same validator source). Anything
else, including any error reading the cache, falls back to a full check.
`claimsort check` never uses the cache.

An entry is still untrusted input: anyone who can write to the data folder can write
one, digest and fingerprint included. So what it holds is checked again as it is read:
its shape (exactly the fields of `game.pack`'s classes, each of its type), every string
through the same unsafe-character check as pack text (`game.text.find_unsafe`), ids,
keys, languages and urls against the format's patterns, and the references the game
follows (a claim's answer and source). An entry that fails is discarded and the pack
checked in full. Lengths are not checked again: a value too long only takes room.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
import stat
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

from game import __version__
from game.atomic import write_atomically
from game.folders import open_unblocked
from game.i18n import language
from game.pack import (
    ID_PATTERN,
    KEY_PATTERN,
    LANGUAGE_PATTERN,
    MAX_PACK_BYTES,
    MULTILINE_FIELDS,
    RESERVED_KEYS,
    URL_PATTERN,
    Category,
    Claim,
    Pack,
    PackInfo,
    Source,
    pack_digest,
)
from game.paths import data_home
from game.text import find_unsafe

CACHE_FORMAT = 1

MAX_ENTRY_BYTES = 4 * MAX_PACK_BYTES
"""A larger entry is not read. A pack file (at most 5 MB) and its sources' texts (at
most 5 MB together) fit in it as JSON with room to spare."""

# The modules whose code decides whether a pack is valid. An entry made under other
# rules (an edited checkout, an upgrade that kept its version number) is not trusted.
_RULES = (
    "format.py",
    "loader.py",
    "packfile.py",
    "places.py",
    "pydantic_messages.py",
    "references.py",
    "text.py",
    "pack.py",
    "keylines.py",
    "problems.py",
)


def rules_fingerprint() -> str:
    """SHA-256 of ClaimSort's version and of the source of its validation rules, and the
    interface's language (a pack with the default categories holds their labels in it)."""
    return f"{_code_fingerprint()}-{language()}"


@functools.cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}".encode())
    folder = Path(__file__).parent
    for name in _RULES:
        digest.update(b"\0" + (folder / name).read_bytes())
    return digest.hexdigest()


def cache_dir() -> Path:
    return data_home() / "cache" / "packs"


def _entry_path(path: Path) -> Path:
    # One entry per pack file (by its real location), replaced when the pack changes.
    key = hashlib.sha256(os.fsencode(path.resolve())).hexdigest()
    return cache_dir() / f"{key}.json"


def _read_small(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, or None when it is something else (a
    FIFO, swapped in since it was looked at, would block a plain open) or too large."""
    with open_unblocked(path) as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        data = handle.read(MAX_PACK_BYTES + 1)
    return None if len(data) > MAX_PACK_BYTES else data


def _current_digest(path: Path, sources: Sequence[Source]) -> str | None:
    """The digest the loader would compute for the files as they are now."""
    if not path.is_file():
        return None
    data = _read_small(path)
    if data is None:
        return None
    text_files: list[bytes] = []
    root = path.parent.resolve()
    for source in sources:
        if source.text_file is None:
            continue  # an inline text was hashed as part of the pack file
        target = (path.parent / source.text_file).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        text = _read_small(target)
        if text is None:
            return None
        text_files.append(text)
    return pack_digest(data, text_files)


def load_cached(path: Path) -> Pack | None:
    """The pack at `path` as it last passed its check, or None (check it afresh). An
    entry that is not what `remember` writes is deleted."""
    entry_file = _entry_path(path)
    try:
        with entry_file.open("rb") as handle:
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None  # no entry yet, or an unreadable cache: a full check either way
    try:
        if len(raw) > MAX_ENTRY_BYTES:
            raise BadEntryError(f"larger than {MAX_ENTRY_BYTES} bytes")
        entry = json.loads(raw.decode("utf-8"))
        if not isinstance(entry, dict):
            raise BadEntryError("not an object")
        rules = entry.get("rules")
        pack = _pack_from_json(entry.get("pack"), path, entry.get("digest"))
    except (ValueError, TypeError, RecursionError):  # BadEntryError, JSON and UTF-8 errors too
        with contextlib.suppress(OSError):
            entry_file.unlink()
        return None
    try:
        if rules != rules_fingerprint():
            return None  # made under other rules: replaced once the pack passes again
        digest = _current_digest(path, pack.sources)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return None
    return pack if digest == pack.digest else None


def remember(pack: Pack) -> None:
    """Keep a checked pack for next time; failing to is never an error."""
    if pack.path is None:
        return
    entry: dict[str, Any] = {
        "digest": pack.digest,
        "pack": _pack_to_json(pack),
    }
    with contextlib.suppress(OSError, ValueError):
        entry["rules"] = rules_fingerprint()
        target = _entry_path(pack.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Not flushed to the disk: an entry lost in a crash is only a slower next start.
        write_atomically(target, json.dumps(entry, ensure_ascii=False), durable=False)


def _pack_to_json(pack: Pack) -> dict[str, Any]:
    return {
        "info": vars(pack.info),
        "sources": [
            {
                **vars(source),
                "published": source.published.isoformat() if source.published else None,
            }
            for source in pack.sources
        ],
        "claims": [vars(claim) for claim in pack.claims],
        "categories": [vars(category) for category in pack.categories],
    }


class BadEntryError(ValueError):
    """A cache entry that is not what `remember` writes: damaged, or made by hand."""


_PATTERNS = {
    name: re.compile(pattern)
    for names, pattern in (
        (("id", "answer", "source", "tags"), ID_PATTERN),
        (("language",), LANGUAGE_PATTERN),
        (("url",), URL_PATTERN),
        (("key",), KEY_PATTERN),
    )
    for name in names
}
"""The pattern each constrained field has, in every table that has the field (as in
`game.format`)."""

_Record = TypeVar("_Record", PackInfo, Source, Claim, Category)


def _pack_from_json(data: object, path: Path, digest: object) -> Pack:
    """The pack an entry holds, or BadEntryError saying what is wrong with it."""
    if not isinstance(digest, str):
        raise BadEntryError("no digest")
    table = _fields(data, ("info", "sources", "claims", "categories"), "pack")
    info = _record(PackInfo, table["info"])
    sources = _records(Source, table["sources"])
    claims = _records(Claim, table["claims"])
    categories = _records(Category, table["categories"])
    source_ids = {source.id for source in sources}
    category_ids = {category.id for category in categories}
    keys = [category.key for category in categories]
    if len(keys) != len(set(keys)) or set(keys) & set(RESERVED_KEYS):
        raise BadEntryError("category keys are not distinct letters of their own")
    for claim in claims:
        if claim.answer not in category_ids:
            raise BadEntryError(f"claim {claim.id}: no category {claim.answer}")
        if (claim.source is None and len(sources) != 1) or (
            claim.source is not None and claim.source not in source_ids
        ):
            raise BadEntryError(f"claim {claim.id}: no source {claim.source}")
    return Pack(
        info=info,
        sources=sources,
        claims=claims,
        categories=categories,
        path=path,
        digest=digest,
    )


def _fields(raw: object, names: Sequence[str], what: str) -> dict[str, object]:
    if not isinstance(raw, dict) or sorted(raw) != sorted(names):
        raise BadEntryError(f"{what}: not an object with exactly {', '.join(names)}")
    return raw


def _records(cls: type[_Record], raw: object) -> tuple[_Record, ...]:
    if not isinstance(raw, list) or not raw:
        raise BadEntryError(f"{cls.__name__}: not a list of one or more")
    records = tuple(_record(cls, item) for item in raw)
    if len({record.id for record in records}) != len(records):
        raise BadEntryError(f"{cls.__name__}: ids not unique")
    return records


_TYPES: dict[type[Any], dict[str, object]] = {}


def _types(cls: type[_Record]) -> dict[str, object]:
    """The type of each field `remember` writes for `cls` (worked out once)."""
    if cls not in _TYPES:
        hints = typing.get_type_hints(cls)
        _TYPES[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}
    return _TYPES[cls]


def _record(cls: type[_Record], raw: object) -> _Record:
    kinds = _types(cls)
    fields = _fields(raw, list(kinds), cls.__name__)
    return cls(**{name: _value(name, kind, fields[name]) for name, kind in kinds.items()})


def _value(name: str, kind: object, value: object) -> Any:
    """`value` as a field of type `kind`, or BadEntryError."""
    if typing.get_origin(kind) is types.UnionType:  # X | None
        if value is None:
            return None
        (kind,) = (arg for arg in typing.get_args(kind) if arg is not type(None))
    if kind is str:
        return _text(name, value)
    if kind == tuple[str, ...] and isinstance(value, list):
        return tuple(_text(name, item) for item in value)
    if kind is int and type(value) is int:
        return value
    if kind is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)  # ValueError when it is not a date
    raise BadEntryError(f"{name}: not a {kind}")


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise BadEntryError(f"{name}: not text")
    if find_unsafe(value, multiline=name in MULTILINE_FIELDS) is not None:
        raise BadEntryError(f"{name}: holds a character pack text may not")
    pattern = _PATTERNS.get(name)
    if pattern is not None and not pattern.match(value):
        raise BadEntryError(f"{name}: does not match its pattern")
    return value
