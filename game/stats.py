"""A player's progress over time: accuracy overall, per category and per pack, the trend
over the last sessions, their strongest bias (`game.bias`) and their review queue.

Everything is computed from the recorded answers (`game.progress`); packs are needed
only for labels, titles and the review queue, so stats work for packs no longer loaded.
The answers are added up first (`AnswerSummary`: by the store in SQL, or from records
by `summary_of()`), and every figure is derived from that summary in one place.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from game.bias import Bias, Confusion, bias_sentence, strongest_bias
from game.i18n import _, ngettext
from game.pack import Pack, default_categories
from game.progress import (
    AnswerGroup,
    AnswerRecord,
    AnswerSummary,
    ProgressStore,
    SessionRecord,
    SessionTally,
    to_utc,
)
from game.review import (
    ClaimReview,
    ReviewItem,
    claim_reviews,
    due_in,
    queue_of,
    reviews_from_answers,
)
from game.text import printable

TREND_SESSIONS = 10
"""How many of the latest sessions the trend shows."""
REVIEW_LISTED = 10
"""How many claims of the review queue the stats list (on screen and as text)."""
SPARK_BARS = "▁▂▃▄▅▆▇█"
ASCII_BARS = "_.-=+*#@"


@dataclass(frozen=True)
class Tally:
    """Answers counted: how many, how many right, how many after a hint."""

    answered: int = 0
    right: int = 0
    hinted: int = 0

    @property
    def accuracy(self) -> float | None:
        """Share right, 0 to 1; None when nothing was answered."""
        return self.right / self.answered if self.answered else None

    @classmethod
    def of(cls, answers: Iterable[AnswerRecord]) -> Tally:
        answered = right = hinted = 0
        for rec in answers:
            answered += 1
            right += rec.is_right
            hinted += rec.hinted
        return cls(answered=answered, right=right, hinted=hinted)


@dataclass(frozen=True)
class CategoryStats:
    """How the player did on claims whose right answer is one category."""

    category_id: str
    label: str
    tally: Tally
    """Answers to claims of this category."""
    chosen: int
    """How often the player picked this category, rightly or not."""


@dataclass(frozen=True)
class PackStats:
    pack_id: str
    title: str | None
    """The pack's title, when the pack is loaded."""
    tally: Tally
    sessions: int
    last_answered_at: datetime


@dataclass(frozen=True)
class SessionStats:
    """One round played, for the trend."""

    session_id: int
    started_at: datetime
    pack_id: str | None
    """None for a review across packs."""
    mode: str
    """"play" or "review"."""
    tally: Tally


@dataclass(frozen=True)
class PlayerStats:
    """Everything the stats screen and `claimsort stats` show."""

    player: str
    total: Tally
    by_category: tuple[CategoryStats, ...]
    """Categories in the packs' order (defaults first), then any others by id."""
    by_pack: tuple[PackStats, ...]
    """Most recently played first."""
    trend: tuple[SessionStats, ...]
    """The latest sessions with answers, oldest first."""
    bias: Bias | None
    """The strongest bias over every answer (`game.bias`, the rule the round summary uses)."""
    review: tuple[ReviewItem, ...]
    """Every claim in review, soonest due first."""
    due_now: int
    """How many of `review` are due at the time the stats were computed."""
    seconds_per_answer: float | None
    """Mean time to answer; None when nothing was answered."""
    due_elsewhere: Mapping[str, int] = field(default_factory=dict)
    """Pack id -> claims due now in a pack that cannot be loaded (the `missing` packs the
    caller named), by the answers recorded."""


def _labels(packs: Iterable[Pack]) -> dict[str, str]:
    labels = {c.id: c.label for c in default_categories()}
    for pack in packs:
        for category in pack.categories:
            labels.setdefault(category.id, category.label)
    return labels


def summary_of(
    answers: Iterable[AnswerRecord], sessions: Iterable[SessionRecord], latest: int
) -> AnswerSummary:
    """One player's answers and sessions added up as `ProgressStore.summary()` adds
    them up in SQL, with the `latest` sessions that hold answers."""
    groups: dict[tuple[str, str, str, str | None], list[AnswerRecord]] = defaultdict(list)
    pack_sessions: dict[str, set[int]] = defaultdict(set)
    by_session: dict[int, list[AnswerRecord]] = defaultdict(list)
    for rec in answers:
        groups[rec.pack_id, rec.correct, rec.chosen, rec.confidence].append(rec)
        pack_sessions[rec.pack_id]  # a pack with no session still counts 0
        if rec.session_id is not None:
            pack_sessions[rec.pack_id].add(rec.session_id)
            by_session[rec.session_id].append(rec)
    played = sorted((s for s in sessions if s.id in by_session), key=lambda s: (s.started_at, s.id))
    tallies = []
    for session in played[-latest:] if latest > 0 else []:
        tally = Tally.of(by_session[session.id])
        tallies.append(SessionTally(session, tally.answered, tally.right, tally.hinted))
    return AnswerSummary(
        groups=tuple(
            AnswerGroup(
                pack_id=pack_id,
                correct=correct,
                chosen=chosen,
                answered=len(recs),
                hinted=sum(r.hinted for r in recs),
                seconds=sum(r.seconds for r in recs),
                last_answered_at=max(r.answered_at for r in recs),
                confidence=confidence,
            )
            for (pack_id, correct, chosen, confidence), recs in groups.items()
        ),
        pack_sessions={pack_id: len(ids) for pack_id, ids in pack_sessions.items()},
        latest=tuple(tallies),
    )


def stats_from(
    player: str,
    answers: Sequence[AnswerRecord],
    sessions: Sequence[SessionRecord],
    packs: Iterable[Pack] | Mapping[str, Pack] = (),
    *,
    now: datetime | None = None,
    trend_sessions: int = TREND_SESSIONS,
    missing: Iterable[str] = (),
) -> PlayerStats:
    """Stats from one player's answers and sessions (pure; `compute_stats` reads the store).

    `missing` names packs that cannot be loaded, whose claims due for review are
    counted in `due_elsewhere`."""
    moment = to_utc(now or datetime.now(UTC))
    return _stats(
        player,
        summary_of(answers, sessions, trend_sessions),
        reviews_from_answers(answers, moment),
        _pack_list(packs),
        moment,
        missing,
    )


def compute_stats(
    store: ProgressStore,
    player: str,
    packs: Iterable[Pack] | Mapping[str, Pack] = (),
    *,
    now: datetime | None = None,
    trend_sessions: int = TREND_SESSIONS,
    missing: Iterable[str] = (),
) -> PlayerStats:
    """`player`'s stats from the store; `packs` (as loaded now) give labels, titles and
    the review queue, and `missing` names packs that cannot be loaded (as in
    `stats_from`).

    The answers are added up in SQL and review reads only the claims missed, so the
    time grows with the answers and the memory does not. A store holding rows another
    program wrote is read row by row instead, leaving out (and saying) what is bad.
    """
    summary = store.summary(player, latest=trend_sessions)
    if summary is None:
        return stats_from(
            player,
            store.answers(player=player),
            store.sessions(player=player),
            packs,
            now=now,
            trend_sessions=trend_sessions,
            missing=missing,
        )
    moment = to_utc(now or datetime.now(UTC))
    return _stats(
        player, summary, claim_reviews(store, player, moment), _pack_list(packs), moment, missing
    )


def _pack_list(packs: Iterable[Pack] | Mapping[str, Pack]) -> list[Pack]:
    return list(packs.values() if isinstance(packs, Mapping) else packs)


def _stats(
    player: str,
    summary: AnswerSummary,
    reviews: Sequence[ClaimReview],
    pack_list: list[Pack],
    moment: datetime,
    missing: Iterable[str],
) -> PlayerStats:
    labels = _labels(pack_list)
    groups = summary.groups

    by_correct: dict[str, list[AnswerGroup]] = defaultdict(list)
    chosen: Counter[str] = Counter()
    for group in groups:
        by_correct[group.correct].append(group)
        chosen[group.chosen] += group.answered
    seen = set(by_correct) | set(chosen)
    order = [c for c in labels if c in seen] + sorted(seen - set(labels))
    by_category = tuple(
        CategoryStats(
            category_id=c,
            label=labels.get(c, c),
            tally=_tally(by_correct.get(c, [])),
            chosen=chosen[c],
        )
        for c in order
    )

    titles: dict[str, str] = {}
    for pack in pack_list:
        titles.setdefault(pack.id, pack.title)
    by_pack_id: dict[str, list[AnswerGroup]] = defaultdict(list)
    for group in groups:
        by_pack_id[group.pack_id].append(group)
    pack_stats = sorted(
        (
            PackStats(
                pack_id=pack_id,
                title=titles.get(pack_id),
                tally=_tally(in_pack),
                sessions=summary.pack_sessions.get(pack_id, 0),
                last_answered_at=max(g.last_answered_at for g in in_pack),
            )
            for pack_id, in_pack in by_pack_id.items()
        ),
        key=lambda p: (p.last_answered_at, p.pack_id),
        reverse=True,
    )

    trend = tuple(
        SessionStats(
            session_id=t.session.id,
            started_at=t.session.started_at,
            pack_id=t.session.pack_id,
            mode=t.session.mode,
            tally=Tally(answered=t.answered, right=t.right, hinted=t.hinted),
        )
        for t in summary.latest
    )

    pairs: Counter[tuple[str, str]] = Counter()
    for group in groups:
        pairs[group.correct, group.chosen] += group.answered
    total = _tally(groups)
    seconds = sum(group.seconds for group in groups)
    review = tuple(queue_of(reviews, pack_list))
    return PlayerStats(
        player=player,
        total=total,
        by_category=by_category,
        by_pack=tuple(pack_stats),
        trend=trend,
        bias=strongest_bias(Confusion.counted(pairs, {c: labels.get(c, c) for c in order})),
        review=review,
        due_now=sum(1 for item in review if item.is_due(moment)),
        seconds_per_answer=seconds / total.answered if total.answered else None,
        due_elsewhere=due_in(reviews, missing, moment),
    )


def _tally(groups: Iterable[AnswerGroup]) -> Tally:
    answered = right = hinted = 0
    for group in groups:
        answered += group.answered
        right += group.right
        hinted += group.hinted
    return Tally(answered=answered, right=right, hinted=hinted)


def sparkline(values: Sequence[float | None], bars: str = SPARK_BARS) -> str:
    """One character per value from 0 to 1 (e.g. accuracies): lowest bar for 0, highest
    for 1, a space for None. The scale is absolute, so a flat line means flat results."""
    top = len(bars) - 1
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            out.append(bars[round(min(max(value, 0.0), 1.0) * top)])
    return "".join(out)


# -- words shared by the stats screen and `claimsort stats` -------------------------


def percent(accuracy: float | None) -> str:
    """ "67%", or "—" when nothing was answered."""
    return "—" if accuracy is None else f"{accuracy:.0%}"


def due_text(due_at: datetime, now: datetime) -> str:
    """When a review item is due, from `now`: "due now", "in 5 hours", "in 3 days"."""
    wait = due_at - now
    if wait <= timedelta(0):
        return _("due now")
    if wait < timedelta(days=1):
        hours = max(1, round(wait.total_seconds() / 3600))
        return ngettext("in {n} hour", "in {n} hours", hours).format(n=hours)
    days = round(wait.total_seconds() / 86400)
    return ngettext("in {n} day", "in {n} days", days).format(n=days)


def bias_text(bias: Bias | None, label: str | None = None) -> str:
    """The line on the player's strongest bias: the round summary's sentence, or that
    there is none yet. A label may be a category id read from the store, so every label
    is shown printable; `label` replaces the label of the category picked (the command
    line passes it cut short)."""
    if bias is None:
        return _("No bias worth naming yet.")
    if label is not None:
        bias = replace(bias, label=label)
    return bias_sentence(bias, printable)
