"""The article reader: the source text, the current claim's quote highlighted in place."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar, overload

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.i18n import _
from game.pack import Claim, Source
from game.round import Round
from game.text import find_quote
from tui.screens.base import LAYOUT_TRIES, BaseScreen, after_next_layout, guarded
from tui.widgets.article import ArticleView
from tui.widgets.keybar import KeyBar
from tui.widgets.source import source_byline

CURRENT_STYLE = "reverse bold"
"""The current claim's quote: reverse video reads with or without colour."""
ANSWERED_STYLE = "underline"
TAG_STYLE = "bold italic"


@dataclass(frozen=True)
class Mark:
    """A quote's place in the source text, and what to show there."""

    start: int
    end: int
    current: bool
    tag: str | None
    """The category label shown after an answered claim's quote; None before the answer."""


def marks_for(round_: Round, source: Source, text: str) -> list[Mark]:
    """The answered claims' quotes (with their category) and the current claim's quote."""
    current = round_.current
    marks: list[Mark] = []
    seen: set[str] = set()
    for answer in round_.answers:
        claim = answer.claim
        if claim.id in seen or round_.pack.source_of(claim).id != source.id:
            continue
        seen.add(claim.id)
        span = find_quote(text, claim.quote)
        if span is not None:
            label = round_.pack.category(claim.answer).label
            is_current = current is not None and claim.id == current.id
            marks.append(Mark(span[0], span[1], is_current, label))
    if current is not None and current.id not in seen:
        span = find_quote(text, current.quote)
        if span is not None:
            marks.append(Mark(span[0], span[1], True, None))
    return marks


class ArticleLines(Sequence[Content]):
    """The article's lines as shown, each made when it is asked for: a 5 MB article is
    split into lines at once, and only the lines drawn are styled."""

    def __init__(self, text: str, marks: Sequence[Mark]) -> None:
        self.texts = text.split("\n")
        """Each line's plain text."""
        self._starts = [0, *accumulate(len(line) + 1 for line in self.texts)]
        self._marks: dict[int, list[Mark]] = {}
        for mark in marks:
            for index in range(self._line_of(mark.start), self._line_of(mark.end) + 1):
                self._marks.setdefault(index, []).append(mark)
        self.quote_line: int | None = min(
            (self._line_of(m.start) for m in marks if m.current), default=None
        )
        """The line where the current quote starts, if it is in the text."""
        self.reshaped = frozenset(i for i in self._marks if self._tags(i))
        """The lines that show a category mark after a quote: more text than their own."""

    def _line_of(self, offset: int) -> int:
        # The line holding `offset`, a line's newline included.
        return max(0, min(bisect_right(self._starts, offset) - 1, len(self.texts) - 1))

    def _tags(self, index: int) -> list[tuple[int, str]]:
        start = self._starts[index]
        end = start + len(self.texts[index])
        return [
            (mark.end - start, mark.tag)
            for mark in self._marks.get(index, [])
            if mark.tag is not None and start < mark.end <= end and mark.start < end + 1
        ]

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, index: int) -> Content: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Content]: ...

    def __getitem__(self, index: int | slice) -> Content | Sequence[Content]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        raw = self.texts[index]
        start = self._starts[index]
        end = start + len(raw)
        content = Content(raw)
        for mark in self._marks.get(index, []):
            if mark.end <= start or mark.start >= end + 1:
                continue
            lo, hi = max(mark.start, start) - start, min(mark.end, end) - start
            if hi > lo:
                content = content.stylize(CURRENT_STYLE if mark.current else ANSWERED_STYLE, lo, hi)
        # Insert from the right so earlier offsets stay valid.
        for at, tag in sorted(self._tags(index), reverse=True):
            content = Content.assemble(content[:at], (f" [{tag}]", TAG_STYLE), content[at:])
        return content


class ReaderScreen(BaseScreen):
    """Shows the source of the current (or latest) claim, opened at the current quote.

    The article is an `ArticleView`, which lays out fast and draws only what is in
    view: a 5 MB article opens about as fast as a short one."""

    CSS_PATH = "../reader.tcss"
    """Styles of this screen, next to the app's; loaded when it is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,r", "close", _("Back"), key_display="Esc", tooltip=_("close the article")),
    ]
    """The reader's keys; the tooltip is what the help says of it."""

    def __init__(self, round_: Round) -> None:
        super().__init__()
        self.round = round_
        claim: Claim | None = round_.current
        if claim is None and round_.answers:
            claim = round_.answers[-1].claim
        self.claim = claim
        self.lines: Sequence[Content] = ()
        """The article's lines as shown, highlights and category marks included."""
        self.quote_line: int | None = None
        """The index in `lines` of the line where the current quote starts."""

    def compose_body(self) -> ComposeResult:
        pack = self.round.pack
        source = pack.source_of(self.claim) if self.claim is not None else pack.sources[0]
        yield Static(Content.styled(source.title, "bold"), id="reader-title")
        details = source_byline(source)
        if source.url:
            details += " · " + source.url
        yield Static(Content.styled(details, "$text-muted"), id="reader-source")
        with VerticalScroll(id="article"):
            if source.description:
                # What the text is (a republication, what was left out): read before it.
                yield Static(
                    Content.styled(source.description, "italic $text-muted"), id="reader-note"
                )
            if source.text is None:
                yield Static(
                    Content(_("This pack does not include the article's text.")),
                    classes="article-missing",
                )
                return
            marks = marks_for(self.round, source, source.text)
            if self.claim is not None and not any(m.current for m in marks):
                yield Static(
                    Content(_("The quote for this claim was not found in the text.")),
                    classes="article-missing",
                )
            lines = ArticleLines(source.text, marks)
            self.lines, self.quote_line = lines, lines.quote_line
            yield ArticleView(lines.texts, lines.__getitem__, lines.reshaped, id="article-text")
        yield Static(
            Content.assemble(
                (_("highlighted"), CURRENT_STYLE),
                " ",
                _("this claim"),
                "   ",
                (_("underlined [category]"), ANSWERED_STYLE),
                " ",
                _("claims you answered"),
            ),
            id="reader-legend",
        )
        yield KeyBar()

    @guarded
    def on_mount(self) -> None:
        self.call_after_refresh(self._scroll_to_quote)

    async def _scroll_to_quote(self, tries: int = LAYOUT_TRIES) -> None:
        if self.quote_line is None or not self.is_current or self.too_small:
            return
        text = self.query_one("#article-text", ArticleView)
        article = self.query_one("#article", VerticalScroll)
        laid_out = text.virtual_region
        if not laid_out or not text.laid_out or article.virtual_size.height < laid_out.bottom:
            if tries:
                await after_next_layout(self, self._scroll_to_quote, tries - 1)
            return
        # Laid out by now, at the width shown: the row of the quote's line is exact.
        y = laid_out.y + text.line_start(self.quote_line)
        article.scroll_to(y=y, animate=False)

    @guarded
    def action_close(self) -> None:
        self.dismiss()
