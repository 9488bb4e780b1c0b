"""The card a claim is shown on, its source named in the border."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.pack import Claim, Source
from tui.widgets.source import source_byline


class ClaimCard(Static):
    """One claim's text, literally, with "publisher · date" as the border title."""

    def __init__(
        self, claim: Claim, source: Source, *, id: str | None = None, classes: str | None = None
    ) -> None:
        # Built with its claim, so the first frame of a round already shows it.
        super().__init__(id=id, classes=classes)
        self.show(claim, source)

    def show(self, claim: Claim, source: Source) -> None:
        self.border_title = Content(source_byline(source))
        self.update(Content(claim.text))
