"""`claimsort new FILE`: write the commented starter pack, which passes `check`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK
from cli.messages import say
from game.i18n import _
from game.starter import STARTER_PACK
from game.text import printable


def run_new(args: argparse.Namespace) -> int:
    """Write the starter pack to `args.file`; never overwrite."""
    path = Path(args.file)
    name = printable(str(path))
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(STARTER_PACK)
    except FileExistsError:
        say("new", _("{path} already exists; choose another name").format(path=name))
        return EXIT_FAILED
    except OSError as error:
        say(
            "new",
            _("cannot write {path}: {reason}").format(path=name, reason=error.strerror or error),
        )
        return EXIT_FAILED
    print(_("Wrote {path}. Edit it, then run: claimsort check {path}").format(path=name))
    return EXIT_OK
