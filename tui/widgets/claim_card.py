"""The card a claim is shown on, its source named in the border."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.pack import Claim, Source
from tui.widgets.source import source_byline


class ClaimCard(Static):
    """One claim's text, literally, with "publisher · date" as the border title."""

    def show(self, claim: Claim, source: Source) -> None:
        self.border_title = Content(source_byline(source))
        self.update(Content(claim.text))
