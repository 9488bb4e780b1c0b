"""Every built-in pack loads and meets the bar for a pack students learn from."""

from __future__ import annotations

import datetime as dt
import itertools
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
    # What the text is, said where the reader shows it: a republication, and when.
    assert source.description is not None
    for words in ("SOURCE: EFE", "You May Also Be Interested In", "17 April", "14 April"):
        assert words in source.description


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
    ("bukele-offered-help", "el-salvador-willing-to-help", "assertion"),
    ("bukele-called-trump-leader", "leader-of-the-free-world", "assertion"),
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


def test_bukele_pack_order_cannot_be_learned(bukele: Pack) -> None:
    answers = [claim.answer for claim in bukele.claims]
    runs = [len(list(group)) for _, group in itertools.groupby(answers)]
    assert max(runs) <= 2, f"a category comes {max(runs)} times in a row: {answers}"
    order = {claim.id: index for index, claim in enumerate(bukele.claims)}
    bare_first = [bare for reported, bare, _ in ATTRIBUTION_PAIRS if order[bare] < order[reported]]
    assert 0 < len(bare_first) < len(ATTRIBUTION_PAIRS), "pairs all come in one order"


def test_bukele_pack_tests_efes_own_framing(bukele: Pack) -> None:
    framing = [claim for claim in bukele.claims if "headline" in claim.tags]
    assert {claim.id for claim in framing} == {"security-improved", "paid-for-terrorism-suspects"}
    for claim in framing:
        assert claim.answer != "fact"
        assert "states this as fact" in claim.explanation or "as if" in claim.explanation
        assert claim.hint


def test_own_voice_is_stated_as_fact_not_verified(bukele: Pack) -> None:
    for claim in bukele.claims:
        if claim.said_by.startswith("EFE"):
            assert "verified" not in claim.explanation, claim.id
            assert "states" in claim.explanation, claim.id


def test_an_official_can_say_something_true(bukele: Pack) -> None:
    small = bukele.claim("small-country")
    assert small is not None and small.answer == "assertion"
    assert "not about whether it is false" in small.explanation
    # No claim that only an official stands behind is ever answered as a fact.
    for claim in bukele.claims:
        if claim.said_by.startswith(("President", "The Trump administration")):
            assert claim.answer in ("assertion", "disputed"), claim.id


def test_quoted_means_quotation_marks_and_paraphrased_means_none(bukele: Pack) -> None:
    for claim in bukele.claims:
        if "quoted by" in claim.said_by:
            assert "“" in claim.quote, f"{claim.id}: quoted, but its quote has no quotation marks"
    safest = bukele.claim("safest-country")
    assert safest is not None and "paraphrased by EFE" in safest.said_by


def test_the_detainee_claims_are_judged_alike(bukele: Pack) -> None:
    claims = [
        bukele.claim("forced-disappearances"),
        bukele.claim("cut-off-from-families-and-lawyers"),
    ]
    for claim in claims:
        assert claim is not None and claim.answer == "disputed"
        assert "Only their side is reported" in claim.explanation
    assert claims[0] is not None and "A forced disappearance is" in claims[0].explanation


# The practice packs (issue 14): each on an article written for ClaimSort, labelled so,
# each teaching one move named in its description and its explanations.

PRACTICE_MOVES = {
    "practice-numbers": "measure",
    "practice-studies": "press release",
    "practice-lateral-reading": "laterally",
    "practice-checkable": "checked at all",
    "practica-se-puede-comprobar": "se puede comprobar",
}


@pytest.fixture(params=sorted(PRACTICE_MOVES))
def practice(request: pytest.FixtureRequest) -> Pack:
    return load_pack(builtin_packs_dir() / f"{request.param}.toml")


def test_every_builtin_pack_has_discuss_questions_on_a_third_of_its_claims(pack: Pack) -> None:
    asked = sum(1 for claim in pack.claims if claim.discuss)
    assert 3 * asked >= len(pack.claims), f"{pack.id}: {asked} of {len(pack.claims)}"


def test_practice_packs_are_labelled_as_practice_with_invented_people(practice: Pack) -> None:
    description = (practice.info.description or "").lower()
    assert (
        "practice article" in description
        or "practice texts" in description
        or ("artículo de práctica" in description)
    )
    assert "invented" in description or "inventad" in description
    assert "not news" in description or "no es una noticia" in description
    for source in practice.sources:
        assert source.title.startswith(
            ("Practice article:", "Practice text:", "Artículo de práctica:")
        )
        assert "(invented)" in source.publisher or "(inventado)" in source.publisher
        assert source.description is not None
        assert "invented" in source.description or "inventad" in source.description


def test_practice_packs_teach_their_move_by_name(practice: Pack) -> None:
    assert 12 <= len(practice.claims) <= 20
    move = PRACTICE_MOVES[practice.id]
    assert move in (practice.info.description or "")
    moves = [c for c in practice.claims if c.explanation.startswith(("The move", "El paso"))]
    assert moves, f"{practice.id}: no explanation names the move"


def test_the_studies_pack_sets_the_release_against_the_abstract() -> None:
    studies = load_pack(builtin_packs_dir() / "practice-studies.toml")
    assert {source.id for source in studies.sources} == {"release", "abstract"}
    against = [c for c in studies.claims if c.source == "abstract" and c.answer == "disputed"]
    assert len(against) >= 3  # what the release says and the study contradicts


def test_in_the_lateral_reading_pack_the_category_changes_with_the_source() -> None:
    lateral = load_pack(builtin_packs_dir() / "practice-lateral-reading.toml")
    assert len(lateral.sources) == 3
    by_text: dict[str, set[tuple[str | None, str]]] = {}
    for claim in lateral.claims:
        by_text.setdefault(claim.text.rstrip(".").lower(), set()).add((claim.source, claim.answer))
    changed = [text for text, seen in by_text.items() if len({a for _, a in seen}) > 1]
    assert len(changed) >= 3, changed


def test_the_checkable_packs_have_their_own_categories() -> None:
    english = load_pack(builtin_packs_dir() / "practice-checkable.toml")
    spanish = load_pack(builtin_packs_dir() / "practica-se-puede-comprobar.toml")
    assert [c.id for c in english.categories] == ["checkable", "opinion", "prediction"]
    assert [c.label for c in spanish.categories] == ["Dato comprobable", "Opinión", "Predicción"]
    assert (english.language, spanish.language) == ("en", "es")
    # Written in Spanish on its own article, not a translation of the English one.
    (source,) = spanish.sources
    assert source.text is not None and "Port Tamsin" not in source.text
    assert "Ayuntamiento" in source.text
