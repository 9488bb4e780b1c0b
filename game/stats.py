"""A player's progress over time: accuracy overall, per category and per pack, the trend
over the last sessions, their strongest bias (`game.bias`) and their review queue.

Everything is computed from the recorded answers (`game.progress`); packs are needed
only for labels, titles and the review queue, so stats work for packs no longer loaded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from game.bias import Bias, Confusion, bias_sentence, strongest_bias
from game.i18n import _, ngettext
from game.pack import DEFAULT_CATEGORIES, Pack
from game.progress import AnswerRecord, ProgressStore, SessionRecord, to_utc
from game.review import ReviewItem, queue_from_answers
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


def _labels(packs: Iterable[Pack]) -> dict[str, str]:
    labels = {c.id: c.label for c in DEFAULT_CATEGORIES}
    for pack in packs:
        for category in pack.categories:
            labels.setdefault(category.id, category.label)
    return labels


def stats_from(
    player: str,
    answers: Sequence[AnswerRecord],
    sessions: Sequence[SessionRecord],
    packs: Iterable[Pack] | Mapping[str, Pack] = (),
    *,
    now: datetime | None = None,
    trend_sessions: int = TREND_SESSIONS,
) -> PlayerStats:
    """Stats from one player's answers and sessions (pure; `compute_stats` reads the store)."""
    pack_list = list(packs.values() if isinstance(packs, Mapping) else packs)
    moment = to_utc(now or datetime.now(UTC))
    labels = _labels(pack_list)

    by_correct: dict[str, list[AnswerRecord]] = defaultdict(list)
    for rec in answers:
        by_correct[rec.correct].append(rec)
    chosen = Counter(rec.chosen for rec in answers)
    seen = set(by_correct) | set(chosen)
    order = [c for c in labels if c in seen] + sorted(seen - set(labels))
    by_category = tuple(
        CategoryStats(
            category_id=c,
            label=labels.get(c, c),
            tally=Tally.of(by_correct.get(c, [])),
            chosen=chosen[c],
        )
        for c in order
    )

    titles: dict[str, str] = {}
    for pack in pack_list:
        titles.setdefault(pack.id, pack.title)
    by_pack_id: dict[str, list[AnswerRecord]] = defaultdict(list)
    for rec in answers:
        by_pack_id[rec.pack_id].append(rec)
    pack_stats = sorted(
        (
            PackStats(
                pack_id=pack_id,
                title=titles.get(pack_id),
                tally=Tally.of(recs),
                sessions=len({r.session_id for r in recs if r.session_id is not None}),
                last_answered_at=max(r.answered_at for r in recs),
            )
            for pack_id, recs in by_pack_id.items()
        ),
        key=lambda p: (p.last_answered_at, p.pack_id),
        reverse=True,
    )

    by_session: dict[int, list[AnswerRecord]] = defaultdict(list)
    for rec in answers:
        if rec.session_id is not None:
            by_session[rec.session_id].append(rec)
    played = [s for s in sessions if s.id in by_session]
    played.sort(key=lambda s: (s.started_at, s.id))
    trend = (
        tuple(
            SessionStats(
                session_id=s.id,
                started_at=s.started_at,
                pack_id=s.pack_id,
                mode=s.mode,
                tally=Tally.of(by_session[s.id]),
            )
            for s in played[-trend_sessions:]
        )
        if trend_sessions > 0
        else ()
    )

    review = tuple(queue_from_answers(answers, pack_list, moment))
    return PlayerStats(
        player=player,
        total=Tally.of(answers),
        by_category=by_category,
        by_pack=tuple(pack_stats),
        trend=trend,
        bias=strongest_bias(Confusion.of(answers, {c: labels.get(c, c) for c in order})),
        review=review,
        due_now=sum(1 for item in review if item.is_due(moment)),
        seconds_per_answer=(sum(r.seconds for r in answers) / len(answers) if answers else None),
    )


def compute_stats(
    store: ProgressStore,
    player: str,
    packs: Iterable[Pack] | Mapping[str, Pack] = (),
    *,
    now: datetime | None = None,
    trend_sessions: int = TREND_SESSIONS,
) -> PlayerStats:
    """`player`'s stats from the store; `packs` (as loaded now) give labels, titles and
    the review queue."""
    return stats_from(
        player,
        store.answers(player=player),
        store.sessions(player=player),
        packs,
        now=now,
        trend_sessions=trend_sessions,
    )


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
