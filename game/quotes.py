"""Which of a pack's quotes occur in a source's text, at a cost that does not grow
with the number of quotes times the length of the text.

Quotes and text are compared in `game.text.normalise`'s form: words separated by
single spaces. A quote of three or more words has interior words that must stand as
whole words in the text wherever the quote occurs; the rarest of them is looked up in
an index of the text's words and the quote compared only at those places. The other
quotes (one or two words, or only very common interior words, or past a budget of
such comparisons) are searched one by one while that stays cheap (a quote found
early costs little, one missing costs a scan of the whole text), and the rest all at
once, in one pass over the text with an Aho-Corasick automaton.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import accumulate

from game.text import normalise


class QuoteIndex:
    """Which of many quotes occur in one (possibly very long) text."""

    _MAX_CANDIDATES = 2000
    """A quote is compared at no more than this many places of its rarest word."""
    _PLAIN_SCANS = 10
    """Quotes left over are first searched one by one (a C-speed scan, some hundred
    times faster per character than the automaton, and over as soon as the quote is
    found), until that has scanned this many times the text's length in all."""
    _AUTOMATON_CHARACTERS = 250_000
    """The quotes of one automaton hold at most this many characters in all; more
    are searched in further passes, so that its memory stays small."""

    def __init__(self, text: str) -> None:
        self.haystack = normalise(text)

    def missing(self, quotes: Iterable[str]) -> set[str]:
        """The quotes (normalised, non-empty) that do not occur in the text."""
        haystack = self.haystack
        needles = set(quotes)
        missing = {needle for needle in needles if len(needle) > len(haystack)}
        words = haystack.split(" ")
        counts = Counter(words)
        # The budget for comparisons at anchor places: about what one pass of the
        # automaton over the text costs (a comparison costs half a step of it).
        budget = 2 * len(haystack)
        anchored: list[tuple[int, str, str, int]] = []  # (places, needle, word, offset)
        rest: list[str] = []
        for needle in needles - missing:
            anchor = _rarest_interior(needle, counts)
            if anchor is None or anchor[0] > self._MAX_CANDIDATES:
                rest.append(needle)
            elif anchor[0] == 0:
                missing.add(needle)
            else:
                anchored.append((anchor[0], needle, anchor[1], anchor[2]))
        anchored.sort()  # the cheapest first
        spent = kept = 0
        for places, *_ in anchored:
            if spent + places > budget:
                break
            spent += places
            kept += 1
        rest.extend(needle for _places, needle, _word, _offset in anchored[kept:])
        del anchored[kept:]
        if anchored:
            missing |= _missing_at_anchors(haystack, words, anchored)
        rest.sort()
        scanned, budget = 0, self._PLAIN_SCANS * len(haystack)
        searched = 0
        for needle in rest:
            if scanned >= budget:
                break
            at = haystack.find(needle)
            scanned += len(haystack) if at < 0 else at + len(needle)
            if at < 0:
                missing.add(needle)
            searched += 1
        for batch in _batches(rest[searched:], self._AUTOMATON_CHARACTERS):
            missing |= set(batch) - _found_in_one_pass(haystack, batch)
        return missing


def _rarest_interior(needle: str, counts: Counter[str]) -> tuple[int, str, int] | None:
    """(places, word, offset in the needle) of the needle's rarest interior word."""
    parts = needle.split(" ")
    best: tuple[int, str, int] | None = None
    offset = len(parts[0]) + 1
    for word in parts[1:-1]:
        count = counts.get(word, 0)
        if best is None or count < best[0]:
            best = (count, word, offset)
        offset += len(word) + 1
    return best


def _missing_at_anchors(
    haystack: str, words: list[str], anchored: Sequence[tuple[int, str, str, int]]
) -> set[str]:
    """The anchored needles that do not stand at any place of their anchor word."""
    wanted = {word for _places, _needle, word, _offset in anchored}
    starts = list(accumulate(map(len, words), initial=0))
    places: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        if word in wanted:
            places.setdefault(word, []).append(starts[index] + index)
    return {
        needle
        for _places, needle, word, offset in anchored
        if not any(at >= offset and haystack.startswith(needle, at - offset) for at in places[word])
    }


def _batches(needles: list[str], characters: int) -> Iterable[list[str]]:
    batch: list[str] = []
    size = 0
    for needle in needles:
        if batch and size + len(needle) > characters:
            yield batch
            batch, size = [], 0
        batch.append(needle)
        size += len(needle)
    if batch:
        yield batch


def _found_in_one_pass(haystack: str, needles: Sequence[str]) -> set[str]:
    """The needles that occur in `haystack`, by one pass of an Aho-Corasick automaton:
    time linear in the text and the needles together, whatever either holds."""
    # The trie of the needles: each state's transitions, and the needle ending there.
    goto: list[dict[str, int]] = [{}]
    ends: dict[int, str] = {}
    for needle in needles:
        state = 0
        for char in needle:
            following = goto[state].get(char)
            if following is None:
                following = len(goto)
                goto.append({})
                goto[state][char] = following
            state = following
        ends[state] = needle
    # Failure links, breadth first: the longest proper suffix that is also a state.
    fail = [0] * len(goto)
    order = list(goto[0].values())
    for state in order:  # `order` grows as the loop goes, one depth after another
        for char, following in goto[state].items():
            order.append(following)
            back = fail[state]
            while back and char not in goto[back]:
                back = fail[back]
            fail[following] = goto[back].get(char, 0)
    step = [transitions.get for transitions in goto]
    seen = bytearray(len(goto))
    state = 0
    for char in haystack:
        following = step[state](char)
        while following is None and state:
            state = fail[state]
            following = step[state](char)
        state = following or 0  # no state but the root is 0
        seen[state] = 1
    # A state seen means every suffix of it was seen too: deeper states first.
    for state in reversed(order):
        if seen[state]:
            seen[fail[state]] = 1
    return {needle for state, needle in ends.items() if seen[state]}
