"""Untrusted values on the command line's output: escaped, bounded, never cut mid-escape.

Paths come from the user (`-o`, `$CLAIMSORT_HOME`), names and labels from the store;
none may reach the terminal as a control sequence.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import answers_pack
from hypothesis import given
from hypothesis import strategies as st
from progress_files import write_unreadable

from cli.main import main
from game.progress import ProgressStore
from game.round import Answer
from game.text import find_unsafe, printable

T0 = datetime(2025, 4, 17, 9, 30, tzinfo=UTC)

EVIL = "a\x1b]0;pwned\x07b"
SHOWN = "a\\x1b]0;pwned\\x07b"


def _safe(text: str) -> bool:
    return text.isprintable() and find_unsafe(text, multiline=False) is None


def test_printable_leaves_safe_text_alone_and_escapes_the_rest() -> None:
    assert printable("Verified fact — “quoted” é 😀") == "Verified fact — “quoted” é 😀"
    assert printable(EVIL) == SHOWN
    assert printable("x\u202ey\u200bz\n") == "x\\u202ey\\u200bz\\n"


def test_printable_cuts_to_the_limit_at_a_whole_escape() -> None:
    assert printable("z" * 100, 20) == "z" * 19 + "…"
    assert printable("abcde", 5) == "abcde"
    assert printable("ab\x1bcd", 5) == "ab…"  # not "ab\x1…"
    assert printable("ab\x1bcd", 8) == "ab\\x1bcd"


@given(st.text(), st.integers(min_value=1, max_value=80))
def test_printable_is_safe_bounded_and_a_whole_prefix(text: str, limit: int) -> None:
    full = printable(text)
    assert _safe(full)
    assert printable(full) == full
    cut = printable(text, limit)
    assert _safe(cut) and len(cut) <= limit
    if cut != full:
        assert cut.endswith("…")
        kept = cut[:-1]
        assert any(printable(text[:n]) == kept for n in range(len(text) + 1))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path / "home"))
    with ProgressStore.open():
        pass
    return tmp_path / "home"


def test_export_names_an_output_folder_escaped(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "-o", str(tmp_path / EVIL / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err == f"claimsort export: -o: the folder {tmp_path}/{SHOWN} does not exist\n"


def test_export_names_the_file_it_wrote_escaped(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = answers_pack("p1", {"c1": "fact"})
    with ProgressStore.open() as store:
        session = store.start_session("ana", pack, at=T0)
        answer = Answer(
            claim=pack.claims[0], chosen="fact", correct="fact", hinted=False, seconds=2, at=T0
        )
        store.record(session, pack, answer)
    target = tmp_path / f"{EVIL}.csv"
    assert main(["export", "-o", str(target)]) == 0
    assert target.is_file()
    assert capsys.readouterr().err == f"Wrote 1 answer to {tmp_path}/{SHOWN}.csv.\n"


def test_stats_names_an_unreadable_progress_file_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / EVIL
    home.mkdir()
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    write_unreadable(home / "progress.db")
    assert main(["stats", "--player", "ana"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err.startswith(f"claimsort stats: cannot read the progress file {tmp_path}/{SHOWN}/")
