"""`claimsort check`, `new` and `schema`: the commands for pack authors. No Textual here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from game.catalog import pack_files
from game.i18n import _, ngettext
from game.loader import PackError, Problem, load_pack
from game.starter import STARTER_PACK


def run_check(paths: list[str], output_format: str = "text") -> int:
    """Validate packs; 0 when every one is valid, 1 otherwise."""
    files = pack_files([Path(p) for p in paths])
    problems: list[Problem] = []
    invalid = 0
    for path in files:
        try:
            load_pack(path)
        except PackError as error:
            invalid += 1
            problems.extend(error.problems)
    for path in paths:
        if Path(path).is_dir() and not pack_files([Path(path)]):
            invalid += 1
            problems.append(
                Problem(path, 1, 1, _("no .toml pack files in this folder"), _("check the path"))
            )
    if output_format == "json":
        json.dump([p.as_dict() for p in problems], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for problem in problems:
            print(problem)
        errors = len(problems)
        checked = len(files)
        if invalid:
            print(
                ngettext("{errors} error", "{errors} errors", errors).format(errors=errors)
                + ngettext(" in {n} of {total} pack", " in {n} of {total} packs", checked).format(
                    n=invalid, total=checked
                )
            )
        else:
            print(
                ngettext("{n} pack is valid", "all {n} packs are valid", checked).format(n=checked)
            )
    return 1 if invalid else 0


def run_new(file: str) -> int:
    """Write the commented starter pack; never overwrite."""
    path = Path(file)
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(STARTER_PACK)
    except FileExistsError:
        print(
            _("claimsort new: {path} already exists; choose another name").format(path=path),
            file=sys.stderr,
        )
        return 1
    except OSError as error:
        print(
            _("claimsort new: cannot write {path}: {reason}").format(
                path=path, reason=error.strerror or error
            ),
            file=sys.stderr,
        )
        return 1
    print(_("Wrote {path}. Edit it, then run: claimsort check {path}").format(path=path))
    return 0


def run_schema() -> int:
    """Print the JSON Schema of the pack format."""
    from game.schema import pack_schema

    json.dump(pack_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0
