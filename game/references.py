"""Checks between the parts of a pack, which no single field's type can make.

Ids are unique; a claim's `answer` and `source` name a category and a source that
exist; its `quote` occurs in its source's text; a category's key is its own and not
one the game uses (`RESERVED_KEYS`). These run on the parsed document even when
validation failed, so that every mistake in a file is reported in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from game.i18n import _
from game.pack import DEFAULT_CATEGORIES, ID_PATTERN, RESERVED_KEYS
from game.places import ProblemLog, tables
from game.quote_diff import Budget, mismatch
from game.quotes import QuoteIndex
from game.suggest import Suggestions, listed
from game.text import normalise, shown


def check_references(
    document: Mapping[str, Any], texts: Mapping[int, str], log: ProblemLog
) -> None:
    """Report every broken reference in `document` to `log`; `texts` are the sources'
    texts by index (sources without one are not searched for quotes)."""
    sources = list(tables(document, "sources"))
    claims = list(tables(document, "claims"))
    categories = list(tables(document, "categories"))

    source_ids = _unique_ids(log, sources, "sources", _("source"))
    _unique_ids(log, claims, "claims", _("claim"))
    if categories:
        category_ids = _unique_ids(log, categories, "categories", _("category"))
        _check_category_keys(log, categories)
    else:
        category_ids = {c.id: -1 for c in DEFAULT_CATEGORIES}
    # Ids that break the id rules are reported on their own line; suggesting them
    # would also put untrusted characters into a hint.
    near_sources = Suggestions(i for i in source_ids if re.fullmatch(ID_PATTERN, i))
    near_categories = Suggestions(i for i in category_ids if re.fullmatch(ID_PATTERN, i))
    labels = _labels(categories)

    quoted: list[tuple[int, int, str]] = []  # (claim index, source index, needle)
    for index, claim in claims:
        answer = claim.get("answer")
        if isinstance(answer, str) and answer not in category_ids:
            log(
                ("claims", index, "answer"),
                _("answer {value} is not a category of this pack").format(value=shown(answer)),
                _answer_hint(answer, near_categories, labels),
            )
        source = claim.get("source")
        target: int | None
        if source is None:
            if len(sources) > 1:
                log(
                    ("claims", index),
                    _('claim has no "source", and the pack has several sources'),
                    _("add source = one of {ids}").format(ids=listed(near_sources.choices)),
                )
            target = 0 if len(sources) == 1 else None
        elif isinstance(source, str):
            target = source_ids.get(source)
            if target is None:
                log(
                    ("claims", index, "source"),
                    _("source {value} is not a source of this pack").format(value=shown(source)),
                    near_sources.hint(source),
                )
        else:
            target = None
        quote = claim.get("quote")
        if target is None or not isinstance(quote, str) or target not in texts:
            continue
        needle = normalise(quote)
        if needle:
            quoted.append((index, target, needle))

    # Quotes are looked up per text, all at once: a long article is indexed once
    # instead of being scanned once per quote.
    # Sources that share a text (several naming one file) share its index too.
    wanted: dict[str, set[str]] = {}
    for _index, target, needle in quoted:
        wanted.setdefault(texts[target], set()).add(needle)
    indexes = {text: QuoteIndex(text) for text in wanted}
    missing = {text: indexes[text].missing(needles) for text, needles in wanted.items()}
    budget = Budget(DIFF_CHARACTERS)
    for index, target, needle in quoted:
        text = texts[target]
        if needle in missing[text]:
            log(
                ("claims", index, "quote"),
                _("quote not found in the text of source {source}").format(
                    source=shown(sources[target][1].get("id", target + 1))
                ),
                _quote_hint(needle, target, texts, sources, indexes, budget),
            )


DIFF_CHARACTERS = 200_000_000
"""Characters of article text the search for where missing quotes differ may scan in
one pack (a C-speed scan: a fraction of a second)."""

_COPY_EXACTLY = (
    "copy the words exactly from the article (spacing, quote marks and dashes may differ)"
)


def _quote_hint(
    needle: str,
    target: int,
    texts: Mapping[int, str],
    sources: list[tuple[int, Mapping[str, Any]]],
    indexes: dict[str, QuoteIndex],
    budget: Budget,
) -> str:
    """Where a quote parts from its source's text; or the other source that has it."""
    for other, text in texts.items():
        if other == target or text == texts[target]:
            continue
        haystack = indexes.setdefault(text, QuoteIndex(text)).haystack
        source_id = sources[other][1].get("id")
        if isinstance(source_id, str) and budget.spend(haystack) and needle in haystack:
            return _("it is in the text of source {source}: set source = {source}").format(
                source=shown(source_id)
            )
    found = mismatch(needle, indexes[texts[target]].haystack, budget)
    if found is None:
        return _(_COPY_EXACTLY)
    return _("{where}; copy the words exactly from the article").format(where=found.hint())


def _labels(categories: Iterable[tuple[int, Mapping[str, Any]]]) -> dict[str, str]:
    """Each category's label, lower-cased, to its id (the defaults' without tables)."""
    found = {
        entry["label"].lower(): entry["id"]
        for _index, entry in categories
        if isinstance(entry.get("label"), str) and isinstance(entry.get("id"), str)
    }
    if not found:
        found = {c.label.lower(): c.id for c in DEFAULT_CATEGORIES}
    return {label: id for label, id in found.items() if re.fullmatch(ID_PATTERN, id)}


def _answer_hint(answer: str, near: Suggestions, labels: Mapping[str, str]) -> str:
    """The categories there are, first (following a suggestion shaped like an id could
    still leave the pack broken), then the one the teacher probably meant: by its id,
    or by its label ("Official assertion" means "assertion")."""
    if not near.choices:
        return ""
    known = _("the categories are {ids}").format(ids=listed(near.choices))
    lowered = answer.strip().lower()
    meant = labels.get(lowered) or near.closest(lowered)
    if meant is None:
        label = Suggestions(labels).closest(lowered)
        meant = labels[label] if label is not None else None
    if meant is None:
        return known
    return _('{known}; did you mean "{choice}"?').format(known=known, choice=meant)


def _unique_ids(
    log: ProblemLog, entries: Iterable[tuple[int, Mapping[str, Any]]], table: str, what: str
) -> dict[str, int]:
    """Each id of the tables `entries` with the index of its first table; an id used
    again is reported."""
    seen: dict[str, int] = {}
    for index, entry in entries:
        value = entry.get("id")
        if not isinstance(value, str):
            continue
        if value in seen:
            log(
                (table, index, "id"),
                _("{what} id {value} is used twice").format(what=what, value=shown(value)),
                _("ids must be unique; the first one is on line {line}").format(
                    line=log.line_of((table, seen[value], "id"))
                ),
            )
        else:
            seen[value] = index
    return seen


def reserved_keys_taken() -> str:
    """The message's list of the letters the game takes: "h hint, r read, q quit"."""
    return ", ".join(
        _("{key} {action}").format(key=key, action=_(action))
        for key, action in RESERVED_KEYS.items()
    )


def _check_category_keys(
    log: ProblemLog, categories: Iterable[tuple[int, Mapping[str, Any]]]
) -> None:
    seen: dict[str, int] = {}
    for index, entry in categories:
        key = entry.get("key")
        if not isinstance(key, str):
            continue
        if key in RESERVED_KEYS:
            log(
                ("categories", index, "key"),
                _("key {value} is taken by the game ({keys})").format(
                    value=shown(key), keys=reserved_keys_taken()
                ),
                _("choose another letter"),
            )
        elif key in seen:
            log(
                ("categories", index, "key"),
                _("key {value} is used by two categories").format(value=shown(key)),
                _("give each category its own letter"),
            )
        seen.setdefault(key, index)
