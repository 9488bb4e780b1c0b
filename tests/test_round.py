"""The pure logic of a round: order, scoring, hints, streaks, feedback flow, summary, bias."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from game.pack import Category, Claim, Pack, PackInfo, Source
from game.round import Answer, Round, RoundError

# -- helpers -------------------------------------------------------------------


def make_claim(claim_id: str, answer: str, *, hint: str | None = None) -> Claim:
    return Claim(
        id=claim_id,
        text=f"Claim {claim_id}.",
        answer=answer,
        quote=f"quote {claim_id}",
        said_by="EFE, in its own voice",
        explanation=f"Because {claim_id}.",
        hint=hint,
    )


def make_pack(*answers: str, hints: dict[int, str] | None = None, categories=None) -> Pack:
    """A pack whose claims c1, c2, ... have the given right answers."""
    hints = hints or {}
    claims = tuple(
        make_claim(f"c{i}", answer, hint=hints.get(i)) for i, answer in enumerate(answers, start=1)
    )
    extra = {} if categories is None else {"categories": tuple(categories)}
    return Pack(
        info=PackInfo(id="test-pack", title="Test pack", language="en"),
        sources=(Source(id="efe", title="An article", publisher="EFE", text="quote"),),
        claims=claims,
        **extra,
    )


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


def play(round_: Round, *choices: str) -> list[Answer]:
    """Answer the next claims with `choices`, moving on after each."""
    given = []
    for choice in choices:
        given.append(round_.answer(choice))
        round_.next()
    return given


def ids(claims) -> list[str]:
    return [c.id for c in claims]


def category(cid: str, label: str, key: str) -> Category:
    return Category(id=cid, label=label, key=key, description=f"What {label} means.")


FACT_ASSERTION_DISPUTED = make_pack("fact", "assertion", "disputed", "fact", "assertion", "fact")


# -- order ---------------------------------------------------------------------


def test_claims_play_in_pack_order_by_default():
    round_ = Round(FACT_ASSERTION_DISPUTED)
    assert ids(round_.claims) == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert round_.total == 6
    assert round_.position == 1
    assert round_.current.id == "c1"


def test_explicit_claims_keep_their_order():
    pack = FACT_ASSERTION_DISPUTED
    round_ = Round(pack, [pack.claims[4], pack.claims[0]])
    assert ids(round_.claims) == ["c5", "c1"]
    assert round_.total == 2


def test_shuffle_with_the_same_seed_gives_the_same_order():
    pack = make_pack(*["fact"] * 20)
    first = Round(pack, shuffle=True, seed=7)
    again = Round(pack, shuffle=True, seed=7)
    other = Round(pack, shuffle=True, seed=8)
    assert ids(first.claims) == ids(again.claims)
    assert ids(first.claims) != ids(pack.claims)
    assert ids(first.claims) != ids(other.claims)
    assert sorted(ids(first.claims)) == sorted(ids(pack.claims))


def test_limit_takes_the_first_claims_after_shuffling():
    pack = make_pack(*["fact"] * 20)
    shuffled = Round(pack, shuffle=True, seed=3)
    limited = Round(pack, shuffle=True, seed=3, limit=5)
    assert ids(limited.claims) == ids(shuffled.claims)[:5]
    assert limited.total == 5
    assert ids(Round(pack, limit=3).claims) == ["c1", "c2", "c3"]
    assert Round(pack, limit=50).total == 20


def test_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="limit"):
        Round(FACT_ASSERTION_DISPUTED, limit=0)


def test_a_claim_whose_answer_is_not_a_category_of_the_pack_is_refused():
    pack = make_pack("fact")
    with pytest.raises(ValueError, match="opinion"):
        Round(pack, [make_claim("x", "opinion")])


def test_a_claim_whose_source_is_not_in_the_pack_is_refused():
    pack = make_pack("fact")
    stray = dataclasses.replace(make_claim("x", "fact"), source="reuters")
    with pytest.raises(ValueError, match="reuters"):
        Round(pack, [stray])


# -- feedback flow ---------------------------------------------------------------


def test_answer_then_feedback_then_next():
    round_ = Round(make_pack("fact", "assertion"))
    assert not round_.awaiting_next
    assert round_.current_answer is None

    answer = round_.answer("assertion")
    assert round_.awaiting_next
    assert round_.current_answer is answer
    assert round_.current.id == "c1"  # the card stays while feedback shows
    assert round_.position == 1
    assert round_.is_last is False
    assert answer.chosen == "assertion"
    assert answer.correct == "fact"
    assert not answer.is_right

    assert round_.next().id == "c2"
    assert not round_.awaiting_next
    assert round_.current_answer is None
    assert round_.position == 2
    assert round_.is_last is True

    round_.answer("assertion")
    assert not round_.finished  # the last feedback still shows
    assert round_.next() is None
    assert round_.finished
    assert round_.current is None
    assert round_.position == 2  # "2 of 2", never "3 of 2"
    assert round_.is_last is False


def test_answering_twice_is_refused_and_records_nothing():
    round_ = Round(make_pack("fact", "fact"))
    round_.answer("fact")
    with pytest.raises(RoundError):
        round_.answer("assertion")
    assert len(round_.answers) == 1
    assert round_.score == 1.0


def test_answering_after_the_round_is_over_is_refused():
    round_ = Round(make_pack("fact"))
    play(round_, "fact")
    with pytest.raises(RoundError):
        round_.answer("fact")
    assert len(round_.answers) == 1


def test_an_unknown_category_is_refused_and_the_claim_stays_open():
    round_ = Round(make_pack("fact"))
    with pytest.raises(RoundError, match="opinion"):
        round_.answer("opinion")
    assert round_.answers == []
    assert not round_.awaiting_next
    assert round_.answer("fact").is_right


def test_next_before_answering_is_refused():
    round_ = Round(make_pack("fact", "fact"))
    with pytest.raises(RoundError):
        round_.next()
    assert round_.current.id == "c1"
    play(round_, "fact", "fact")
    with pytest.raises(RoundError):
        round_.next()


# -- scoring, hints, streaks ---------------------------------------------------------


def test_score_counts_one_point_per_right_answer():
    round_ = Round(FACT_ASSERTION_DISPUTED)
    answers = play(round_, "fact", "fact", "disputed", "fact", "assertion", "disputed")
    assert [a.points for a in answers] == [1.0, 0.0, 1.0, 1.0, 1.0, 0.0]
    assert round_.score == 4.0
    assert round_.correct_count == 4


def test_a_hinted_right_answer_scores_half():
    round_ = Round(make_pack("fact", "fact", hints={1: "Who is speaking?", 2: "Look again."}))
    assert round_.hint_used is False
    assert round_.use_hint() == "Who is speaking?"
    assert round_.hint_used is True
    answer = round_.answer("fact")
    assert answer.hinted and answer.is_right
    assert answer.points == 0.5
    round_.next()
    assert round_.hint_used is False  # the hint belongs to the claim it was asked for
    round_.use_hint()
    assert round_.answer("assertion").points == 0.0  # a hint does not make a wrong answer worse
    assert round_.score == 0.5
    assert round_.correct_count == 1


def test_asking_for_a_missing_hint_costs_nothing():
    round_ = Round(make_pack("fact"))
    assert round_.use_hint() is None
    assert round_.hint_used is False
    answer = round_.answer("fact")
    assert not answer.hinted
    assert answer.points == 1.0


def test_the_hint_asked_twice_still_costs_half():
    round_ = Round(make_pack("fact", hints={1: "Who said it?"}))
    assert round_.use_hint() == round_.use_hint() == "Who said it?"
    assert round_.answer("fact").points == 0.5


def test_the_hint_read_during_feedback_does_not_change_the_answer():
    round_ = Round(make_pack("fact", hints={1: "Who said it?"}))
    answer = round_.answer("fact")
    assert round_.use_hint() == "Who said it?"
    assert round_.hint_used is False  # the screen must not say the answer was hinted
    assert round_.current_answer.points == answer.points == 1.0
    assert round_.score == 1.0


def test_a_hint_after_the_round_is_over_is_refused():
    round_ = Round(make_pack("fact"))
    play(round_, "fact")
    with pytest.raises(RoundError):
        round_.use_hint()


def test_streak_and_best_streak():
    round_ = Round(make_pack(*["fact"] * 7, hints={5: "h"}))
    seen = []
    for choice in ["fact", "fact", "fact", "disputed", "fact", "fact", "assertion"]:
        if round_.position == 5:
            round_.use_hint()
        round_.answer(choice)
        seen.append((round_.streak, round_.best_streak))
        round_.next()
    # a hinted right answer still keeps the streak going
    assert seen == [(1, 1), (2, 2), (3, 3), (0, 3), (1, 3), (2, 3), (0, 3)]


# -- time ----------------------------------------------------------------------


def test_seconds_run_from_the_claim_being_shown_to_the_answer():
    clock = FakeClock()
    moment = datetime(2025, 4, 17, 12, 0, tzinfo=UTC)
    round_ = Round(make_pack("fact", "fact"), clock=clock, now=lambda: moment)
    clock.advance(4.5)
    first = round_.answer("fact")
    clock.advance(30)  # reading the feedback does not count
    round_.next()
    clock.advance(2)
    second = round_.answer("assertion")
    assert first.seconds == 4.5
    assert second.seconds == 2
    assert first.at == moment
    assert round_.summary().seconds == 6.5


def test_mark_shown_restarts_the_timer():
    clock = FakeClock()
    round_ = Round(make_pack("fact"), clock=clock)
    clock.advance(60)  # the round was built before its screen appeared
    round_.mark_shown()
    clock.advance(3)
    assert round_.answer("fact").seconds == 3


def test_answers_are_stamped_in_utc_by_default():
    before = datetime.now(UTC)
    answer = Round(make_pack("fact")).answer("fact")
    assert answer.at.tzinfo is not None
    assert before - timedelta(seconds=1) <= answer.at <= datetime.now(UTC)


# -- replay and restart ------------------------------------------------------------


def test_replay_missed_plays_the_wrong_answers_again_in_play_order():
    pack = FACT_ASSERTION_DISPUTED
    round_ = Round(pack, shuffle=True, seed=11)
    order = ids(round_.claims)
    # answer "disputed" to everything: c3 is the only right one
    play(round_, *["disputed"] * 6)
    assert ids(round_.missed()) == [c for c in order if c != "c3"]
    replay = round_.replay_missed()
    assert ids(replay.claims) == [c for c in order if c != "c3"]
    assert replay.pack is pack
    assert replay.answers == [] and replay.score == 0 and replay.position == 1


def test_replay_missed_with_nothing_missed_is_an_empty_finished_round():
    round_ = Round(make_pack("fact"))
    play(round_, "fact")
    replay = round_.replay_missed()
    assert replay.total == 0
    assert replay.finished
    assert replay.current is None
    assert replay.summary().total == 0


def test_restart_plays_the_same_claims_in_the_same_order_from_scratch():
    round_ = Round(make_pack(*["fact"] * 10), shuffle=True, seed=5, limit=4)
    play(round_, "fact", "assertion")
    again = round_.restart()
    assert ids(again.claims) == ids(round_.claims)
    assert again.answers == []
    assert again.position == 1 and again.score == 0 and again.streak == 0
    assert len(round_.answers) == 2  # the old round is untouched


# -- summary -------------------------------------------------------------------


def test_summary_confusion_table_and_per_category_accuracy():
    round_ = Round(FACT_ASSERTION_DISPUTED)
    # right answers: fact, assertion, disputed, fact, assertion, fact
    play(round_, "fact", "fact", "assertion", "fact", "fact", "disputed")
    summary = round_.summary()

    assert summary.correct == 2
    assert summary.total == 6
    assert summary.unanswered == 0
    assert summary.accuracy == pytest.approx(2 / 6)
    assert summary.score == 2.0
    assert summary.best_streak == 1
    assert summary.confusion == {
        ("fact", "fact"): 2,
        ("fact", "assertion"): 0,
        ("fact", "disputed"): 1,
        ("assertion", "fact"): 2,
        ("assertion", "assertion"): 0,
        ("assertion", "disputed"): 0,
        ("disputed", "fact"): 0,
        ("disputed", "assertion"): 1,
        ("disputed", "disputed"): 0,
    }
    rows = [(r.category.id, r.right, r.total, r.accuracy) for r in summary.per_category]
    assert rows == [
        ("fact", 2, 3, pytest.approx(2 / 3)),
        ("assertion", 0, 2, 0.0),
        ("disputed", 0, 1, 0.0),
    ]
    assert ids(a.claim for a in summary.missed) == ["c2", "c3", "c5", "c6"]
    assert summary.bias == (
        "You took 2 official assertions for verified facts: watch who is speaking."
    )


def test_a_category_with_no_claims_has_no_accuracy():
    round_ = Round(make_pack("fact", "fact"))
    play(round_, "fact", "disputed")
    per = {r.category.id: r for r in round_.summary().per_category}
    assert per["fact"].accuracy == 0.5
    assert per["assertion"].total == 0
    assert per["assertion"].accuracy is None


def test_a_perfect_round_has_no_bias_and_nothing_missed():
    round_ = Round(FACT_ASSERTION_DISPUTED)
    play(round_, "fact", "assertion", "disputed", "fact", "assertion", "fact")
    summary = round_.summary()
    assert summary.correct == summary.total == 6
    assert summary.score == 6.0
    assert summary.best_streak == 6
    assert summary.missed == ()
    assert summary.bias is None


def test_summary_of_a_round_left_early_counts_what_was_answered():
    round_ = Round(FACT_ASSERTION_DISPUTED)
    play(round_, "fact", "fact")
    round_.answer("disputed")  # answered, feedback showing
    summary = round_.summary()
    assert (summary.correct, summary.total, summary.unanswered) == (2, 3, 3)


def test_summary_uses_the_packs_custom_categories():
    cats = (category("news", "News report", "n"), category("opinion", "Opinion", "o"))
    round_ = Round(make_pack("news", "opinion", "opinion", categories=cats))
    play(round_, "news", "news", "news")
    summary = round_.summary()
    assert [r.category.label for r in summary.per_category] == ["News report", "Opinion"]
    assert summary.confusion == {
        ("news", "news"): 1,
        ("news", "opinion"): 0,
        ("opinion", "news"): 2,
        ("opinion", "opinion"): 0,
    }
    assert summary.bias == (
        "You sorted 2 claims as “news report” when they were “opinion”: "
        "compare what the two categories mean."
    )
