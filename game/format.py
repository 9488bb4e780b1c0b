"""The pack format, version 1: the pydantic models a pack file is validated against.

`PackDocument` is what a `.toml` file holds (and what `claimsort schema` describes,
from these models' attribute docstrings). Once valid, it becomes a `game.pack.Pack`:
plain objects the rest of the game uses.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from game import pack as runtime
from game.pack import (
    ID_PATTERN,
    KEY_PATTERN,
    LANGUAGE_PATTERN,
    MAX_CLAIMS,
    MAX_PACK_BYTES,
    MAX_SOURCES,
    URL_PATTERN,
    default_categories,
    reserved_keys_phrase,
)
from game.text import describe_char, find_unsafe


def _safe(text: str, *, multiline: bool) -> str:
    at = find_unsafe(text, multiline=multiline)
    if at is not None:
        raise PydanticCustomError(
            "unsafe_character",
            "contains {char} at character {position}",
            {
                "char": describe_char(text[at]),
                "code": ord(text[at]),
                "position": at + 1,
                "multiline": multiline,
            },
        )
    return text


def _word(text: str) -> str:
    return _safe(text, multiline=False)


def _line(text: str) -> str:
    if not _safe(text, multiline=False).strip():
        raise PydanticCustomError("blank_text", "is empty")
    return text


def _multiline(text: str) -> str:
    if not _safe(text, multiline=True).strip():
        raise PydanticCustomError("blank_text", "is empty")
    return text


def _plain_date(value: dt.date) -> dt.date:
    # TOML datetimes are date subclasses; a publication date has no time of day.
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_with_time", "must be a date without a time")
    return value


# Every string field is one of these three, so that every one goes through the same
# unsafe-character check: a pattern lets through whatever it does not exclude (the
# url's `[^\s]` matches an escape character).
Word = Annotated[str, AfterValidator(_word)]
"""Text a pattern constrains further (an id, a url): no whitespace-only check of its own,
so that the pattern's message says what is wrong with an empty one."""
Line = Annotated[str, AfterValidator(_line)]
"""One line of text: no newline, tab, control or invisible characters (`game.text`)."""
Text = Annotated[str, AfterValidator(_multiline)]
"""Text that may span lines: newline and tab allowed, other unsafe characters not."""
Id = Annotated[Word, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
    )


class Category(_Model):
    """A category a claim can be sorted into."""

    id: Id
    """Identifier used by `answer`; lowercase letters, digits and '-'."""
    label: Annotated[Line, Field(max_length=40)]
    """The name the player sees, e.g. "Verified fact"."""
    # Described in Field, not in a docstring, so that the letters it names are the
    # ones the loader refuses.
    key: Annotated[
        Word,
        Field(
            pattern=KEY_PATTERN,
            description="One lowercase letter that answers with this category "
            f"({reserved_keys_phrase('and')} are taken).",
        ),
    ]
    description: Annotated[Text, Field(max_length=1000)]
    """What belongs in this category, with its cue words."""


class PackInfo(_Model):
    """The `[pack]` table: what the pack is."""

    id: Id
    """Identifier of the pack; lowercase letters, digits and '-'."""
    title: Annotated[Line, Field(max_length=200)]
    """The title players see."""
    language: Annotated[Word, Field(pattern=LANGUAGE_PATTERN, max_length=35)]
    """Language of the claims, as a BCP 47 tag such as "en" or "es-MX"."""
    description: Annotated[Text, Field(max_length=2000)] | None = None
    """What the pack is about, for the pack list."""
    authors: Annotated[list[Annotated[Line, Field(max_length=200)]], Field(max_length=50)] = []
    """Who wrote the pack."""
    level: Annotated[Line, Field(max_length=100)] | None = None
    """Who the pack is for, free text, e.g. "ages 14+"."""
    license: Annotated[Line, Field(max_length=100)] | None = None
    """The pack's license, e.g. "CC-BY-4.0"."""


class Source(_Model):
    """A `[[sources]]` entry: an article the claims come from."""

    id: Id
    """Identifier used by a claim's `source`; unique in the pack."""
    title: Annotated[Line, Field(max_length=300)]
    """The article's headline."""
    publisher: Annotated[Line, Field(max_length=200)]
    """Who published it, e.g. "EFE"."""
    description: Annotated[Text, Field(max_length=2000)] | None = None
    """What the text is, for the reader: a republication, a translation, what was left out."""
    published: Annotated[dt.date, AfterValidator(_plain_date)] | None = None
    """Publication date, as a TOML date (2025-04-17)."""
    url: Annotated[Word, Field(pattern=URL_PATTERN, max_length=2000)] | None = None
    """Where the article can be read (http or https)."""
    text: Annotated[Text, Field(max_length=MAX_PACK_BYTES)] | None = None
    """The article's text. Quotes are checked against it."""
    text_file: Annotated[Line, Field(max_length=500)] | None = None
    """A UTF-8 file holding the article's text, relative to the pack, inside its folder."""


class Claim(_Model):
    """A `[[claims]]` entry: one statement the player sorts."""

    id: Id
    """Identifier of the claim; unique in the pack, kept stable so progress follows it."""
    text: Annotated[Text, Field(max_length=500)]
    """The claim as the player sees it."""
    answer: Id
    """The right category's id: "fact", "assertion" or "disputed" by default."""
    source: Id | None = None
    """The source's id; required when the pack has several sources."""
    quote: Annotated[Text, Field(max_length=2000)]
    """Words of the source text that settle the answer; must occur in the source text."""
    said_by: Annotated[Line, Field(max_length=300)]
    """Who stands behind the claim in the article, e.g. "EFE, in its own voice"."""
    explanation: Annotated[Text, Field(max_length=2000)]
    """Why this category, naming the cue words."""
    hint: Annotated[Text, Field(max_length=500)] | None = None
    """Shown on request; a hinted right answer scores half."""
    discuss: Annotated[Text, Field(max_length=1000)] | None = None
    """A question for class discussion."""
    difficulty: Annotated[int, Field(ge=1, le=3)] = 2
    """1 (easy) to 3 (hard)."""
    tags: Annotated[
        list[Annotated[Word, Field(pattern=ID_PATTERN, max_length=40)]], Field(max_length=20)
    ] = []
    """Free tags, e.g. "attribution", "numbers"."""


class PackDocument(_Model):
    """A ClaimSort question pack, format 1 (one TOML file)."""

    model_config = ConfigDict(title="ClaimSort pack")

    format: Literal[1]
    """The pack format version; this version of ClaimSort reads format 1."""
    pack: PackInfo
    """What the pack is."""
    sources: Annotated[list[Source], Field(min_length=1, max_length=MAX_SOURCES)]
    """The articles the claims come from; one or more."""
    claims: Annotated[list[Claim], Field(min_length=1, max_length=MAX_CLAIMS)]
    """The claims to sort; one or more."""
    categories: Annotated[list[Category], Field(min_length=2, max_length=6)] | None = None
    """Replaces the three default categories (fact, assertion, disputed) for this pack."""


def _plain(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _runtime(model: BaseModel, cls: type[Any], **override: Any) -> Any:
    values = {f.name: _plain(getattr(model, f.name)) for f in dataclasses.fields(cls) if f.init}
    return cls(**(values | override))


def to_pack(
    document: PackDocument, texts: dict[int, str], *, path: Path | None, digest: str
) -> runtime.Pack:
    """The validated document as the game's `Pack`; `texts` are the sources' texts by
    index (read from `text_file`s)."""
    return runtime.Pack(
        info=_runtime(document.pack, runtime.PackInfo),
        sources=tuple(
            _runtime(source, runtime.Source, text=texts.get(index, source.text))
            for index, source in enumerate(document.sources)
        ),
        claims=tuple(_runtime(claim, runtime.Claim) for claim in document.claims),
        categories=(
            tuple(_runtime(c, runtime.Category) for c in document.categories)
            if document.categories
            else default_categories()
        ),
        path=path,
        digest=digest,
    )
