"""Hints that name ids: "did you mean …?" and "use one of: …", at a cost and a length
that do not grow with the pack.

A hint lists at most MAX_LISTED ids, then how many more there are. "Did you mean"
compares a value with every id while there are at most MAX_COMPARED of them, the
same way as everywhere else (difflib); among more, only with the ids one edit away
(one character inserted, deleted, replaced or two swapped), found through an index
of every id with one character left out. A pack of hundreds of sources and
thousands of claims naming missing ones therefore costs a few lookups per claim,
not a comparison with every source.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from game.i18n import _

MAX_LISTED = 10
"""A hint names at most this many ids."""
MAX_COMPARED = 50
"""Up to this many ids, a value is compared with each of them."""
_CUTOFF = 0.5
_MAX_ID = 64  # ids are at most 64 characters; a longer value is one edit from none


def listed(items: Sequence[str]) -> str:
    """`items` joined by commas, the first MAX_LISTED of them and a count of the rest."""
    if len(items) <= MAX_LISTED:
        return ", ".join(items)
    return _("{items} and {n} more").format(
        items=", ".join(items[:MAX_LISTED]), n=f"{len(items) - MAX_LISTED:,}"
    )


def _one_out(text: str) -> set[str]:
    return {text[:at] + text[at + 1 :] for at in range(len(text))}


class Suggestions:
    """Near misses among a fixed set of ids (in their order in the pack)."""

    def __init__(self, choices: Iterable[str]) -> None:
        self.choices = list(dict.fromkeys(choices))
        """The ids, each once, in order."""
        self._index: dict[str, list[int]] | None = None

    def closest(self, value: str) -> str | None:
        """The id `value` most probably meant, or None."""
        if len(self.choices) <= MAX_COMPARED:
            options = self.choices
        elif len(value) <= _MAX_ID:
            index = self._one_edit_index()
            near = {at for key in _one_out(value) | {value} for at in index.get(key, ())}
            options = [self.choices[at] for at in sorted(near)]
        else:
            return None
        close = difflib.get_close_matches(value, options, n=1, cutoff=_CUTOFF)
        return close[0] if close else None

    def hint(self, value: str) -> str:
        """'did you mean "x"?', else the ids to choose from; empty without any."""
        if not self.choices:
            return ""
        close = self.closest(value)
        if close is not None:
            return _('did you mean "{choice}"?').format(choice=close)
        return _("use one of: {choices}").format(choices=listed(self.choices))

    def _one_edit_index(self) -> dict[str, list[int]]:
        """Each id, and each id with one character left out, to the ids it comes from:
        two strings one edit apart share a key."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for at, choice in enumerate(self.choices):
                for key in _one_out(choice) | {choice}:
                    index.setdefault(key, []).append(at)
            self._index = index
        return self._index
