"""`claimsort check PACK ...`: validate packs and report every problem at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.exits import EXIT_FAILED, EXIT_OK
from cli.messages import on_terminal
from game.i18n import _, ngettext


def run_check(args: argparse.Namespace) -> int:
    """Validate the packs in `args.paths`; 0 when every one is valid, 1 otherwise
    (with `args.strict`, also when one breaks a rule of the guide: a warning).
    `args.format` is "text" (one line per problem and a summary) or "json"."""
    # Imported here, not at the top: the parser imports this module for every command,
    # and the validator (pydantic, in game.loader) is the slowest import of all.
    from game.folders import pack_files
    from game.loader import check_pack
    from game.problems import Problem

    given = [Path(p) for p in args.paths]
    files = pack_files(given)
    problems: list[Problem] = []
    invalid = 0
    errors = 0  # every problem found, also those past a file's listed ones
    warned = warnings = 0
    for file in files:
        checked = check_pack(file)
        problems.extend(checked.problems)
        if checked.errors:
            invalid += 1
            errors += checked.errors
        elif checked.warnings:
            warned += 1
            warnings += checked.warnings
    empty = 0
    for name in args.paths:  # named as the user typed it, not as Path would rewrite it
        folder = Path(name)
        if folder.is_dir() and not pack_files([folder]):
            empty += 1
            errors += 1
            problems.append(
                Problem(name, 1, 1, _("no .toml pack files in this folder"), _("check the path"))
            )
    if args.format == "json":
        import json

        from game.text import printable

        found = [p.as_dict() for p in problems]
        if on_terminal():  # file names are the user's: shown escaped, exact for tools
            found = [
                {k: printable(v) if isinstance(v, str) else v for k, v in p.items()} for p in found
            ]
        json.dump(found, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem)
        print(_summary(errors, invalid, len(files), empty, warnings, warned, strict=args.strict))
    failed = invalid or empty or (args.strict and warned)
    return EXIT_FAILED if failed else EXIT_OK


def _summary(
    errors: int,
    invalid: int,
    checked: int,
    empty: int,
    warnings: int = 0,
    warned: int = 0,
    *,
    strict: bool = False,
) -> str:
    """The last line of `check`: "3 errors in 1 of 2 packs", "1 pack is valid", for
    folders without packs "1 error: 1 folder has no packs", and the warnings after."""
    text = _errors_summary(errors, invalid, checked, empty)
    if not warnings:
        return text
    counted = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    if errors:
        return text + "; " + counted
    if strict:
        return (
            counted
            + ngettext(" in {n} of {total} pack", " in {n} of {total} packs", checked).format(
                n=warned, total=checked
            )
            + _(" (--strict fails on warnings)")
        )
    if checked == 1:
        text += _(", with {warnings}").format(warnings=counted)
    else:
        text += "; " + counted + ngettext(" in {n} pack", " in {n} packs", warned).format(n=warned)
    return text + ngettext(
        ": it plays, but breaks rules of the guide (--strict fails on them)",
        ": they play, but break rules of the guide (--strict fails on them)",
        warned,
    )


def _errors_summary(errors: int, invalid: int, checked: int, empty: int) -> str:
    if not errors:
        return ngettext("{n} pack is valid", "all {n} packs are valid", checked).format(n=checked)
    text = ngettext("{errors} error", "{errors} errors", errors).format(errors=errors)
    if invalid:
        text += ngettext(" in {n} of {total} pack", " in {n} of {total} packs", checked).format(
            n=invalid, total=checked
        )
    if empty:
        text += (";" if invalid else ":") + ngettext(
            " {n} folder has no packs", " {n} folders have no packs", empty
        ).format(n=empty)
        if checked and not invalid:
            text += ngettext("; {n} pack is valid", "; {n} packs are valid", checked).format(
                n=checked
            )
    return text
