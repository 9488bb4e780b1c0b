"""`claimsort draft`: the command a teacher runs, end to end (the engine's own tests are
tests/test_draft_*.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from game.loader import load_pack

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "draft_eval" / "02-school-meals.txt"


def test_a_draft_of_an_article_passes_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "meals.toml"
    assert main(["draft", str(ARTICLE), "-o", str(out), "--date", "2026-03-02"]) == 0
    said = capsys.readouterr()
    assert said.err == ""
    assert f"Wrote {out}" in said.out
    assert f"claimsort check {out}" in said.out
    pack = load_pack(out)
    assert len(pack.claims) >= 5
    assert {claim.answer for claim in pack.claims} >= {"fact", "assertion"}
    assert pack.sources[0].published is not None
    assert pack.sources[0].published.isoformat() == "2026-03-02"
    assert out.read_text(encoding="utf-8").lstrip().startswith("#")  # says it is a draft
    assert main(["check", str(out)]) == 0


def test_an_existing_file_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine.toml"
    out.write_text("my own work\n", encoding="utf-8")
    assert main(["draft", str(ARTICLE), "-o", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "my own work\n"
    err = capsys.readouterr().err
    assert err.startswith("claimsort draft: ")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\xff\xfe", ""),
        (b"Ministers met today.\x1b[31m They agreed.\n", ""),
    ],
    ids=["empty", "binary", "control-characters"],
)
def test_bad_articles_get_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    out = tmp_path / "draft.toml"
    assert main(["draft", str(article), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("claimsort draft: ")
    assert str(article) in err
    assert words in err
    assert "Traceback" not in err
    assert "\x1b" not in err
    assert not out.exists()


def test_the_article_can_come_from_stdin(tmp_path: Path) -> None:
    out = tmp_path / "draft.toml"
    result = subprocess.run(
        [sys.executable, "-m", "cli", "draft", "-", "-o", str(out), "--title", "School meals"],
        input=ARTICLE.read_bytes(),
        capture_output=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert load_pack(out).info.title == "School meals"


def test_output_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["draft", str(ARTICLE)])
    assert exit_.value.code == 2
    assert "-o/--output" in capsys.readouterr().err
