"""The article reader: the source text, the current claim's quote highlighted in place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.widgets import Static

from game.i18n import _
from game.pack import Claim, Source
from game.round import Round
from game.text import find_quote
from tui.screens.base import LAYOUT_TRIES, BaseScreen, after_next_layout, guarded
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


def render_lines(text: str, marks: list[Mark]) -> list[tuple[Content, bool]]:
    """The text line by line as Content, with each line's flag: holds the current quote's start."""
    lines: list[tuple[Content, bool]] = []
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        content = Content(raw)
        holds_current = False
        tags: list[tuple[int, str]] = []
        for mark in marks:
            if mark.end <= start or mark.start >= end + 1:
                continue
            lo, hi = max(mark.start, start) - start, min(mark.end, end) - start
            if hi > lo:
                content = content.stylize(CURRENT_STYLE if mark.current else ANSWERED_STYLE, lo, hi)
            if mark.current and start <= mark.start <= end:
                holds_current = True
            if mark.tag is not None and start <= mark.end <= end:
                tags.append((mark.end - start, mark.tag))
        # Insert from the right so earlier offsets stay valid.
        for at, tag in sorted(tags, reverse=True):
            content = Content.assemble(content[:at], (f" [{tag}]", TAG_STYLE), content[at:])
        lines.append((content, holds_current))
    return lines


class ReaderScreen(BaseScreen):
    """Shows the source of the current (or latest) claim.

    The article is one widget holding one Content, however long: a widget per line
    made a 20,000-line article take many seconds to open."""

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
        self.lines: list[Content] = []
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
            for number, (line, holds_current) in enumerate(render_lines(source.text, marks)):
                self.lines.append(line)
                if holds_current and self.quote_line is None:
                    self.quote_line = number
            yield Static(Content("\n").join(self.lines), id="article-text")
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

    def quote_offset(self, width: int) -> int:
        """The row the quote's line starts on, its earlier lines wrapped at `width`."""
        if not self.quote_line:
            return 0
        text = self.query_one("#article-text", Static)
        before = Content("\n").join(self.lines[: self.quote_line])
        # A widget's styles serve as the rules map (Textual's own widgets pass them so).
        return before.get_height(cast(RulesMap, text.styles), width)

    async def _scroll_to_quote(self, tries: int = LAYOUT_TRIES) -> None:
        if self.quote_line is None or not self.is_current or self.too_small:
            return
        text = self.query_one("#article-text", Static)
        article = self.query_one("#article", VerticalScroll)
        laid_out = text.virtual_region
        if not laid_out or article.virtual_size.height < laid_out.bottom:
            if tries:
                await after_next_layout(self, self._scroll_to_quote, tries - 1)
            return
        y = text.virtual_region.y + self.quote_offset(text.size.width)
        article.scroll_to(y=y, animate=False)

    @guarded
    def action_close(self) -> None:
        self.dismiss()
