"""Help: what each category means (from the pack), its cue words, and the keys.

The keys come from the screens' own bindings (and the round's answer keys from the
pack's categories), so a key added or changed there shows here."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.widgets import Static

from game.i18n import _
from game.pack import Category
from tui.screens.base import BaseScreen, guarded
from tui.screens.home import HomeScreen, PackList
from tui.screens.reader import ReaderScreen
from tui.screens.round import RoundScreen, answer_keys
from tui.screens.summary import SummaryScreen
from tui.widgets.keybar import KeyBar

KEY_NAMES = {"enter": "Enter", "space": "Space", "escape": "Esc", "tab": "Tab"}
"""How the help writes the keys Textual names in words; others as the key bar does."""


def key_name(key: str) -> str:
    """A key as the help writes it: "Enter", "Esc", "?", "F1", "q"."""
    if key in KEY_NAMES:
        return KEY_NAMES[key]
    shown = format_key(key)
    return shown.upper() if re.fullmatch(r"f\d+", shown) else shown


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding the key bar shows, in order: every key of
    the binding, and its tooltip (the longer description help needs) or else its label."""
    rows = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.show:
            keys = "/".join(key_name(key.strip()) for key in binding.key.split(","))
            # Translated as shown: the bindings were made when their module was imported.
            rows.append((keys, _(binding.tooltip or binding.description)))
    return rows


def keys_help(categories: Sequence[Category]) -> list[tuple[str, str]]:
    """(keys, what they do) in a round, and in the article and the help it opens."""
    by_category: dict[str, list[str]] = {}
    for key, category_id in answer_keys(categories).items():
        by_category.setdefault(category_id, []).append(key)
    answer_row = " ".join("/".join(keys) for keys in by_category.values())
    return [
        (answer_row, _("answer with a category (or click its button)")),
        *binding_rows(RoundScreen.BINDINGS),
        *binding_rows(ReaderScreen.BINDINGS),
        *binding_rows(HelpScreen.BINDINGS),
    ]


def elsewhere_help(*, locked: bool = False) -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen, its keys) for the pack list and the results; `locked` (a served
    student's game) leaves out changing the player, which it cannot do."""
    home = [*PackList.BINDINGS, *HomeScreen.BINDINGS]
    if locked:
        home = [b for b in home if not (isinstance(b, Binding) and b.action == "player")]
    return [
        (_("On the pack list"), binding_rows(home)),
        (_("On the results"), binding_rows(SummaryScreen.BINDINGS)),
    ]


class HelpScreen(BaseScreen):
    """The categories of the pack being played (or the defaults) and the keys."""

    CSS_PATH = "../help.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,question_mark,f1,q",
            "close",
            _("Back"),
            key_display="Esc",
            tooltip=_("close this help"),
        )
    ]
    """The help's own keys; the tooltip is what the help says of them."""

    def __init__(self, categories: Sequence[Category]) -> None:
        super().__init__()
        self.categories = tuple(categories)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(Content.styled(_("How to sort a claim"), "bold"), classes="help-heading")
            for number, category in enumerate(self.categories, start=1):
                yield Static(
                    Content.assemble(
                        (f"{number} {category.key.upper()}", "bold"), "  ", (category.label, "bold")
                    ),
                    classes="help-category",
                )
                yield Static(Content(category.description), classes="help-description")
            yield Static(Content.styled(_("Keys"), "bold"), classes="help-heading")
            groups = [
                (_("In a round"), keys_help(self.categories)),
                *elsewhere_help(locked=self.claimsort.locked),
            ]
            width = max(len(keys) for _title, rows in groups for keys, _text in rows)
            for title, rows in groups:
                yield Static(Content.styled(title, "italic"), classes="help-subheading")
                for keys, text in rows:
                    yield Static(
                        Content.assemble((keys.ljust(width), "bold"), "  ", text),
                        classes="help-key",
                    )
            yield Static(
                Content(
                    _(
                        "Everything works with the mouse too: click a category, a button or a key below."
                    )
                ),
                classes="help-key",
            )
        yield KeyBar()

    @guarded
    def action_close(self) -> None:
        self.dismiss()
