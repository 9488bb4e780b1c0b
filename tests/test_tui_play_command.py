"""`claimsort play`: packs are loaded before the app opens; a broken pack is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main
from game.paths import builtin_packs_dir
from tui.app import ClaimSortApp

VALID = """\
format = 1

[pack]
id = "tiny"
title = "Tiny pack"
language = "en"

[[sources]]
id = "s"
title = "A headline"
publisher = "A paper"
text = "The mayor opened the bridge on Friday."

[[claims]]
id = "bridge"
text = "The mayor opened the bridge."
answer = "fact"
quote = "The mayor opened the bridge"
said_by = "The paper"
explanation = "Reported in the paper's own voice."
"""


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[ClaimSortApp]:
    """Apps that `claimsort play` would have opened (not run in the test)."""
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    apps: list[ClaimSortApp] = []
    monkeypatch.setattr(ClaimSortApp, "run", lambda self, *a, **k: apps.append(self))
    monkeypatch.setattr("cli.play.has_terminal", lambda: True)  # as if run in one
    return apps


def test_broken_pack_prints_its_errors_and_does_not_open(
    opened: list[ClaimSortApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "broken.toml"
    pack.write_text(VALID.replace('title = "Tiny pack"', 'titel = "Tiny pack"'), encoding="utf-8")
    assert main(["play", str(pack)]) == 1
    err = capsys.readouterr().err
    assert f"{pack}:5:1: error:" in err
    assert "Traceback" not in err
    assert opened == []


def test_missing_pack_is_an_error(
    opened: list[ClaimSortApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", str(tmp_path / "nope.toml")]) == 1
    assert "nope.toml:1:1: error:" in capsys.readouterr().err
    assert opened == []


def test_one_valid_pack_starts_the_round_with_the_options(
    opened: list[ClaimSortApp], tmp_path: Path
) -> None:
    pack = tmp_path / "tiny.toml"
    pack.write_text(VALID, encoding="utf-8")
    assert main(["play", str(pack), "--shuffle", "--seed", "4", "--limit", "1"]) == 0
    (app,) = opened
    assert app.start is not None and app.start.id == "tiny"
    assert (app.options.shuffle, app.options.seed, app.options.limit) == (True, 4, 1)
    assert app.entries[0].path == pack
    assert any(e.origin == "built-in" for e in app.entries)


def test_folder_with_a_broken_pack_lists_it_on_home(
    opened: list[ClaimSortApp], tmp_path: Path
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "a.toml").write_text(VALID, encoding="utf-8")
    (folder / "b.toml").write_text("format = 1\n[pack\n", encoding="utf-8")
    assert main(["play", str(folder)]) == 0
    (app,) = opened
    assert app.start is not None and app.start.id == "tiny"
    broken = [e for e in app.entries if e.pack is None]
    assert [e.path.name for e in broken] == ["b.toml"]
    assert broken[0].error is not None and broken[0].error.startswith(str(folder / "b.toml"))


def test_empty_folder_is_an_error(
    opened: list[ClaimSortApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", str(tmp_path)]) == 1
    assert "no packs" in capsys.readouterr().err
    assert opened == []


def test_no_command_opens_home_on_the_built_in_packs(opened: list[ClaimSortApp]) -> None:
    assert main([]) == 0
    (app,) = opened
    assert app.start is None
    assert [e.path.parent for e in app.entries] == [builtin_packs_dir()] * len(app.entries)
    assert all(e.pack is not None for e in app.entries)


# -- progress: the store, the player, --review -------------------------------------


def test_play_opens_the_progress_store_in_claimsort_home(
    opened: list[ClaimSortApp], tmp_path: Path
) -> None:
    assert main(["play", "--player", "ana"]) == 0
    (app,) = opened
    assert app.player == "ana"
    assert app.store.path == tmp_path / "home" / "progress.db"
    assert app.store.persistent and app.store.warning is None
    assert app.review_packs is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "a player name cannot be empty"),
        ("=cmd", "a player name cannot start with = + - or @"),
        ("x" * 41, "a player name can have at most 40 characters"),
        ("a\x1b[31mb", "a player name cannot contain control or invisible characters"),
    ],
)
def test_a_bad_player_name_is_refused_before_the_app_opens(
    opened: list[ClaimSortApp], capsys: pytest.CaptureFixture[str], name: str, reason: str
) -> None:
    assert main(["play", "--player", name]) == 2
    captured = capsys.readouterr()
    assert captured.err == f"claimsort play: --player: {reason}\n"
    assert captured.out == ""
    assert opened == []


def test_review_with_nothing_due_says_so_without_opening_the_app(
    opened: list[ClaimSortApp], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["play", "--review", "--player", "ana"]) == 0
    assert capsys.readouterr().out == "Nothing is due for review for ana.\n"
    assert opened == []


def test_review_with_claims_due_opens_on_the_review(
    opened: list[ClaimSortApp], tmp_path: Path
) -> None:
    from game.progress import ProgressStore
    from game.round import Round

    pack_file = tmp_path / "tiny.toml"
    pack_file.write_text(VALID, encoding="utf-8")
    from game.loader import load_pack

    pack = load_pack(pack_file)
    with ProgressStore.open() as store:  # CLAIMSORT_HOME is tmp_path/home
        round_ = Round(pack)
        session = store.start_session("ana", pack)
        store.record(session, pack, round_.answer("assertion"))  # missed

    assert main(["play", "--review", "--player", "ben", str(pack_file)]) == 0
    assert opened == []  # ben has nothing due
    assert main(["play", "--review", "--player", "ana", str(pack_file)]) == 0
    (app,) = opened
    assert [p.id for p in app.review_packs] == ["tiny"]
    assert app.player == "ana"


def test_claimsort_with_only_a_player_opens_home_for_that_player(
    opened: list[ClaimSortApp],
) -> None:
    assert main(["--player", "ana"]) == 0
    (app,) = opened
    assert app.player == "ana"
    assert app.start is None  # the home screen, on the built-in packs


def test_a_seed_alone_shuffles(opened: list[ClaimSortApp], tmp_path: Path) -> None:
    pack = tmp_path / "tiny.toml"
    pack.write_text(VALID, encoding="utf-8")
    assert main(["play", str(pack), "--seed", "4"]) == 0
    (app,) = opened
    assert (app.options.shuffle, app.options.seed) == (True, 4)


def test_seed_help_says_it_implies_shuffle(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["play", "--help"])
    assert "(implies --shuffle)" in " ".join(capsys.readouterr().out.split())


# -- the top-level --player ----------------------------------------------------------


def test_a_top_level_player_name_starting_with_a_dash_gets_the_name_check(
    opened: list[ClaimSortApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--player=-x"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "claimsort play: --player: a player name cannot start with = + - or @\n"
    assert opened == []


def test_a_top_level_player_is_passed_to_play(opened: list[ClaimSortApp], tmp_path: Path) -> None:
    pack = tmp_path / "tiny.toml"
    pack.write_text(VALID, encoding="utf-8")
    assert main(["--player", "ana", "play", str(pack)]) == 0
    assert main(["--player", "ana", "play", "--player", "ben", str(pack)]) == 0
    assert [app.player for app in opened] == ["ana", "ben"]  # the command's own wins


def test_a_top_level_player_is_passed_to_stats_and_export(
    opened: list[ClaimSortApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.loader import load_pack
    from game.progress import ProgressStore
    from game.round import Round

    pack_file = tmp_path / "tiny.toml"
    pack_file.write_text(VALID, encoding="utf-8")
    pack = load_pack(pack_file)
    with ProgressStore.open() as store:  # CLAIMSORT_HOME is tmp_path/home
        for player in ("ana", "ben"):
            session = store.start_session(player, pack)
            store.record(session, pack, Round(pack).answer("fact"))

    assert main(["--player", "ana", "stats"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "ClaimSort progress for ana"
    assert main(["--player", "ana", "export", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"ana"' in out and '"ben"' not in out


@pytest.mark.parametrize("argv", [["check", "x.toml"], ["new", "x.toml"], ["schema"]])
def test_a_top_level_player_is_refused_where_it_means_nothing(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--player", "ana", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"claimsort: --player is for play, stats, export and report, not {argv[0]}\n"
    )
    assert captured.out == ""
    assert not (tmp_path / "x.toml").exists()


# -- file names are shown escaped ----------------------------------------------------

EVIL_NAME = "b\x1b]0;pwned\x07y.toml"


def test_a_broken_packs_name_is_escaped_on_stderr(
    opened: list[ClaimSortApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / EVIL_NAME).write_text("format = 1\n", encoding="utf-8")
    assert main(["play", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert f"{folder}/b\\x1b]0;pwned\\x07y.toml:1:1: error:" in err
    assert opened == []


def test_a_folder_without_packs_is_named_escaped(
    opened: list[ClaimSortApp], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "a\x1b[2Jb"
    folder.mkdir()
    assert main(["play", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert f"{tmp_path}/a\\x1b[2Jb" in err
