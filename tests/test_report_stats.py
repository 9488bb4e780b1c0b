"""The class report's statistics (`game.report`) against figures worked out by hand on a
class of six students and five claims, and against independent formulas on a random
class."""

from __future__ import annotations

import math
import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest

from game.report.answers import ReportAnswer
from game.report.build import build
from game.report.classes import NEAR_GUESSING_MARGIN
from game.report.items import MIN_DISCRIMINATION_N, analyse, pearson
from game.report.sources import Collection, Filters

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
KEY = {"c1": "fact", "c2": "assertion", "c3": "disputed", "c4": "fact", "c5": "assertion"}
F, A, D = "fact", "assertion", "disputed"
# Each student's first attempt at c1..c5: the category chosen, "+h" after the hint.
CLASS = {
    "s1": [F, A + "+h", D, F, A],
    "s2": [F, F, D, F, F],
    "s3": [A, A + "+h", A, F, A],
    "s4": [F, F, F, A, D],
    "s5": [F, D, D, F, A],
    "s6": [D, F, A, F, F],
}


def answer(player: str, claim: str, chosen: str, at: datetime, **kw: object) -> ReportAnswer:
    hinted = chosen.endswith("+h")
    values: dict[str, object] = {
        "player": player,
        "pack_id": "bukele",
        "pack_hash": "h1",
        "claim_id": claim,
        "chosen": chosen.removesuffix("+h"),
        "correct": KEY.get(claim, F),
        "hinted": hinted,
        "seconds": 10.0,
        "answered_at": at,
    }
    values.update(kw)
    return ReportAnswer(**values)  # type: ignore[arg-type]


def the_class() -> list[ReportAnswer]:
    answers = []
    for s, (player, chosen) in enumerate(CLASS.items()):
        for c, category in enumerate(chosen):
            claim = f"c{c + 1}"
            answers.append(
                answer(player, claim, category, T0 + timedelta(minutes=s, seconds=c), seconds=c + 1)
            )
    # Practice, which must not count: s4 replays c2 and gets it right, s2 reviews c5.
    answers.append(answer("s4", "c2", A, T0 + timedelta(hours=1), mode="replay"))
    answers.append(answer("s2", "c5", A, T0 + timedelta(days=1), mode="review"))
    return answers


def report_of(answers: list[ReportAnswer]):  # type: ignore[no-untyped-def]
    found = Collection()
    for a in answers:
        found.add(a, Filters())
    [report] = build(found, {})
    return report


def test_facility_distractors_and_order_hardest_first() -> None:
    report = report_of(the_class())
    items = {i.claim_id: i for i in report.items}
    assert [i.claim_id for i in report.items] == ["c2", "c3", "c5", "c1", "c4"]
    assert {c: i.n for c, i in items.items()} == dict.fromkeys(KEY, 6)
    # c2: s1 and s3 right after the hint (0.5 each), the rest wrong: 1/6.
    assert items["c2"].facility == pytest.approx(1 / 6)
    assert items["c2"].facility_unhinted == 0
    assert items["c1"].facility == pytest.approx(4 / 6)
    assert items["c4"].facility == pytest.approx(5 / 6)
    assert items["c3"].facility == items["c5"].facility == pytest.approx(0.5)
    assert items["c2"].chosen == {F: 3, A: 2, D: 1}
    assert items["c3"].chosen == {F: 1, A: 2, D: 3}
    assert items["c5"].chosen == {F: 2, A: 3, D: 1}
    assert items["c5"].wrong == {F: 2, D: 1}
    assert items["c5"].median_seconds == 5  # every first attempt at c5 took 5 s


def test_flags_follow_their_rules() -> None:
    items = {i.claim_id: i for i in report_of(the_class()).items}
    kinds = {c: [(f.kind, f.category) for f in i.flags] for c, i in items.items()}
    # c2: 1/6 is at or below guessing (1/3); 3 of 6 took it for a fact (>= 30 %).
    assert kinds["c2"] == [("misconception", None), ("distractor", F)]
    # c3: 2 of 6 (33 %) took it for an assertion; c5: 2 of 6 for a fact.
    assert kinds["c3"] == [("distractor", A)]
    assert kinds["c5"] == [("distractor", F)]
    assert kinds["c1"] == []  # 1 of 6 each way: under 30 %
    assert kinds["c4"] == []  # 5/6 is not above 0.9
    # Too few students for a discrimination to be shown, or a key to be questioned.
    assert all(i.discrimination is None for i in items.values())


def test_item_rest_correlation_by_hand() -> None:
    items = {i.claim_id: i for i in report_of(the_class()).items}
    # c1 scores 1,1,0,1,1,0 against the mean of each student's other four claims:
    # s1 3.5/4, s2 2/4, s3 2.5/4, s4 0, s5 3/4, s6 1/4. Sxy = 0.125, Sxx = 12/9,
    # Syy = 0.53125, so r = 0.125 / sqrt(12/9 * 0.53125).
    assert items["c1"].item_rest == pytest.approx(0.125 / math.sqrt(12 / 9 * 0.53125))
    assert items["c1"].item_rest == pytest.approx(0.14852, abs=1e-5)


def test_the_class_figures_by_hand() -> None:
    cohort = report_of(the_class()).cohort
    assert cohort is not None
    shares = {s.player: s.score for s in cohort.students}
    assert shares == pytest.approx(
        {"s1": 0.9, "s2": 0.6, "s3": 0.5, "s4": 0.2, "s5": 0.8, "s6": 0.2}
    )
    assert [s.player for s in cohort.students] == ["s1", "s5", "s2", "s3", "s4", "s6"]
    assert cohort.mean == pytest.approx(3.2 / 6)
    assert cohort.median == pytest.approx(0.55)
    assert cohort.spread == pytest.approx(statistics.pstdev([0.9, 0.6, 0.5, 0.2, 0.8, 0.2]))
    assert (cohort.lowest, cohort.highest) == pytest.approx((0.2, 0.9))
    assert 1 / 3 + NEAR_GUESSING_MARGIN < 0.5
    assert [s.player for s in cohort.near_guessing] == ["s4", "s6"]
    table = cohort.confusion
    assert [[table.count(r, c) for c in (F, A, D)] for r in (F, A, D)] == [
        [9, 2, 1],
        [5, 5, 2],
        [1, 2, 3],
    ]
    lean = cohort.lean
    assert lean is not None
    # Shifts: fact row +2 +2, assertion row -5 +2, disputed row -2 -2: -3 over 30.
    assert lean.mean_shift == pytest.approx(-0.1)
    assert (lean.too_doubtful, lean.too_trusting) == (5, 8)


def test_first_attempt_is_the_earliest_even_when_read_later() -> None:
    answers = the_class()
    # The replay read first (another file came first): the first attempt still counts.
    answers.insert(0, answers.pop(-2))
    items = {i.claim_id: i for i in report_of(answers).items}
    assert items["c2"].chosen == {F: 3, A: 2, D: 1}


def test_duplicates_are_counted_once() -> None:
    found = Collection()
    for a in the_class() + the_class():
        found.add(a, Filters())
    assert found.answers == 32 and found.duplicates == 32
    # To the millisecond: an export keeps milliseconds where the database has microseconds.
    late = answer("s1", "c1", F, T0 + timedelta(microseconds=400))
    found.add(late, Filters())
    assert found.duplicates == 33


def test_a_changed_key_sets_answers_aside() -> None:
    answers = the_class()
    # An older version of the pack said c3 was an assertion: s7 answered it then.
    old = answer("s7", "c3", A, T0 - timedelta(days=30), correct=A, pack_hash="h0")
    same = answer("s7", "c1", F, T0 - timedelta(days=30), pack_hash="h0")
    report = report_of([*answers, old, same])
    items = {i.claim_id: i for i in report.items}
    assert items["c3"].n == 6  # s7's answer under the old key is not counted
    assert items["c1"].n == 7  # the key of c1 did not change: counted
    assert report.changed_key == 1 and report.versions == 2


def test_discrimination_is_shown_from_ten_students() -> None:
    rng = random.Random(3)
    answers = []
    for s in range(MIN_DISCRIMINATION_N):
        for c, claim in enumerate(KEY):
            chosen = KEY[claim] if rng.random() < 0.6 else rng.choice([F, A, D])
            answers.append(answer(f"p{s}", claim, chosen, T0 + timedelta(minutes=s, seconds=c)))
    items = report_of(answers).items
    assert all(i.n == 10 for i in items)
    assert all(i.discrimination == i.item_rest for i in items)
    assert any(i.discrimination is not None for i in items)


def test_a_random_class_against_independent_formulas() -> None:
    rng = random.Random(11)
    claims = [f"k{n}" for n in range(12)]
    key = {c: rng.choice([F, A, D]) for c in claims}
    firsts: dict[str, dict[str, ReportAnswer]] = {}
    for s in range(40):
        skill = rng.random()
        for claim in rng.sample(claims, rng.randrange(3, len(claims))):
            right = rng.random() < skill
            chosen = key[claim] if right else rng.choice([F, A, D])
            a = answer(f"p{s}", claim, chosen, T0, correct=key[claim], hinted=rng.random() < 0.2)
            firsts.setdefault(a.player, {})[claim] = a
    items = analyse(firsts, [F, A, D])
    for item in items:
        scored = [
            (claims_of[item.claim_id], claims_of)
            for claims_of in firsts.values()
            if item.claim_id in claims_of
        ]
        points = [a.score for a, _ in scored]
        assert item.n == len(scored)
        assert item.facility == pytest.approx(statistics.fmean(points))
        xs, ys = [], []
        for a, claims_of in scored:
            others = [b.score for c, b in claims_of.items() if c != item.claim_id]
            if others:
                xs.append(a.score)
                ys.append(statistics.fmean(others))
        if len(set(xs)) > 1 and len(set(ys)) > 1:
            assert item.item_rest == pytest.approx(statistics.correlation(xs, ys))
            assert item.discrimination == pytest.approx(item.item_rest)
    assert [i.facility for i in items] == sorted(i.facility for i in items)


def test_pearson_without_spread_is_undefined() -> None:
    assert pearson([1, 1, 1], [0.2, 0.5, 0.9]) is None
    assert pearson([1.0], [1.0]) is None
    assert pearson([0, 1], [0, 1]) == pytest.approx(1.0)
