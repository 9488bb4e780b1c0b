"""`claimsort new FILE`: write the commented starter pack, which passes `check`."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK
from cli.messages import say
from game.i18n import _
from game.text import printable


def run_new(args: argparse.Namespace) -> int:
    """Write the starter pack to `args.file`; never overwrite."""
    # Imported here: the parser imports every handler's module, and the starter pack
    # needs game.pack, which the other commands' start-up should not pay for.
    from game.atomic import write_atomically
    from game.starter import STARTER_PACK

    path = Path(args.file)
    name = printable(str(path))
    try:
        # Atomic, so a full disk never leaves half a starter pack that blocks a retry.
        write_atomically(path, STARTER_PACK, overwrite=False)
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
