"""A report from what was read: one `PackReport` per pack, against the pack as it is now.

Packs change. The pack found (by id) is the key: an answer given to another version of
it (another `pack_hash`) counts only where that claim's right answer is the same as
now, as review does; the others are set aside, and so are answers to claims the pack no
longer has. Without the pack, the key is each claim's right answer in its latest
answer. Each student's first attempt at a claim is their earliest answer under that key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.pack import DEFAULT_CATEGORIES, Pack
from game.report.attempts import FirstAttempts, Names
from game.report.classes import ClassResult, class_result
from game.report.items import ItemStats, analyse
from game.report.sources import Collection, PackAnswers

_DEFAULT_LABELS = {c.id: c.label for c in DEFAULT_CATEGORIES}


@dataclass(frozen=True)
class PackReport:
    """The report on one pack."""

    pack_id: str
    pack: Pack | None
    """The pack as found now; None when it was not found (the report works on ids)."""
    labels: Mapping[str, str]
    """Category id -> label, in the pack's order (without the pack: the ids seen)."""
    answers: int
    """Answers read for this pack (every attempt, within the filters)."""
    counted: int
    """Answers under the key in force (the rest were set aside)."""
    changed_key: int
    """Answers set aside: given when the claim's right answer was another."""
    gone: int
    """Answers set aside: to claims the pack no longer has."""
    unknown_choice: int
    """First attempts set aside: choosing a category the pack (found) does not have."""
    versions: int
    """How many versions of the pack (`pack_hash`) the answers were given to."""
    items: tuple[ItemStats, ...]
    """Hardest first."""
    cohort: ClassResult | None

    @property
    def title(self) -> str:
        return self.pack.title if self.pack is not None else self.pack_id

    @property
    def set_aside(self) -> int:
        return self.changed_key + self.gone + self.unknown_choice


def build(collection: Collection, packs: Mapping[str, Pack]) -> list[PackReport]:
    """One report per pack read, in pack id order; `packs` maps pack ids to the packs found."""
    return [
        pack_report(pack_id, collection.packs[pack_id], packs.get(pack_id), collection.players)
        for pack_id in sorted(collection.packs)
    ]


def pack_report(pack_id: str, read: PackAnswers, pack: Pack | None, players: Names) -> PackReport:
    claim_ids = read.claims.names
    names = read.categories.names
    if pack is not None:
        answers = {claim.id: claim.answer for claim in pack.claims}
        keys = {
            c: read.categories.numbers.get(answers[claim_id], -1)
            for c, claim_id in enumerate(claim_ids)
            if claim_id in answers
        }
        labels = {c.id: c.label for c in pack.categories}
        order: Sequence[str] = [claim.id for claim in pack.claims]
    else:
        keys = {c: correct for c, (_at, correct) in read.latest.items()}
        labels = _labels_seen(read)
        order = ()
    changed = gone = 0
    for (c, correct), n in read.by_key.items():
        if c not in keys:
            gone += n
        elif keys[c] != correct:
            changed += n
    firsts = FirstAttempts(players.names, claim_ids, names)
    unknown = 0
    for kept in read.earliest:
        if keys.get(kept.claim) == kept.correct:
            if names[kept.chosen] not in labels:  # a row, or a column, of its own
                unknown += 1
                continue
            firsts.add(
                kept.player, kept.claim, kept.correct, kept.chosen, kept.hinted, kept.seconds
            )
    return PackReport(
        pack_id=pack_id,
        pack=pack,
        labels=labels,
        answers=read.answers,
        counted=read.answers - changed - gone - unknown,
        changed_key=changed,
        gone=gone,
        unknown_choice=unknown,
        versions=len(read.hashes),
        items=tuple(analyse(firsts, list(labels), order)),
        cohort=class_result(firsts, labels),
    )


def _labels_seen(read: PackAnswers) -> dict[str, str]:
    """The categories the answers name, the defaults first in their order, labelled as
    the defaults are (others by their id)."""
    numbers = {category for _claim, category in read.by_key} | read.earliest.chosen()
    seen = {read.categories.names[n] for n in numbers}
    defaults = [c.id for c in DEFAULT_CATEGORIES]
    if seen <= set(defaults):  # a pack of the three: guessing is 1 in 3 either way
        seen |= set(defaults)
    ordered = [cid for cid in defaults if cid in seen]
    ordered += sorted(seen - set(ordered))
    return {cid: _DEFAULT_LABELS.get(cid, cid) for cid in ordered}
