"""`claimsort play [PACK ...]`: find and load the packs, open the progress store, then
open the app.

Loading happens here, before Textual starts, so that a pack named on the command line
that fails to load is reported as `path:line:col: ...` lines on stderr (exit 1) instead
of opening the app. A bad `--player` name is refused the same way (exit 2), and
`--review` with nothing due says so in one line and exits 0: an empty review round or
a home screen the player did not ask for would only leave them to work out why.

Opening the store waits at most a couple of seconds for another program's lock (the
game then saves answers once the file is free). When the game ends with answers still
not in the progress file, one line on stderr says where they are kept (they are saved
at the next start) or, when they could not even be kept, that they are lost (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from cli.messages import say
from cli.store import checked_player
from game.i18n import _
from game.text import printable


def run_play(args: argparse.Namespace) -> int:
    # The packs, the store and the app are imported here, not at the top: the parser
    # imports every command's module, and only this command may import Textual.
    player = checked_player("play", args.player)
    if player is None:
        return EXIT_USAGE
    from game.catalog import find_catalog, pack_files
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
    store = ProgressStore.open()
    try:
        review = None
        if args.review:
            import sqlite3

            from game.review import due_count

            # With packs named, review those; otherwise every pack found.
            review = playable if paths else [e.pack for e in entries if e.pack is not None]
            if store.warning:
                say("play", store.warning)
            try:
                due = due_count(store, review, player)
            except sqlite3.Error as error:  # StoreError too: a file SQLite cannot read
                say(
                    "play",
                    _("progress could not be read: {reason}").format(reason=printable(str(error))),
                )
                return EXIT_FAILED
            if not due:
                print(_("Nothing is due for review for {player}.").format(player=printable(player)))
                return EXIT_OK

        from tui.app import ClaimSortApp, RoundOptions

        app = ClaimSortApp(
            entries,
            start=playable[0] if len(playable) == 1 else None,
            options=RoundOptions(
                # A seed is asked for only to shuffle repeatably: it implies --shuffle.
                shuffle=args.shuffle or args.seed is not None,
                seed=args.seed,
                limit=args.limit,
            ),
            store=store,
            player=player,
            review=review,
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
