"""`claimsort report`: reading databases and exports, merging them, the outputs a teacher
reads, and bad input (one line per problem, never a traceback)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_data import T0, play_class

from cli.main import main
from game.loader import load_pack
from game.paths import builtin_packs_dir

BUKELE = builtin_packs_dir() / "bukele-white-house.toml"
BUKELE_CLAIMS = len(load_pack(BUKELE).claims)

HOSTILE_PACK = """format = 1

[pack]
id = "hostile"
title = "Hostile <script>alert(1)</script> & [b]x[/]"
language = "en"

[[sources]]
id = "src"
title = "T"
publisher = "P"
url = "https://example.org/article"
text = "The mayor said <img src=x onerror=alert(2)> twice. Then [/] came."

[[claims]]
id = "c1"
text = "Claim <script>alert(3)</script> [/]"
answer = "fact"
quote = "The mayor said"
said_by = "The paper"
explanation = "Because <b>bold</b> & \\"quoted\\"."
"""


@pytest.fixture
def class_db(tmp_path: Path) -> Path:
    path = tmp_path / "class.db"
    play_class(path, load_pack(BUKELE), 12)
    return path


def report(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["report", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def table(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, object]]:
    code, out, _err = report(capsys, *argv, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def test_text_report_names_the_hardest_claims_and_fits_80_columns(
    class_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = report(capsys, str(class_db))
    assert code == 0 and err == ""
    assert "Read 1 file: 12 students, " in out
    assert "Bukele at the White House (bukele-white-house)" in out
    assert "Right answer (rows) against the answer chosen (columns)" in out
    assert "Students, best score first" in out and "student-12" in out
    assert all(len(line) <= 80 for line in out.splitlines()), max(out.splitlines(), key=len)
    rows = table(capsys, str(class_db))
    # The text lists the claims in the table's order: hardest first.
    positions = [out.index(f"  {row['claim_id']}  ") for row in rows]
    assert positions == sorted(positions)


def test_json_table_has_the_fields_tools_need(
    class_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = table(capsys, str(class_db))
    assert len(rows) == BUKELE_CLAIMS
    first = rows[0]
    assert {
        "claim_id",
        "n",
        "facility",
        "facility_unhinted",
        "discrimination",
        "chosen",
        "flags",
    } <= set(first)
    assert first["n"] == 12 and isinstance(first["discrimination"], float)
    assert set(first["chosen"]) == {"fact", "assertion", "disputed"}  # type: ignore[arg-type]
    assert sum(first["chosen"].values()) == 12  # type: ignore[attr-defined]
    facilities = [row["facility"] for row in rows]
    assert facilities == sorted(facilities)  # type: ignore[type-var]
    # First attempts only: every student replayed their misses and got them right.
    assert min(facilities) < 1  # type: ignore[type-var]


def test_csv_table_and_anonymized_students(
    class_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = report(capsys, str(class_db), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert len(rows) == BUKELE_CLAIMS and "chosen_assertion" in rows[0]
    code, out, _err = report(capsys, str(class_db), "--anonymize")
    assert "Student 1 " in out and "Student 12 " in out and "student-0" not in out


def test_the_same_answers_in_a_csv_and_a_database_are_counted_once(
    class_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.db").write_bytes(class_db.read_bytes())
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    export = tmp_path / "class.csv"
    assert main(["export", "-o", str(export)]) == 0
    export_json = tmp_path / "class.json"
    assert main(["export", "--format", "json", "-o", str(export_json)]) == 0
    capsys.readouterr()
    alone = table(capsys, str(class_db))
    code, out, _err = report(capsys, str(class_db), str(export), str(export_json))
    assert code == 0
    answers = len(list(csv.DictReader(export.open(newline=""))))
    assert (
        f"Read 3 files: 12 students, {answers} answers ({2 * answers} duplicates dropped)." in out
    )
    assert table(capsys, str(export), str(class_db)) == alone
    assert table(capsys, str(export_json)) == alone


def test_two_packs_give_two_sections_and_the_table_needs_pack(
    class_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack_file = tmp_path / "hostile.toml"
    pack_file.write_text(HOSTILE_PACK, encoding="utf-8")
    play_class(class_db, load_pack(pack_file), 3, prefix="other")
    code, out, _err = report(capsys, str(class_db), "--packs", str(pack_file))
    assert code == 0
    assert "(bukele-white-house)" in out and "(hostile)" in out
    code, _out, err = report(capsys, str(class_db), "--format", "json")
    assert code == 2
    assert (
        "the answers cover 2 packs (bukele-white-house, hostile); choose one with --pack ID" in err
    )
    rows = table(capsys, str(class_db), "--pack", "hostile", "--packs", str(pack_file))
    assert [row["claim_id"] for row in rows] == ["c1"] and rows[0]["n"] == 3


def test_a_changed_pack_sets_answers_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old" / "hostile.toml"
    old.parent.mkdir()
    old.write_text(HOSTILE_PACK, encoding="utf-8")
    db = tmp_path / "class.db"
    play_class(db, load_pack(old), 4, replay=False)
    new = tmp_path / "new" / "hostile.toml"
    new.parent.mkdir()
    new.write_text(
        HOSTILE_PACK.replace('answer = "fact"', 'answer = "assertion"'), encoding="utf-8"
    )
    code, out, _err = report(capsys, str(db), "--packs", str(new))
    assert code == 0
    assert "4 answers set aside: 4 given when the claim's right answer was another." in out
    code, out, _err = report(capsys, str(db), "--packs", str(old))
    assert "set aside" not in out and "   1  c1" in out


def test_without_the_pack_it_works_on_ids_and_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack_file = tmp_path / "hostile.toml"
    pack_file.write_text(HOSTILE_PACK, encoding="utf-8")
    db = tmp_path / "class.db"
    play_class(db, load_pack(pack_file), 5)
    pack_file.unlink()
    code, out, err = report(capsys, str(db))
    assert code == 0
    assert "pack hostile not found; claims are shown by id" in err
    assert "c1" in out and "Claim <script>" not in out


def test_filters_by_player_since_and_class(
    class_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = table(capsys, str(class_db), "--player", "student-03")
    assert {row["n"] for row in rows} == {1}
    later = T0.date().replace(year=T0.year + 1).isoformat()
    code, _out, err = report(capsys, str(class_db), "--since", later)
    assert code == 0 and "no answers to report on for this selection" in err
    code, _out, err = report(capsys, str(class_db), "--since", "17/04/2025")
    assert code == 2 and "--since: 17/04/2025 is not a day (YYYY-MM-DD)" in err


def test_html_is_self_contained_escaped_and_well_formed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack_file = tmp_path / "hostile.toml"
    pack_file.write_text(HOSTILE_PACK, encoding="utf-8")
    db = tmp_path / "class.db"
    play_class(db, load_pack(pack_file), 4, prefix="<b>x</b>")
    page = tmp_path / "report.html"
    code, out, _err = report(capsys, str(db), "--packs", str(pack_file), "--html", str(page))
    assert code == 0 and "Wrote the report to" in out
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text.lower() and "<img" not in text
    assert "Claim &lt;script&gt;alert(3)&lt;/script&gt; [/]" in text
    assert "&lt;b&gt;x&lt;/b&gt;-01" in text  # a student's name, escaped
    # Nothing is fetched: the only address is the source's own link, shown as text.
    assert text.count("http") == 1 and "P: T (https://example.org/article)" in text
    assert 'href="http' not in text and 'src="http' not in text and "@import" not in text

    class Checker(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []
            self.svgs = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            assert not any(name.startswith("on") for name, _value in attrs)
            self.svgs += tag == "svg"
            if tag not in {"meta", "br", "img", "input", "link"}:
                self.stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            pass

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (self.stack[-3:], tag)
            self.stack.pop()

    checker = Checker()
    checker.feed(text)
    checker.close()
    assert checker.stack == [] and checker.svgs == 1


def test_bad_inputs_one_line_each_and_the_rest_still_read(
    class_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.db").write_bytes(class_db.read_bytes())
    monkeypatch.setenv("CLAIMSORT_HOME", str(home))
    good = tmp_path / "good.csv"
    assert main(["export", "-o", str(good)]) == 0
    lines = good.read_text(encoding="utf-8").splitlines(keepends=True)
    bad_rows = tmp_path / "rows.csv"
    lines[2] = lines[2].replace(",0,", ",7,", 1)  # is_right 7
    lines[3] = lines[3].replace("2025-04-17T", "2025-13-17T")
    bad_rows.write_text("".join(lines[:6]), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\nmilk\n", encoding="utf-8")
    missing_columns = tmp_path / "short.csv"
    missing_columns.write_text("player,pack_id,claim_id\nana,p,c\n", encoding="utf-8")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    capsys.readouterr()
    code, out, err = report(
        capsys,
        str(bad_rows),
        str(notes),
        str(missing_columns),
        str(binary),
        str(tmp_path / "nowhere.db"),
        "--format",
        "json",
    )
    problems = err.splitlines()
    assert code == 0, err
    assert any(p.startswith(f"{bad_rows}:3: ") and "is_right" in p for p in problems)
    assert any(p.startswith(f"{bad_rows}:4: ") and "answered_at" in p for p in problems)
    assert any(p.startswith(f"{notes}:1: ") for p in problems)
    assert any(p.startswith(f"{missing_columns}:1: ") and "pack_hash" in p for p in problems)
    assert any(p.startswith(f"{binary}: ") for p in problems)
    assert any(p.startswith(f"{tmp_path / 'nowhere.db'}: cannot read it") for p in problems)
    assert sum(row["n"] for row in json.loads(out)) == 3  # type: ignore[misc]
    # Nothing usable at all: exit 1.
    code, out, err = report(capsys, str(notes), str(missing_columns))
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == "claimsort report: nothing usable was read"


def test_a_damaged_database_from_elsewhere_is_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    code, _out, err = report(capsys, str(broken))
    assert code == 1 and f"{broken}: " in err
    assert broken.read_bytes().startswith(b"SQLite format 3\x00")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.db"]
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    code, _out, err = report(capsys, str(other))
    assert code == 1
    assert err.splitlines() == [
        f"{other}: not a ClaimSort progress file",
        "claimsort report: nothing usable was read",
    ]
    assert other.read_bytes() == before
    # An empty database (no tables at all) is not another program's: it holds nothing.
    empty = tmp_path / "empty.db"
    conn = sqlite3.connect(empty)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    assert empty.read_bytes().startswith(b"SQLite format 3\x00")
    code, _out, err = report(capsys, str(empty))
    assert code == 1 and f"{empty}: holds no ClaimSort answers" in err


def test_a_database_from_elsewhere_in_wal_mode_gets_nothing_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "from-lab"
    folder.mkdir()
    db = folder / "lab.db"
    play_class(db, load_pack(BUKELE), 3)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()
    listing = sorted(p.name for p in folder.iterdir())
    before = db.read_bytes()
    assert listing == ["lab.db"]
    rows = table(capsys, str(db))
    assert max(row["n"] for row in rows) == 3  # type: ignore[type-var]
    assert sorted(p.name for p in folder.iterdir()) == listing
    assert db.read_bytes() == before
