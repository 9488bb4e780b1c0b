"""`claimsort stats`: a player's progress as plain text (no Textual, no Rich)."""

from __future__ import annotations

import argparse
import sys

from cli.exits import EXIT_OK, EXIT_USAGE
from cli.messages import say
from cli.store import checked_player, open_to_read, unreadable
from game.i18n import _, format_decimal, format_moment, ngettext
from game.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from game.catalog import MissingPack
    from game.stats import PlayerStats


def run_stats(args: argparse.Namespace) -> int:
    """Print a player's progress; 0, 1 when the file cannot be read, 2 for a bad name.

    Stored answers that cannot be read are left out with a one-line warning: the rest
    of a player's progress is still worth showing (export, by contrast, refuses)."""
    player = checked_player("stats", args.player)
    if player is None:
        return EXIT_USAGE
    from datetime import UTC, datetime

    from game.catalog import find_catalog, recorded_entries
    from game.progress import StoreError
    from game.stats import compute_stats

    with open_to_read("stats") as store:
        opened_with = store.warning
        now = datetime.now(UTC)
        try:
            # Packs played from elsewhere are found where the store says they were.
            entries = find_catalog()
            extra, missing = recorded_entries(store.pack_paths(), entries)
            packs = [entry.pack for entry in entries + extra if entry.pack is not None]
            ids = [pack.pack_id for pack in missing]
            stats = compute_stats(store, player, packs, now=now, missing=ids)
            others = [p for p in store.players() if p != player]
        except StoreError as error:
            return unreadable(
                "stats", _("cannot read the progress file {path}: {reason}"), store, error
            )
        if store.warning and store.warning != opened_with:
            say("stats", store.warning)
    print(format_stats(stats, others, now, _bars(), missing))
    return EXIT_OK


def _bars() -> str:
    from game.stats import ASCII_BARS, SPARK_BARS

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        SPARK_BARS.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return ASCII_BARS
    return SPARK_BARS


def _when(at: datetime) -> str:
    return format_moment(at)


def format_stats(
    stats: PlayerStats,
    others: list[str],
    now: datetime,
    bars: str,
    missing: Sequence[MissingPack] = (),
) -> str:
    """The text `claimsort stats` prints; `missing` are the packs that cannot be played,
    each named where claims are due in it."""
    from game.stats import REVIEW_LISTED, bias_text, due_text, percent, sparkline

    player = printable(stats.player, 60)
    lines = [_("ClaimSort progress for {player}").format(player=player), ""]
    total = stats.total
    if not total.answered:
        lines.append(_("No answers recorded yet for {player}.").format(player=player))
        if others:
            lines.append(
                _("Players on this machine: {names} (use --player NAME).").format(
                    names=", ".join(printable(p, 40) for p in others)
                )
            )
        return "\n".join(lines)

    lines.append(
        ngettext(
            "{n} answer, {right} right ({percent}), {hinted} after a hint",
            "{n} answers, {right} right ({percent}), {hinted} after a hint",
            total.answered,
        ).format(
            n=total.answered,
            right=total.right,
            percent=percent(total.accuracy),
            hinted=total.hinted,
        )
    )
    if stats.seconds_per_answer is not None:
        lines.append(
            _("{seconds} seconds per answer on average").format(
                seconds=format_decimal(stats.seconds_per_answer)
            )
        )

    lines += ["", _("By category (claims whose right answer it is)")]
    width = max(len(printable(c.label, 30)) for c in stats.by_category)
    for cat in stats.by_category:
        lines.append(
            f"  {printable(cat.label, 30):<{width}}  {cat.tally.right:>4}/{cat.tally.answered:<4} "
            f"{percent(cat.tally.accuracy):>4}   "
            + _("you picked it {n} times").format(n=cat.chosen)
        )

    lines += ["", _("By pack")]
    width = max(len(printable(p.pack_id, 40)) for p in stats.by_pack)
    for pack in stats.by_pack:
        sessions = ngettext("{n} session", "{n} sessions", pack.sessions).format(n=pack.sessions)
        title = f"  {printable(pack.title, 40)}" if pack.title else ""
        lines.append(
            f"  {printable(pack.pack_id, 40):<{width}}  {pack.tally.right:>4}/{pack.tally.answered:<4} "
            f"{percent(pack.tally.accuracy):>4}   {sessions}, "
            + _("last {when}").format(when=_when(pack.last_answered_at))
            + title
        )

    if stats.trend:
        line = sparkline([s.tally.accuracy for s in stats.trend], bars)
        lines += [
            "",
            ngettext(
                "Last session: {line}",
                "Last {n} sessions, oldest first: {line}",
                len(stats.trend),
            ).format(n=len(stats.trend), line=line),
        ]
        for session in stats.trend:
            what = _("review") if session.pack_id is None else printable(session.pack_id, 40)
            lines.append(
                f"  {_when(session.started_at)}  {session.tally.right:>3}/{session.tally.answered:<3} "
                f"{percent(session.tally.accuracy):>4}  {what}"
            )

    lines.append("")
    bias = stats.bias
    lines.append(bias_text(bias, printable(bias.label, 30) if bias is not None else None))

    lines.append("")
    waiting = len(stats.review) - stats.due_now
    lines.append(
        _("Review: {due} due now, {waiting} waiting").format(due=stats.due_now, waiting=waiting)
    )
    for item in stats.review[:REVIEW_LISTED]:
        lines.append(
            f"  {due_text(item.due_at, now):<12} "
            + _("box {box}").format(box=item.box)
            + f"  {printable(item.pack.id, 30)} / {printable(item.claim.id, 40)}: "
            + printable(item.claim.text, 50)
        )
    if len(stats.review) > REVIEW_LISTED:
        more = len(stats.review) - REVIEW_LISTED
        lines.append("  " + _("… and {n} more").format(n=more))
    for gone in missing:
        due = stats.due_elsewhere.get(gone.pack_id)
        if due:
            lines.append("  " + gone.due_text(due))
    if stats.due_now:
        lines.append(_("Play them with: claimsort play --review"))
    return "\n".join(lines)
