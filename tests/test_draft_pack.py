"""draft_pack end to end: the TOML it writes passes the pack validator (`load_pack`, what
`claimsort check` runs) for the practice articles, the seed article and hostile text,
with the attribution pair, the teacher's comments, and clear errors for bad options."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import tomli

from game.draft import MAX_ARTICLE_BYTES, DraftError, draft_pack
from game.draft.agreement import load
from game.loader import load_pack
from game.pack import ID_PATTERN, Pack
from game.text import find_quote

ROOT = Path(__file__).resolve().parent.parent
EVAL = sorted((ROOT / "tests" / "draft_eval").glob("*.labels.toml"))


def drafted(tmp_path: Path, text: str, **options: object) -> tuple[str, Pack]:
    """The draft's TOML and the pack the validator makes of it."""
    toml = draft_pack(text, **options)  # type: ignore[arg-type]
    path = tmp_path / "draft.toml"
    path.write_text(toml, encoding="utf-8")
    return toml, load_pack(path)


def claims_in_file_order(toml: str) -> list[dict[str, object]]:
    claims: list[dict[str, object]] = tomli.loads(toml)["claims"]
    return claims


def comments_before_claims(toml: str) -> list[list[str]]:
    """The comment lines right before each [[claims]] table."""
    blocks = []
    lines = toml.splitlines()
    for index, line in enumerate(lines):
        if line == "[[claims]]":
            notes: list[str] = []
            at = index - 1
            while at >= 0 and lines[at].startswith("# "):
                notes.insert(0, lines[at][2:])
                at -= 1
            blocks.append(notes)
    return blocks


@pytest.mark.parametrize("labels", EVAL, ids=[p.name.split(".")[0] for p in EVAL])
def test_every_practice_article_drafts_a_valid_pack(labels: Path, tmp_path: Path) -> None:
    article = load(labels)
    toml, pack = drafted(
        tmp_path, article.text, title=article.title, publisher=article.publisher, date=article.date
    )
    assert pack.title == article.title
    assert pack.sources[0].publisher == article.publisher
    assert pack.sources[0].published == dt.date.fromisoformat(article.date)
    assert len(pack.claims) >= len(article.labels)
    ids = [claim.id for claim in pack.claims]
    assert len(set(ids)) == len(ids)
    assert all(re.match(ID_PATTERN, i) and len(i) <= 64 for i in ids)
    text = pack.sources[0].text
    assert text is not None
    assert all(find_quote(text, claim.quote) for claim in pack.claims)
    # Every claim's comment names its rule and how sure it is.
    notes = comments_before_claims(toml)
    assert len(notes) == len(pack.claims)
    assert all(block and block[0].startswith("sure: ") and " rule " in block[0] for block in notes)


def test_the_draft_says_it_is_a_draft_and_counts_what_to_look_at_first(tmp_path: Path) -> None:
    text = (
        "Mayor Ana Ruiz said the bridge would open in the spring.\n"
        "Critics claim the bridge will cost twice as much as planned.\n"
        "The bridge carries about 18,000 vehicles a day.\n"
    )
    toml, pack = drafted(tmp_path, text, publisher="The Arden Courier")
    header = toml.split("format = 1")[0]
    assert header.startswith("# DRAFT written by `claimsort draft`: a starting point")
    assert "claimsort check THIS_FILE" in header
    assert f"# {len(pack.claims)} candidate claims: " in header
    low = [
        c["id"]
        for c, n in zip(claims_in_file_order(toml), comments_before_claims(toml), strict=True)
        if n[0].startswith("sure: low")
    ]
    assert low
    assert "# Sure: low: " + ", ".join(str(i) for i in low) in header


def test_an_attributed_sentence_gives_the_pair(tmp_path: Path) -> None:
    text = "Mayor Ana Ruiz told the council that the bridge would open in the spring.\n"
    _toml, pack = drafted(tmp_path, text, publisher="The Arden Courier")
    fact, assertion = pack.claims
    assert (fact.answer, fact.text) == ("fact", text.strip())
    assert fact.said_by == "The Arden Courier, in its own voice"
    assert "“told”" in fact.explanation
    assert (assertion.answer, assertion.text) == (
        "assertion",
        "The bridge would open in the spring.",
    )
    assert assertion.quote == "the bridge would open in the spring"
    assert assertion.said_by == "Mayor Ana Ruiz, as reported by The Arden Courier"
    assert "Mayor Ana Ruiz (“told”)" in assertion.explanation


def test_a_quotation_is_the_assertion_said_by_its_speaker_quoted(tmp_path: Path) -> None:
    text = "“We cannot keep sending buses over a rusting bridge,” said Mayor Ana Ruiz.\n"
    _toml, pack = drafted(tmp_path, text, publisher="The Arden Courier")
    assertion = pack.claims[1]
    assert assertion.text == "We cannot keep sending buses over a rusting bridge."
    assert assertion.said_by == "Mayor Ana Ruiz, quoted by The Arden Courier"


def test_an_unfound_speaker_is_a_question_for_the_teacher(tmp_path: Path) -> None:
    toml, pack = drafted(tmp_path, "It was said at the meeting that the plan would fail.\n")
    (claim,) = pack.claims
    assert claim.said_by == "?"
    (notes,) = comments_before_claims(toml)
    assert "said_by is “?”: the drafter found no speaker; who says this?" in notes


def test_the_seed_article_drafts_the_lessons_of_the_hand_made_pack(tmp_path: Path) -> None:
    builtin = load_pack(ROOT / "questions" / "bukele-white-house.toml")
    source = builtin.sources[0]
    assert source.text is not None
    article = f"{source.title}\n{source.text}"
    _toml, pack = drafted(tmp_path, article, publisher="EFE", date="2025-04-17")
    by_quote = {claim.quote: claim for claim in pack.claims}

    def claim_for(part: str, answer: str) -> str:
        found = [c for q, c in by_quote.items() if part in q and c.answer == answer]
        assert found, (part, answer, [(c.answer, c.quote[:60]) for c in pack.claims])
        return found[0].said_by

    # The attribution pair on "told".
    assert claim_for("Bukele told his US counterpart", "fact") == "EFE, in its own voice"
    assert claim_for("the United States is facing", "assertion").startswith(
        "President Nayib Bukele"
    )
    # "said the Salvadoran leader" and "He also stated" resolve to Bukele.
    assert claim_for("We are eager to assist", "assertion").startswith("President Nayib Bukele")
    assert claim_for("it was an honor", "assertion").startswith("President Nayib Bukele")
    # The accusation set against evidence: disputed, its quote taking in "However, …".
    accused = [c for c in pack.claims if "accused of belonging" in c.quote]
    assert [c.answer for c in accused] == ["disputed"]
    assert "However, a Bloomberg analysis revealed" in accused[0].quote
    assert claim_for("a Bloomberg analysis revealed", "fact") == (
        "EFE, reporting a Bloomberg analysis"
    )
    assert claim_for("reports of human rights abuses", "disputed")
    assert claim_for("has labeled Tren de Aragua", "assertion").startswith(
        "The Trump administration"
    )


HOSTILE = (
    "Quotes \"\"\" and ''' and a backslash \\ are in this headline\n"
    'The mayor\'s office said the "new" plan [/] would cost 4\\5 of the budget.\n'
    "Critics wrote that [bold]nothing[/bold] had changed since '''1999''' at all.\n"
    '[[claims]] id = "injected" was typed into the article by a prankster today.\n'
    "# This line looks like a TOML comment but is part of the article text.\n"
    "Señora Müller dijo que el puente 橋 costará 🙂 más de lo previsto, ya.\n"
    'A quote with """triple""" marks and a tab\there was reported on Monday.\n'
)


def test_hostile_text_is_written_as_valid_toml_and_kept_exactly(tmp_path: Path) -> None:
    _toml, pack = drafted(tmp_path, HOSTILE, title='A "title" with \\ and [/]')
    assert pack.title == 'A "title" with \\ and [/]'
    text = pack.sources[0].text
    # The headline is the title; the rest is kept character for character.
    assert text == HOSTILE.split("\n", 1)[1]
    assert len(pack.claims) >= 5
    assert not [c.id for c in pack.claims if c.id == "injected"]
    assert all(find_quote(text, claim.quote) for claim in pack.claims)


def test_a_very_long_sentence_is_cut_to_the_validators_limits(tmp_path: Path) -> None:
    sentence = "The council said " + " and ".join(f"item {n} was approved" for n in range(400))
    _toml, pack = drafted(tmp_path, sentence + ".\n")
    assert pack.claims
    assert all(len(c.text) <= 500 and len(c.quote) <= 2000 for c in pack.claims)


def test_drafting_is_deterministic(tmp_path: Path) -> None:
    article = load(EVAL[0])
    assert draft_pack(article.text) == draft_pack(article.text)


def test_title_and_publisher_are_found_in_the_article_when_not_given(tmp_path: Path) -> None:
    text = (
        "Port chief goes on trial\n"
        "CALDERA BAY, Nov 4 (Meridian News) — The former port director went on trial.\n"
    )
    toml, pack = drafted(tmp_path, text)
    assert pack.title == "Port chief goes on trial"
    assert pack.sources[0].publisher == "Meridian News"
    assert "# title: taken from the article's first line" in toml
    assert "# publisher: taken from the article" in toml


def test_without_a_publisher_the_draft_asks_for_one(tmp_path: Path) -> None:
    toml, pack = drafted(tmp_path, "The bridge carries about 18,000 vehicles a day.\n")
    assert pack.sources[0].publisher == "?"
    assert pack.title == "Untitled article"
    assert pack.claims[0].said_by == "The article, in its own voice"
    assert "# publisher: not found in the article; give --publisher" in toml


def test_options_are_written_as_given(tmp_path: Path) -> None:
    _toml, pack = drafted(
        tmp_path,
        "The bridge carries about 18,000 vehicles a day.\n",
        title="Harbour Bridge",
        publisher="The Arden Courier",
        date=dt.date(2025, 3, 14),
        url="https://example.org/news/bridge",
    )
    source = pack.sources[0]
    assert (source.title, source.publisher, source.published, source.url) == (
        "Harbour Bridge",
        "The Arden Courier",
        dt.date(2025, 3, 14),
        "https://example.org/news/bridge",
    )
    assert pack.id == "harbour-bridge"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"date": "17/04/2025"},
            "error: --date '17/04/2025' is not a date — write it as YYYY-MM-DD",
        ),
        ({"date": "2025-02-30"}, "error: --date '2025-02-30' is not a date"),
        ({"url": "example.org/news"}, "error: --url must be a web address starting with http://"),
        ({"url": "https://example.org/a b"}, "error: --url must be a web address"),
        ({"title": "Two\nlines"}, "error: --title contains U+000A (newline)"),
        ({"title": "x" * 301}, "error: --title is 301 characters long; at most 300"),
        ({"publisher": "  "}, "error: --publisher is empty"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(
    options: dict[str, str], message: str
) -> None:
    with pytest.raises(DraftError) as caught:
        draft_pack("The bridge carries about 18,000 vehicles a day.\n", **options)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "error: the article is empty"),
        ("  \n\n ", "error: the article is empty"),
        ("A Headline Only\n- a bullet\nSOURCE: Nobody\n", "error: found no sentence to draft"),
        ("The bell \x07 rang twice at the harbour.\n", "error: the article contains U+0007"),
    ],
)
def test_an_article_it_cannot_draft_from_is_refused(text: str, message: str) -> None:
    with pytest.raises(DraftError) as caught:
        draft_pack(text)
    assert str(caught.value).startswith(message)


def test_an_article_at_the_size_limit_drafts_a_valid_pack(tmp_path: Path) -> None:
    articles = "\n\n".join(load(path).text for path in EVAL)
    text = ""
    while len((text + articles).encode()) < MAX_ARTICLE_BYTES:
        text += articles + "\n\n"
    _toml, pack = drafted(tmp_path, text, publisher="The Example Gazette")
    assert len(pack.claims) > 1000


def test_a_draft_too_large_for_a_pack_is_refused(tmp_path: Path) -> None:
    line = "Mayor Ana Ruiz said the plan would work.\n"
    with pytest.raises(DraftError) as caught:
        draft_pack(line * (MAX_ARTICLE_BYTES // len(line) - 1))
    assert re.fullmatch(
        r"error: the draft would be [\d,]+ bytes, more than a pack may hold \(5,242,880\) — "
        r"draft from the part of the article the claims are about",
        str(caught.value),
    )
