"""The Leitner review schedule: boxes, intervals, packs edited since answers were given."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import answers_pack

from game import review
from game.pack import Pack
from game.progress import ProgressStore, Session
from game.review import BOX_WAIT, by_pack, due_claims, due_count, review_queue, schedule_text
from game.round import Answer

T0 = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


PACK = answers_pack("bukele", {"c1": "fact", "c2": "assertion", "c3": "disputed"}, digest="d1")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProgressStore]:
    with ProgressStore.open(tmp_path / "progress.db") as store:
        yield store


def give(
    store: ProgressStore,
    pack: Pack,
    claim_id: str,
    chosen: str,
    at: datetime,
    *,
    hinted: bool = False,
    player: str = "ana",
    session: Session | None = None,
    confidence: str | None = None,
) -> None:
    claim = pack.claim(claim_id)
    assert claim is not None
    session = session or store.start_session(player, pack, at=at)
    answer = Answer(
        claim=claim,
        chosen=chosen,
        correct=claim.answer,
        hinted=hinted,
        seconds=3.0,
        at=at,
        confidence=confidence,
    )
    assert store.record(session, pack, answer) is not None


def boxes(store: ProgressStore, packs: list[Pack], player: str = "ana") -> dict[str, int]:
    return {item.claim.id: item.box for item in review_queue(store, packs, player)}


def test_a_claim_never_missed_is_not_in_review(store: ProgressStore) -> None:
    give(store, PACK, "c1", "fact", T0)
    give(store, PACK, "c1", "fact", T0 + DAY)
    assert review_queue(store, [PACK], "ana") == []
    assert due_count(store, [PACK], "ana", T0 + 30 * DAY) == 0


def test_a_miss_is_due_at_once_in_box_1(store: ProgressStore) -> None:
    give(store, PACK, "c2", "fact", T0)
    [item] = due_claims(store, [PACK], "ana", T0)
    assert (item.claim.id, item.box, item.due_at, item.misses) == ("c2", 1, T0, 1)
    assert item.pack is PACK
    # The read pauses the cyclic collector (`game.collector`) and turns it back on.
    assert gc.isenabled()


def test_right_answers_climb_the_boxes_with_growing_waits(store: ProgressStore) -> None:
    assert [BOX_WAIT[b] for b in (1, 2, 3, 4, 5)] == [
        timedelta(0),
        DAY,
        3 * DAY,
        7 * DAY,
        21 * DAY,
    ]
    give(store, PACK, "c2", "fact", T0)  # missed: box 1, due now
    t = T0 + timedelta(minutes=5)
    for box, wait in [(2, DAY), (3, 3 * DAY), (4, 7 * DAY), (5, 21 * DAY)]:
        give(store, PACK, "c2", "assertion", t)  # right, while due: up one box
        [item] = review_queue(store, [PACK], "ana")
        assert (item.box, item.due_at) == (box, t + wait)
        assert due_count(store, [PACK], "ana", t + wait - timedelta(seconds=1)) == 0
        assert due_count(store, [PACK], "ana", t + wait) == 1
        t += wait
    give(store, PACK, "c2", "assertion", t)  # right in the top box: graduated
    assert review_queue(store, [PACK], "ana") == []


def test_the_schedule_the_player_reads_is_the_one_applied(monkeypatch: pytest.MonkeyPatch) -> None:
    assert schedule_text() == "after 1, 3, 7, then 21 days"
    monkeypatch.setattr(review, "BOX_WAIT", {1: timedelta(0), 2: 2 * DAY, 3: 5 * DAY})
    assert schedule_text() == "after 2, then 5 days"
    monkeypatch.setattr(review, "BOX_WAIT", {1: timedelta(0), 2: DAY})
    assert schedule_text() == "after 1 day"


def test_a_miss_from_a_high_box_goes_back_to_box_1(store: ProgressStore) -> None:
    give(store, PACK, "c2", "fact", T0)
    give(store, PACK, "c2", "assertion", T0 + timedelta(minutes=1))  # box 2
    give(store, PACK, "c2", "assertion", T0 + 2 * DAY)  # box 3
    give(store, PACK, "c2", "disputed", T0 + 3 * DAY)  # missed again
    [item] = due_claims(store, [PACK], "ana", T0 + 3 * DAY)
    assert (item.box, item.due_at, item.misses) == (1, T0 + 3 * DAY, 2)


def test_early_or_hinted_right_answers_do_not_promote(store: ProgressStore) -> None:
    give(store, PACK, "c2", "fact", T0)
    give(store, PACK, "c2", "assertion", T0 + timedelta(minutes=1))  # box 2, due T0+1m+1d
    give(store, PACK, "c2", "assertion", T0 + timedelta(hours=2))  # early: no change
    assert boxes(store, [PACK]) == {"c2": 2}
    give(store, PACK, "c2", "assertion", T0 + 2 * DAY, hinted=True)  # due, but hinted
    [item] = review_queue(store, [PACK], "ana")
    assert (item.box, item.due_at) == (2, T0 + timedelta(minutes=1) + DAY)
    assert item.is_due(T0 + 2 * DAY)


def test_players_are_kept_apart(store: ProgressStore) -> None:
    give(store, PACK, "c1", "disputed", T0, player="ana")
    give(store, PACK, "c3", "fact", T0, player="ben")
    assert boxes(store, [PACK], "ana") == {"c1": 1}
    assert boxes(store, [PACK], "ben") == {"c3": 1}
    assert boxes(store, [PACK], "cleo") == {}


def test_review_spans_packs_longest_overdue_first(store: ProgressStore) -> None:
    other = answers_pack("other", {"x1": "fact", "x2": "fact"})
    give(store, other, "x2", "disputed", T0)
    give(store, PACK, "c3", "fact", T0 + timedelta(minutes=1))
    give(store, other, "x1", "assertion", T0 + timedelta(minutes=2))
    due = due_claims(store, [PACK, other], "ana", T0 + DAY)
    assert [(i.pack.id, i.claim.id) for i in due] == [
        ("other", "x2"),
        ("bukele", "c3"),
        ("other", "x1"),
    ]
    grouped = by_pack(due)
    assert [(p.id, [c.id for c in claims]) for p, claims in grouped] == [
        ("other", ["x2", "x1"]),
        ("bukele", ["c3"]),
    ]
    # Packs can be passed by id too; a pack that is not loaded is left out.
    assert [i.claim.id for i in due_claims(store, {"bukele": PACK}, "ana", T0 + DAY)] == ["c3"]


def test_a_claim_removed_from_its_pack_is_dropped(store: ProgressStore) -> None:
    give(store, PACK, "c1", "disputed", T0)
    give(store, PACK, "c2", "fact", T0)
    edited = answers_pack("bukele", {"c2": "assertion", "c3": "disputed"}, digest="d2")
    assert boxes(store, [edited]) == {"c2": 1}
    # The answers stay recorded: the claim returns to review if the claim returns.
    assert boxes(store, [PACK]) == {"c1": 1, "c2": 1}


def test_a_claim_whose_answer_changed_is_treated_as_new(store: ProgressStore) -> None:
    give(store, PACK, "c2", "fact", T0)  # missed when the answer was "assertion"
    edited = answers_pack("bukele", {"c1": "fact", "c2": "fact", "c3": "disputed"}, digest="d2")
    # Under the edited pack the old miss is ignored: c2 is new, not in review.
    assert boxes(store, [edited]) == {}
    # New answers under the edited pack count again.
    give(store, edited, "c2", "disputed", T0 + DAY)
    [item] = review_queue(store, [edited], "ana")
    assert (item.box, item.misses, item.due_at) == (1, 1, T0 + DAY)


def test_a_changed_answer_forgets_only_the_history_before_it(store: ProgressStore) -> None:
    edited = answers_pack("bukele", {"c1": "fact", "c2": "fact", "c3": "disputed"}, digest="d2")
    give(store, PACK, "c2", "fact", T0)  # old pack: a miss
    give(store, edited, "c2", "assertion", T0 + DAY)  # edited pack: a miss
    give(store, edited, "c2", "fact", T0 + DAY + timedelta(minutes=1))  # right: box 2
    give(store, PACK, "c2", "fact", T0 + 2 * DAY)  # someone plays the old version again
    # Read against the edited pack, the history restarts after the last old answer.
    assert boxes(store, [edited]) == {}
    # Read against the old pack, the last answer (under the old answer) is a miss.
    assert boxes(store, [PACK]) == {"c2": 1}


def test_a_right_answer_marked_not_sure_does_not_move_a_claim_up(store: ProgressStore) -> None:
    give(store, PACK, "c1", "assertion", T0)
    give(store, PACK, "c1", "fact", T0 + DAY, confidence="low")  # right, but not sure
    assert boxes(store, [PACK]) == {"c1": 1}
    give(store, PACK, "c1", "fact", T0 + 2 * DAY, confidence="medium")
    assert boxes(store, [PACK]) == {"c1": 2}


def test_a_miss_while_very_sure_is_explained_first_until_missed_otherwise(
    store: ProgressStore,
) -> None:
    give(store, PACK, "c1", "assertion", T0, confidence="high")
    give(store, PACK, "c2", "fact", T0, confidence="low")
    items = {item.claim.id: item for item in review_queue(store, [PACK], "ana")}
    assert items["c1"].explain_first and not items["c2"].explain_first
    assert review.explained_first(items.values()) == {("bukele", "c1")}
    give(store, PACK, "c1", "disputed", T0 + DAY, confidence="medium")
    (again,) = [i for i in review_queue(store, [PACK], "ana") if i.claim.id == "c1"]
    assert not again.explain_first


def test_misses_at_the_same_moment_are_each_counted(store: ProgressStore) -> None:
    # A clock that stood still (or a coarse one): two misses share their moment.
    give(store, PACK, "c2", "fact", T0)
    give(store, PACK, "c2", "disputed", T0)
    give(store, PACK, "c3", "fact", T0)
    items = review_queue(store, [PACK], "ana")
    assert [(item.claim.id, item.box, item.misses) for item in items] == [
        ("c2", 1, 2),
        ("c3", 1, 1),
    ]
