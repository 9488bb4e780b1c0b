"""A clock set years ahead, then put right: answers recorded "in the future" count as
given now, so a missed claim is due again now, not when the wrong clock's date comes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import answers_pack

from cli.main import main
from game.loader import load_pack
from game.pack import Pack
from game.paths import builtin_packs_dir
from game.progress import ProgressStore
from game.review import BOX_WAIT, due_count, review_queue
from game.round import Answer

PACK = answers_pack("bukele", {"c1": "fact", "c2": "assertion"}, digest="d1")
AHEAD = timedelta(days=175 * 365)
"""A clock 175 years fast."""


def give(store: ProgressStore, pack: Pack, claim_id: str, chosen: str, at: datetime) -> None:
    claim = pack.claim(claim_id)
    assert claim is not None
    session = store.start_session("ana", pack, at=at)
    answer = Answer(
        claim=claim, chosen=chosen, correct=claim.answer, hinted=False, seconds=3.0, at=at
    )
    assert store.record(session, pack, answer) is not None


def test_answers_from_a_clock_set_ahead_count_as_given_now(tmp_path: Path) -> None:
    now = datetime(2025, 4, 17, 9, 0, tzinfo=UTC)
    with ProgressStore.open(tmp_path / "progress.db") as store:
        give(store, PACK, "c1", "assertion", now + AHEAD)  # missed, under the wrong clock
        give(store, PACK, "c2", "fact", now + AHEAD)  # missed
        give(store, PACK, "c2", "assertion", now + AHEAD + timedelta(minutes=1))  # then right
        assert due_count(store, [PACK], "ana", now) == 1  # c1, at once
        queue = {item.claim.id: item for item in review_queue(store, [PACK], "ana", now)}
        assert queue["c1"].due_at == now
        assert queue["c2"].box == 2 and queue["c2"].due_at == now + BOX_WAIT[2]
        # Once the day the wrong clock showed has come, the times are taken as they are.
        later = now + AHEAD + timedelta(days=2)
        queue = {item.claim.id: item for item in review_queue(store, [PACK], "ana", later)}
        assert queue["c2"].due_at == now + AHEAD + timedelta(minutes=1) + BOX_WAIT[2]


def test_stats_say_the_claim_is_due_in_a_day_not_in_decades(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pack = load_pack(builtin_packs_dir() / "bukele-white-house.toml")
    ahead = datetime.now(UTC) + AHEAD
    with ProgressStore.open() as store:  # in CLAIMSORT_HOME, where `stats` reads it
        give(store, pack, "bukele-offered-help", "disputed", ahead)  # missed
        give(store, pack, "bukele-offered-help", "fact", ahead + timedelta(minutes=1))  # right
    assert main(["stats", "--player", "ana"]) == 0
    out = capsys.readouterr().out
    assert "Review: 0 due now, 1 waiting" in out
    [line] = [line for line in out.splitlines() if "bukele-offered-help" in line]
    assert line.split()[:7] == ["in", "1", "day", "step", "2", "of", "5"]
