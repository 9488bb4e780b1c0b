"""The drafter's rules on small articles: each cue family, where speakers are found,
pronouns and titles, passive accusations, "However"/"But", and the lines it skips.

Each test drafts a few sentences and asserts the suggested category, the rule that
fired and the speaker, as the teacher would see them in the draft's comments.
"""

from __future__ import annotations

import pytest

from game.draft import readings
from game.draft.lexicon import CUES, Family, forms
from game.draft.rules import Reading


def reading_of(text: str, part: str) -> Reading:
    """The reading of the sentence containing `part`."""
    found = [r for r in readings(text) if part in r.sentence.text]
    assert len(found) == 1, [r.sentence.text for r in readings(text)]
    return found[0]


def only(text: str) -> Reading:
    (reading,) = readings(text)
    return reading


def speaker(reading: Reading) -> str:
    assert reading.speaker is not None, reading
    return reading.speaker.name


# -- cue families --------------------------------------------------------------------


@pytest.mark.parametrize(
    "verb",
    ["said", "says", "told reporters", "stated", "added", "announced", "wrote", "has written"],
)
def test_neutral_attribution_in_every_form_is_the_speakers_assertion(verb: str) -> None:
    reading = only(f"Mayor Ana Ruiz {verb} that the bridge would open in the spring.")
    assert reading.category == "assertion"
    assert reading.rule.id == "attribution"
    assert speaker(reading) == "Mayor Ana Ruiz"
    assert reading.content is not None
    start, end = reading.content
    assert reading.sentence.text[start:end] == "the bridge would open in the spring"


@pytest.mark.parametrize(
    "verb",
    [
        "claimed",
        "claims",
        "insisted",
        "boasted",
        "asserted",
        "emphasised",
        "emphasized",
        "maintained",
        "admitted",
        "warned",
        "promised",
    ],
)
def test_stance_attribution_is_an_assertion_by_its_own_rule(verb: str) -> None:
    reading = only(f"Mayor Ana Ruiz {verb} that the bridge would open in the spring.")
    assert (reading.category, reading.rule.id) == ("assertion", "stance-attribution")
    assert speaker(reading) == "Mayor Ana Ruiz"
    assert reading.cue is not None and reading.cue.word == verb


@pytest.mark.parametrize("verb", ["labelled", "labeled", "called", "branded"])
def test_call_x_y_is_stance_attribution(verb: str) -> None:
    reading = only(f"Opposition leader Kira Volden {verb} the plan “a fairy tale.”")
    assert (reading.category, reading.rule.id) == ("assertion", "stance-attribution")
    assert "Kira Volden" in speaker(reading)


def test_a_noun_after_a_possessive_attributes_too() -> None:
    reading = reading_of(
        "President Aurelio Santamar spoke in the capital on Saturday. "
        "The president also repeated his promise to build a rail line to the port.",
        "repeated",
    )
    assert reading.category == "assertion"
    assert speaker(reading) == "President Aurelio Santamar"


def test_a_verb_form_used_as_a_noun_is_no_cue() -> None:
    reading = only("The claim rests on state television and a report from the port.")
    assert reading.rule.id == "own-voice"


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("Dunlow is accused of taking bribes from shipping companies.", "accused"),
        ("The alleged payments reached an account held by his brother.", "alleged"),
        ("Reports of abuse at the prison have reached the ministry.", "Reports of"),
        ("Critics have questioned whether the shuttle bus will cope.", "questioned"),
        ("The union disputed the company's version of the meeting.", "disputed"),
        ("Two parties contested the result of the local election.", "contested"),
    ],
)
def test_dispute_verbs_make_a_claim_disputed(sentence: str, cue: str) -> None:
    reading = only(sentence)
    assert (reading.category, reading.rule.id) == ("disputed", "dispute-verb")
    assert reading.cue is not None and reading.cue.word == cue


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("The prison has become the subject of controversy in the capital.", "controversy"),
        ("The minister repeated the figure without evidence on Monday.", "without evidence"),
        ("The so-called reform plan was adopted on Monday.", "so-called"),
        ("Critics say the company has a long record of spills.", "Critics"),
    ],
)
def test_dispute_words_make_a_claim_disputed_with_less_certainty(sentence: str, cue: str) -> None:
    reading = only(sentence)
    assert (reading.category, reading.rule.id, reading.sure.value) == (
        "disputed",
        "dispute-word",
        "low",
    )
    assert reading.cue is not None and reading.cue.word == cue


@pytest.mark.parametrize("verb", ["denied", "rejected", "dismissed", "denies"])
def test_a_denial_is_disputed_with_the_denier_as_speaker(verb: str) -> None:
    reading = only(f"The ministry {verb} that any nursing posts had been lost.")
    assert (reading.category, reading.rule.id) == ("disputed", "denial")
    assert speaker(reading) == "The ministry"


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("A Bloomberg analysis revealed that most of the men have no record.", "analysis"),
        ("Budget records show that spending on nurses fell by 4 percent.", "records"),
        ("An audit by the customs authority found that the system started in 2021.", "audit"),
        ("The study found that pupils missed fewer days of school.", "study"),
        ("The court ruled that the audit could be used as evidence.", ""),
        ("Spending fell by 4 percent, according to port records.", "port records"),
    ],
)
def test_evidence_makes_a_fact(sentence: str, source: str) -> None:
    reading = only(sentence)
    assert (reading.category, reading.rule.id) == ("fact", "evidence")
    if source:
        assert source in speaker(reading)


def test_evidence_inside_what_someone_says_is_their_assertion() -> None:
    reading = only("Prosecutor Alba Quintero said bank records showed 41 payments.")
    assert (reading.category, reading.rule.id) == ("assertion", "attribution")
    assert speaker(reading) == "Prosecutor Alba Quintero"


def test_according_to_an_organisation_is_its_assertion_not_evidence() -> None:
    reading = only("According to the national statistics agency, the share fell to 17 percent.")
    assert (reading.category, reading.rule.id) == ("assertion", "attribution")
    assert speaker(reading) == "the national statistics agency"


@pytest.mark.parametrize("hedge", ["reportedly", "apparently"])
def test_an_unvouched_report_is_disputed_from_unnamed_sources(hedge: str) -> None:
    reading = only(f"A third firm {hedge} agreed last month to help the prosecutors.")
    assert (reading.category, reading.rule.id) == ("disputed", "hedge-report")
    assert reading.speaker is not None and reading.speaker.unnamed


@pytest.mark.parametrize("hedge", ["may", "might"])
def test_a_hedged_own_voice_claim_is_a_fact_the_rule_is_unsure_of(hedge: str) -> None:
    reading = only(f"The closure {hedge} push unemployment above ten percent.")
    assert (reading.category, reading.rule.id, reading.sure.value) == ("fact", "hedge", "low")


def test_may_the_month_is_no_hedge() -> None:
    reading = only("Work on the bridge is due to start on 5 May.")
    assert (reading.category, reading.rule.id) == ("fact", "own-voice")


def test_no_cue_is_the_outlets_own_voice() -> None:
    reading = only("The bridge carries about 18,000 vehicles a day.")
    assert (reading.category, reading.rule.id, reading.speaker) == ("fact", "own-voice", None)


def test_every_inflection_of_a_listed_verb_is_matched() -> None:
    assert set(forms("say")) == {"say", "says", "said", "saying"}
    assert set(forms("deny")) == {"deny", "denies", "denied", "denying"}
    assert set(forms("announce")) == {"announce", "announces", "announced", "announcing"}
    assert {"labelled", "labeled", "labelling"} <= set(forms("label"))
    assert {"written", "wrote"} <= set(forms("write"))
    for family, words in [
        (Family.NEUTRAL, ["telling", "stated", "adds", "announcing"]),
        (Family.STANCE, ["boasting", "insists", "admitted", "emphasizing", "warns"]),
        (Family.DENIAL, ["denying", "rejects"]),
        (Family.DISPUTE, ["accusing", "alleges", "questioning"]),
        (Family.EVIDENCE, ["revealed", "shown", "finds"]),
    ]:
        for word in words:
            assert CUES[family].pattern.fullmatch(word), (family, word)


# -- where the speaker is ------------------------------------------------------------


def test_inverted_said_names_the_speaker_after_the_verb() -> None:
    reading = only(
        "“Two years is a lifetime for a small shop,” said Irene Moss, who runs a bakery."
    )
    assert (reading.category, speaker(reading)) == ("assertion", "Irene Moss")
    assert reading.content is not None
    start, end = reading.content
    assert reading.sentence.text[start:end] == "Two years is a lifetime for a small shop"


def test_quotation_then_name_and_verb() -> None:
    reading = only(
        "“The engineers never looked at keeping one lane open,” Penn said after the vote."
    )
    assert speaker(reading) == "Penn"


def test_a_subjects_relative_clause_is_skipped() -> None:
    reading = only(
        "Councillor Tobias Penn, who voted against the plan, insisted that one lane would do."
    )
    assert speaker(reading) == "Councillor Tobias Penn"


def test_a_comma_closing_an_appositive_is_not_an_inverted_said() -> None:
    reading = only("Dr. Yusuf Kamara, who teaches history, said staff shared the students' anger.")
    assert speaker(reading) == "Dr. Yusuf Kamara"


def test_an_appositive_name_is_the_speaker() -> None:
    reading = only("The town's transport director, Colin Ashby, said the buses would carry 900.")
    assert "Colin Ashby" in speaker(reading)


@pytest.mark.parametrize(
    "sentence",
    [
        "According to the ministry, 300 jobs were lost at the port last year.",
        "300 jobs were lost at the port last year, according to the ministry.",
    ],
)
def test_according_to_names_the_speaker_and_the_claim(sentence: str) -> None:
    reading = only(sentence)
    assert (reading.category, speaker(reading)) == ("assertion", "the ministry")
    assert reading.content is not None
    start, end = reading.content
    assert reading.sentence.text[start:end] == "300 jobs were lost at the port last year"


def test_trailing_said_names_the_speaker_at_the_end() -> None:
    reading = only("The march through the city was peaceful, police said.")
    assert (reading.category, speaker(reading)) == ("assertion", "police")


def test_a_pronoun_is_the_person_the_sentence_before_was_about() -> None:
    text = (
        "Mayor Helena Marsh told the council that the closure was unavoidable. "
        "“We cannot keep sending school buses over that bridge,” she said."
    )
    assert speaker(reading_of(text, "she said")) == "Mayor Helena Marsh"


def test_a_pronoun_skips_a_person_of_the_other_gender() -> None:
    text = (
        "Mayor Ana Ruiz said her budget was balanced. "
        "Councillor Tom Reed said his own plan would cost less. "
        "She added that the town had no debt at all."
    )
    assert speaker(reading_of(text, "She added")) == "Mayor Ana Ruiz"


def test_a_surname_alone_is_the_person_named_before() -> None:
    text = (
        "Councillor Tobias Penn voted against the plan on Tuesday. "
        "Penn said a partial closure would have been enough."
    )
    assert speaker(reading_of(text, "Penn said")) == "Councillor Tobias Penn"


def test_a_title_is_the_person_who_holds_it() -> None:
    text = (
        "President Aurelio Santamar spoke to supporters in the capital. "
        "Opposition leader Kira Volden stayed away from the rally. "
        "“Today the country is standing tall,” declared the president."
    )
    assert speaker(reading_of(text, "declared")) == "President Aurelio Santamar"


def test_a_generic_title_is_whom_the_sentence_before_was_about() -> None:
    text = (
        "El Salvador's President Nayib Bukele told his US counterpart, Donald Trump, "
        "that the United States has a crime problem. "
        "“We are eager to assist,” said the Salvadoran leader."
    )
    assert speaker(reading_of(text, "Salvadoran leader")) == "President Nayib Bukele"


def test_in_his_words_resolves_the_pronoun() -> None:
    text = (
        "Mayor Tom Reed spoke at the fair on Monday. "
        "The town had become, in his words, the safest in the region."
    )
    reading = reading_of(text, "in his words")
    assert (reading.category, speaker(reading)) == ("assertion", "Mayor Tom Reed")


def test_which_has_labeled_is_said_by_the_possessor() -> None:
    reading = only(
        "The deal is part of the Trump administration's crackdown, which has labeled "
        "the gang a national security threat."
    )
    assert (reading.category, speaker(reading)) == ("assertion", "the Trump administration")


def test_a_passive_accusation_has_an_unnamed_accuser() -> None:
    reading = only("Dunlow, 58, is accused of accepting more than 300,000 dollars.")
    assert reading.speaker is not None and reading.speaker.unnamed
    assert reading.speaker.name == "an unnamed accuser"


def test_an_active_accusation_names_the_accuser() -> None:
    reading = only("A local fishermen's group has accused the mine of dumping waste at night.")
    assert (reading.category, speaker(reading)) == ("disputed", "A local fishermen's group")


def test_a_speech_verb_with_nobody_before_it_is_no_attribution() -> None:
    reading = only("Migrants are held in a prison called the Center for Confinement.")
    assert (reading.category, reading.rule.id) == ("fact", "own-voice")


def test_a_speaker_not_found_lowers_the_rules_certainty() -> None:
    reading = only("It was said at the meeting that the plan would fail.")
    assert reading.category == "assertion"
    assert reading.speaker is None
    assert reading.sure.value == "low"


# -- the sentence after ----------------------------------------------------------------


@pytest.mark.parametrize("opener", ["However,", "But"])
def test_however_or_but_with_evidence_contests_the_attributed_claim_before(opener: str) -> None:
    text = (
        "Officials said the river was clean again after the spill. "
        f"{opener} tests by the agency found copper at 30 times the legal limit."
    )
    first = reading_of(text, "Officials said")
    assert (first.category, first.rule.id) == ("disputed", "contradicted-next")
    assert first.answer is not None and first.answer.text.startswith(opener)
    assert first.own is not None and first.own.category == "assertion"
    second = reading_of(text, "tests by the agency")
    assert (second.category, second.rule.id) == ("fact", "evidence")


def test_however_after_the_outlets_own_voice_leaves_a_fact() -> None:
    text = (
        "The bridge opened to traffic in 1961. "
        "However, traffic on it has doubled in the past ten years."
    )
    assert reading_of(text, "opened").category == "fact"


def test_a_denial_pointing_back_makes_the_sentence_before_disputed() -> None:
    text = (
        "Residents blame the copper mine upstream for the dead fish. "
        "The company has rejected the accusation."
    )
    first = reading_of(text, "Residents blame")
    assert (first.category, first.rule.id) == ("disputed", "answered-next")
    assert first.answer_cue is not None and first.answer_cue.word == "rejected"


def test_a_heading_between_two_sentences_stops_the_next_sentence_rules() -> None:
    text = (
        "Officials said the river was clean again after the spill.\n"
        "What the tests show\n"
        "However, tests by the agency found copper at 30 times the legal limit.\n"
    )
    assert reading_of(text, "Officials said").category == "assertion"


# -- what is skipped -------------------------------------------------------------------


def test_headlines_bylines_bullets_labels_furniture_and_short_lines_are_skipped() -> None:
    text = (
        "Council Votes to Close Harbour Bridge\n"
        "By Nadia Kell, The Arden Courier\n"
        "Posted on 17/04/2025 at 11:30\n"
        "- The bridge closes in May.\n"
        "* Buses will replace it.\n"
        "1. Work takes two years.\n"
        "The council voted on Tuesday to close the bridge for two years.\n"
        "No comment.\n"
        "Updated\n"
        "SOURCE: The Arden Courier\n"
        "Related: Port Arden's budget for 2025 explained\n"
        "Key points: the bridge, the buses, the cost.\n"
    )
    assert [r.sentence.text for r in readings(text)] == [
        "The council voted on Tuesday to close the bridge for two years."
    ]


def test_a_dateline_is_not_part_of_the_claim() -> None:
    reading = only(
        "CALDERA BAY, Nov 4 (Meridian News) — The former port director went on trial on Monday."
    )
    assert reading.sentence.body == "The former port director went on trial on Monday."


def test_hard_wrapped_paragraphs_are_read_as_one() -> None:
    text = (
        "Pupils who received a free hot lunch every school day missed fewer\n"
        "classes than those who did not, according to a study published on\n"
        "Wednesday by the University of Velmora.\n"
        "\n"
        "The researchers followed 4,200 pupils in 38 primary schools over two\n"
        "school years, and the lunches cost 12 million crowns.\n"
    )
    found = readings(text)
    assert [r.category for r in found] == ["fact", "fact"]
    assert found[0].sentence.text.startswith("Pupils who received")
    assert found[0].sentence.text.endswith("University of Velmora.")
    assert found[0].rule.id == "evidence"
