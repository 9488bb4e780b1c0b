"""The draft's TOML strings read back as exactly what was written (tomli, hypothesis)."""

from __future__ import annotations

import tomli
from hypothesis import given
from hypothesis import strategies as st

from game.draft.toml_strings import basic, comment, multiline

# Any text but lone surrogates, which UTF-8 (and so a TOML file) cannot hold.
TEXT = st.text(st.characters(exclude_categories=["Cs"]))
PIECES = [
    "'",
    "'''",
    '"',
    '"""',
    "\\",
    "\n",
    "\t",
    "\r",
    "\x7f",
    "\x00",
    "[/]",
    "é",
    "🙂",
    "a",
    " ",
]
TRICKY = st.lists(st.sampled_from(PIECES)).map("".join)


@given(st.one_of(TEXT, TRICKY))
def test_a_basic_string_round_trips(value: str) -> None:
    assert tomli.loads(f"v = {basic(value)}")["v"] == value
    assert "\n" not in basic(value)


@given(st.one_of(TEXT, TRICKY))
def test_a_multiline_string_round_trips_ending_in_a_line_break(value: str) -> None:
    expected = value if value.endswith("\n") else value + "\n"
    assert tomli.loads(f"v = {multiline(value)}")["v"] == expected


def test_an_article_without_triple_quotes_is_written_as_itself() -> None:
    text = 'He said "no" and C:\\path stays, like it’s written.\n'
    assert multiline(text) == "'''\n" + text + "'''"


def test_an_article_with_triple_quotes_is_escaped() -> None:
    written = multiline("a ''' b\n")
    assert written.startswith('"""\n')
    assert tomli.loads(f"v = {written}")["v"] == "a ''' b\n"


@given(TEXT)
def test_a_comment_stays_on_one_line(value: str) -> None:
    line = comment(value)
    assert line.startswith("# ")
    assert tomli.loads(line + "\nv = 1\n") == {"v": 1}
