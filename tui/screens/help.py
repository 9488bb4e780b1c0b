"""Help: what each category means (from the pack), its cue words, and the keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.pack import Category
from tui.screens.base import BaseScreen, guarded
from tui.widgets.keybar import KeyBar


def keys_help(categories: Sequence[Category]) -> list[tuple[str, str]]:
    """(keys, what they do) for the round screen."""
    answer_keys = " ".join(
        f"{number}/{category.key}" for number, category in enumerate(categories, start=1)
    )
    return [
        (answer_keys, _("answer with a category (or click its button)")),
        ("Enter/Space", _("go on after the verdict")),
        ("h", _("show the hint (a right answer then scores half)")),
        ("r", _("read the article, the claim's quote highlighted")),
        ("?/F1", _("this help")),
        ("q", _("quit or go back to the pack list")),
        ("Esc", _("close the article or this help")),
    ]


def elsewhere_help() -> list[tuple[str, list[tuple[str, str]]]]:
    """(screen, its keys) for the pack list and the results."""
    return [
        (
            _("On the pack list"),
            [
                ("Enter", _("play the selected pack")),
                ("v", _("review the claims that are due")),
                ("s", _("your stats")),
                ("p", _("change player")),
            ],
        ),
        (
            _("On the results"),
            [
                ("p", _("play the same claims again")),
                ("m", _("replay only the claims you missed")),
                ("s", _("your stats")),
                ("b", _("back to the pack list")),
            ],
        ),
    ]


class HelpScreen(BaseScreen):
    """The categories of the pack being played (or the defaults) and the keys."""

    CSS_PATH = "../help.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", _("Back"), key_display="Esc")
    ]

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
            groups = [(_("In a round"), keys_help(self.categories)), *elsewhere_help()]
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
