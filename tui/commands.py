"""`claimsort check`, `new` and `schema`: the commands for pack authors. No Textual here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.catalog import pack_files
from game.i18n import _, ngettext
from game.problems import PackError, Problem
from game.starter import STARTER_PACK
from game.text import printable


def run_check(paths: list[str], output_format: str = "text") -> int:
    """Validate packs; 0 when every one is valid, 1 otherwise."""
    # The validator (pydantic) is imported here, not at the top: `new` and `schema`
    # share this module and must not pay for it.
    from game.loader import load_pack

    files = pack_files([Path(p) for p in paths])
    problems: list[Problem] = []
    invalid = 0
    for path in files:
        try:
            load_pack(path)
        except PackError as error:
            invalid += 1
            problems.extend(error.problems)
    empty = 0
    for path in paths:
        if Path(path).is_dir() and not pack_files([Path(path)]):
            empty += 1
            problems.append(
                Problem(path, 1, 1, _("no .toml pack files in this folder"), _("check the path"))
            )
    if output_format == "json":
        json.dump([p.as_dict() for p in problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem)
        print(_summary(len(problems), invalid, len(files), empty))
    return 1 if invalid or empty else 0


def _summary(errors: int, invalid: int, checked: int, empty: int) -> str:
    """The last line of `check`: "3 errors in 1 of 2 packs", "1 pack is valid", and
    for folders without packs "1 error: 1 folder has no packs"."""
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


def run_new(file: str) -> int:
    """Write the commented starter pack; never overwrite."""
    path = Path(file)
    name = printable(str(path))
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(STARTER_PACK)
    except FileExistsError:
        print(
            _("claimsort new: {path} already exists; choose another name").format(path=name),
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(
            _("claimsort new: cannot write {path}: {reason}").format(
                path=name, reason=error.strerror or error
            ),
            file=sys.stderr,
        )
        return 1
    print(_("Wrote {path}. Edit it, then run: claimsort check {path}").format(path=name))
    return 0


def run_schema() -> int:
    """Print the JSON Schema of the pack format."""
    from game.schema import pack_schema

    json.dump(pack_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
