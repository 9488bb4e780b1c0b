"""`claimsort draft`'s engine: a rule-based drafter that turns a plain-text article
into a pack a teacher edits.

    text = read_article(path_or_dash)          # DraftError for bad input
    toml = draft_pack(text, title=..., publisher=..., date=..., url=...)
    write_new(output_path, toml)               # never overwrites

Nothing is downloaded or learned: sentences are split by rule (`sentences`), cue words
come from fixed lexicons (`lexicon`), speakers from the words around them (`speakers`,
`resolve`), and the first matching rule of an ordered list decides each suggested
category (`rules`), so a teacher can see why each claim is what it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from game.draft.article import Article, read
from game.draft.blocks import Kind, publisher_of, title_of
from game.draft.claims import DraftClaim, draft_claims, slug
from game.draft.errors import DraftError
from game.draft.files import MAX_ARTICLE_BYTES, STDIN, checked_text, read_article, write_new
from game.draft.rules import Reading, read_sentences
from game.draft.writer import SourceInfo, write_pack
from game.i18n import _
from game.pack import MAX_PACK_BYTES, URL_PATTERN
from game.quotes import QuoteIndex
from game.text import describe_char, find_unsafe, normalise

__all__ = [
    "MAX_ARTICLE_BYTES",
    "STDIN",
    "DraftError",
    "draft_pack",
    "read_article",
    "readings",
    "write_new",
]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def draft_pack(
    text: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    date: str | dt.date | None = None,
    url: str | None = None,
) -> str:
    """The TOML text of a draft pack for the article `text`, which passes the pack
    validator; `DraftError` for an article or option it cannot use."""
    text = checked_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    title = _option(title, "--title", 300)
    publisher = _option(publisher, "--publisher", 200)
    published = _date(date)
    url = _url(url)
    article = read(text)
    found = read_sentences(article.sentences)
    if not found:
        raise DraftError(
            _("found no sentence to draft a claim from"),
            _(
                "the drafter reads paragraphs of whole sentences; headlines, bullets and "
                "lines of fewer than four words are skipped"
            ),
        )
    guessed: list[str] = []
    if title is None:
        title = title_of(list(article.blocks))
        if title is None:
            title = _("Untitled article")
            guessed.append(_("title: the article has no headline line; give --title"))
        else:
            guessed.append(_("title: taken from the article's first line"))
    if publisher is None:
        publisher = publisher_of(text, list(article.blocks))
        if publisher is None:
            guessed.append(_("publisher: not found in the article; give --publisher"))
        else:
            guessed.append(_("publisher: taken from the article"))
    source_text, removed = _source_text(article)
    claims = _checked_quotes(draft_claims(found, publisher), source_text)
    pack = write_pack(
        SourceInfo(
            pack_id=slug(title) if slug(title) != "claim" else "draft",
            title=title,
            publisher=publisher or "?",
            text=source_text,
            date=published,
            url=url,
            guessed=tuple(guessed),
            removed=tuple(removed),
        ),
        claims,
    )
    size = len(pack.encode("utf-8"))
    if size > MAX_PACK_BYTES:
        raise DraftError(
            _("the draft would be {size} bytes, more than a pack may hold ({limit})").format(
                size=f"{size:,}", limit=f"{MAX_PACK_BYTES:,}"
            ),
            _("draft from the part of the article the claims are about"),
        )
    return pack


def readings(text: str) -> list[Reading]:
    """What the drafter makes of each sentence of `text`: for the benchmark and tests."""
    return read_sentences(read(checked_text(text)).sentences)


def _option(value: str | None, name: str, limit: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise DraftError(
            _("{name} is empty").format(name=name), _("give it a value or leave it out")
        )
    at = find_unsafe(value, multiline=False)
    if at is not None:
        raise DraftError(
            _("{name} contains {char}").format(name=name, char=describe_char(value[at])),
            _("give it on one line, as plain text"),
        )
    if len(value) > limit:
        raise DraftError(
            _("{name} is {length} characters long; at most {limit}").format(
                name=name, length=len(value), limit=limit
            ),
            _("shorten it"),
        )
    return value


def _date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        if isinstance(value, dt.datetime):
            return value.date()
        return value
    try:
        if not _DATE.match(value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DraftError(
            _("--date {value} is not a date").format(value=repr(value)),
            _("write it as YYYY-MM-DD, e.g. 2025-04-17"),
        ) from None


def _url(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if len(value) > 2000 or not re.match(URL_PATTERN, value):
        raise DraftError(
            _("--url must be a web address starting with http:// or https://, without spaces"),
            _("e.g. https://example.org/news/article"),
        )
    return value


def _source_text(article: Article) -> tuple[str, list[str]]:
    """The article's text for the pack: without its headline (the pack's title) and
    the website's furniture; the lines left out, for the teacher's comment."""
    drop = [
        block
        for index, block in enumerate(article.blocks)
        if block.kind is Kind.FURNITURE or (index == 0 and block.kind is Kind.HEADING)
    ]
    text = article.text
    pieces = []
    at = 0
    for block in drop:
        pieces.append(text[at : block.start])
        at = block.end
    pieces.append(text[at:])
    kept = re.sub(r"\n{3,}", "\n\n", "".join(pieces)).strip("\n")
    return kept + "\n", [" ".join(block.text.split()) for block in drop]


def _checked_quotes(claims: list[DraftClaim], text: str) -> list[DraftClaim]:
    """Every claim's quote is in the text the pack keeps: a quote taking in the next
    sentence falls back to the sentence alone when something stands between them."""
    index = QuoteIndex(text)
    missing = index.missing(normalise(claim.quote) for claim in claims)
    kept = []
    for claim in claims:
        if normalise(claim.quote) in missing:
            if normalise(claim.fallback_quote) in index.missing([normalise(claim.fallback_quote)]):
                continue
            claim = replace(claim, quote=claim.fallback_quote)
        kept.append(claim)
    return kept
