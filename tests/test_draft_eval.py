"""The evaluation set and the agreement figures bench/draft.py prints from it.

The labels must keep matching their articles (each label's text in exactly one
sentence of it), the articles must stay practice articles of the size the issue asks
for, and the figures (precision, recall, macro-F1, Cohen's kappa, speaker accuracy)
must be computed right, on cases worked out by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.draft import readings
from game.draft.agreement import Agreement, Label, agreement, load, match, speaker_accuracy
from game.text import normalise

EVAL = Path(__file__).resolve().parent / "draft_eval"
LABELS = sorted(EVAL.glob("*.labels.toml"))


def test_there_are_at_least_six_articles_three_of_them_held_out() -> None:
    articles = [load(path) for path in LABELS]
    assert len(articles) >= 6
    assert sum(a.held_out for a in articles) >= 3


@pytest.mark.parametrize("path", LABELS, ids=[p.name.split(".")[0] for p in LABELS])
def test_each_label_points_at_one_sentence_of_its_article(path: Path) -> None:
    article = load(path)
    words = len(article.text.split())
    assert 200 <= words <= 600, words
    assert path.read_text(encoding="utf-8").startswith(
        "# Hand labels for a practice article (invented people and places)"
    )
    text = normalise(article.text)
    for label in article.labels:
        assert text.count(normalise(label.text)) == 1, label.text
    texts = [normalise(label.text) for label in article.labels]
    assert len(set(texts)) == len(texts)


def test_the_readme_says_the_people_and_places_are_invented() -> None:
    readme = " ".join((EVAL / "README.md").read_text(encoding="utf-8").split())
    assert "are invented" in readme
    assert "held out" in readme.lower()


def pairs(*items: tuple[str, str]) -> Agreement:
    return Agreement(tuple(items))


def test_perfect_agreement() -> None:
    scores = pairs(("fact", "fact"), ("assertion", "assertion"), ("disputed", "disputed"))
    assert (scores.accuracy, scores.kappa, scores.macro_f1) == (1.0, 1.0, 1.0)


def test_kappa_of_a_worked_example() -> None:
    # 10 sentences: labels 5 fact / 5 assertion; the draft gets 8 right.
    scores = pairs(
        *[("fact", "fact")] * 4,
        ("fact", "assertion"),
        *[("assertion", "assertion")] * 4,
        ("assertion", "fact"),
    )
    # observed 0.8; chance (5*5 + 5*5) / 100 = 0.5; kappa (0.8 - 0.5) / 0.5 = 0.6
    assert scores.accuracy == pytest.approx(0.8)
    assert scores.kappa == pytest.approx(0.6)
    assert scores.precision("fact") == pytest.approx(0.8)
    assert scores.recall("fact") == pytest.approx(0.8)
    assert scores.precision("disputed") is None
    assert scores.macro_f1 == pytest.approx(0.8)  # disputed is never labelled: left out


def test_always_the_same_answer_scores_no_better_than_chance() -> None:
    scores = pairs(*[("fact", "fact")] * 6, *[("assertion", "fact")] * 4)
    assert scores.kappa == pytest.approx(0.0)


def test_speaker_matching_and_unlabelled_own_voice() -> None:
    text = (
        "Mayor Helena Marsh said the bridge would close in May.\n"
        "Dunlow is accused of taking bribes from shipping firms.\n"
        "The bridge carries about 18,000 vehicles a day.\n"
        "Critics have questioned whether the shuttle buses will cope.\n"
    )
    labels = [
        Label("Mayor Helena Marsh said", "assertion", ("Marsh",)),
        Label("Dunlow is accused", "disputed", ("unnamed",)),
        Label("The bridge carries", "fact", ("",)),
        Label("Critics have questioned", "disputed", ("residents",)),
        Label("A sentence the article does not have", "fact", ("",)),
    ]
    found = match(labels, readings(text))
    assert [m.speaker_right for m in found] == [True, True, None, False, None]
    assert speaker_accuracy(found) == (2, 3)
    assert found[-1].reading is None
    assert agreement(found).n == 4
