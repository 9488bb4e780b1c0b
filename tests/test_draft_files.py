"""Reading the article and writing the draft: every bad input gets one clear line
(`path:line:col` where there is a file), and an existing file is never overwritten."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from game.draft import MAX_ARTICLE_BYTES, DraftError, read_article, write_new

ARTICLE = "The bridge carries about 18,000 vehicles a day.\n"


def refused(name: str, stdin: io.BytesIO | None = None) -> str:
    with pytest.raises(DraftError) as caught:
        read_article(name, stdin)
    return str(caught.value)


def test_a_file_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert read_article(str(path)) == ARTICLE


def test_dash_reads_standard_input() -> None:
    assert read_article("-", io.BytesIO(ARTICLE.encode())) == ARTICLE


def test_windows_line_endings_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond line.\rThird line.\r\n")
    assert read_article(str(path)) == "First line.\nSecond line.\nThird line.\n"


@pytest.mark.parametrize("content", [b"", b"  \n\n\t \n"])
def test_an_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert refused(str(path)) == (
        f"{path}:1:1: error: the article is empty — paste the article's text into it"
    )


def test_binary_data_is_refused_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "article.pdf"
    path.write_bytes(b"%PDF-1.7\nstream\n\x00\x01\x02\xff")
    assert refused(str(path)) == (
        f"{path}:3:1: error: this is binary data, not a plain-text article (a NUL byte) — "
        "copy the article's text out of its PDF, Word or web page into a .txt file"
    )


def test_utf16_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    assert refused(str(path)) == (
        f"{path}:1:1: error: the article is UTF-16 text — save it as UTF-8 plain text"
    )


def test_another_encoding_is_refused_at_its_first_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes("First line.\nCaf\u00e9 au lait.\n".encode("latin-1"))
    assert refused(str(path)) == (
        f"{path}:2:4: error: not UTF-8 text (byte 0xE9) — save the article as UTF-8 plain text"
    )


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x1b", "U+001B (control character)"),
        ("\x0c", "U+000C (control character)"),
        ("\u202e", "U+202E (bidi control)"),
        ("\u200b", "U+200B (invisible character)"),
    ],
)
def test_control_characters_are_refused_where_they_stand(
    tmp_path: Path, char: str, name: str
) -> None:
    path = tmp_path / "article.txt"
    path.write_text(f"A first line.\nThe bell{char} rang.\n", encoding="utf-8")
    assert refused(str(path)) == (
        f"{path}:2:9: error: the article contains {name} — remove it: an article is plain text"
    )


def test_a_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to the disk
    assert refused(str(path)) == (
        f"{path}:1:1: error: the article is 52,428,800 bytes; the drafter reads at most "
        f"{MAX_ARTICLE_BYTES:,} — draft from the part of the article the claims are about"
    )


def test_too_much_on_standard_input_is_refused() -> None:
    stream = io.BytesIO(b"word " * (MAX_ARTICLE_BYTES // 5 + 10))
    assert refused("-", stream) == (
        f"standard input:1:1: error: the article is larger than {MAX_ARTICLE_BYTES:,} bytes, "
        "the most the drafter reads — draft from the part of the article the claims are about"
    )


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    assert refused(str(missing)) == f"{missing}:1:1: error: no such file — check the path"
    assert refused(str(tmp_path)) == (
        f"{tmp_path}:1:1: error: is a folder, not an article — name the article's .txt file"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_rather_than_read_forever(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert refused(str(fifo)) == (
        f"{fifo}:1:1: error: is not a regular file — to read from a pipe, give - and pipe "
        "the text in"
    )


def test_a_file_name_with_escape_sequences_is_shown_escaped(tmp_path: Path) -> None:
    missing = tmp_path / "bad\x1b[31mname.txt"
    assert "\x1b" not in refused(str(missing))
    assert "bad\\x1b[31mname.txt:1:1: error: no such file" in refused(str(missing))


def test_the_draft_is_written_to_a_new_file(tmp_path: Path) -> None:
    path = tmp_path / "draft.toml"
    write_new(path, "format = 1\n")
    assert path.read_text(encoding="utf-8") == "format = 1\n"


def test_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("my own pack\n", encoding="utf-8")
    with pytest.raises(DraftError) as caught:
        write_new(path, "format = 1\n")
    assert str(caught.value) == (
        f"error: {path} already exists — choose another name; the drafter never overwrites a file"
    )
    assert path.read_text(encoding="utf-8") == "my own pack\n"


def test_an_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "draft.toml"
    with pytest.raises(DraftError) as caught:
        write_new(path, "format = 1\n")
    assert str(caught.value) == (f"error: cannot write {path}: No such file or directory")
    assert not path.exists()
