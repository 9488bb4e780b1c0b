"""The per-claim table of a report, for spreadsheets (CSV) and tools (JSON).

JSON: a list of objects, hardest claim first, each with `pack_id`, `claim_id`,
`claim_text` (null without the pack), `correct`, `n`, `facility`, `facility_unhinted`,
`median_seconds`, `discrimination` (null when not shown), `chosen` (category id ->
count) and `flags` (the flag kinds of `game.report.items.FLAG_RULES`). CSV: the same
columns, `chosen` spread over one `chosen_<category>` column per category and `flags`
separated by spaces; cells are guarded against formulas as the export's are.
"""

from __future__ import annotations

import csv
import io
import json

from game.export import csv_cell
from game.report.build import PackReport
from game.report.items import ItemStats


def _claim_text(report: PackReport, item: ItemStats) -> str | None:
    claim = report.pack.claim(item.claim_id) if report.pack is not None else None
    return claim.text if claim is not None else None


def rows(report: PackReport) -> list[dict[str, object]]:
    """The table as JSON values, hardest claim first."""
    return [
        {
            "pack_id": report.pack_id,
            "claim_id": item.claim_id,
            "claim_text": _claim_text(report, item),
            "correct": item.correct,
            "n": item.n,
            "facility": round(item.facility, 4),
            "facility_unhinted": round(item.facility_unhinted, 4),
            "median_seconds": round(item.median_seconds, 3),
            "discrimination": None
            if item.discrimination is None
            else round(item.discrimination, 4),
            "chosen": dict(item.chosen),
            "flags": [flag.kind for flag in item.flags],
        }
        for item in report.items
    ]


def table_json(report: PackReport) -> str:
    return json.dumps(rows(report), ensure_ascii=False, indent=2) + "\n"


def table_csv(report: PackReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    categories = list(report.labels)
    for item in report.items:  # a category only the answers name gets a column too
        categories += [c for c in item.chosen if c not in categories]
    head = [
        "pack_id",
        "claim_id",
        "claim_text",
        "correct",
        "n",
        "facility",
        "facility_unhinted",
        "median_seconds",
        "discrimination",
    ]
    writer.writerow([*head, *(f"chosen_{c}" for c in categories), "flags"])
    for values in rows(report):
        chosen = values["chosen"]
        assert isinstance(chosen, dict)
        flags = values["flags"]
        assert isinstance(flags, list)
        writer.writerow(
            [csv_cell(values[name]) for name in head]
            + [str(chosen.get(c, 0)) for c in categories]
            + [" ".join(flags)]
        )
    return out.getvalue()
