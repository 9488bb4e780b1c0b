"""The report as one self-contained HTML page: inline CSS, SVG bars drawn here, no
JavaScript, nothing fetched; print CSS so that the browser's "print to PDF" gives a
clean handout.

Every value from a pack, a store or a file is escaped with `html.escape` (quotes too);
a source's link is shown as text, never followed.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from game.i18n import _, ngettext
from game.report.build import PackReport
from game.report.classes import ClassResult, lean_word, ranked
from game.report.items import FLAG_RULES, MIN_DISCRIMINATION_N, ItemStats
from game.report.sources import Collection
from game.report.text import flag_text, header, percent

COLOURS = ("#2b6cb0", "#c05621", "#6b46c1", "#2f855a", "#b7791f", "#718096")
"""The bar colours, by category in the pack's order (distinct in greyscale print too:
each segment is labelled with its count)."""

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a202c;
  max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; border-bottom: 2px solid #2d3748; padding-bottom: .2rem;
  margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.meta, .note { color: #4a5568; font-size: .9rem; }
.claim { border: 1px solid #cbd5e0; border-radius: 6px; padding: .6rem .8rem;
  margin: .7rem 0; break-inside: avoid; }
.claim header { display: flex; gap: .8rem; align-items: baseline; flex-wrap: wrap; }
.claim .rank { font-weight: 700; color: #4a5568; }
.claim .id { font-family: ui-monospace, monospace; font-size: .85rem; color: #4a5568; }
.claim .facility { margin-left: auto; font-weight: 700; }
.claim blockquote { margin: .4rem 0; font-size: 1.05rem; }
.claim .why { color: #2d3748; font-size: .92rem; margin: .3rem 0; }
.flags { margin: .3rem 0 0; padding-left: 1.2rem; color: #9b2c2c; font-weight: 600; }
.legend span { display: inline-block; margin-right: 1rem; }
.legend i { display: inline-block; width: .9rem; height: .9rem; vertical-align: -2px;
  margin-right: .3rem; border-radius: 2px; }
table { border-collapse: collapse; margin: .4rem 0; }
th, td { border: 1px solid #cbd5e0; padding: .25rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.right { font-weight: 700; background: #edf2f7; }
svg { display: block; margin: .3rem 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
  .claim { border-color: #999; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _legend(labels: Mapping[str, str]) -> str:
    spans = "".join(
        f'<span><i style="background:{COLOURS[n % len(COLOURS)]}"></i>{_e(label)}</span>'
        for n, label in enumerate(labels.values())
    )
    return f'<p class="legend">{spans}</p>'


def bar(item: ItemStats, labels: Mapping[str, str], width: int = 560) -> str:
    """One claim's answers as a bar stacked by chosen category, the right one outlined."""
    height = 26
    total = sum(item.chosen.values()) or 1
    parts = []
    x = 0.0
    order = list(labels) + [c for c in item.chosen if c not in labels]
    for n, category in enumerate(order):
        count = item.chosen.get(category, 0)
        if not count:
            continue
        w = width * count / total
        colour = COLOURS[n % len(COLOURS)]
        label = labels.get(category, category)
        title = _("{k} of {n} chose {label}").format(k=count, n=item.n, label=label)
        parts.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{colour}">'
            f"<title>{_e(title)}</title></rect>"
        )
        if category == item.correct:
            parts.append(
                f'<rect x="{x + 1.5:.1f}" y="1.5" width="{max(w - 3, 0):.1f}" '
                f'height="{height - 3}" fill="none" stroke="#1a202c" stroke-width="3"/>'
            )
        if w >= 22:
            mark = "✓ " if category == item.correct else ""
            parts.append(
                f'<text x="{x + w / 2:.1f}" y="{height / 2 + 5}" text-anchor="middle" '
                f'font-size="13" fill="#fff" font-weight="700">{_e(mark)}{count}</text>'
            )
        x += w
    described = _("Answers to {claim}, by category chosen").format(claim=item.claim_id)
    return (
        f'<svg role="img" aria-label="{_e(described)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">' + "".join(parts) + "</svg>"
    )


def _claim(number: int, item: ItemStats, report: PackReport) -> str:
    labels = report.labels
    claim = report.pack.claim(item.claim_id) if report.pack is not None else None
    right = labels.get(item.correct, item.correct)
    said = ", ".join(
        _("{k} said {label}").format(k=k, label=labels.get(c, c)) for c, k in item.wrong.items()
    )
    figures = [
        _("n {n}").format(n=item.n),
        _("no hint {share}").format(share=percent(item.facility_unhinted)),
        _("median {s:.0f} s").format(s=item.median_seconds),
    ]
    if item.discrimination is not None:
        figures.append(_("discrimination {r:+.2f}").format(r=item.discrimination))
    parts = [
        '<article class="claim"><header>',
        f'<span class="rank">{number}</span>',
        f'<span class="id">{_e(item.claim_id)}</span>',
        f'<span class="meta">{_e(" · ".join(figures))}</span>',
        f'<span class="facility">{_e(percent(item.facility))}</span></header>',
    ]
    if claim is not None:
        parts.append(f"<blockquote>“{_e(claim.text)}”</blockquote>")
    parts.append(bar(item, labels))
    line = _("Right: {label}").format(label=right)
    if said:
        line += " · " + _("of {n}: {said}").format(n=item.n, said=said)
    parts.append(f'<p class="meta">{_e(line)}</p>')
    if claim is not None:
        parts.append(f'<p class="why">{_e(claim.explanation)}</p>')
    if item.flags:
        flags = "".join(f"<li>{_e(flag_text(f, item, labels))}</li>" for f in item.flags)
        parts.append(f'<ul class="flags">{flags}</ul>')
    parts.append("</article>")
    return "".join(parts)


def _table(cohort: ClassResult) -> str:
    ids = list(cohort.confusion.labels)
    head = "".join(f"<th>{_e(cohort.confusion.labels[c])}</th>" for c in ids)
    rows = []
    for right in ids:
        cells = "".join(
            f'<td class="right">{cohort.confusion.count(right, c)}</td>'
            if c == right
            else f"<td>{cohort.confusion.count(right, c)}</td>"
            for c in ids
        )
        rows.append(f"<tr><th>{_e(cohort.confusion.labels[right])}</th>{cells}</tr>")
    caption = _("Right answer (rows) against the answer chosen (columns)")
    return (
        f"<table><caption>{_e(caption)}</caption><tr><th></th>{head}</tr>"
        + "".join(rows)
        + "</table>"
    )


def _class(cohort: ClassResult, anonymize: bool) -> str:
    n = len(cohort.students)
    parts = [
        f"<h3>{_e(ngettext('The class: {n} student', 'The class: {n} students', n).format(n=n))}</h3>"
    ]
    parts.append(
        "<p>"
        + _e(
            _(
                "Score: mean {mean}, median {median}, spread ±{spread} points "
                "(lowest {low}, highest {high})."
            ).format(
                mean=percent(cohort.mean),
                median=percent(cohort.median),
                spread=round(cohort.spread * 100),
                low=percent(cohort.lowest),
                high=percent(cohort.highest),
            )
        )
        + "</p>"
    )
    names = {s.player: name for name, s in ranked(cohort.students, anonymize)}
    if cohort.near_guessing:
        near = ", ".join(names[s.player] for s in cohort.near_guessing)
        parts.append(
            "<p>"
            + _e(
                _("Near guessing ({guess} or little more): {names}").format(
                    guess=percent(cohort.guessing), names=near
                )
            )
            + "</p>"
        )
    parts.append(_table(cohort))
    found = cohort.lean
    if found is not None and found.wrong:
        parts.append(
            "<p>"
            + _e(
                _(
                    "Lean (fact < assertion < disputed): mean shift {shift:+.2f}. Of {n} wrong "
                    "answers, {doubt} ({ds}) were too doubtful and {trust} ({ts}) too trusting."
                ).format(
                    shift=found.mean_shift,
                    n=found.wrong,
                    doubt=found.too_doubtful,
                    ds=percent(found.doubtful_share or 0),
                    trust=found.too_trusting,
                    ts=percent(found.trusting_share or 0),
                )
            )
            + "</p>"
        )
    rows = "".join(
        f"<tr><td>{_e(name)}</td><td>{_e(percent(s.score))}</td><td>{s.answered}</td>"
        f"<td>{_e(lean_word(s.lean))}</td></tr>"
        for name, s in ranked(cohort.students, anonymize)
    )
    parts.append(
        f"<table><tr><th>{_e(_('Student'))}</th><th>{_e(_('score'))}</th>"
        f"<th>{_e(_('claims'))}</th><th>{_e(_('lean'))}</th></tr>{rows}</table>"
    )
    return "".join(parts)


def _pack(report: PackReport, anonymize: bool) -> str:
    parts = [f"<section><h2>{_e(report.title)}</h2>"]
    meta = [report.pack_id]
    if report.pack is not None:
        for source in report.pack.sources:
            where = f"{source.publisher}: {source.title}"
            if source.url:
                where += f" ({source.url})"  # shown as text, never a link to follow
            meta.append(where)
    else:
        meta.append(_("pack not found: claims are shown by id"))
    if report.set_aside:
        meta.append(
            ngettext(
                "{n} answer set aside (given to another version of a claim)",
                "{n} answers set aside (given to another version of a claim)",
                report.set_aside,
            ).format(n=report.set_aside)
        )
    parts.append("".join(f'<p class="meta">{_e(m)}</p>' for m in meta))
    parts.append(_legend(report.labels))
    parts.append(f"<h3>{_e(_('Claims, hardest first'))}</h3>")
    parts += [_claim(n, item, report) for n, item in enumerate(report.items, 1)]
    parts.append(
        '<p class="note">'
        + _e(
            _(
                "Each student's first attempt counts; a hinted right answer counts half. "
                "Discrimination (the item-rest correlation) is shown from {n} students; at "
                "a class's size it is a hint, not a verdict."
            ).format(n=MIN_DISCRIMINATION_N)
        )
        + "</p>"
    )
    if report.cohort is not None:
        parts.append(_class(report.cohort, anonymize))
    parts.append("</section>")
    return "".join(parts)


def report_html(
    collection: Collection, reports: Sequence[PackReport], *, anonymize: bool = False
) -> str:
    """The whole report as one HTML page."""
    title, *read = header(collection)
    rules = "".join(f"<li><b>{_e(kind)}</b>: {_e(rule)}</li>" for kind, rule in FLAG_RULES.items())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        + "".join(f'<p class="meta">{_e(line)}</p>' for line in read)
        + "".join(_pack(report, anonymize) for report in reports)
        + f'<footer class="note"><p>{_e(_("How the flags are set"))}</p><ul>{rules}</ul></footer>'
        + "</body></html>\n"
    )
