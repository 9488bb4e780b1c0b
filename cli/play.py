"""`claimsort play [PACK ...]`: find and load the packs, open the progress store, then
open the app.

Loading happens here, before Textual starts, so that a pack named on the command line
that fails to load is reported as `path:line:col: ...` lines on stderr (exit 1) instead
of opening the app. A bad `--player` name is refused the same way (exit 2), and
`--review` with nothing due says so in one line and exits 0: an empty review round or
a home screen the player did not ask for would only leave them to work out why.
The game itself needs a terminal (see `has_terminal`): without one it is refused in one
line (exit 2), after what can be said without it.

Opening the store waits at most a couple of seconds for another program's lock (the
game then saves answers once the file is free). When the game ends with answers still
not in the progress file, one line on stderr says where they are kept (they are saved
at the next start) or, when they could not even be kept, that they are lost (exit 1).

The progress store remembers where each pack was played from: those packs are found
there again (listed as "played before"), and one that has moved or gone is named with
its last path when claims are due in it (exit 1 when nothing else is due).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from cli.messages import say
from cli.store import checked_player
from game.i18n import _
from game.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from typing import TextIO


def run_play(args: argparse.Namespace) -> int:
    # The packs, the store and the app are imported here, not at the top: the parser
    # imports every command's module, and only this command may import Textual.
    player = checked_player("play", args.player)
    if player is None:
        return EXIT_USAGE
    from game.catalog import find_catalog
    from game.folders import pack_files
    from game.progress import ProgressStore

    paths = [Path(p) for p in args.packs]
    named_files = {path for path in paths if not path.is_dir()}
    entries = find_catalog(paths)
    # find_catalog lists the command line's packs first, in pack_files' order.
    given = entries[: len(pack_files(paths))]

    # A file named on the command line must load; a broken pack found inside a named
    # folder is listed on the home screen with its error, like the user's own packs.
    failed = [e for e in given if e.pack is None and e.path in named_files]
    if paths and not any(e.pack is not None for e in given):
        failed = [e for e in given if e.pack is None]
        if not failed:
            print(
                _("claimsort: no packs (.toml files) found in {paths}").format(
                    paths=", ".join(printable(str(p)) for p in paths)
                ),
                file=sys.stderr,
            )
            return EXIT_FAILED
    if failed:
        for entry in failed:
            for problem in entry.problems:
                print(problem, file=sys.stderr)
        return EXIT_FAILED

    playable = [e.pack for e in given if e.pack is not None]
    # A preview records nothing: it never opens (or waits for) the player's progress.
    store = ProgressStore.in_memory() if args.preview else ProgressStore.open()
    try:
        import sqlite3

        from game.catalog import recorded_entries

        # The packs played before from elsewhere, where the store says they were: listed
        # after the others, and reviewed with them. A store that cannot be read says so
        # below (review) or on the home screen.
        try:
            recorded = store.pack_paths()
        except sqlite3.Error:
            recorded = {}
        extra, missing = recorded_entries(recorded, entries)
        entries += extra
        review = due = None
        if args.review:
            from datetime import UTC, datetime

            from game.review import due_now

            # With packs named, review those; otherwise every pack found or remembered.
            if paths:
                review, missing = playable, []
            else:
                review = [e.pack for e in entries if e.pack is not None]
            opened_with = store.warning
            if opened_with:
                say("play", opened_with)
            try:
                due = due_now(store, review, player, datetime.now(UTC), missing)
            except sqlite3.Error as error:  # StoreError too: a file SQLite cannot read
                say(
                    "play",
                    _("progress could not be read: {reason}").format(reason=printable(str(error))),
                )
                return EXIT_FAILED
            if store.warning and store.warning != opened_with:
                say("play", store.warning)  # saved answers left out: they cannot be read
            for line in due.lost:
                say("play", line)
            if not due.items:
                if due.lost:
                    # Claims are due, but none can be played: the lines above say where.
                    print(
                        _("Nothing else is due for review for {player}.").format(
                            player=printable(player)
                        )
                    )
                    return EXIT_FAILED
                print(_("Nothing is due for review for {player}.").format(player=printable(player)))
                return EXIT_OK

        if not has_terminal():
            say(
                "play",
                _(
                    "the game needs a terminal: run it in one, with neither its input "
                    "(stdin) nor its screen (stderr) redirected"
                ),
            )
            return EXIT_USAGE

        from tui.app import ClaimSortApp, RoundOptions

        app = ClaimSortApp(
            entries,
            start=playable[0] if len(playable) == 1 else None,
            options=RoundOptions(
                # A seed is asked for only to shuffle repeatably: it implies --shuffle.
                shuffle=args.shuffle or args.seed is not None,
                seed=args.seed,
                limit=args.limit,
                preview=args.preview,
            ),
            store=store,
            player=player,
            review=review,
            missing=missing,
            due=due,
        )
        app.run()
        code = app.return_code or EXIT_OK
    finally:
        closed = store.close()
        if closed.message:
            say("play", closed.message)
    if closed.unsaved and closed.kept is None:
        return code or EXIT_FAILED
    return code


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""Textual's driver for a browser terminal (textual-serve's): set in TEXTUAL_DRIVER, the
game's input and screen are the pipes of the server that runs it."""


def has_terminal() -> bool:
    """Whether the game can be played here: Textual reads keys from stdin and draws on
    stderr, so both must be a terminal, unless it runs under a web server's driver
    (`claimsort serve`, or textual-serve running `claimsort play`). Without one it would
    wait forever on input that never comes (stdin from /dev/null or a pipe) or stop on
    a traceback (stdin closed)."""
    if os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER:
        return True
    return _is_terminal(sys.__stdin__) and _is_terminal(sys.__stderr__)


def _is_terminal(stream: TextIO | None) -> bool:
    if stream is None:  # closed when the process started
        return False
    try:
        return stream.isatty()
    except (OSError, ValueError):  # closed since
        return False
