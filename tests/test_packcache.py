"""The cache of checked packs: exact, invalidated by any change, never trusted blindly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from game import packcache
from game.catalog import find_catalog, load_for_play
from game.loader import load_pack
from game.packcache import cache_dir, load_cached, remember
from game.paths import builtin_packs_dir
from game.problems import PackError

ARTICLE = "The mayor opened the bridge on Friday. Critics said it cost too much.\n"

PACK = """\
format = 1

[pack]
id = "bridge"
title = "The bridge"
language = "en"
authors = ["A teacher"]

[[sources]]
id = "paper"
title = "Bridge opens"
publisher = "The Paper"
published = 2025-04-17
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


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "bridge.toml"
    path.write_text(PACK, encoding="utf-8")
    return path


def test_a_played_pack_comes_back_from_the_cache_exactly(pack_file: Path) -> None:
    assert load_cached(pack_file) is None
    played = load_for_play(pack_file)
    assert len(list(cache_dir().glob("*.json"))) == 1
    cached = load_cached(pack_file)
    assert cached == played == load_pack(pack_file)
    assert cached is not None and cached.sources[0].text == ARTICLE
    assert cached.claims[0].tags == ("events",) and cached.info.authors == ("A teacher",)


def test_a_cached_pack_is_played_without_importing_the_validator(pack_file: Path) -> None:
    load_for_play(pack_file)
    code = (
        "import sys; from pathlib import Path; from game.catalog import load_for_play;"
        f"pack = load_for_play(Path({str(pack_file)!r}));"
        "print(pack.title, 'game.loader' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["The", "bridge", "False", "False"]


def test_an_edited_pack_is_checked_again(pack_file: Path) -> None:
    load_for_play(pack_file)
    pack_file.write_text(PACK.replace('answer = "fact"', 'answer = "fakt"'), encoding="utf-8")
    assert load_cached(pack_file) is None
    with pytest.raises(PackError) as caught:
        load_for_play(pack_file)
    assert 'did you mean "fact"?' in caught.value.problems[0].hint


def test_an_edited_text_file_is_checked_again(pack_file: Path) -> None:
    load_for_play(pack_file)
    (pack_file.parent / "article.txt").write_text("Something else entirely.\n", encoding="utf-8")
    assert load_cached(pack_file) is None
    with pytest.raises(PackError) as caught:
        load_for_play(pack_file)
    assert "quote not found" in caught.value.problems[0].message


def test_a_text_file_now_pointing_outside_the_folder_is_checked_again(
    pack_file: Path, tmp_path: Path
) -> None:
    load_for_play(pack_file)
    outside = tmp_path / "outside.txt"
    outside.write_text(ARTICLE, encoding="utf-8")  # same bytes: only the place differs
    (pack_file.parent / "article.txt").unlink()
    (pack_file.parent / "article.txt").symlink_to(outside)
    assert load_cached(pack_file) is None
    with pytest.raises(PackError) as caught:
        load_for_play(pack_file)
    assert "points outside the pack's folder" in caught.value.problems[0].message


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: "{not json",
        lambda entry: json.dumps({**entry, "rules": "0" * 64}),
        lambda entry: json.dumps({k: v for k, v in entry.items() if k != "rules"}),
        lambda entry: json.dumps({**entry, "pack": {"info": {}}}),
        lambda entry: json.dumps({**entry, "digest": "0" * 64}),
    ],
    ids=["not-json", "other-rules", "no-rules", "wrong-shape", "wrong-digest"],
)
def test_a_damaged_or_foreign_cache_entry_is_ignored(pack_file: Path, damage) -> None:
    load_for_play(pack_file)
    (entry_file,) = cache_dir().glob("*.json")
    entry_file.write_text(damage(json.loads(entry_file.read_text(encoding="utf-8"))))
    assert load_cached(pack_file) is None
    assert load_for_play(pack_file) == load_pack(pack_file)  # checked again, and re-cached
    assert load_cached(pack_file) == load_pack(pack_file)


def test_a_pack_cached_under_other_rules_is_checked_again(
    pack_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A pack that passed under older rules: here a stricter cap that it breaks.
    load_for_play(pack_file)
    packcache._code_fingerprint.cache_clear()
    monkeypatch.setattr(packcache, "_RULES", (*packcache._RULES, "catalog.py"))
    monkeypatch.setattr("game.packfile.MAX_PACK_BYTES", 10)
    assert load_cached(pack_file) is None
    with pytest.raises(PackError) as caught:
        load_for_play(pack_file)
    assert "a pack may be at most 10 bytes" in str(caught.value)
    packcache._code_fingerprint.cache_clear()


def test_an_unwritable_cache_is_no_error(pack_file: Path, home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the data folder should be", encoding="utf-8")
    remember(load_pack(pack_file))
    assert load_for_play(pack_file).title == "The bridge"
    assert load_cached(pack_file) is None


def test_the_built_in_packs_list_the_same_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = find_catalog()

    def no_check(path: Path) -> None:
        pytest.fail(f"{path} was checked again instead of read from the cache")

    monkeypatch.setattr("game.loader.load_pack", no_check)
    second = find_catalog()
    assert [e.pack for e in first] == [e.pack for e in second]
    assert all(e.pack is not None for e in second)
    assert len(list(cache_dir().glob("*.json"))) == len(list(builtin_packs_dir().glob("*.toml")))


def test_a_built_in_pack_named_on_the_command_line_is_listed_once() -> None:
    named = builtin_packs_dir() / "bukele-white-house.toml"
    entries = find_catalog([named])
    assert [(e.origin, e.path.name) for e in entries if e.path.name == named.name] == [
        ("command line", named.name)
    ]
