"""The letters the round keeps for itself (`game.pack.RESERVED_KEYS`) are the ones the
round screen really binds, and the teachers' guide names the same ones."""

from __future__ import annotations

from pathlib import Path

from game.pack import DEFAULT_CATEGORIES, RESERVED_KEYS

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "writing-packs.md"


def test_the_round_binds_exactly_the_reserved_letters() -> None:
    # A letter the round binds but a category may take would answer and act at once.
    from textual.binding import Binding

    from tui.screens.round import RoundScreen

    keys = {
        key.strip()
        for binding in RoundScreen.BINDINGS
        for key in (binding.key if isinstance(binding, Binding) else binding[0]).split(",")
    }
    letters = {key for key in keys if len(key) == 1 and key.isalpha()}
    assert letters == set(RESERVED_KEYS)


def test_no_default_category_takes_a_reserved_letter() -> None:
    assert not {c.key for c in DEFAULT_CATEGORIES} & set(RESERVED_KEYS)


def test_the_guide_names_the_reserved_letters_and_what_they_do() -> None:
    (row,) = [
        line
        for line in GUIDE.read_text(encoding="utf-8").splitlines()
        if line.startswith("| `key` |")
    ]
    letters = [f"`{key}`" for key in RESERVED_KEYS]
    actions = ", ".join(RESERVED_KEYS.values())
    assert f"not {', '.join(letters[:-1])} or {letters[-1]} ({actions})" in row
