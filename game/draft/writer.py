"""Writing a draft as a pack file: TOML with a comment on every claim.

The top of the file says it is a draft to edit and counts the claims by how sure
their rules are; each claim's comment names the rule that fired, its cue and how the
speaker was found, so the teacher knows what to look at first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from game.draft.claims import DraftClaim
from game.draft.rules import Sure
from game.draft.toml_strings import basic, comment, multiline
from game.i18n import _, ngettext


@dataclass(frozen=True)
class SourceInfo:
    """The `[pack]` and `[[sources]]` facts of a draft."""

    pack_id: str
    title: str
    publisher: str
    text: str
    date: dt.date | None = None
    url: str | None = None
    guessed: tuple[str, ...] = ()
    """Notes on what the drafter had to guess (title, publisher), for the teacher."""
    removed: tuple[str, ...] = ()
    """Lines left out of the text: the headline (it is the title) and site furniture."""


SOURCE_ID = "article"


def write_pack(source: SourceInfo, claims: Sequence[DraftClaim]) -> str:
    """The draft pack's TOML text."""
    lines = [*_header(claims), "format = 1", ""]
    lines += [
        "[pack]",
        f"id = {basic(source.pack_id)}",
        f"title = {basic(_cut(source.title, 200))}",
        f"language = {basic('en')}  " + comment(_("the drafter reads English articles")),
        f"description = {basic(_description(source))}",
        "",
        "[[sources]]",
        f"id = {basic(SOURCE_ID)}",
        f"title = {basic(_cut(source.title, 300))}",
        f"publisher = {basic(_cut(source.publisher, 200))}",
    ]
    if source.date is not None:
        lines.append(f"published = {source.date.isoformat()}")
    if source.url is not None:
        lines.append(f"url = {basic(source.url)}")
    lines += [comment(note) for note in source.guessed]
    if source.removed:
        lines.append(comment(_("Left out of the text (not the article's body):")))
        lines += [comment(f"  {line}") for line in source.removed]
    lines += [f"text = {multiline(source.text)}", ""]
    for claim in claims:
        lines += _claim(claim)
    return "\n".join(lines)


def _header(claims: Sequence[DraftClaim]) -> list[str]:
    answers = Counter(claim.answer for claim in claims)
    sure = Counter(claim.sure for claim in claims)
    low = [claim.id for claim in claims if claim.sure is Sure.LOW]
    header = [
        _("DRAFT written by `claimsort draft`: a starting point for you to edit, not a"),
        _("finished pack. Every claim below is a candidate picked by a rule, with a"),
        _("suggested answer, speaker and explanation; its comment says which rule fired, on"),
        _("which cue, and how sure that rule is. Look first at the claims marked"),
        _("“sure: low”, then “medium”. Rewrite each claim text as one plain statement,"),
        _("delete the claims you do not want, check every answer and said_by (a said_by of"),
        _("“?” means the drafter found no speaker), add hints and discussion questions,"),
        _("then run:  claimsort check THIS_FILE"),
        "",
        ngettext(
            "{n} candidate claim: {fact} fact, {assertion} assertion, {disputed} disputed.",
            "{n} candidate claims: {fact} fact, {assertion} assertion, {disputed} disputed.",
            len(claims),
        ).format(
            n=len(claims),
            fact=answers["fact"],
            assertion=answers["assertion"],
            disputed=answers["disputed"],
        ),
        _("How sure the rules are: {high} high, {medium} medium, {low} low.").format(
            high=sure[Sure.HIGH], medium=sure[Sure.MEDIUM], low=sure[Sure.LOW]
        ),
    ]
    if low:
        header.append(_("Sure: low:") + " " + ", ".join(low))
    return [comment(line) if line else "#" for line in header] + [""]


def _description(source: SourceInfo) -> str:
    details = ", ".join(
        part
        for part in (source.publisher, source.date.isoformat() if source.date else None)
        if part
    )
    return _cut(
        _("Drafted by claimsort draft from “{title}” ({details}); edit before playing.").format(
            title=source.title, details=details
        ),
        2000,
    )


def _claim(claim: DraftClaim) -> list[str]:
    return [
        *(comment(note) for note in claim.notes),
        "[[claims]]",
        f"id = {basic(claim.id)}",
        f"text = {basic(claim.text)}",
        f"answer = {basic(claim.answer)}",
        f"quote = {basic(claim.quote)}",
        f"said_by = {basic(claim.said_by)}",
        f"explanation = {basic(claim.explanation)}",
        "",
    ]


def _cut(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a space with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > 0 else limit - 1] + "…"
