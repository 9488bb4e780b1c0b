"""The table of targets the bench scripts end with, and their exit status."""

from __future__ import annotations

from collections.abc import Iterable

Row = tuple[str, str, str, bool | None]
"""A measure's name, its result, its target, and whether it met it (None: reported only)."""


def print_targets(
    rows: Iterable[Row], name_width: int, value_width: int, *, heading: bool = False
) -> list[str]:
    """Print one line per row, PASS or FAIL at its end; return the names that failed."""
    if heading:
        print(f"{'measure':<{name_width}} {'result':<{value_width}} {'target':<10}")
    failures = []
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{name:<{name_width}} {value:<{value_width}} {target:<10} {mark}")
        if ok is False:
            failures.append(name)
    return failures


def outcome(failures: list[str], strict: bool) -> int:
    """Say whether every target was met; the exit status (1 for a failure, with strict)."""
    if failures:
        print(f"\n{len(failures)} target(s) failed: {', '.join(failures)}")
        return 1 if strict else 0
    print("\nall targets met")
    return 0
