"""`claimsort export`: every recorded answer as CSV or JSON (no Textual, no Rich)."""

from __future__ import annotations

import argparse
import functools
import re
import sys
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from cli.messages import on_terminal, say
from cli.store import checked_player, open_to_read, unreadable
from game.i18n import _, ngettext
from game.text import printable


@functools.cache
def _pack_id() -> re.Pattern[str]:
    # The pack format's own rule, compiled on first use: game.pack is not light enough
    # to import for every command that builds the parser.
    from game.pack import ID_PATTERN

    return re.compile(ID_PATTERN)


def run_export(args: argparse.Namespace) -> int:
    """Write every recorded answer (filtered); 0, 2 for bad arguments, 1 if the progress
    file cannot be read or the output written.

    A stored answer that cannot be read stops the export with a line naming its row:
    a teacher's results must not lose rows without anyone noticing."""
    from game.atomic import write_atomically
    from game.export import render
    from game.progress import StoreError

    player = None
    if args.player is not None:
        player = checked_player("export", args.player)
        if player is None:
            return EXIT_USAGE
    if args.pack is not None and not _pack_id().match(args.pack):
        say(
            "export",
            _("--pack: {id} is not a pack id (lowercase letters, digits and '-')").format(
                id=printable(args.pack, 64)
            ),
        )
        return EXIT_USAGE
    target = Path(args.output) if args.output not in (None, "-") else None
    if target is not None:
        if target.is_dir():
            say("export", _("-o: {path} is a folder; give a file name").format(path=target))
            return EXIT_USAGE
        if not target.parent.is_dir():
            say("export", _("-o: the folder {path} does not exist").format(path=target.parent))
            return EXIT_USAGE

    with open_to_read("export") as store:
        if store.warning:
            # The file is there but could not be read (damaged, too new, unreadable):
            # an empty export would pass for "no answers".
            say("export", _("nothing was exported"))
            return EXIT_FAILED
        try:
            records = store.answers(player=player, pack_id=args.pack, strict=True)
        except StoreError as error:
            return unreadable(
                "export",
                _("cannot read the progress file {path}: {reason}; nothing was exported"),
                store,
                error,
            )
    # On a terminal, stored values are shown escaped, like every value from the store;
    # a file or a pipe (a teacher's spreadsheet) gets them exactly.
    text, count = render(records, args.format, for_terminal=target is None and on_terminal())

    if target is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_atomically(target, text)
        except OSError as error:
            say(
                "export",
                _("cannot write {path}: {reason}").format(
                    path=target, reason=error.strerror or error
                ),
            )
            return EXIT_FAILED
    if count == 0:
        if args.format == "csv":
            say("export", _("no answers recorded for this selection; wrote the header row only"))
        else:
            say("export", _("no answers recorded for this selection; wrote an empty list"))
    elif target is not None:
        print(
            ngettext("Wrote {n} answer to {path}.", "Wrote {n} answers to {path}.", count).format(
                n=count, path=printable(str(target))
            ),
            file=sys.stderr,
        )
    return EXIT_OK
