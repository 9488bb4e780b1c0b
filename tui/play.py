"""`claimsort play [PACK ...]`: find and load the packs, open the progress store, then
open the app.

Loading happens here, before Textual starts, so that a pack named on the command line
that fails to load is reported as `path:line:col: ...` lines on stderr (exit 1) instead
of opening the app. A bad `--player` name is refused the same way (exit 2), and
`--review` with nothing due says so in one line and exits 0: an empty review round or
a home screen the player did not ask for would only leave them to work out why.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from game.catalog import find_catalog, pack_files
from game.i18n import _
from game.players import check_player_name, default_player
from game.progress import ProgressStore
from game.text import printable

EXIT_USAGE = 2


def run_play(args: argparse.Namespace) -> int:
    try:
        player = default_player() if args.player is None else check_player_name(args.player)
    except ValueError as error:
        print(_("claimsort play: --player: {reason}").format(reason=error), file=sys.stderr)
        return EXIT_USAGE
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
            return 1
    if failed:
        for entry in failed:
            for problem in entry.problems:
                print(problem, file=sys.stderr)
        return 1

    playable = [e.pack for e in given if e.pack is not None]
    store = ProgressStore.open()
    try:
        review = None
        if args.review:
            from game.review import due_count

            # With packs named, review those; otherwise every pack found.
            review = playable if paths else [e.pack for e in entries if e.pack is not None]
            if store.warning:
                print(f"claimsort play: {printable(store.warning)}", file=sys.stderr)
            try:
                due = due_count(store, review, player)
            except sqlite3.Error as error:  # StoreError too: a file SQLite cannot read
                print(
                    _("claimsort play: progress could not be read: {reason}").format(
                        reason=printable(str(error))
                    ),
                    file=sys.stderr,
                )
                return 1
            if not due:
                print(_("Nothing is due for review for {player}.").format(player=player))
                return 0

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
        return app.return_code or 0
    finally:
        store.close()
