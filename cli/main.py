"""`claimsort`: the parser, and the dispatch to the handler each command sets."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cli.check import run_check
from cli.exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from cli.export import run_export
from cli.new import run_new
from cli.play import run_play
from cli.schema import run_schema
from cli.stats import run_stats
from game import __version__
from game.i18n import _
from game.paths import HOME_ENV, data_home
from game.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from typing import NoReturn

Handler = Callable[[argparse.Namespace], int]
"""What a command runs: its parsed arguments in, its exit code out."""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors show the arguments they quote literally:
    some it writes with repr(), but "unrecognized arguments" as they were typed."""

    def error(self, message: str) -> NoReturn:
        super().error(printable(message))


def build_parser() -> argparse.ArgumentParser:
    # The sub-commands' parsers are of the same class (argparse makes them so).
    parser = _Parser(
        prog="claimsort",
        description=_(
            "A media-literacy game: sort claims from real news into verified fact, "
            "official assertion or disputed. With no command, opens the game."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_(
            "examples:\n"
            "  claimsort                          choose a pack and play\n"
            "  claimsort play packs/ --seed 7     shuffled, in the same order each time\n"
            "  claimsort play --review            the claims due for review\n"
            "  claimsort new my-pack.toml         a starter pack to edit\n"
            "  claimsort check packs/             every problem, as path:line:col\n"
            "\n"
            "Progress is kept in {home}\n"
            "({where}); your own packs go in its packs/ folder.\n"
            "`claimsort COMMAND --help` for more."
        ).format(
            home=printable(str(data_home())),
            where=_("set by $CLAIMSORT_HOME")
            if os.environ.get(HOME_ENV)
            else _("set $CLAIMSORT_HOME to use another folder"),
        ),
    )
    parser.add_argument("--version", action="version", version=f"claimsort {__version__}")
    parser.add_argument(
        "--player",
        dest="home_player",
        metavar="NAME",
        help=_(
            "who is playing: with no command, or for play, stats and export (as their own --player)"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = commands.add_parser("play", help=_("play packs or folders of packs"))
    play.add_argument("packs", nargs="*", metavar="PACK", help=_("pack files or folders"))
    play.add_argument("--shuffle", action="store_true", help=_("shuffle the claims"))
    play.add_argument(
        "--seed", type=int, help=_("shuffle repeatably with this seed (implies --shuffle)")
    )
    play.add_argument("--limit", type=_positive_int, metavar="N", help=_("play at most N claims"))
    play.add_argument(
        "--review",
        action="store_true",
        help=_(
            "play only the claims due for review, in the PACKs given or else in every pack found"
        ),
    )
    play.add_argument(
        "--player", metavar="NAME", help=_("who is playing (default: your user name)")
    )
    play.set_defaults(handler=run_play)

    check = commands.add_parser("check", help=_("validate packs"))
    check.add_argument("paths", nargs="+", metavar="PACK", help=_("pack files or folders"))
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("output format (default: text)"),
    )
    check.set_defaults(handler=run_check)

    new = commands.add_parser("new", help=_("write a commented starter pack"))
    new.add_argument("file", metavar="FILE", help=_("where to write it (must not exist)"))
    new.set_defaults(handler=run_new)

    schema = commands.add_parser("schema", help=_("print the JSON Schema of the pack format"))
    schema.set_defaults(handler=run_schema)

    stats = commands.add_parser("stats", help=_("your progress, as text"))
    stats.add_argument("--player", metavar="NAME", help=_("whose progress (default: you)"))
    stats.set_defaults(handler=run_stats)

    export = commands.add_parser(
        "export",
        help=_("write every recorded answer"),
        description=_(
            "Write every recorded answer as CSV or JSON, one row per answer. On a "
            "terminal, characters in the stored values that could act on it are shown "
            "escaped (\\x1b); redirected to a file or a pipe, or written with -o, every "
            "value is exact."
        ),
    )
    export.add_argument("--player", metavar="NAME", help=_("only this player's answers"))
    export.add_argument("--pack", metavar="ID", help=_("only this pack's answers"))
    export.add_argument("--format", choices=["csv", "json"], default="csv", help=_("default: csv"))
    export.add_argument("-o", "--output", metavar="FILE", help=_("write here, not to stdout"))
    export.set_defaults(handler=run_export)
    return parser


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a whole number")) from None
    if number < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return number


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; say nothing more, like other tools.
        with contextlib.suppress(OSError):
            sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - stays open until exit
        return EXIT_FAILED


def _dispatch(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # No command opens the home screen: `claimsort play`, with the player given.
        # "--player=NAME", so that a name starting with "-" reaches the player-name
        # check (and its message) instead of being taken for an option.
        player = [] if args.home_player is None else [f"--player={args.home_player}"]
        args = parser.parse_args(["play", *player])
    elif args.home_player is not None:
        # A command takes the top-level --player exactly when it has its own.
        if not hasattr(args, "player"):
            print(
                _("claimsort: --player is for play, stats and export, not {command}").format(
                    command=args.command
                ),
                file=sys.stderr,
            )
            return EXIT_USAGE
        if args.player is None:  # the command's own --player wins
            args.player = args.home_player
    handler: Handler = args.handler
    return handler(args)
