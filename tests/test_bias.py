"""The bias model: the confusion of right against chosen answers, the rule that names the
strongest bias, and its sentence (shared by the round summary and the stats)."""

from __future__ import annotations

import pytest

from game.bias import Bias, Confusion, bias_sentence, strongest_bias
from game.pack import DEFAULT_CATEGORIES, Category


def category(cid: str, label: str, key: str) -> Category:
    return Category(id=cid, label=label, key=key, description=f"What {label} means.")


def table(categories, cells: dict[tuple[str, str], int]) -> Confusion:
    counts = {(r.id, c.id): 0 for r in categories for c in categories}
    counts.update(cells)
    return Confusion(labels={c.id: c.label for c in categories}, counts=counts)


def sentence(categories, cells: dict[tuple[str, str], int]) -> str | None:
    bias = strongest_bias(table(categories, cells))
    return None if bias is None else bias_sentence(bias)


# -- the confusion -------------------------------------------------------------------


class Given:
    def __init__(self, correct: str, chosen: str) -> None:
        self.correct = correct
        self.chosen = chosen


def test_the_confusion_counts_every_answer_and_keeps_unknown_categories_after_the_known():
    answers = [Given("fact", "fact"), Given("assertion", "fact"), Given("assertion", "fact")]
    answers.append(Given("rumour", "zebra"))  # ids from a pack no longer loaded
    confusion = Confusion.of(answers, {"fact": "Verified fact", "assertion": "Official assertion"})
    assert list(confusion.labels.items()) == [
        ("fact", "Verified fact"),
        ("assertion", "Official assertion"),
        ("rumour", "rumour"),
        ("zebra", "zebra"),
    ]
    assert len(confusion.counts) == 16 and sum(confusion.counts.values()) == 4
    assert (confusion.count("assertion", "fact"), confusion.count("rumour", "zebra")) == (2, 1)
    assert confusion.count("fact", "assertion") == 0


# -- the rule and its sentence --------------------------------------------------------


def test_the_bias_names_both_categories_of_a_pair_and_how_often():
    cells = {("assertion", "fact"): 3, ("disputed", "fact"): 1}
    assert strongest_bias(table(DEFAULT_CATEGORIES, cells)) == Bias(
        chosen="fact",
        label="Verified fact",
        right="assertion",
        right_label="Official assertion",
        mistakes=3,
        advice=True,
    )


def test_no_bias_without_mistakes():
    assert sentence(DEFAULT_CATEGORIES, {("fact", "fact"): 5}) is None


def test_single_slips_are_not_a_bias():
    cells = {("assertion", "fact"): 1, ("fact", "disputed"): 1}
    assert sentence(DEFAULT_CATEGORIES, cells) is None


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (
            ("assertion", "fact"),
            "You took 3 official assertions for verified facts: watch who is speaking.",
        ),
        (
            ("fact", "assertion"),
            "You took 3 verified facts for official assertions: a report in the article's "
            "own voice, or that someone said something, is a fact.",
        ),
        (
            ("disputed", "fact"),
            "You took 3 disputed claims for verified facts: look for words like "
            "'reports of', 'questioned', 'accused'.",
        ),
        (
            ("disputed", "assertion"),
            "You took 3 disputed claims for official assertions: look for words like "
            "'reports of', 'questioned', 'accused'.",
        ),
        (
            ("fact", "disputed"),
            "You took 3 verified facts for disputed claims: a claim is disputed only when "
            "the article shows someone contesting it.",
        ),
        (
            ("assertion", "disputed"),
            "You took 3 official assertions for disputed claims: an unchecked claim stays "
            "an assertion unless the article shows someone contesting it.",
        ),
    ],
)
def test_each_default_confusion_gets_its_own_advice(pair, expected):
    cells = {pair: 3, ("fact", "fact"): 4}
    assert sentence(DEFAULT_CATEGORIES, cells) == expected


def test_the_largest_confusion_is_named():
    cells = {("assertion", "fact"): 2, ("fact", "assertion"): 4, ("disputed", "assertion"): 1}
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said.startswith("You took 4 verified facts for official assertions")


def test_ties_go_to_the_first_pair_in_category_order():
    # rows first (fact before assertion), then columns
    cells = {("assertion", "fact"): 2, ("fact", "disputed"): 2}
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said.startswith("You took 2 verified facts for disputed claims")
    cells = {("disputed", "fact"): 2, ("assertion", "disputed"): 2}
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said.startswith("You took 2 official assertions for disputed claims")


def test_a_category_picked_for_everything_is_named_as_over_used():
    # "fact" chosen wrongly 4 times, evenly from assertion and disputed
    cells = {("assertion", "fact"): 2, ("disputed", "fact"): 2}
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said == (
        "You picked verified fact for 4 claims that were something else: ask who stands "
        "behind each claim and whether anyone contests it."
    )


def test_one_dominant_pair_beats_over_use_of_the_same_category():
    # 3 of the 4 wrong "fact" picks were assertions: the pair says more
    cells = {("assertion", "fact"): 3, ("disputed", "fact"): 1}
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said.startswith("You took 3 official assertions for verified facts")


def test_on_equal_counts_a_pair_beats_over_use():
    # "fact" over-used 4 times (2 + 2), and 4 facts taken for assertions
    cells = {("assertion", "fact"): 2, ("disputed", "fact"): 2, ("fact", "assertion"): 4}
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said.startswith("You took 4 verified facts for official assertions")
    cells[("assertion", "fact")] = cells[("disputed", "fact")] = 3  # now 6, spread 3 + 3
    said = sentence(DEFAULT_CATEGORIES, cells)
    assert said.startswith("You picked verified fact for 6 claims")


def test_over_use_spread_over_custom_categories():
    cats = (
        category("news", "News report", "n"),
        category("opinion", "Opinion", "o"),
        category("ad", "Advertisement", "a"),
        category("satire", "Satire", "s"),
    )
    cells = {("news", "opinion"): 1, ("ad", "opinion"): 1, ("satire", "opinion"): 1}
    assert sentence(cats, cells) == (
        "You picked “opinion” for 3 claims that belonged elsewhere: reread what each "
        "category means."
    )


def test_custom_labels_keep_their_acronyms():
    cats = (category("eu", "EU statement", "e"), category("ngo", "NGO report", "n"))
    cells = {("ngo", "eu"): 2}
    assert sentence(cats, cells) == (
        "You sorted 2 claims as “EU statement” when they were “NGO report”: "
        "compare what the two categories mean."
    )


def test_custom_categories_reusing_a_default_id_get_the_generic_sentence():
    # The pack's own "Fact" need not mean a verified fact: the default advice would not fit
    cats = (category("fact", "Fact", "f"), category("opinion", "Opinion", "o"))
    cells = {("opinion", "fact"): 2}
    assert sentence(cats, cells) == (
        "You sorted 2 claims as “fact” when they were “opinion”: "
        "compare what the two categories mean."
    )


def test_default_categories_next_to_a_custom_one_keep_their_advice():
    # As in the stats, where one pack added "rumour" and the others use the defaults.
    cats = (*DEFAULT_CATEGORIES, category("rumour", "Rumour", "u"))
    cells = {("assertion", "fact"): 2, ("rumour", "disputed"): 1}
    assert sentence(cats, cells) == (
        "You took 2 official assertions for verified facts: watch who is speaking."
    )
    # An over-use that includes the custom category gets the generic sentence.
    cells = {("assertion", "fact"): 2, ("rumour", "fact"): 2}
    assert sentence(cats, cells) == (
        "You picked “verified fact” for 4 claims that belonged elsewhere: reread what each "
        "category means."
    )


def test_labels_are_shown_as_the_caller_asks():
    cats = (category("news", "News\x1b[2J", "n"), category("opinion", "Opinion", "o"))
    bias = strongest_bias(table(cats, {("opinion", "news"): 2}))
    assert bias is not None
    said = bias_sentence(bias, lambda label: label.replace("\x1b", "<ESC>"))
    assert said == (
        "You sorted 2 claims as “news<ESC>[2J” when they were “opinion”: "
        "compare what the two categories mean."
    )
