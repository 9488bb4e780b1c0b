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

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from collections.abc import Iterable

    from game.export import Annotator
    from game.pack import Pack
    from game.progress import AnswerRecord, ProgressStore


@functools.cache
def _pack_id() -> re.Pattern[str]:
    # The pack format's own rule, compiled on first use: game.pack is not light enough
    # to import for every command that builds the parser.
    from game.pack import ID_PATTERN

    return re.compile(ID_PATTERN)


def run_export(args: argparse.Namespace) -> int:
    """Write every recorded answer (filtered); 0, 2 for bad arguments, 1 if the progress
    file cannot be read or the output written.

    Answers are written as they are read, so an export of any size takes little memory.
    A stored answer that cannot be read stops the export with a line naming its row:
    a teacher's results must not lose rows without anyone noticing. With `-o` nothing
    is written then (the file is replaced only by a whole export); on stdout the rows
    before it are out already, and the line says the output stops there."""
    from game.progress import StoreError

    player = None
    if args.player is not None:
        player = checked_player("export", args.player)
        if player is None:
            return EXIT_USAGE
    if args.pack is not None and not _pack_id().fullmatch(args.pack):
        say(
            "export",
            _("--pack: {id} is not a pack id (lowercase letters, digits and '-')").format(
                id=printable(args.pack, 64)
            ),
        )
        return EXIT_USAGE
    if args.excel and args.format != "csv":
        say("export", _("--excel is for CSV (a UTF-8 file Excel reads); leave out --format json"))
        return EXIT_USAGE
    target = Path(args.output) if args.output not in (None, "-") else None
    if target is not None and (problem := _target_problem(target)) is not None:
        say("export", problem)
        return EXIT_USAGE

    with open_to_read("export") as store:
        if store.warning:
            # The file is there but could not be read (damaged, too new, unreadable):
            # an empty export would pass for "no answers".
            say("export", _("nothing was exported"))
            return EXIT_FAILED
        records = store.iter_answers(player=player, pack_id=args.pack, strict=True)
        try:
            context = _annotator(store, player)
            count = _write(records, args.format, target, context, bom=args.excel)
        except StoreError as error:
            if target is None:
                message = _(
                    "cannot read the progress file {path}: {reason}; the output stops before it"
                )
            else:
                message = _("cannot read the progress file {path}: {reason}; nothing was exported")
            return unreadable("export", message, store, error)
        except OSError as error:
            if target is None:
                raise  # stdout: said in one place, by cli.main
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


def _target_problem(target: Path) -> str | None:
    """Why `-o` cannot write `target`, or None. Looked at without opening it: opening a
    FIFO would wait for a reader."""
    import stat

    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        return _("-o: cannot use {path}: {reason}").format(
            path=target, reason=error.strerror or error
        )
    if mode is not None and stat.S_ISDIR(mode):
        return _("-o: {path} is a folder; give a file name").format(path=target)
    if mode is not None and not stat.S_ISREG(mode):
        return _(
            "-o: {path} is not a regular file; give a file name, "
            "or leave out -o to write to standard output"
        ).format(path=target)
    if not target.parent.is_dir():
        return _("-o: the folder {path} does not exist").format(path=target.parent)
    return None


def _annotator(store: ProgressStore, player: str | None) -> Annotator:
    """What gives each row its session's mode and class, its claim's text (from the
    packs found as `play` finds them) and its attempt number."""
    from game.export import Annotator

    packs: dict[str, Pack] = {}
    looked: list[bool] = []

    def claim_text(pack_id: str, claim_id: str) -> str | None:
        if not looked:  # at the first row: an export of nothing loads no pack
            looked.append(True)
            packs.update(_packs_by_id(store))
        pack = packs.get(pack_id)
        claim = pack.claim(claim_id) if pack is not None else None
        return claim.text if claim is not None else None

    return Annotator(store.sessions(player=player, strict=True), claim_text)


def _packs_by_id(store: ProgressStore) -> dict[str, Pack]:
    from game.catalog import find_catalog, recorded_entries

    # Nothing is cached: an export reads, and leaves the data folder as it was.
    entries = find_catalog(cache=False)
    extra, _missing = recorded_entries(store.pack_paths(), entries, cache=False)
    packs: dict[str, Pack] = {}
    for entry in entries + extra:
        if entry.pack is not None:
            packs.setdefault(entry.pack.id, entry.pack)
    return packs


def _write(
    records: Iterable[AnswerRecord],
    fmt: str,
    target: Path | None,
    context: Annotator,
    *,
    bom: bool,
) -> int:
    """Write the export to `target` (replaced in one step) or to stdout; its answers."""
    from game.atomic import atomic_writer
    from game.export import write_export

    if target is not None:
        with atomic_writer(target) as handle:
            return write_export(records, fmt, handle, context=context, bom=bom)
    sys.stdout.flush()  # what was printed before goes first
    out = getattr(sys.stdout, "buffer", None)
    # On a terminal, stored values are shown escaped, like every value from the store;
    # a pipe or a file (a teacher's spreadsheet) gets them exactly.
    return write_export(
        records,
        fmt,
        out if out is not None else _TextStdout(),
        for_terminal=on_terminal(),
        context=context,
        bom=bom,
    )


class _TextStdout:
    """A stdout with no bytes under it (a caller's own text stream): each chunk written
    to it as text."""

    def write(self, data: memoryview, /) -> int:
        sys.stdout.write(str(data, "utf-8"))  # a whole chunk: never part of a character
        return len(data)

    def flush(self) -> None:
        sys.stdout.flush()
