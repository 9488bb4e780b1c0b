"""QuoteIndex: every way it searches (anchored at a rare word, one by one, or all at
once with an automaton) says exactly which quotes a plain search would not find."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.quotes import QuoteIndex
from game.text import normalise

_WORDS = st.sampled_from(["the", "bridge", "is", "safe", "b", "ridge", "br", "e", "idg", "“x”"])
_TEXTS = st.lists(_WORDS, max_size=60).map(" ".join)
_QUOTES = st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), max_size=30)


def plainly_missing(text: str, quotes: list[str]) -> set[str]:
    haystack = normalise(text)
    return {normalise(q) for q in quotes if normalise(q) not in haystack}


@pytest.fixture(params=["as-is", "one-by-one", "automaton", "small-automata"])
def search(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way QuoteIndex can take with the quotes it cannot anchor."""
    if request.param != "as-is":
        monkeypatch.setattr(QuoteIndex, "_MAX_CANDIDATES", 0)  # anchor nothing
    if request.param in ("automaton", "small-automata"):
        monkeypatch.setattr(QuoteIndex, "_PLAIN_SCANS", 0)
    if request.param == "small-automata":
        monkeypatch.setattr(QuoteIndex, "_AUTOMATON_CHARACTERS", 5)
    return str(request.param)


# The fixture's patch holds for every example alike.
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_TEXTS, _QUOTES)
def test_every_search_agrees_with_a_plain_search(search: str, text: str, quotes: list[str]) -> None:
    needles = {normalise(q) for q in quotes}
    assert QuoteIndex(text).missing(needles) == plainly_missing(text, quotes)


def test_quotes_inside_words_suffixes_of_each_other_and_overlapping(search: str) -> None:
    text = "The mayor said the bridge is safe today, then left."
    quotes = [
        "ayor",  # inside a word
        "or said",  # two words, the first a word's end
        "said the bri",  # the last a word's start
        "r said the bridge is",
        "he",  # a suffix of other quotes, found inside "The", "the", "then"
        "e bridge is safe today, then left.",  # ends at the very end
        "The mayor",  # starts at the very start
        "safe today",
        "bridge was safe",
        "the mayor",  # case matters
        "left. again",
        "x",
    ]
    assert QuoteIndex(text).missing({normalise(q) for q in quotes}) == {
        "bridge was safe",
        "the mayor",
        "left. again",
        "x",
    }


def test_a_quote_longer_than_the_text_is_missing(search: str) -> None:
    assert QuoteIndex("short text").missing({"short text and more"}) == {"short text and more"}


def test_thousands_of_two_word_quotes_in_a_long_text() -> None:
    # Issue 9's shape, smaller: two-word quotes have no interior word to anchor on.
    rng = random.Random(9)
    vocabulary = [f"w{n}" for n in range(3000)]
    words = [rng.choice(vocabulary) for _ in range(60_000)]
    text = " ".join(words)
    present = {f"{words[at]} {words[at + 1]}" for at in rng.sample(range(59_999), 1000)}
    absent = {f"{rng.choice(vocabulary)} x{n}" for n in range(2000)}
    assert QuoteIndex(text).missing(present | absent) == absent
