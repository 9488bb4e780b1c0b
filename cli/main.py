"""`claimsort`: the parser, and the dispatch to the handler each command sets."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cli.check import run_check
from cli.draft import run_draft
from cli.exits import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from cli.export import run_export
from cli.messages import say
from cli.new import run_new
from cli.play import run_play
from cli.report import add_parser as add_report_parser
from cli.schema import run_schema
from cli.serve import run_serve
from cli.stats import run_stats
from game import __version__
from game.classroom import DEFAULT_MAX_SESSIONS
from game.i18n import _, available, use
from game.paths import HOME_ENV, data_home
from game.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from typing import NoReturn

    from _typeshed import SupportsWrite

Handler = Callable[[argparse.Namespace], int]
"""What a command runs: its parsed arguments in, its exit code out."""


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors show the arguments they quote literally:
    some it writes with repr(), but "unrecognized arguments" as they were typed."""

    def error(self, message: str) -> NoReturn:
        super().error(printable(message))

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse drops a failed write of --help or --version without a word, and
        # the command would exit 0 with nothing written; let `main` say so instead.
        if message:
            (file or sys.stderr).write(message)


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
        "--lang",
        choices=available(),
        metavar="LANG",
        help=_(
            "the interface's language: {languages} (default: from LANGUAGE, LC_ALL or LANG)"
        ).format(languages=", ".join(available())),
    )
    parser.add_argument(
        "--player",
        dest="home_player",
        metavar="NAME",
        help=_(
            "who is playing: with no command, or for play, stats, export and report (as their own --player)"
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
    play.add_argument(
        "--preview",
        action="store_true",
        help=_("show every claim answered rightly, with its hint, and record nothing"),
    )
    play.set_defaults(handler=run_play)

    preview = commands.add_parser(
        "preview",
        help=_("play a pack with the answers shown, to proofread it"),
        description=_(
            "Play a pack with every claim shown answered rightly: its hint, the verdict, "
            "the quote, who said it, the explanation and the discussion question, as "
            "students see them after answering. Nothing is recorded. Same as "
            "`claimsort play --preview PACK`."
        ),
    )
    preview.add_argument("packs", nargs="+", metavar="PACK", help=_("pack files or folders"))
    preview.set_defaults(
        handler=run_play,
        preview=True,
        shuffle=False,
        seed=None,
        limit=None,
        review=False,
        player=None,
    )

    check = commands.add_parser("check", help=_("validate packs"))
    check.add_argument("paths", nargs="+", metavar="PACK", help=_("pack files or folders"))
    check.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("output format (default: text)"),
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help=_(
            "fail (exit 1) on warnings too: the guide's rules for a good pack, such as "
            "a hint for every difficulty-3 claim"
        ),
    )
    check.set_defaults(handler=run_check)

    new = commands.add_parser("new", help=_("write a commented starter pack"))
    new.add_argument("file", metavar="FILE", help=_("where to write it (must not exist)"))
    new.set_defaults(handler=run_new)

    draft = commands.add_parser(
        "draft",
        help=_("draft a pack from a plain-text article, for you to edit"),
        description=_(
            "Draft a pack from a plain-text article: a candidate claim for each checkable "
            "sentence, with a suggested category, speaker, quote and explanation, and a "
            "comment saying which rule suggested it and how sure it is. Nothing is "
            "downloaded: the rules are fixed word lists you can read in the comments."
        ),
    )
    draft.add_argument("article", metavar="ARTICLE", help=_("a UTF-8 text file, or - for stdin"))
    draft.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help=_("the pack to write (must not exist)"),
    )
    draft.add_argument("--title", help=_("the article's title (default: its first line)"))
    draft.add_argument("--publisher", help=_("who published it (default: found in the text)"))
    draft.add_argument("--date", metavar="YYYY-MM-DD", help=_("when it was published"))
    draft.add_argument("--url", help=_("where it was published"))
    draft.set_defaults(handler=run_draft)

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
    export.add_argument(
        "--excel",
        action="store_true",
        help=_("CSV that Excel opens with accented names intact (UTF-8 with a byte-order mark)"),
    )
    export.set_defaults(handler=run_export)

    add_report_parser(commands)

    serve = commands.add_parser(
        "serve",
        help=_("class mode: students play in a browser, from this machine"),
        description=_(
            "Class mode: serve PACKs to a class. Students open the link it prints (or "
            "scan its QR code), type their name and the class code, and play in the "
            "browser; every answer is recorded here, under the student's name and the "
            "class label. Nothing is fetched from the internet. Listens on 127.0.0.1 "
            "(this machine only) unless --host says otherwise."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_(
            "examples:\n"
            "  claimsort serve questions/bukele-white-house.toml --no-code   try it alone\n"
            '  claimsort serve packs/ --host 0.0.0.0 --class "9B history"   a class on Wi-Fi'
        ),
    )
    serve.add_argument("packs", nargs="+", metavar="PACK", help=_("pack files or folders"))
    serve.add_argument(
        "--class",
        dest="class_name",
        metavar="NAME",
        help=_("the label stored with every answer of this class (default: today's date)"),
    )
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=_(
            "the address to listen on (default: 127.0.0.1, this machine only; "
            "0.0.0.0 for every network the machine is on)"
        ),
    )
    serve.add_argument(
        "--port", type=_port, default=8000, help=_("the port (default: 8000; 0: any free one)")
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help=_("the link students are given, when it is not http://HOST:PORT/"),
    )
    access = serve.add_mutually_exclusive_group()
    access.add_argument(
        "--code", metavar="CODE", help=_("the class code students type (default: a random one)")
    )
    access.add_argument(
        "--no-code",
        action="store_true",
        help=_("ask no code (only with a 127.0.0.1 or localhost --host)"),
    )
    serve.add_argument(
        "--max-sessions",
        type=_positive_int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=_("at most N students at once (default: {n})").format(n=DEFAULT_MAX_SESSIONS),
    )
    serve.add_argument("--shuffle", action="store_true", help=_("shuffle each student's claims"))
    serve.add_argument("--limit", type=_positive_int, metavar="N", help=_("play at most N claims"))
    serve.set_defaults(handler=run_serve)
    return parser


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a whole number")) from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(_("must be between 0 and 65535"))
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("must be a whole number")) from None
    if number < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return number


def main(argv: Sequence[str] | None = None) -> int:
    args: list[argparse.Namespace] = []  # the parsed command, once there is one
    if sys.stdout is None:  # closed before we started (`>&-`)
        sys.stdout = _ClosedOutput()
    try:
        try:
            code = _dispatch(argv, args)
        except SystemExit:
            # argparse's way out (--help, --version, a usage error): what it printed
            # must reach stdout too, or be an error like any other write's.
            sys.stdout.flush()
            raise
        # Flushed here, inside the try: the last of the output failing to be written
        # must not pass for success, nor come up at exit as "Exception ignored".
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; say nothing more, like other tools.
        _drop_output()
        return EXIT_FAILED
    except OSError as error:
        # Every handler deals with the files it names itself; what reaches here is
        # standard output that cannot be written (a full disk, /dev/full).
        _drop_output()
        command = args[0].command if args else None
        message = _("cannot write the output: {reason}").format(reason=error.strerror or error)
        if error.filename is not None:  # not stdout after all: say which file
            message = _("{path}: {reason}").format(
                path=printable(str(error.filename)), reason=error.strerror or error
            )
        with contextlib.suppress(OSError):  # stderr may be full too
            if command:
                say(command, message)
            else:
                print(printable(f"claimsort: {message}"), file=sys.stderr)
        return EXIT_FAILED


class _ClosedOutput(io.TextIOBase):
    """Standard output closed before ClaimSort started: writing to it is an error like
    any other write error, where Python would drop the text without a word."""

    def write(self, text: str, /) -> int:
        raise OSError(errno.EBADF, _("standard output is closed"))


def _drop_output() -> None:
    """Send what is left of stdout to /dev/null: Python flushes it again on exit, and
    it would fail again, with a traceback."""
    stdout = sys.__stdout__
    if stdout is not None and sys.stdout is stdout:
        with contextlib.suppress(OSError, ValueError):
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, stdout.fileno())
            os.close(null)
    else:  # a stream put in its place (a test's, a caller's): not ours to redirect
        with contextlib.suppress(OSError):
            sys.stdout = Path(os.devnull).open("w")  # noqa: SIM115 - stays open until exit


def _choose_language(argv: Sequence[str]) -> None:
    """Use the language `--lang` asks for before anything is said, the parser's help
    included; an unknown one is left to the parser to refuse, with the known ones."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(list(argv))
    if known.lang is not None:
        with contextlib.suppress(ValueError, OSError):
            use(known.lang)


def _dispatch(argv: Sequence[str] | None, parsed: list[argparse.Namespace]) -> int:
    """Parse `argv` and run its command's handler; the arguments go into `parsed` once
    they are known, for `main` to name the command in an error."""
    _choose_language(sys.argv[1:] if argv is None else argv)
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
                _(
                    "claimsort: --player is for play, stats, export and report, not {command}"
                ).format(command=args.command),
                file=sys.stderr,
            )
            return EXIT_USAGE
        if args.player is None:  # the command's own --player wins
            args.player = args.home_player
    parsed.append(args)
    handler: Handler = args.handler
    return handler(args)
