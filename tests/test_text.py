"""Text rules: unsafe characters, their names, quote normalisation and matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.quotes import QuoteIndex
from game.text import describe_char, find_quote, find_unsafe, normalise, shown

CONTROL = [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]
SPOOFING = [*range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0x200B, 0x2010)]


@pytest.mark.parametrize("code", CONTROL + SPOOFING)
def test_every_unsafe_character_is_found_in_both_kinds_of_text(code: int) -> None:
    text = f"ab{chr(code)}cd"
    assert find_unsafe(text, multiline=True) == 2
    assert find_unsafe(text, multiline=False) == 2


@pytest.mark.parametrize(
    "char",
    ["\u2010", "\u2027", "\u2065", "\u2070", "\u202f", "\u200a", "\xa0", "é", "“", "😀"],
)
def test_neighbours_of_the_unsafe_ranges_are_allowed(char: str) -> None:
    assert find_unsafe(f"a{char}b", multiline=False) is None


def test_newline_and_tab_are_allowed_only_in_multiline_text() -> None:
    assert find_unsafe("a\nb\tc", multiline=True) is None
    assert find_unsafe("a\nb", multiline=False) == 1
    assert find_unsafe("ab\tc", multiline=False) == 2


def test_the_first_unsafe_character_is_reported() -> None:
    assert find_unsafe("ok \u202e then \x07", multiline=True) == 3


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x07", "U+0007 (control character)"),
        ("\x7f", "U+007F (control character)"),
        ("\x9b", "U+009B (control character)"),
        ("\n", "U+000A (newline)"),
        ("\t", "U+0009 (tab)"),
        ("\u202e", "U+202E (bidi control)"),
        ("\u2068", "U+2068 (bidi control)"),
        ("\u200d", "U+200D (invisible character)"),
    ],
)
def test_describe_char(char: str, name: str) -> None:
    assert describe_char(char) == name


def test_shown_escapes_and_shortens_untrusted_values() -> None:
    assert shown("plain") == '"plain"'
    assert shown("a\x1b[31mb") == '"a\\x1b[31mb"'
    assert shown("x\u202ey") == '"x\\u202ey"'
    assert shown(12) == "12"
    long = shown("z" * 100, limit=20)
    assert long == '"' + "z" * 19 + '…"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  “curly”  and ‘single’ ", "\"curly\" and 'single'"),
        ("en–dash em—dash minus−", "en-dash em-dash minus-"),
        ("a\n\n\tb\u00a0c", "a b c"),
        ("«guillemets» „low”", '"guillemets" "low"'),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_find_quote_maps_back_to_the_original_characters() -> None:
    text = "He said:\n  “the bridge — is   safe”, today."
    span = find_quote(text, '"the bridge - is safe"')
    assert span is not None
    assert text[span[0] : span[1]] == "“the bridge — is   safe”"


def test_find_quote_missing_or_blank() -> None:
    assert find_quote("some text", "other") is None
    assert find_quote("some text", "   ") is None


def test_find_quote_at_the_very_end() -> None:
    text = "x " * 1000 + "the end"
    span = find_quote(text, "the  end")
    assert span == (len(text) - 7, len(text))


# -- the fast paths behave exactly like the plain definitions ---------------------------

_TYPOGRAPHY = "‘’‚‛′`´“”„‟″«»‐‑‒–—―−\u00a0"


def _plain_normalise(text: str) -> str:
    table = str.maketrans(
        {
            **dict.fromkeys("‘’‚‛′`´", "'"),
            **dict.fromkeys("“”„‟″«»", '"'),
            **dict.fromkeys("‐‑‒–—―−", "-"),
            "\u00a0": " ",
        }
    )
    return re.sub(r"\s+", " ", text.translate(table)).strip()


def test_normalise_treats_every_unicode_space_like_regex() -> None:
    spaces = "".join(chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c)))
    text = f"a{spaces}b{_TYPOGRAPHY}c"
    assert normalise(text) == _plain_normalise(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab cd\n\t", *_TYPOGRAPHY, "\u2028", "\x1c"])))
def test_normalise_matches_the_plain_definition(text: str) -> None:
    assert normalise(text) == _plain_normalise(text)


_WORDS = st.sampled_from(["the", "bridge", "is", "safe", "said", "mayor", "b", "ridge", "“x”"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_WORDS, max_size=60).map(" ".join),
    st.lists(st.lists(_WORDS, min_size=1, max_size=5).map(" ".join), max_size=12),
)
def test_quote_index_agrees_with_a_plain_search(text: str, quotes: list[str]) -> None:
    index = QuoteIndex(text)
    needles = {normalise(q) for q in quotes}
    assert index.missing(needles) == {n for n in needles if n not in normalise(text)}


def test_quote_index_finds_quotes_starting_and_ending_inside_words() -> None:
    index = QuoteIndex("The mayor said the bridge is safe today.")
    assert index.missing(
        ["ayor said the brid", "said the", "the bridge is", "bridge was safe"]
    ) == {"bridge was safe"}


def test_quote_index_with_a_very_common_interior_word(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QuoteIndex, "_MAX_CANDIDATES", 3)
    text = " ".join(["x the y"] * 10 + ["start the end"])
    assert QuoteIndex(text).missing(["start the end", "y the z"]) == {"y the z"}
