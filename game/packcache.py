"""Packs that passed their check, remembered so that playing them again starts fast.

Validating a pack means building the pydantic validators, which costs more than the
rest of ClaimSort's start-up together. A pack that has not changed since it last
passed is therefore read back from `<data home>/cache/packs/`, as plain JSON, without
importing the validator at all.

A cache entry is trusted only for the exact content it was made from: the SHA-256 of
the pack file and of its text files (the pack's `digest`) must match, the text files
must still resolve inside the pack's folder, and the entry must have been made under
the same rules (this version of ClaimSort, with the same validator source). Anything
else, including any error reading the cache, falls back to a full check.
`claimsort check` never uses the cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from game import __version__
from game.atomic import write_atomically
from game.pack import MAX_PACK_BYTES, Category, Claim, Pack, PackInfo, Source, pack_digest
from game.paths import data_home

CACHE_FORMAT = 1

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


@functools.cache
def rules_fingerprint() -> str:
    """SHA-256 of ClaimSort's version and of the source of its validation rules."""
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
    with path.open("rb") as handle:
        data = handle.read(MAX_PACK_BYTES + 1)
    return None if len(data) > MAX_PACK_BYTES else data


def _current_digest(path: Path, sources: list[dict[str, Any]]) -> str | None:
    """The digest the loader would compute for the files as they are now."""
    if not path.is_file():
        return None
    data = _read_small(path)
    if data is None:
        return None
    text_files: list[bytes] = []
    root = path.parent.resolve()
    for source in sources:
        name = source.get("text_file")
        if name is None:
            continue  # an inline text was hashed as part of the pack file
        target = (path.parent / name).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        text = _read_small(target)
        if text is None:
            return None
        text_files.append(text)
    return pack_digest(data, text_files)


def load_cached(path: Path) -> Pack | None:
    """The pack at `path` as it last passed its check, or None (check it afresh)."""
    try:
        entry = json.loads(_entry_path(path).read_text(encoding="utf-8"))
        if entry.get("rules") != rules_fingerprint():
            return None
        data = entry["pack"]
        digest = _current_digest(path, data["sources"])
        if digest is None or digest != entry["digest"]:
            return None
        return _pack_from_json(data, path, digest)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


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


def _pack_from_json(data: dict[str, Any], path: Path, digest: str) -> Pack:
    sources = []
    for raw in data["sources"]:
        fields = dict(raw)
        if fields["published"] is not None:
            fields["published"] = dt.date.fromisoformat(fields["published"])
        sources.append(Source(**fields))
    info = dict(data["info"])
    info["authors"] = tuple(info["authors"])
    return Pack(
        info=PackInfo(**info),
        sources=tuple(sources),
        claims=tuple(Claim(**{**c, "tags": tuple(c["tags"])}) for c in data["claims"]),
        categories=tuple(Category(**c) for c in data["categories"]),
        path=path,
        digest=digest,
    )
