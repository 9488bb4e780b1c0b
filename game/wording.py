"""How a category reads inside a sentence: "this is a verified fact", "you said: disputed".

The default categories have noun phrases of their own (with their article, translated);
a pack's own categories are named by their label, in quotation marks, since the game
cannot know how a label takes an article in the pack's language.
"""

from __future__ import annotations

from game.i18n import _
from game.pack import DEFAULT_CATEGORIES, Category

_DEFAULT_LABELS = {c.id: c.label for c in DEFAULT_CATEGORIES}


def is_default(category: Category) -> bool:
    """Whether `category` is one of the three defaults (by id and label: a pack's own
    "fact" category may mean something else), its label as written or translated."""
    label = _DEFAULT_LABELS.get(category.id)
    return label is not None and category.label in (label, _(label))


def category_phrase(category: Category) -> str:
    """The category as the object of "this is …": "a verified fact", "“Opinion”"."""
    if is_default(category):
        phrases = {
            "fact": _("a verified fact"),
            "assertion": _("an official assertion"),
            "disputed": _("a disputed claim"),
        }
        return phrases[category.id]
    return _("“{label}”").format(label=category.label)


def category_name(category: Category) -> str:
    """The category as a short name mid-sentence: "verified fact", "“Opinion”"."""
    if is_default(category):
        names = {
            "fact": _("verified fact"),
            "assertion": _("official assertion"),
            "disputed": _("disputed"),
        }
        return names[category.id]
    return _("“{label}”").format(label=category.label)
