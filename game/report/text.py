"""The report as terminal text: at most `WIDTH` columns, readable without colour.

Every value from a pack, a store or a file goes through `game.text.printable()` (with a
length limit), so that nothing in it can act on the terminal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from game.i18n import _, ngettext
from game.report.build import PackReport
from game.report.classes import ClassResult, lean_word, ranked
from game.report.items import MIN_DISCRIMINATION_N, Flag, ItemStats
from game.report.sources import Collection
from game.text import printable

WIDTH = 80
"""The report fits a terminal this wide."""
_INDENT = "     "


def percent(share: float) -> str:
    return f"{share:.0%}"


def header(collection: Collection) -> list[str]:
    """What was read: files, players, answers, duplicates."""
    line = ngettext("Read {n} file", "Read {n} files", collection.files).format(n=collection.files)
    line += ": " + ngettext("{n} student", "{n} students", len(collection.players)).format(
        n=len(collection.players)
    )
    line += ", " + ngettext("{n} answer", "{n} answers", collection.answers).format(
        n=collection.answers
    )
    if collection.duplicates:
        line += " " + ngettext(
            "({n} duplicate dropped)", "({n} duplicates dropped)", collection.duplicates
        ).format(n=collection.duplicates)
    lines = [_("ClaimSort class report"), *textwrap.wrap(line + ".", WIDTH)]
    if collection.filtered_out:
        lines.append(
            ngettext(
                "{n} answer outside the filters left out.",
                "{n} answers outside the filters left out.",
                collection.filtered_out,
            ).format(n=collection.filtered_out)
        )
    return lines


def flag_text(flag: Flag, item: ItemStats, labels: Mapping[str, str]) -> str:
    """A flag in a teacher's words."""
    if flag.kind == "misconception":
        return _("the class shares a misconception (at or below guessing)")
    if flag.kind == "distractor":
        label = printable(labels.get(flag.category or "", flag.category or ""), 30)
        return _("{k} of {n} took it for {label}").format(k=flag.chosen, n=item.n, label=label)
    if flag.kind == "check-key":
        return _("check the wording or the key (doing well elsewhere does not help on it)")
    return _("skip when re-teaching")


def pack_text(report: PackReport, *, anonymize: bool = False) -> list[str]:
    """One pack's section."""
    title = printable(report.title, 50)
    lines = ["", "=" * WIDTH]
    lines += textwrap.wrap(f"{title} ({printable(report.pack_id, 40)})", WIDTH)
    if report.pack is None:
        lines += textwrap.wrap(
            _(
                "Pack not found (give it with --packs PATH): claims are shown by id, "
                "each with the right answer its latest answer was given under."
            ),
            WIDTH,
        )
    if report.set_aside:
        parts = []
        if report.changed_key:
            parts.append(
                ngettext(
                    "{n} given when the claim's right answer was another",
                    "{n} given when the claim's right answer was another",
                    report.changed_key,
                ).format(n=report.changed_key)
            )
        if report.gone:
            parts.append(
                ngettext(
                    "{n} to a claim the pack no longer has",
                    "{n} to claims the pack no longer has",
                    report.gone,
                ).format(n=report.gone)
            )
        if report.unknown_choice:
            parts.append(
                ngettext(
                    "{n} choosing a category the pack does not have",
                    "{n} choosing a category the pack does not have",
                    report.unknown_choice,
                ).format(n=report.unknown_choice)
            )
        lines += textwrap.wrap(
            ngettext(
                "{n} answer set aside: {why}.",
                "{n} answers set aside: {why}.",
                report.set_aside,
            ).format(n=report.set_aside, why="; ".join(parts)),
            WIDTH,
        )
    lines += ["", *items_text(report)]
    if report.cohort is not None:
        lines += ["", *class_text(report.cohort, report.labels, anonymize=anonymize)]
    return lines


def items_text(report: PackReport) -> list[str]:
    lines = [_("Claims, hardest first (each student's first attempt)")]
    lines.append(
        f"  {'#':>2}  {_('claim'):<36} {'n':>4} {_('score'):>6} {_('no hint'):>8} "
        f"{_('median'):>7} {_('discr.'):>6}"
    )
    shown_discrimination = False
    for number, item in enumerate(report.items, 1):
        discrimination = "—"
        if item.discrimination is not None:
            discrimination = f"{item.discrimination:+.2f}"
            shown_discrimination = True
        lines.append(
            f"  {number:>2}  {printable(item.claim_id, 36):<36} {item.n:>4} "
            f"{percent(item.facility):>6} {percent(item.facility_unhinted):>8} "
            f"{item.median_seconds:>6.0f}s {discrimination:>6}"
        )
        claim = report.pack.claim(item.claim_id) if report.pack is not None else None
        if claim is not None:
            lines += textwrap.wrap(
                "“" + printable(claim.text, 300) + "”",
                WIDTH,
                initial_indent=_INDENT,
                subsequent_indent=_INDENT,
            )
        right = printable(report.labels.get(item.correct, item.correct), 30)
        said = ", ".join(
            _("{k} said {label}").format(
                k=k, label=printable(report.labels.get(category, category), 30)
            )
            for category, k in item.wrong.items()
        )
        summary = _("right: {label}").format(label=right)
        if said:
            summary += " · " + _("of {n}: {said}").format(n=item.n, said=said)
        lines += textwrap.wrap(summary, WIDTH, initial_indent=_INDENT, subsequent_indent=_INDENT)
        for flag in item.flags:
            lines += textwrap.wrap(
                "! " + flag_text(flag, item, report.labels),
                WIDTH,
                initial_indent=_INDENT,
                subsequent_indent=_INDENT + "  ",
            )
    lines.append("")
    note = _(
        "score: the share right, a hinted right answer counting half. discr.: how much "
        "more often the students who did well on the other claims got this one right "
        "(the item-rest correlation), shown from {n} students; at a class's size it is "
        "a hint, not a verdict."
    ).format(n=MIN_DISCRIMINATION_N)
    if not shown_discrimination:
        note += " " + _("No claim has enough students for it yet.")
    lines += textwrap.wrap(note, WIDTH)
    return lines


def class_text(
    cohort: ClassResult, labels: Mapping[str, str], *, anonymize: bool = False
) -> list[str]:
    n = len(cohort.students)
    lines = [ngettext("The class: {n} student", "The class: {n} students", n).format(n=n)]
    lines.append(
        "  "
        + _(
            "score: mean {mean}, median {median}, spread ±{spread} points "
            "(lowest {low}, highest {high})"
        ).format(
            mean=percent(cohort.mean),
            median=percent(cohort.median),
            spread=round(cohort.spread * 100),
            low=percent(cohort.lowest),
            high=percent(cohort.highest),
        )
    )
    names = dict((s.player, name) for name, s in ranked(cohort.students, anonymize))
    if cohort.near_guessing:
        near = ", ".join(printable(names[s.player], 24) for s in cohort.near_guessing)
        lines += textwrap.wrap(
            _("near guessing ({guess} or little more): {names}").format(
                guess=percent(cohort.guessing), names=near
            ),
            WIDTH,
            initial_indent="  ",
            subsequent_indent="    ",
        )
    lines += ["", *table_text(cohort, labels)]
    lines += ["", *lean_text(cohort)]
    lines += ["", *students_text(cohort, anonymize)]
    return lines


def table_text(cohort: ClassResult, labels: Mapping[str, str]) -> list[str]:
    """The table of right answer (rows) against chosen answer (columns)."""
    ids = list(cohort.confusion.labels)
    width = max(8, (WIDTH - 22) // max(1, len(ids)) - 1)
    row_label = 18
    lines = [_("Right answer (rows) against the answer chosen (columns)")]
    heads = [printable(cohort.confusion.labels[c], width) for c in ids]
    lines.append(" " * (row_label + 2) + " ".join(f"{h:>{width}}" for h in heads))
    for right in ids:
        cells = []
        for chosen in ids:
            count = cohort.confusion.count(right, chosen)
            mark = "*" if right == chosen else " "
            cells.append(f"{str(count) + mark:>{width}}")
        label = printable(cohort.confusion.labels[right], row_label)
        lines.append(f"  {label:<{row_label}}" + " ".join(cells))
    lines.append("  " + _("* right answers"))
    return lines


def lean_text(cohort: ClassResult) -> list[str]:
    found = cohort.lean
    if found is None:
        return [_("Lean: not measured (the pack has categories of its own).")]
    lines = [
        _("Lean (fact < assertion < disputed): mean shift {shift:+.2f}").format(
            shift=found.mean_shift
        )
    ]
    if found.wrong:
        lines += textwrap.wrap(
            _(
                "Of {n} wrong answers, {doubt} ({doubt_share}) were too doubtful and "
                "{trust} ({trust_share}) too trusting."
            ).format(
                n=found.wrong,
                doubt=found.too_doubtful,
                doubt_share=percent(found.doubtful_share or 0),
                trust=found.too_trusting,
                trust_share=percent(found.trusting_share or 0),
            ),
            WIDTH,
            initial_indent="  ",
            subsequent_indent="  ",
        )
        if found.too_doubtful > found.too_trusting:
            verdict = _("The class doubts too much: it took checkable facts for claims.")
        elif found.too_trusting > found.too_doubtful:
            verdict = _("The class trusts too much: it took someone's word for fact.")
        else:
            verdict = _("The class errs as much each way.")
        lines += textwrap.wrap(verdict, WIDTH, initial_indent="  ", subsequent_indent="  ")
    if cohort.discernment is not None:
        d = cohort.discernment
        lines.append(
            "  "
            + _(
                "Telling facts apart: d′ {d:.2f}, criterion c {c:+.2f} (above 0: slow to call a fact)"
            ).format(d=d.d_prime, c=d.criterion)
        )
    return lines


def students_text(cohort: ClassResult, anonymize: bool) -> list[str]:
    lines = [_("Students, best score first")]
    for name, student in ranked(cohort.students, anonymize):
        shift = "" if student.lean is None else f"{student.lean.mean_shift:+.2f}"
        lines.append(
            f"  {printable(name, 30):<30} {percent(student.score):>5}  "
            + ngettext("{n} claim", "{n} claims", student.answered).format(n=student.answered)
            + f"   {lean_word(student.lean):<9} {shift}"
        )
    return lines


def report_text(
    collection: Collection, reports: Sequence[PackReport], *, anonymize: bool = False
) -> str:
    """The whole report, for the terminal."""
    lines = header(collection)
    for report in reports:
        lines += pack_text(report, anonymize=anonymize)
    return "\n".join(lines) + "\n"
