"""The verdict after an answer: right or wrong, the right category, the source, why."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from game.excerpts import excerpt_ends
from game.i18n import _
from game.pack import Pack
from game.round import Answer
from game.wording import category_name, category_phrase
from tui.widgets.source import quoted, source_line


def verdict(answer: Answer, pack: Pack) -> str:
    """ "✓ Right: …" or "✗ Not quite: …", in words and a symbol, never colour alone."""
    right = category_phrase(pack.category(answer.correct))
    if answer.is_right and answer.hinted:
        return _("✓ Right, with the hint (half a point): this is {right}.").format(right=right)
    if answer.is_right:
        return _("✓ Right: this is {right}.").format(right=right)
    chosen = category_name(pack.category(answer.chosen))
    return _("✗ Not quite: this is {right} (you said: {chosen}).").format(
        right=right, chosen=chosen
    )


def feedback_content(answer: Answer, pack: Pack) -> Content:
    """The feedback panel's text. Pack text is placed as plain text, never parsed.

    No blank lines: the verdict, the explanation and the Discuss question must all be
    in view at 80x24 without scrolling, and each part is set apart by its style."""
    claim = answer.claim
    source = pack.source_of(claim)
    verdict_style = "bold $success" if answer.is_right else "bold $error"
    lines = [
        Content.styled(verdict(answer, pack), verdict_style),
        Content.styled(quoted(claim.quote, *excerpt_ends(source.text, claim.quote)), "italic"),
        Content("— " + claim.said_by),
    ]
    if len(pack.sources) > 1:
        # With one source, the card's title has already named it.
        lines.append(Content.styled(source_line(source), "$text-muted"))
    lines.append(Content(claim.explanation))
    if claim.discuss:
        lines.append(Content.assemble((_("Discuss:"), "bold $accent"), " ", claim.discuss))
    return Content("\n").join(lines)


class FeedbackPanel(Static):
    """Shows `feedback_content` for the latest answer."""

    def show(self, answer: Answer, pack: Pack) -> None:
        self.set_class(answer.is_right, "-right")
        self.set_class(not answer.is_right, "-wrong")
        self.update(feedback_content(answer, pack))
