"""`claimsort report`: class results from progress databases and export files (no
Textual, no Rich, except `--live`, which opens the live view)."""

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
    from datetime import datetime
    from typing import Any

    from game.pack import Pack
    from game.report.build import PackReport
    from game.report.sources import Collection, Filters


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    """Add `claimsort report` and its options to the parser's commands."""
    report = commands.add_parser(
        "report",
        help=_("class results: which claims the class got wrong, and what it took them for"),
        description=_(
            "Class results from progress databases and export files (CSV or JSON, from "
            "several machines; with none, this machine's progress file): per claim, the "
            "share right, what the students chose and the flags worth a teacher's look; "
            "per class, the scores, the table of right against chosen answers and the "
            "lean to doubt or trust. Each student's first attempt at a claim counts; "
            "replays and review rounds are practice. The same answer in two files is "
            "counted once."
        ),
    )
    report.add_argument(
        "sources", nargs="*", metavar="SOURCE", help=_("progress databases or export files")
    )
    report.add_argument("--pack", metavar="ID", help=_("only this pack's answers"))
    report.add_argument(
        "--class", dest="class_name", metavar="NAME", help=_("only this class's sessions")
    )
    report.add_argument(
        "--since", metavar="YYYY-MM-DD", help=_("only answers given on or after this day")
    )
    report.add_argument("--player", metavar="NAME", help=_("only this student's answers"))
    report.add_argument(
        "--packs",
        action="append",
        default=[],
        metavar="PATH",
        help=_("where to find the packs, for each claim's text and right answer (repeatable)"),
    )
    report.add_argument(
        "--anonymize",
        action="store_true",
        help=_("Student 1..N instead of names, for the class screen"),
    )
    report.add_argument(
        "--format",
        choices=["text", "csv", "json"],
        default="text",
        help=_("text (default), or the per-claim table as csv or json"),
    )
    report.add_argument(
        "-o", "--output", metavar="FILE", help=_("write the csv or json here, not to stdout")
    )
    report.add_argument(
        "--html", metavar="FILE", help=_("also write a self-contained page to print or show")
    )
    report.add_argument(
        "--live",
        action="store_true",
        help=_("watch the class play: who joined, how far each is, the tallies so far"),
    )
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    """0, 1 when nothing usable was read (or a file cannot be written), 2 for bad arguments."""
    problem = _argument_problem(args)
    if problem is not None:
        say("report", problem)
        return EXIT_USAGE
    from game.report.sources import Filters

    since = _since(args.since) if args.since else None
    filters = Filters(pack=args.pack, class_name=args.class_name, since=since, player=args.player)
    if args.live:
        return _live(args, filters)
    from game.progress import default_path
    from game.report.build import build
    from game.report.sources import collect

    collection = collect([Path(p) for p in args.sources], filters, default_store=default_path())
    for found in collection.problems:
        print(printable(str(found)), file=sys.stderr)
    if not collection.answers:
        if collection.problems or (args.sources and not collection.files):
            say("report", _("nothing usable was read"))
            return EXIT_FAILED
        say("report", _("no answers to report on for this selection"))
        return EXIT_OK if not args.html and args.format == "text" else EXIT_FAILED
    packs = _packs(args.packs, collection)
    reports = build(collection, packs)
    for report in reports:
        if report.pack is None:
            say(
                "report",
                _("pack {id} not found; claims are shown by id (give it with --packs PATH)").format(
                    id=printable(report.pack_id, 40)
                ),
            )
    if args.format != "text" and len(reports) > 1:
        say(
            "report",
            _("the answers cover {n} packs ({ids}); choose one with --pack ID").format(
                n=len(reports), ids=", ".join(printable(r.pack_id, 40) for r in reports)
            ),
        )
        return EXIT_USAGE
    if args.html and not _write(Path(args.html), _html(collection, reports, args.anonymize)):
        return EXIT_FAILED
    if args.format == "text":
        if not args.html:
            from game.report.text import report_text

            sys.stdout.write(report_text(collection, reports, anonymize=args.anonymize))
        else:
            print(_("Wrote the report to {path}.").format(path=printable(args.html)))
        return EXIT_OK
    from game.report.table import table_csv, table_json

    table = (table_csv if args.format == "csv" else table_json)(reports[0])
    if args.output:
        return EXIT_OK if _write(Path(args.output), table) else EXIT_FAILED
    from cli.messages import on_terminal

    sys.stdout.write(printable_lines(table) if on_terminal() else table)
    return EXIT_OK


def printable_lines(text: str) -> str:
    """Text shown on a terminal, each line as `printable()` shows it."""
    return "".join(printable(line) + "\n" for line in text.splitlines())


def _argument_problem(args: argparse.Namespace) -> str | None:
    import re

    from game.pack import ID_PATTERN

    if args.pack is not None and not re.fullmatch(ID_PATTERN, args.pack):
        return _("--pack: {id} is not a pack id (lowercase letters, digits and '-')").format(
            id=printable(args.pack, 64)
        )
    if args.since is not None and _since(args.since) is None:
        return _("--since: {day} is not a day (YYYY-MM-DD)").format(day=printable(args.since, 40))
    if args.output and args.format == "text":
        return _("-o is for --format csv or json; the page is written with --html FILE")
    if args.live and (args.sources or args.html or args.format != "text"):
        return _(
            "--live watches this machine's progress file; it takes no SOURCE, --html or --format"
        )
    return None


def _since(text: str) -> datetime | None:
    from datetime import date, datetime

    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if len(text) != 10:
        return None
    # The teacher's own midnight: "since Monday" means Monday here.
    return datetime(day.year, day.month, day.day).astimezone()


def _packs(paths: list[str], collection: Collection) -> dict[str, Pack]:
    """Pack id -> the pack, from --packs, the user's folder, the built-ins and where the
    stores say packs were played from (loaded without writing the cache)."""
    from game.catalog import find_catalog, recorded_entries

    entries = find_catalog([Path(p) for p in paths], cache=False)
    for entry in entries:
        if entry.pack is None and entry.origin == _("command line") and entry.problems:
            print(printable(str(entry.problems[0])), file=sys.stderr)
    extra, _missing = recorded_entries(collection.pack_paths, entries, cache=False)
    packs: dict[str, Pack] = {}
    for entry in entries + extra:
        if entry.pack is not None:
            packs.setdefault(entry.pack.id, entry.pack)
    return packs


def _html(collection: Collection, reports: list[PackReport], anonymize: bool) -> str:
    from game.report.html import report_html

    return report_html(collection, reports, anonymize=anonymize)


def _write(path: Path, text: str) -> bool:
    from game.atomic import atomic_writer

    try:
        with atomic_writer(path) as handle:
            handle.write(text.encode("utf-8"))
    except OSError as error:
        say(
            "report",
            _("cannot write {path}: {reason}").format(
                path=printable(str(path)), reason=error.strerror or error
            ),
        )
        return False
    return True


def _live(args: argparse.Namespace, filters: Filters) -> int:
    from cli.play import has_terminal

    if not has_terminal():
        say("report", _("--live needs a terminal"))
        return EXIT_FAILED
    from dataclasses import replace
    from datetime import datetime

    from game.progress import default_path
    from game.report.sources import Collection
    from tui.live import run_live

    if filters.since is None:  # a lesson is today's: earlier rounds are not the class's
        filters = replace(
            filters,
            since=datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0),
        )
    packs = _packs(args.packs, Collection())
    run_live(
        default_path(),
        filters,
        {pack_id: len(pack.claims) for pack_id, pack in packs.items()},
        anonymize=args.anonymize,
    )
    return EXIT_OK
