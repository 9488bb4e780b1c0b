"""Every built-in pack loads and meets the bar for a pack students learn from."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from game.loader import check_pack, load_pack
from game.pack import Pack
from game.paths import builtin_packs_dir
from game.text import find_quote

PACK_FILES = sorted(builtin_packs_dir().rglob("*.toml"))
MIN_CLAIMS_PER_CATEGORY = 4


def test_the_builtin_folder_has_packs() -> None:
    assert PACK_FILES, f"no .toml packs in {builtin_packs_dir()}"


@pytest.fixture(params=PACK_FILES, ids=lambda path: path.name)
def pack(request: pytest.FixtureRequest) -> Pack:
    path: Path = request.param
    return load_pack(path)


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda path: path.name)
def test_each_pack_passes_check_strict(path: Path) -> None:
    """Built-in packs follow the guide's rules too: no warnings either."""
    found = check_pack(path)
    assert [str(problem) for problem in found.problems] == []


def test_each_category_has_enough_claims(pack: Pack) -> None:
    counts = Counter(claim.answer for claim in pack.claims)
    for category in pack.categories:
        assert counts[category.id] >= MIN_CLAIMS_PER_CATEGORY, (
            f"{pack.id}: {counts[category.id]} claims answer {category.id!r}, "
            f"need at least {MIN_CLAIMS_PER_CATEGORY}"
        )


def test_every_hard_claim_has_a_hint(pack: Pack) -> None:
    missing = [c.id for c in pack.claims if c.difficulty == 3 and not c.hint]
    assert missing == [], f"{pack.id}: difficulty-3 claims without a hint: {missing}"


def test_every_quote_occurs_in_its_source(pack: Pack) -> None:
    for claim in pack.claims:
        text = pack.source_of(claim).text
        assert text, f"{pack.id}: claim {claim.id} has no source text to quote from"
        assert find_quote(text, claim.quote) is not None, (
            f"{pack.id}: the quote of {claim.id} is not in its source: {claim.quote!r}"
        )


def test_pack_ids_differ_between_builtin_packs() -> None:
    ids = Counter(load_pack(path).id for path in PACK_FILES)
    assert [pack_id for pack_id, n in ids.items() if n > 1] == []


# The first pack, built from the EFE article of 17 April 2025 (issue 3).


@pytest.fixture(scope="module")
def bukele() -> Pack:
    return load_pack(builtin_packs_dir() / "bukele-white-house.toml")


def test_bukele_pack_source_is_the_efe_article(bukele: Pack) -> None:
    (source,) = bukele.sources
    assert source.publisher == "EFE"
    assert source.published == dt.date(2025, 4, 17)
    assert source.title.startswith("Bukele Offers U.S. Help in Fight Against Terrorism")
    assert source.text is not None
    # The article's own words, and none of the website around it.
    assert "a Bloomberg analysis revealed" in source.text
    assert "You May Also Be Interested In" not in source.text
    assert "Related post" not in source.text


def test_bukele_pack_is_large_and_varied(bukele: Pack) -> None:
    assert len(bukele.claims) >= 18
    assert {c.difficulty for c in bukele.claims} == {1, 2, 3}
    assert sum(1 for c in bukele.claims if c.discuss) >= 5


# Each pair: the same statement as a reported event (a fact) and as the bare claim.
ATTRIBUTION_PAIRS = [
    ("bukele-told-trump-problem", "us-crime-terrorism-problem", "assertion"),
    ("bukele-boasted-safest", "safest-country", "assertion"),
    ("labeled-national-security-threat", "tren-de-aragua-threat", "assertion"),
    ("rights-groups-questioned-legality", "transfers-are-legal", "disputed"),
    ("bloomberg-no-record", "deportees-are-gang-members", "disputed"),
]


@pytest.mark.parametrize(("reported", "bare", "bare_answer"), ATTRIBUTION_PAIRS)
def test_bukele_pack_teaches_attribution_pairs(
    bukele: Pack, reported: str, bare: str, bare_answer: str
) -> None:
    reported_claim = bukele.claim(reported)
    bare_claim = bukele.claim(bare)
    assert reported_claim is not None and bare_claim is not None
    assert reported_claim.answer == "fact"
    assert bare_claim.answer == bare_answer
