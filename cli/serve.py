"""`claimsort serve PACK ...`: class mode. Students open a link in a browser, give their
name and the class code, and play; every answer lands in this machine's progress store
under the student's name and the class label.

The packs are checked here first, like `claimsort play` does, so a broken pack is
reported as `path:line:col` lines (exit 1) before any student sees the page. The web
server (`webserve`, on aiohttp and textual-serve) is imported only by this command.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from cli.messages import say
from game.i18n import _
from game.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from webserve.server import ServeOptions


def run_serve(args: argparse.Namespace) -> int:
    from game.classroom import (
        check_class_code,
        check_class_name,
        default_class_name,
        new_class_code,
    )

    try:
        class_name = check_class_name(
            args.class_name if args.class_name is not None else default_class_name()
        )
    except ValueError as error:
        say("serve", _("--class: {reason}").format(reason=error))
        return EXIT_USAGE
    from urllib.parse import urlsplit

    from webserve.hosts import check_public_url, is_loopback

    if args.public_url is not None:
        try:
            check_public_url(args.public_url)
        except ValueError as error:
            say("serve", printable(str(error)))
            return EXIT_USAGE
        public_host = urlsplit(args.public_url).hostname or ""
        if args.no_code and not is_loopback(public_host):
            say(
                "serve",
                _(
                    "--no-code is for playing alone on this machine: with --public-url {url} "
                    "anyone on the network could join; give the class a code instead"
                ).format(url=printable(args.public_url)),
            )
            return EXIT_USAGE
    if args.no_code and not is_loopback(args.host):
        say(
            "serve",
            _(
                "--no-code is for playing alone on this machine: with --host {host} anyone "
                "on the network could join; give the class a code instead"
            ).format(host=printable(args.host)),
        )
        return EXIT_USAGE
    code: str | None = None
    if not args.no_code:
        try:
            code = check_class_code(args.code) if args.code is not None else new_class_code()
        except ValueError as error:
            say("serve", _("--code: {reason}").format(reason=error))
            return EXIT_USAGE

    packs = _checked_packs([Path(p) for p in args.packs])
    if packs is None:
        return EXIT_FAILED
    paths, titles = packs

    from webserve.server import ClassServer, ServeOptions

    options = ServeOptions(
        packs=[str(path) for path in paths],
        class_name=class_name,
        code=code,
        host=args.host,
        port=args.port,
        public_url=args.public_url,
        max_sessions=args.max_sessions,
        shuffle=args.shuffle,
        limit=args.limit,
        titles=titles,
    )

    def started(url: str) -> None:
        _announce(url, options, titles)

    from webserve.games import ZygoteGoneError

    server = ClassServer(options, out=_line, on_started=started)
    try:
        server.serve()
    except ZygoteGoneError as error:
        say("serve", _("the games could not be started: {reason}").format(reason=error))
        return EXIT_FAILED
    except OSError as error:
        say(
            "serve",
            _("cannot listen on {host}:{port}: {reason}").format(
                host=printable(args.host), port=args.port, reason=error.strerror or error
            ),
        )
        return EXIT_FAILED
    _line(_("Stopped."))
    return EXIT_OK


def _checked_packs(paths: list[Path]) -> tuple[list[Path], list[str]] | None:
    """The pack files to serve and their titles, or None after printing why not: every
    pack given must load (a class must not meet a broken one)."""
    from game.catalog import load_entries

    entries = load_entries(paths, _("command line"))
    if not entries:
        say(
            "serve",
            _("no packs (.toml files) found in {paths}").format(
                paths=", ".join(printable(str(p)) for p in paths)
            ),
        )
        return None
    failed = [entry for entry in entries if entry.pack is None]
    for entry in failed:
        for problem in entry.problems:
            print(problem, file=sys.stderr)
    if failed:
        return None
    return [entry.path for entry in entries], [
        entry.pack.title for entry in entries if entry.pack is not None
    ]


def _line(text: str) -> None:
    print(text, flush=True)


def _announce(url: str, options: ServeOptions, titles: list[str]) -> None:
    """The teacher's screen once the server listens: the link, the code, a QR code of
    the link, what is served and how to stop."""
    _line(_("ClaimSort class mode · class “{name}”").format(name=printable(options.class_name)))
    _line(_("Serving: {titles}").format(titles=", ".join(printable(title, 60) for title in titles)))
    _line(_("Students open: {url}").format(url=printable(url)))
    if options.code is not None:
        _line(_("Class code: {code}").format(code=options.code))
    else:
        _line(_("No class code: only this machine can join."))
    _qr(url)
    _line(_("Up to {n} students at once. Press Ctrl+C to stop.").format(n=options.max_sessions))


def _qr(url: str) -> None:
    """The link as a QR code drawn with block characters, for phones to scan; left out
    where the output is not a terminal (a log file gains nothing from it)."""
    if not sys.stdout.isatty():
        return
    import segno

    segno.make(url, error="m").terminal(out=sys.stdout, compact=True, border=2)
    sys.stdout.flush()
