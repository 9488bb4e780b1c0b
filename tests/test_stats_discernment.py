"""Discernment, lean and calibration in the stats (issue 13), from the one model in
`game.discernment`, checked against figures worked out by hand; the same figures whether
the store adds the answers up in SQL or the records are read one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import NormalDist

import pytest
from conftest import answers_pack

from game.calibration_text import calibration_lines
from game.discernment import calibration
from game.progress import ProgressStore
from game.round import Answer, Round
from game.stats import compute_stats, discernment_lines, stats_from

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)

# 4 facts, 4 assertions, 2 disputed; the player calls facts facts 3 times in 4, takes
# 2 assertions for facts and doubts 1 fact into "disputed" and 1 assertion too.
RIGHT = ["fact"] * 4 + ["assertion"] * 4 + ["disputed"] * 2
CHOSEN = ["fact", "fact", "fact", "disputed", "fact", "fact", "assertion", "disputed"]
CHOSEN += ["disputed", "disputed"]
SURE = ["high"] * 5 + ["low"] * 5


def played(store: ProgressStore) -> None:
    pack = answers_pack("p1", {f"c{n}": right for n, right in enumerate(RIGHT)})
    session = store.start_session("ana", pack, at=T0)
    for n, (claim, chosen, sure) in enumerate(zip(pack.claims, CHOSEN, SURE, strict=True)):
        answer = Answer(
            claim=claim,
            chosen=chosen,
            correct=claim.answer,
            hinted=False,
            seconds=3.0,
            at=T0 + timedelta(seconds=n + 1),
            confidence=sure,
        )
        store.record(session, pack, answer)


@pytest.mark.parametrize("read", ["sql", "records"])
def test_the_stats_figures_match_hand_computed_ones(tmp_path: Path, read: str) -> None:
    store = ProgressStore.open(tmp_path / "progress.db")
    played(store)
    now = T0 + timedelta(hours=1)
    if read == "sql":
        stats = compute_stats(store, "ana", now=now)
    else:
        stats = stats_from(
            "ana", store.answers(player="ana"), store.sessions(player="ana"), now=now
        )
    store.close()

    lean = stats.lean
    assert lean is not None
    # Shifts (chosen − right): 0 0 0 +2 | −1 −1 0 +1 | 0 0  → +1/10.
    assert lean.mean_shift == pytest.approx(0.1)
    assert (lean.too_doubtful, lean.too_trusting) == (2, 2)
    assert (lean.doubted_facts, lean.trusted_non_facts) == (1, 2)

    told = stats.discernment
    assert told is not None
    assert (told.facts, told.hits, told.non_facts, told.false_alarms) == (4, 3, 6, 2)
    hit, alarm = (3 + 0.5) / (4 + 1), (2 + 0.5) / (6 + 1)
    z = NormalDist().inv_cdf
    assert told.d_prime == pytest.approx(z(hit) - z(alarm))
    assert told.criterion == pytest.approx(-(z(hit) + z(alarm)) / 2)

    rated = stats.calibration
    assert rated is not None
    high, low = rated.levels[2], rated.levels[0]
    assert (high.answers, high.right) == (5, 3)  # c0 c1 c2 right, c3 c4 wrong
    assert (low.answers, low.right) == (5, 3)  # c5 wrong, c6 right, c7 wrong, c8 c9 right
    # Brier: high: 3 × 0.1² + 2 × 0.9²; low: 3 × 0.6² + 2 × 0.4²; over 10.
    brier = (3 * 0.01 + 2 * 0.81 + 3 * 0.36 + 2 * 0.16) / 10
    assert rated.brier == pytest.approx(brier)

    lines = discernment_lines(stats)
    assert "Of your 4 wrong answers, 50% were too doubtful and 50% too trusting" in lines[0]
    assert "mean shift +0.10" in lines[0]
    assert f"d′ {z(hit) - z(alarm):.2f}" in lines[1]
    assert "Not sure: ✔✔✔✘✘ 3/5 — you aimed for 4 in 10: too modest" in lines
    assert "Very sure: ✔✔✔✘✘ 3/5 — you aimed for 9 in 10: a bit too sure" in lines
    assert lines[-1].startswith(f"Brier score {brier:.2f} over 10 answers")


def test_calibration_waits_for_five_answers_at_a_level() -> None:
    pack = answers_pack("p1", {f"c{n}": "fact" for n in range(4)})
    round_ = Round(pack)
    for _claim in pack.claims:
        round_.answer("fact", "high")
        round_.next()
    summary = round_.summary()
    assert summary.calibration is not None and summary.calibration.answers == 4
    assert calibration_lines(summary.calibration) == []  # 4 are not enough to judge


def test_a_level_past_twenty_answers_is_counted_in_words() -> None:
    class Rated:
        correct = "fact"
        chosen = "fact"
        confidence = "medium"

    lines = calibration_lines(calibration([Rated()] * 25))
    assert lines == ["Fairly sure: 25/25 right — you aimed for 7 in 10: too modest"]


def test_claimsort_stats_wraps_its_lines_to_the_terminal_at_word_boundaries(
    tmp_path: Path,
) -> None:
    from cli.stats import format_stats, wrapped

    store = ProgressStore.open(tmp_path / "progress.db")
    played(store)
    stats = compute_stats(store, "ana", now=T0 + timedelta(hours=1))
    store.close()
    whole = format_stats(stats, [], T0, "▁▂▃▄▅▆▇█")
    assert max(len(line) for line in whole.splitlines()) > 80  # long lines to wrap
    text = format_stats(stats, [], T0, "▁▂▃▄▅▆▇█", width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert text.split() == whole.split()  # the same words, none cut
    assert "Discernment, lean and calibration" in text
    # A wrapped row is indented under its line.
    assert wrapped("  " + "word " * 30, 40).splitlines()[1].startswith("    word")
    assert wrapped("x" * 50, None) == "x" * 50
