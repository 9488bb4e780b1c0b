"""`claimsort draft ARTICLE -o FILE`: a pack drafted from a plain-text article, for the
teacher to edit."""

from __future__ import annotations

import argparse

from cli.exits import EXIT_FAILED, EXIT_OK
from cli.messages import say
from game.i18n import _
from game.text import printable


def run_draft(args: argparse.Namespace) -> int:
    """Draft `args.article` ("-" for stdin) into `args.output`, which must not exist."""
    # Imported here: the parser imports every handler's module, and the drafter's rules
    # are not for the other commands' start-up to pay for.
    from game.draft import DraftError, draft_pack, read_article, write_new

    try:
        text = read_article(args.article)
        pack = draft_pack(
            text, title=args.title, publisher=args.publisher, date=args.date, url=args.url
        )
        write_new(args.output, pack)
    except DraftError as error:
        say("draft", str(error))
        return EXIT_FAILED
    name = printable(str(args.output))
    print(
        _(
            "Wrote {path}: a draft to edit. Check every claim's category and speaker "
            "(start with those marked 'sure: low'), then run: claimsort check {path}"
        ).format(path=name)
    )
    return EXIT_OK
