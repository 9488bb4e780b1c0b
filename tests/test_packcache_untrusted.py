"""A pack cache entry is untrusted input (issue 9): one made by hand, whose digest
matches a pack that `check` refuses, is discarded and the pack checked in full."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from game.catalog import find_catalog, load_for_play
from game.loader import load_pack
from game.pack import MULTILINE_FIELDS, pack_digest
from game.packcache import cache_dir, load_cached
from game.problems import PackError

ARTICLE = "The mayor opened the bridge on Friday. Critics said it cost too much.\n"

PACK = """\
format = 1

[pack]
id = "bridge"
title = "{title}"
language = "en"
description = "A bridge.\\nOpened."

[[sources]]
id = "paper"
title = "Bridge opens"
publisher = "The Paper"
published = 2025-04-17
url = "https://example.org/bridge"
text_file = "article.txt"

[[claims]]
id = "opened"
text = "The mayor opened the bridge."
answer = "fact"
quote = "The mayor opened the bridge on Friday."
said_by = "The Paper, in its own voice"
explanation = "Reported in the paper's own voice."
tags = ["events"]
"""
HOSTILE_TITLE = "The bridge\x1b]52;c;cHduZWQ=\x07\x1b[1;31;5m"


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "bridge.toml"
    path.write_text(PACK.format(title="The bridge"), encoding="utf-8")
    return path


def cached_entry(pack_file: Path) -> tuple[Path, dict[str, Any]]:
    """The entry playing the pack leaves, and its file."""
    load_for_play(pack_file)
    (entry_file,) = cache_dir().glob("*.json")
    return entry_file, json.loads(entry_file.read_text(encoding="utf-8"))


def test_an_entry_made_for_a_pack_check_refuses_is_discarded_and_the_pack_refused(
    pack_file: Path,
) -> None:
    entry_file, entry = cached_entry(pack_file)
    # The pack now holds an escape sequence in its title, which check refuses; the
    # entry says the same and carries the digest of exactly these files.
    toml_title = HOSTILE_TITLE.encode("unicode_escape").decode().replace("\\x", "\\u00")
    pack_file.write_text(PACK.format(title=toml_title), encoding="utf-8")
    entry["pack"]["info"]["title"] = HOSTILE_TITLE
    entry["digest"] = pack_digest(
        pack_file.read_bytes(), [(pack_file.parent / "article.txt").read_bytes()]
    )
    entry_file.write_text(json.dumps(entry), encoding="utf-8")

    assert load_cached(pack_file) is None
    assert not entry_file.exists()
    entry_file.write_text(json.dumps(entry), encoding="utf-8")
    (listed,) = find_catalog([pack_file], include_defaults=False)
    assert listed.pack is None  # listed as a pack that cannot be played
    assert listed.error == (
        f"{pack_file}:5:1: error: title in [pack] contains U+001B (control character) "
        "at character 11 — remove it (newlines and tabs are allowed only in multi-line text)"
    )
    assert not entry_file.exists()
    with pytest.raises(PackError):
        load_for_play(pack_file)


Damage = Callable[[dict[str, Any]], object]


def _set(where: str, value: object) -> Damage:
    def damage(pack: dict[str, Any]) -> object:
        *path, last = where.split(".")
        table: Any = pack
        for key in path:
            table = table[int(key)] if key.isdigit() else table[key]
        table[last] = value
        return pack

    return damage


def _drop(where: str) -> Damage:
    def damage(pack: dict[str, Any]) -> object:
        table, key = where.split(".")
        del pack[table][key]
        return pack

    return damage


DAMAGE: dict[str, Damage] = {
    "escape-in-title": _set("info.title", HOSTILE_TITLE),
    "escape-in-url": _set("sources.0.url", "https://x\x1b]52;c;cHduZWQ=\x07"),
    "escape-in-article": _set("sources.0.text", ARTICLE + "\x1b[2J"),
    "c1-csi-in-claim": _set("claims.0.text", "The mayor \x9b31m opened it."),
    "tag-characters-in-explanation": _set("claims.0.explanation", "Own voice.\U000e0041\U000e0042"),
    "line-separator-in-said-by": _set("claims.0.said_by", "The Paper\u2028EFE"),
    "newline-in-title": _set("info.title", "The\nbridge"),
    "half-a-character": _set("claims.0.quote", "The mayor \ud800"),
    "escape-in-tag": _set("claims.0.tags", ["events\x1b"]),
    "escape-in-category-label": _set("categories.0.label", "Fact\x1b[5m"),
    "id-breaks-its-pattern": _set("claims.0.id", "Opened Claim"),
    "language-breaks-its-pattern": _set("info.language", "english please"),
    "url-breaks-its-pattern": _set("sources.0.url", "javascript:alert(1)"),
    "key-of-two-letters": _set("categories.0.key", "ff"),
    "reserved-key": _set("categories.0.key", "q"),
    "shared-key": _set("categories.1.key", "f"),
    "answer-not-a-category": _set("claims.0.answer", "opinion"),
    "source-not-a-source": _set("claims.0.source", "elsewhere"),
    "duplicate-claim-ids": lambda pack: {**pack, "claims": pack["claims"] * 2},
    "no-claims": _set("claims", []),
    "no-categories": _set("categories", []),
    "title-not-text": _set("info.title", ["The bridge"]),
    "authors-not-a-list": _set("info.authors", "A teacher"),
    "difficulty-as-text": _set("claims.0.difficulty", "2"),
    "difficulty-as-bool": _set("claims.0.difficulty", True),
    "published-not-a-date": _set("sources.0.published", "last spring"),
    "unknown-field": _set("claims.0.secret", "x"),
    "missing-field": _drop("info.title"),
    "pack-not-an-object": lambda pack: ["not", "a", "pack"],
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_bad_entry_is_discarded_and_the_pack_checked_in_full(
    pack_file: Path, damage: Damage
) -> None:
    entry_file, entry = cached_entry(pack_file)
    assert load_cached(pack_file) == load_pack(pack_file)  # the entry as written is used
    entry["pack"] = damage(entry["pack"])
    entry_file.write_text(json.dumps(entry), encoding="utf-8")
    assert load_cached(pack_file) is None
    assert not entry_file.exists()
    assert load_for_play(pack_file) == load_pack(pack_file)  # checked, and cached afresh
    assert load_cached(pack_file) == load_pack(pack_file)


def test_a_huge_entry_is_not_read(pack_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry_file, _entry = cached_entry(pack_file)
    monkeypatch.setattr("game.packcache.MAX_ENTRY_BYTES", entry_file.stat().st_size - 1)
    assert load_cached(pack_file) is None
    assert not entry_file.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_text_file_swapped_for_a_fifo_after_its_check_does_not_block(
    pack_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached_entry(pack_file)
    article = pack_file.parent / "article.txt"
    article.unlink()
    os.mkfifo(article)  # no writer will ever come
    # The path passed its look as a regular file; it is a FIFO by the time it is opened.
    monkeypatch.setattr(Path, "is_file", lambda self: True)
    found: list[object] = []
    reader = threading.Thread(target=lambda: found.append(load_cached(pack_file)), daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert not reader.is_alive(), "opening the FIFO blocked"
    assert found == [None]  # not the cached pack: checked afresh, which says why


def test_the_multiline_fields_are_the_formats() -> None:
    # The cache allows newlines exactly where check does: in the fields whose type in
    # game.format is multi-line text. Each text field is given a newline in turn.
    from pydantic import ValidationError

    from game.format import PackDocument

    tables: dict[str, dict[str, str]] = {
        "pack": {"id": "p", "title": "T", "language": "en", "description": "D"},
        "sources": {"id": "s", "title": "T", "publisher": "P", "url": "https://x", "text": "X."},
        "claims": {
            "id": "c",
            "text": "T",
            "answer": "fact",
            "quote": "X",
            "said_by": "S",
            "explanation": "E",
            "hint": "H",
            "discuss": "D",
        },
        "categories": {"id": "fact", "label": "F", "key": "f", "description": "D"},
    }

    def document(table: str = "", name: str = "") -> dict[str, object]:
        rows = {t: dict(fields) for t, fields in tables.items()}
        if table:
            rows[table][name] += "\nmore"
        other = {"id": "other", "label": "O", "key": "o", "description": "D"}
        return {
            "format": 1,
            "pack": rows["pack"],
            "sources": [rows["sources"]],
            "claims": [rows["claims"]],
            "categories": [rows["categories"], other],
        }

    PackDocument.model_validate(document())
    multiline: set[str] = set()
    one_line: set[str] = set()
    for table, fields in tables.items():
        for name in fields:
            try:
                PackDocument.model_validate(document(table, name))
            except ValidationError:
                one_line.add(name)
            else:
                multiline.add(name)
    assert multiline == MULTILINE_FIELDS
    assert not multiline & one_line
