"""The player's strongest bias, from a confusion of right answers against chosen ones.

One model for the round summary and the stats: both count their answers into a
`Confusion`, ask `strongest_bias()` for the bias worth naming, and say it with
`bias_sentence()`. Measures over the same confusion (how well the player discerns
the categories, whether they lean towards doubting or trusting) belong here too, as
further functions of a `Confusion`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from game.i18n import _, ngettext
from game.pack import DEFAULT_CATEGORIES

MIN_PAIR_MISTAKES = 2
"""A confusion between two categories is named once it happened at least this often."""
MIN_OVERUSE_MISTAKES = 3
"""A category picked wrongly this often, from several others, is named as over-used."""


class Graded(Protocol):
    """An answer as the confusion counts it (a round's `Answer`, a stored `AnswerRecord`)."""

    @property
    def correct(self) -> str: ...
    @property
    def chosen(self) -> str: ...


@dataclass(frozen=True)
class Confusion:
    """How often claims of each category were sorted as each category."""

    labels: Mapping[str, str]
    """Category id -> label, in the categories' order."""
    counts: Mapping[tuple[str, str], int]
    """(right category id, chosen category id) -> count, every pair of `labels` present."""

    @classmethod
    def of(cls, answers: Iterable[Graded], labels: Mapping[str, str]) -> Confusion:
        """Count `answers`. A category id missing from `labels` (an answer recorded for a
        pack no longer loaded) is added after them, in id order, labelled by its id."""
        counts: dict[tuple[str, str], int] = {}
        for answer in answers:
            pair = (answer.correct, answer.chosen)
            counts[pair] = counts.get(pair, 0) + 1
        return cls.counted(counts, labels)

    @classmethod
    def counted(cls, counts: Mapping[tuple[str, str], int], labels: Mapping[str, str]) -> Confusion:
        """The confusion of answers already counted by (right, chosen) pair (the stats
        count years of answers in SQL); category ids missing from `labels` as in `of()`."""
        extra = sorted({cid for pair in counts for cid in pair} - set(labels))
        every = {**labels, **{cid: cid for cid in extra}}
        full = {(right, chosen): 0 for right in every for chosen in every}
        for pair, n in counts.items():
            full[pair] += n
        return cls(labels=every, counts=full)

    def count(self, right: str, chosen: str) -> int:
        """Claims whose right answer is `right` that were sorted as `chosen`."""
        return self.counts.get((right, chosen), 0)


@dataclass(frozen=True)
class Bias:
    """The player's strongest bias: one category taken for another (a pair), or one
    category picked for claims of several others (over-use)."""

    chosen: str
    """The category id picked wrongly."""
    label: str
    """The label of `chosen`."""
    right: str | None
    """For a pair, the category id the claims really were; None for over-use."""
    right_label: str | None
    """The label of `right`."""
    mistakes: int
    """How many wrong answers the bias accounts for."""
    advice: bool
    """Whether every category involved is one of the defaults, whose confusions get
    specific advice (other categories get a sentence built from their labels)."""


def _is_default(confusion: Confusion, category_id: str) -> bool:
    # By label too: a pack's own "fact" category may mean something else.
    # The labels in the interface's language, as the pack got them, or as written.
    label = confusion.labels.get(category_id)
    for category in DEFAULT_CATEGORIES:
        if category.id == category_id:
            return label in (category.label, _(category.label))
    return False


def strongest_bias(confusion: Confusion) -> Bias | None:
    """The bias worth naming, or None when there is none.

    Two kinds of bias compete, the larger count winning:

    - a pair: claims of one category sorted as another, at least `MIN_PAIR_MISTAKES`
      times (a single slip is not a bias);
    - an over-used category: picked wrongly at least `MIN_OVERUSE_MISTAKES` times with
      the mistakes spread over several right categories (no single one more than half),
      where naming one pair would tell only part of the story.

    On equal counts a pair wins (it is more specific); among pairs the one that comes
    first in category order (by right answer, then by chosen answer) wins, and likewise
    for over-used categories.
    """
    ids = list(confusion.labels)

    best_pair: tuple[int, str, str] | None = None
    for right in ids:
        for chosen in ids:
            if right == chosen:
                continue
            n = confusion.count(right, chosen)
            if n >= MIN_PAIR_MISTAKES and (best_pair is None or n > best_pair[0]):
                best_pair = (n, right, chosen)

    best_overuse: tuple[int, str] | None = None
    for chosen in ids:
        cells = [confusion.count(right, chosen) for right in ids if right != chosen]
        n = sum(cells)
        spread = max(cells, default=0) * 2 <= n
        if n >= MIN_OVERUSE_MISTAKES and spread and (best_overuse is None or n > best_overuse[0]):
            best_overuse = (n, chosen)

    if best_overuse is not None and (best_pair is None or best_overuse[0] > best_pair[0]):
        n, chosen = best_overuse
        involved = [chosen] + [r for r in ids if r != chosen and confusion.count(r, chosen)]
        return Bias(
            chosen=chosen,
            label=confusion.labels[chosen],
            right=None,
            right_label=None,
            mistakes=n,
            advice=all(_is_default(confusion, cid) for cid in involved),
        )
    if best_pair is not None:
        n, right, chosen = best_pair
        return Bias(
            chosen=chosen,
            label=confusion.labels[chosen],
            right=right,
            right_label=confusion.labels[right],
            mistakes=n,
            advice=_is_default(confusion, right) and _is_default(confusion, chosen),
        )
    return None


def _same(text: str) -> str:
    return text


def bias_sentence(bias: Bias, shown: Callable[[str], str] = _same) -> str:
    """One sentence naming `bias`, with advice for the default categories. `shown`
    renders a label for where the sentence goes (a terminal needs it printable)."""
    if bias.right is None or bias.right_label is None:
        return _overuse_sentence(bias, shown)
    return _pair_sentence(bias, bias.right, bias.right_label, shown)


def _pair_sentence(bias: Bias, right: str, right_label: str, shown: Callable[[str], str]) -> str:
    n = bias.mistakes
    key = (right, bias.chosen) if bias.advice else None
    if key == ("assertion", "fact"):
        text = ngettext(
            "You took {n} official assertion for a verified fact: watch who is speaking.",
            "You took {n} official assertions for verified facts: watch who is speaking.",
            n,
        )
    elif key == ("fact", "assertion"):
        text = ngettext(
            "You took {n} verified fact for an official assertion: a report in the "
            "article's own voice, or that someone said something, is a fact.",
            "You took {n} verified facts for official assertions: a report in the "
            "article's own voice, or that someone said something, is a fact.",
            n,
        )
    elif key == ("disputed", "fact"):
        text = ngettext(
            "You took {n} disputed claim for a verified fact: look for words like "
            "'reports of', 'questioned', 'accused'.",
            "You took {n} disputed claims for verified facts: look for words like "
            "'reports of', 'questioned', 'accused'.",
            n,
        )
    elif key == ("disputed", "assertion"):
        text = ngettext(
            "You took {n} disputed claim for an official assertion: look for words like "
            "'reports of', 'questioned', 'accused'.",
            "You took {n} disputed claims for official assertions: look for words like "
            "'reports of', 'questioned', 'accused'.",
            n,
        )
    elif key == ("fact", "disputed"):
        text = ngettext(
            "You took {n} verified fact for a disputed claim: a claim is disputed only "
            "when the article shows someone contesting it.",
            "You took {n} verified facts for disputed claims: a claim is disputed only "
            "when the article shows someone contesting it.",
            n,
        )
    elif key == ("assertion", "disputed"):
        text = ngettext(
            "You took {n} official assertion for a disputed claim: an unchecked claim "
            "stays an assertion unless the article shows someone contesting it.",
            "You took {n} official assertions for disputed claims: an unchecked claim "
            "stays an assertion unless the article shows someone contesting it.",
            n,
        )
    else:
        text = ngettext(
            "You sorted {n} claim as “{chosen}” when it was “{right}”: compare what the "
            "two categories mean.",
            "You sorted {n} claims as “{chosen}” when they were “{right}”: compare what "
            "the two categories mean.",
            n,
        )
    return text.format(
        n=n,
        right=shown(_in_sentence(right_label)),
        chosen=shown(_in_sentence(bias.label)),
    )


def _overuse_sentence(bias: Bias, shown: Callable[[str], str]) -> str:
    n = bias.mistakes
    key = bias.chosen if bias.advice else None
    if key == "fact":
        text = ngettext(
            "You picked verified fact for {n} claim that was something else: ask who "
            "stands behind each claim and whether anyone contests it.",
            "You picked verified fact for {n} claims that were something else: ask who "
            "stands behind each claim and whether anyone contests it.",
            n,
        )
    elif key == "assertion":
        text = ngettext(
            "You picked official assertion for {n} claim that was something else: a "
            "report in the article's own voice is a fact, a contested claim is disputed.",
            "You picked official assertion for {n} claims that were something else: a "
            "report in the article's own voice is a fact, a contested claim is disputed.",
            n,
        )
    elif key == "disputed":
        text = ngettext(
            "You picked disputed for {n} claim that was something else: a claim is "
            "disputed only when the article shows someone contesting it.",
            "You picked disputed for {n} claims that were something else: a claim is "
            "disputed only when the article shows someone contesting it.",
            n,
        )
    else:
        text = ngettext(
            "You picked “{chosen}” for {n} claim that belonged elsewhere: reread what "
            "each category means.",
            "You picked “{chosen}” for {n} claims that belonged elsewhere: reread what "
            "each category means.",
            n,
        )
    return text.format(n=n, chosen=shown(_in_sentence(bias.label)))


def _in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Opinion" -> "opinion", but "EU statement" stays."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]
