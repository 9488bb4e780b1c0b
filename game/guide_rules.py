"""The guide's rules for a good pack, as warnings: a pack that breaks them still plays.

`docs/writing-packs.md` teaches these rules and `claimsort check` reports them as
warnings (exit 0), or as failures with `--strict`. Each rule is a function of a valid
`Pack` that reports to a `ProblemLog` at the key it is about; `RULES` lists them in the
order the guide gives them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import groupby

from game.draft.cues import find_cues
from game.draft.lexicon import CUES
from game.i18n import _, ngettext
from game.pack import Pack
from game.places import ProblemLog

MAX_IN_A_ROW = 3
"""At most this many claims in a row (in file order) may have the same answer."""
MOST_PER_CATEGORY_NEEDED = 4
"""A pack never needs more claims than this in any one category."""


def claims_needed_per_category(claims: int, categories: int) -> int:
    """How many claims each category needs in a pack of `claims` claims: one for every
    two claims each category would have in an even split (one per six claims with the
    three default categories), at least one and at most MOST_PER_CATEGORY_NEEDED; none
    in a pack of fewer claims than twice the categories, too short to balance."""
    if claims < 2 * categories:
        return 0
    return max(1, min(MOST_PER_CATEGORY_NEEDED, claims // (2 * categories)))


def _few_in_a_category(pack: Pack, log: ProblemLog) -> None:
    total = len(pack.claims)
    needed = claims_needed_per_category(total, len(pack.categories))
    if not needed:
        return
    for category in pack.categories:
        count = sum(1 for claim in pack.claims if claim.answer == category.id)
        if count >= needed:
            continue
        log.warn(
            ("claims", 0),
            ngettext(
                'only {count} of the {total} claims has answer "{id}"; a pack of {total} '
                "claims needs at least {needed} in each category",
                'only {count} of the {total} claims have answer "{id}"; a pack of {total} '
                "claims needs at least {needed} in each category",
                count,
            ).format(count=count, total=total, id=category.id, needed=needed),
            ngettext(
                'write {more} more "{id}" claim from the article, or fewer of the others',
                'write {more} more "{id}" claims from the article, or fewer of the others',
                needed - count,
            ).format(more=needed - count, id=category.id),
        )


def _hard_without_hint(pack: Pack, log: ProblemLog) -> None:
    for index, claim in enumerate(pack.claims):
        if claim.difficulty == 3 and not claim.hint:
            log.warn(
                ("claims", index, "difficulty"),
                _("claim {n} has difficulty 3 but no hint").format(n=index + 1),
                _('add hint = "…": a question that points at the cue without naming the answer'),
            )


def cue_lemmas(text: str) -> set[str]:
    """The base words of every cue word or phrase in `text`, quoted or not ("boasted"
    and “boast” both give "boast")."""
    found: set[str] = set()
    for lexicon in CUES.values():
        for match in lexicon.pattern.finditer(text):
            found.add(lexicon.lemma(match.group()))
    return found


_QUOTATION_MARKS = re.compile(r"[“”\"]")
_NAMES_QUOTATION_MARKS = re.compile(r"\bquot(?:ation|e)s?(?: marks?)?\b|\bin quotes\b", re.I)


def _explanation_without_cue(pack: Pack, log: ProblemLog) -> None:
    for index, claim in enumerate(pack.claims):
        # The article's own cues, not words inside a quotation it reports.
        cues = list(dict.fromkeys(cue.lemma for cue in find_cues(claim.quote)))
        if not cues:
            continue  # a quote in the outlet's own voice has no cue word to name
        if cue_lemmas(claim.explanation) & set(cues):
            continue
        if _QUOTATION_MARKS.search(claim.quote) and _NAMES_QUOTATION_MARKS.search(
            claim.explanation
        ):
            continue
        log.warn(
            ("claims", index, "explanation"),
            _(
                "the explanation of claim {n} names none of the cue words in its quote ({cues})"
            ).format(n=index + 1, cues=", ".join(f'"{cue}"' for cue in cues)),
            _("say which word tells the student who stands behind the claim"),
        )


def _hint_names_the_answer(pack: Pack, log: ProblemLog) -> None:
    for index, claim in enumerate(pack.claims):
        if not claim.hint:
            continue
        category = pack.category(claim.answer)
        for name in (category.label, category.id):
            named = re.search(rf"\b{re.escape(name)}\b", claim.hint, re.IGNORECASE)
            if named:
                log.warn(
                    ("claims", index, "hint"),
                    _('the hint of claim {n} names its answer, "{name}"').format(
                        n=index + 1, name=named.group()
                    ),
                    _("ask about the cue instead (“Who says this? Does anyone contest it?”)"),
                )
                break


def _runs_of_one_answer(pack: Pack, log: ProblemLog) -> None:
    at = 0
    for answer, run in groupby(pack.claims, key=lambda claim: claim.answer):
        length = len(list(run))
        if length > MAX_IN_A_ROW:
            log.warn(
                ("claims", at + MAX_IN_A_ROW),
                _(
                    'claims {first} to {last} all have answer "{id}": claims play in file '
                    "order unless shuffled, so a student can answer by the run"
                ).format(first=at + 1, last=at + length, id=answer),
                _(
                    "move some of them between claims with other answers (at most {most} in a row)"
                ).format(most=MAX_IN_A_ROW),
            )
        at += length


Rule = Callable[[Pack, ProblemLog], None]

RULES: tuple[Rule, ...] = (
    _few_in_a_category,
    _hard_without_hint,
    _explanation_without_cue,
    _hint_names_the_answer,
    _runs_of_one_answer,
)
"""Every rule of the guide that `check` warns about."""


def check_guide_rules(pack: Pack, log: ProblemLog) -> None:
    """Report every rule of the guide `pack` breaks to `log`, as warnings."""
    for rule in RULES:
        rule(pack, log)
