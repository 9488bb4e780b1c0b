"""`claimsort stats` and `claimsort export`: a player's progress as text, and every
recorded answer as CSV or JSON. Plain output, no Textual and no Rich."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from game.i18n import _, ngettext
from game.pack import ID_PATTERN
from game.players import check_player_name, default_player
from game.progress import ProgressStore, StoreError

if TYPE_CHECKING:
    from game.stats import PlayerStats

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _say(command: str, message: str) -> None:
    print(f"claimsort {command}: {message}", file=sys.stderr)


def _plain(value: object, limit: int = 60) -> str:
    """A stored value shown safely in a terminal: no control characters, bounded length."""
    text = str(value)
    out = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _player(command: str, name: str | None) -> str | None:
    if name is None:
        return default_player()
    try:
        return check_player_name(name)
    except ValueError as error:
        _say(command, _("--player: {reason}").format(reason=error))
        return None


def _unreadable(command: str, message: str, store: ProgressStore, error: StoreError) -> int:
    """Say that `store` could not be read, with `message` naming its {path} and {reason}."""
    _say(command, message.format(path=store.path, reason=_plain(error, 200)))
    return EXIT_FAILED


def _open_store(command: str) -> ProgressStore:
    # Reading commands open the file read-only: they work on a file they cannot write,
    # and never create, migrate or change it. A damaged one is still moved aside.
    store = ProgressStore.open_readonly()
    if store.warning:
        _say(command, store.warning)
    return store


# -- stats -----------------------------------------------------------------------


def run_stats(args: argparse.Namespace) -> int:
    """Print a player's progress; 0, 1 when the file cannot be read, 2 for a bad name.

    Stored answers that cannot be read are left out with a one-line warning: the rest
    of a player's progress is still worth showing (export, by contrast, refuses)."""
    player = _player("stats", args.player)
    if player is None:
        return EXIT_USAGE
    from game.catalog import find_catalog
    from game.stats import compute_stats

    with _open_store("stats") as store:
        opened_with = store.warning
        packs = [entry.pack for entry in find_catalog() if entry.pack is not None]
        now = datetime.now(UTC)
        try:
            stats = compute_stats(store, player, packs, now=now)
            others = [p for p in store.players() if p != player]
        except StoreError as error:
            return _unreadable(
                "stats", _("cannot read the progress file {path}: {reason}"), store, error
            )
        if store.warning and store.warning != opened_with:
            _say("stats", store.warning)
    print(format_stats(stats, others, now, _bars()))
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
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def format_stats(stats: PlayerStats, others: list[str], now: datetime, bars: str) -> str:
    """The text `claimsort stats` prints."""
    from game.stats import REVIEW_LISTED, bias_text, due_text, percent, sparkline

    player = _plain(stats.player)
    lines = [_("ClaimSort progress for {player}").format(player=player), ""]
    total = stats.total
    if not total.answered:
        lines.append(_("No answers recorded yet for {player}.").format(player=player))
        if others:
            lines.append(
                _("Players on this machine: {names} (use --player NAME).").format(
                    names=", ".join(_plain(p, 40) for p in others)
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
            _("{seconds:.1f} seconds per answer on average").format(
                seconds=stats.seconds_per_answer
            )
        )

    lines += ["", _("By category (claims whose right answer it is)")]
    width = max(len(_plain(c.label, 30)) for c in stats.by_category)
    for cat in stats.by_category:
        lines.append(
            f"  {_plain(cat.label, 30):<{width}}  {cat.tally.right:>4}/{cat.tally.answered:<4} "
            f"{percent(cat.tally.accuracy):>4}   "
            + _("you picked it {n} times").format(n=cat.chosen)
        )

    lines += ["", _("By pack")]
    width = max(len(_plain(p.pack_id, 40)) for p in stats.by_pack)
    for pack in stats.by_pack:
        sessions = ngettext("{n} session", "{n} sessions", pack.sessions).format(n=pack.sessions)
        title = f"  {_plain(pack.title, 40)}" if pack.title else ""
        lines.append(
            f"  {_plain(pack.pack_id, 40):<{width}}  {pack.tally.right:>4}/{pack.tally.answered:<4} "
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
            what = _("review") if session.pack_id is None else _plain(session.pack_id, 40)
            lines.append(
                f"  {_when(session.started_at)}  {session.tally.right:>3}/{session.tally.answered:<3} "
                f"{percent(session.tally.accuracy):>4}  {what}"
            )

    lines.append("")
    bias = stats.bias
    lines.append(bias_text(bias, _plain(bias.label, 30) if bias is not None else None))

    lines.append("")
    waiting = len(stats.review) - stats.due_now
    lines.append(
        _("Review: {due} due now, {waiting} waiting").format(due=stats.due_now, waiting=waiting)
    )
    for item in stats.review[:REVIEW_LISTED]:
        lines.append(
            f"  {due_text(item.due_at, now):<12} "
            + _("box {box}").format(box=item.box)
            + f"  {_plain(item.pack.id, 30)} / {_plain(item.claim.id, 40)}: "
            + _plain(item.claim.text, 50)
        )
    if len(stats.review) > REVIEW_LISTED:
        more = len(stats.review) - REVIEW_LISTED
        lines.append("  " + _("… and {n} more").format(n=more))
    if stats.due_now:
        lines.append(_("Play them with: claimsort play --review"))
    return "\n".join(lines)


# -- export ----------------------------------------------------------------------

_PACK_ID = re.compile(ID_PATTERN)


def run_export(args: argparse.Namespace) -> int:
    """Write every recorded answer (filtered); 0, 2 for bad arguments, 1 if the progress
    file cannot be read or the output written.

    A stored answer that cannot be read stops the export with a line naming its row:
    a teacher's results must not lose rows without anyone noticing."""
    from game.atomic import write_atomically
    from game.export import render

    player = None
    if args.player is not None:
        player = _player("export", args.player)
        if player is None:
            return EXIT_USAGE
    if args.pack is not None and not _PACK_ID.match(args.pack):
        _say(
            "export",
            _("--pack: {id} is not a pack id (lowercase letters, digits and '-')").format(
                id=_plain(args.pack, 64)
            ),
        )
        return EXIT_USAGE
    target = Path(args.output) if args.output not in (None, "-") else None
    if target is not None:
        if target.is_dir():
            _say("export", _("-o: {path} is a folder; give a file name").format(path=target))
            return EXIT_USAGE
        if not target.parent.is_dir():
            _say("export", _("-o: the folder {path} does not exist").format(path=target.parent))
            return EXIT_USAGE

    with _open_store("export") as store:
        if store.warning:
            # The file is there but could not be read (damaged, too new, unreadable):
            # an empty export would pass for "no answers".
            _say("export", _("nothing was exported"))
            return EXIT_FAILED
        try:
            records = store.answers(player=player, pack_id=args.pack, strict=True)
        except StoreError as error:
            return _unreadable(
                "export",
                _("cannot read the progress file {path}: {reason}; nothing was exported"),
                store,
                error,
            )
    text, count = render(records, args.format)

    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_atomically(target, text)
        except OSError as error:
            _say(
                "export",
                _("cannot write {path}: {reason}").format(
                    path=target, reason=error.strerror or error
                ),
            )
            return EXIT_FAILED
    if count == 0:
        if args.format == "csv":
            _say("export", _("no answers recorded for this selection; wrote the header row only"))
        else:
            _say("export", _("no answers recorded for this selection; wrote an empty list"))
    elif target is not None:
        print(
            ngettext("Wrote {n} answer to {path}.", "Wrote {n} answers to {path}.", count).format(
                n=count, path=target
            ),
            file=sys.stderr,
        )
    return EXIT_OK
