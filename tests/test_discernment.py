"""The one model of lean, discernment and calibration, against figures worked by hand."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from game.discernment import (
    CONFIDENCE_LEVELS,
    calibration,
    discernment,
    judgement_text,
    lean,
    lean_sentence,
)


@dataclass(frozen=True)
class A:
    correct: str
    chosen: str
    confidence: str | None = None


def answers(spec: dict[tuple[str, str], int]) -> list[A]:
    return [A(right, chosen) for (right, chosen), n in spec.items() for _ in range(n)]


def test_lean_counts_wrong_answers_by_direction() -> None:
    # 3 facts taken for assertions (+1 each), 1 assertion for disputed (+1),
    # 1 disputed for a fact (-2), 5 right: mean shift (3 + 1 - 2) / 10 = 0.2.
    found = lean(
        answers(
            {
                ("fact", "assertion"): 3,
                ("assertion", "disputed"): 1,
                ("disputed", "fact"): 1,
                ("fact", "fact"): 5,
            }
        )
    )
    assert found is not None
    assert found.answers == 10
    assert found.mean_shift == pytest.approx(0.2)
    assert (found.too_doubtful, found.too_trusting) == (4, 1)
    assert found.doubtful_share == pytest.approx(0.8)
    assert found.trusting_share == pytest.approx(0.2)
    assert (found.doubted_facts, found.trusted_non_facts) == (3, 1)
    assert lean_sentence(found) == (
        "You doubted 3 facts: a claim can be checked even when an official says it."
    )


def test_lean_of_a_trusting_player() -> None:
    found = lean(answers({("assertion", "fact"): 2, ("disputed", "assertion"): 1}))
    assert found is not None
    assert found.mean_shift == pytest.approx(-1.0)
    assert lean_sentence(found) == (
        "You took 2 claims for facts that rest on someone's word: ask who stands behind each."
    )


def test_no_lean_worth_naming() -> None:
    assert lean([]) is None
    assert lean([A("checkable", "opinion")]) is None, "custom categories have no rank"
    balanced = lean(answers({("fact", "assertion"): 2, ("assertion", "fact"): 2}))
    assert balanced is not None and balanced.mean_shift == 0
    assert lean_sentence(balanced) is None
    one_slip = lean(answers({("fact", "assertion"): 1, ("fact", "fact"): 9}))
    assert lean_sentence(one_slip) is None
    all_right = lean(answers({("fact", "fact"): 3}))
    assert all_right is not None and all_right.doubtful_share is None


def test_discernment_with_the_log_linear_correction() -> None:
    # 8 of 10 facts called facts, 2 of 10 non-facts called facts:
    # H = 8.5/11 = 0.7727, F = 2.5/11 = 0.2273; z(0.7727) = 0.7479 (normal table),
    # so d' = 1.4958 and c = 0.
    found = discernment(
        answers(
            {
                ("fact", "fact"): 8,
                ("fact", "assertion"): 2,
                ("assertion", "fact"): 1,
                ("disputed", "fact"): 1,
                ("assertion", "assertion"): 8,
            }
        )
    )
    assert found is not None
    assert (found.facts, found.hits, found.non_facts, found.false_alarms) == (10, 8, 10, 2)
    assert found.hit_rate == pytest.approx(8.5 / 11)
    assert found.false_alarm_rate == pytest.approx(2.5 / 11)
    assert found.d_prime == pytest.approx(1.4958, abs=1e-3)
    assert found.criterion == pytest.approx(0.0, abs=1e-9)


def test_a_doubter_has_a_positive_criterion() -> None:
    # Every fact doubted but one of 4, no non-fact called a fact out of 6:
    # H = 1.5/5 = 0.3 (z = -0.5244), F = 0.5/7 = 0.0714 (z = -1.4652):
    # d' = 0.9408, c = 0.9948.
    found = discernment(
        answers({("fact", "fact"): 1, ("fact", "assertion"): 3, ("disputed", "disputed"): 6})
    )
    assert found is not None
    assert found.d_prime == pytest.approx(0.9408, abs=1e-3)
    assert found.criterion == pytest.approx(0.9948, abs=1e-3)


def test_discernment_needs_both_kinds_of_claim() -> None:
    assert discernment(answers({("fact", "fact"): 5})) is None
    assert discernment(answers({("assertion", "fact"): 5})) is None
    assert discernment([A("checkable", "checkable"), A("opinion", "checkable")]) is None


def test_calibration_per_level_and_brier() -> None:
    rated = (
        [A("fact", "fact", "high")] * 6
        + [A("fact", "assertion", "high")] * 4
        + [A("fact", "fact", "low")] * 3
        + [A("fact", "disputed", "low")] * 2
        + [A("fact", "fact", "medium")] * 2
        + [A("fact", "fact", None), A("fact", "fact", "bogus")]
    )
    found = calibration(rated)
    low, medium, high = found.levels
    assert [level.level for level in found.levels] == list(CONFIDENCE_LEVELS)
    assert (high.answers, high.right, high.share) == (10, 6, 0.6)
    assert high.shown and high.judgement == "too sure"
    assert judgement_text(high.judgement) == "a bit too sure"
    assert (low.answers, low.right) == (5, 3)
    assert low.shown and low.judgement == "too modest", "3 of 5 right against an aim of 4 in 10"
    assert medium.answers == 2 and not medium.shown
    assert found.answers == 17
    # Brier by hand: high 6*(0.1)^2 + 4*(0.9)^2 = 0.06 + 3.24; low 3*(0.6)^2 + 2*(0.4)^2
    # = 1.08 + 0.32; medium 2*(0.3)^2 = 0.18; total 4.88 over 17 answers.
    assert found.brier == pytest.approx(4.88 / 17)


def test_calibration_boundary_is_well_judged() -> None:
    found = calibration([A("fact", "fact", "high")] * 8 + [A("fact", "assertion", "high")] * 2)
    assert found.levels[2].judgement == "well judged", "0.8 is within 10 points of 0.9"
    assert calibration([]).brier is None
