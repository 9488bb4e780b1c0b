"""A pack as the game uses it: plain, immutable objects, already validated.

The file format and its validation live in `game.format` (pydantic) and
`game.loader`; this module imports neither, so that playing a pack whose check is
cached (`game.packcache`) starts without building any validator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from game.i18n import N_, _

KNOWN_FORMATS = (1,)

MAX_PACK_BYTES = 5 * 1024 * 1024
"""A pack file (and a source's text file) may be at most 5 MB."""
MAX_SOURCES = 500
"""A pack may have at most 500 sources (a real one has a few)."""
MAX_CLAIMS = 5000
"""A pack may have at most 5,000 claims (a real one has tens)."""
MAX_STATEMENTS = 16 * (MAX_SOURCES + MAX_CLAIMS)
"""A pack file may hold at most 88,000 keys and table headers: 16 for each source and
claim it may have (a claim has 11 fields, a source 7), so that a file of nothing but
headers or keys is refused before tomli spends seconds and gigabytes on it."""
MAX_NESTING = 16
"""A key path may be at most 16 levels deep: table names, dotted key parts and nested
lists together (`[[claims]]` then `tags = ["a"]` is four: claims, 1, tags, 1)."""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
URL_PATTERN = r"^https?://[^\s]+$"
KEY_PATTERN = r"^[a-z]$"
MULTILINE_FIELDS = frozenset({"description", "text", "quote", "explanation", "hint", "discuss"})
"""The text fields that may span lines (newline and tab allowed), in every table that
has them; every other text field is one line. `game.format` gives exactly these its
multi-line type (a test checks that the two agree), and the pack cache checks what it
reads back by them."""
RESERVED_KEYS: Mapping[str, str] = MappingProxyType({"h": "hint", "r": "read", "q": "quit"})
"""Letters the round screen uses itself, each with what it does (an interface word,
translated where it is shown); a category cannot take them."""


def reserved_keys_phrase(conjunction: str) -> str:
    """The reserved letters in an English sentence: "h, r and q" for "and"."""
    *first, last = RESERVED_KEYS
    return f"{', '.join(first)} {conjunction} {last}"


def pack_digest(pack_file: bytes, text_files: Iterable[bytes]) -> str:
    """SHA-256 of a pack's content: the pack file's bytes, then the bytes of each
    source's `text_file`, in source order (a file named twice counts twice).

    The loader computes it from the files it checked and `game.packcache` from the
    files as they are now; the cache is trusted only when the two agree.
    """
    digest = hashlib.sha256(pack_file)
    for data in text_files:
        # The separator keeps the files apart: moving bytes from one file into the
        # next changes the digest.
        digest.update(b"\0" + data)
    return digest.hexdigest()


@dataclass(frozen=True)
class Category:
    """A category a claim can be sorted into."""

    id: str
    label: str
    """The name the player sees, e.g. "Verified fact"."""
    key: str
    """The one letter that answers with this category."""
    description: str
    """What belongs in this category, with its cue words."""


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category(
        id="fact",
        label=N_("Verified fact"),
        key="f",
        description=N_(
            "The article reports it in its own voice, or from a record or an independent "
            "analysis anyone could check: an event took place, a number, a date, a law "
            "invoked. That someone said something is a verified fact."
        ),
    ),
    Category(
        id="assertion",
        label=N_("Official assertion"),
        key="a",
        description=N_(
            "A claim made by an official or a party with a stake, which the article "
            'attributes ("said", "declared", "boasted", "in his words", "labeled") and '
            "does not confirm. What someone said is an official assertion."
        ),
    ),
    Category(
        id="disputed",
        label=N_("Disputed"),
        key="d",
        description=N_(
            "Credible parties contest it, or the article flags it as contested "
            '("reports of", "alleged", "questioned", "accused", "controversy"), or other '
            "evidence in the article contradicts it."
        ),
    ),
)
"""The categories of a pack that gives none, as written (English); `default_categories()`
gives them in the interface's language."""


def default_categories() -> tuple[Category, ...]:
    """The default categories with their labels and descriptions in the interface's
    language (their ids and keys stay)."""
    return tuple(
        replace(category, label=_(category.label), description=_(category.description))
        for category in DEFAULT_CATEGORIES
    )


@dataclass(frozen=True)
class PackInfo:
    """What the pack is (its `[pack]` table)."""

    id: str
    title: str
    language: str
    description: str | None = None
    authors: tuple[str, ...] = ()
    level: str | None = None
    license: str | None = None


@dataclass(frozen=True)
class Source:
    """An article the claims come from."""

    id: str
    title: str
    publisher: str
    description: str | None = None
    """What the text is: a republication, a translation, what was left out."""
    published: dt.date | None = None
    url: str | None = None
    text: str | None = None
    """The article's text; filled in from `text_file` when the pack gave one."""
    text_file: str | None = None


@dataclass(frozen=True)
class Claim:
    """One statement the player sorts."""

    id: str
    text: str
    answer: str
    """The right category's id."""
    quote: str
    """Words of the source text that settle the answer."""
    said_by: str
    """Who stands behind the claim in the article."""
    explanation: str
    source: str | None = None
    """The source's id; None when the pack has a single source."""
    hint: str | None = None
    discuss: str | None = None
    difficulty: int = 2
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    """A validated pack, ready to play."""

    info: PackInfo
    sources: tuple[Source, ...]
    """Every source, with `text` filled in from `text_file` where one was given."""
    claims: tuple[Claim, ...]
    categories: tuple[Category, ...] = DEFAULT_CATEGORIES
    path: Path | None = None
    digest: str = ""
    """SHA-256 of the pack's content (the file and any text files, see `pack_digest`),
    for progress records."""
    _sources_by_id: dict[str, Source] = field(init=False, repr=False, compare=False)
    _categories_by_id: dict[str, Category] = field(init=False, repr=False, compare=False)
    _claim_numbers: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources_by_id", {s.id: s for s in self.sources})
        object.__setattr__(self, "_categories_by_id", {c.id: c for c in self.categories})
        # Review looks claims up by id for every claim in the player's queue: a scan of
        # `claims` each time made a large pack's review quadratic. A repeated id (only a
        # pack built without the loader can have one) keeps its first claim.
        numbers: dict[str, int] = {}
        for number, claim in enumerate(self.claims):
            numbers.setdefault(claim.id, number)
        object.__setattr__(self, "_claim_numbers", numbers)

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def language(self) -> str:
        return self.info.language

    def source_of(self, claim: Claim) -> Source:
        """The source a claim comes from (the only one, when it names none)."""
        if claim.source is None:
            return self.sources[0]
        return self._sources_by_id[claim.source]

    def category(self, category_id: str) -> Category:
        return self._categories_by_id[category_id]

    def claim(self, claim_id: str) -> Claim | None:
        """The claim with this id, or None when the pack has none."""
        number = self._claim_numbers.get(claim_id)
        return None if number is None else self.claims[number]

    def claim_number(self, claim_id: str) -> int | None:
        """Where the claim with this id stands in `claims` (0 for the first), or None."""
        return self._claim_numbers.get(claim_id)
