"""From readings to candidate claims: text, answer, quote, said_by, explanation, and
the note the teacher reads first.

An attributed sentence gives the pair the game teaches: "X said Y" (a fact: the
article reports that X said it) and "Y" (X's assertion, or disputed when contested).
Every quote is the article's own words, and every explanation names its cue.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from game.draft.lexicon import CONTRAST_OPENERS, words
from game.draft.rules import (
    ANSWERED,
    CONTRADICTED,
    DENIAL,
    DISPUTE_VERB,
    DISPUTE_WORD,
    EVIDENCE,
    HEDGE,
    HEDGE_REPORT,
    OWN_VOICE,
    QUOTATION,
    STANCE,
    Reading,
    Rule,
    Sure,
)
from game.draft.speakers import GROUP_WORDS, Speaker
from game.i18n import _

MAX_TEXT = 500
"""A claim's text may be at most 500 characters (the validator's limit)."""
MAX_QUOTE = 2000
MAX_ID = 64
UNKNOWN_SPEAKER = "?"
"""said_by when the drafter found nobody: a question for the teacher."""


@dataclass(frozen=True)
class DraftClaim:
    """One candidate claim, with what the teacher should know about it."""

    id: str
    text: str
    answer: str
    quote: str
    said_by: str
    explanation: str
    rule: Rule
    sure: Sure
    notes: tuple[str, ...]
    """Comment lines for the teacher: the rule and cue, how the speaker was found."""
    fallback_quote: str
    """The sentence alone, should `quote` (which may take in the next sentence) not be
    found in the text the pack keeps."""


def draft_claims(readings: Sequence[Reading], publisher: str | None) -> list[DraftClaim]:
    """Candidate claims for every reading, in the article's order, with unique ids."""
    outlet = publisher or _("the article")
    claims: list[DraftClaim] = []
    ids: dict[str, int] = {}
    for reading in readings:
        for claim in _claims(reading, outlet):
            claims.append(_with_unique_id(claim, ids))
    return claims


def _claims(reading: Reading, outlet: str) -> list[DraftClaim]:
    sentence = reading.sentence
    body = sentence.body
    quote = _quote(body)
    with_answer = quote
    if reading.answer is not None:
        joined = f"{body} {reading.answer.body}"
        with_answer = _quote(joined) if len(joined) <= MAX_QUOTE else quote
    content = _content(reading)
    rule = reading.rule
    cue = reading.cue.word if reading.cue else ""
    speaker = reading.speaker
    notes = _notes(reading)
    if rule.category == "fact":
        said_by = _fact_said_by(reading, outlet)
        return [
            _claim(
                reading,
                body,
                "fact",
                quote,
                said_by,
                _fact_explanation(reading, outlet),
                notes,
                quote,
            )
        ]
    claims = []
    if reading.attributed:
        said = reading.own or reading
        claims.append(
            _claim(
                reading,
                body,
                "fact",
                quote,
                _("{outlet}, in its own voice").format(outlet=_capital(outlet)),
                _pair_explanation(said, outlet),
                (
                    _notes(said)[0],
                    _("the fact half of an attribution pair: that {who} said it").format(
                        who=_name(said.speaker)
                    ),
                    *notes[1:],
                ),
                quote,
                rule=said.rule,
                sure=said.sure,
            )
        )
    text = _clause(sentence.text[content[0] : content[1]]) if content else _claim_text(body)
    if content and reading.cue is not None and reading.cue.word.lower() in _CALLED:
        text = _called(text)
    main_quote = _quote(sentence.text[content[0] : content[1]]) if content else quote
    if rule.category == "disputed":
        main_quote = with_answer if reading.answer is not None else quote
    extra: list[str] = []
    if not content:
        extra.append(_("the claim text is the whole sentence: rewrite it as the claim itself"))
    if speaker is None and rule is not DISPUTE_WORD:
        extra.append(_("said_by is “?”: the drafter found no speaker; who says this?"))
    claims.append(
        _claim(
            reading,
            text,
            rule.category,
            main_quote,
            _said_by(reading, outlet, quoted="“" in body or '"' in body),
            _explanation(reading, outlet, cue),
            (*notes, *extra),
            quote,
        )
    )
    return claims


def _claim(
    reading: Reading,
    text: str,
    answer: str,
    quote: str,
    said_by: str,
    explanation: str,
    notes: Iterable[str],
    fallback: str,
    *,
    rule: Rule | None = None,
    sure: Sure | None = None,
) -> DraftClaim:
    text, shortened = _shortened(_claim_text(text) or _claim_text(reading.sentence.body))
    notes = tuple(notes)
    if shortened:
        notes = (*notes, _("shortened to {limit} characters").format(limit=MAX_TEXT))
    return DraftClaim(
        id=slug(text),
        text=text,
        answer=answer,
        quote=quote,
        said_by=" ".join(said_by.split())[:300],
        explanation=explanation[:2000],
        rule=rule or reading.rule,
        sure=sure or reading.sure,
        notes=notes,
        fallback_quote=fallback,
    )


def _content(reading: Reading) -> tuple[int, int] | None:
    """What the claim is, as offsets into the sentence: what was said, when the rule's
    attribution isolates it from "X said"."""
    own = reading.own or reading
    if own.rule in (EVIDENCE, OWN_VOICE, HEDGE, HEDGE_REPORT, QUOTATION, DISPUTE_WORD):
        return None
    content = own.content
    if content is None:
        return None
    start, end = content
    lead = reading.sentence.lead
    start = max(start, lead)
    if start <= lead and end >= len(reading.sentence.text) - 1:
        return None  # the whole sentence: nothing isolated
    said = reading.sentence.text[start:end]
    if not _CLAUSE_VERB.search(said) and not _PRONOUN_START.match(said):
        return None  # "reported a record profit": an object, not a claim
    before = reading.sentence.text[:start].rstrip()
    if own.rule in (DISPUTE_VERB, DENIAL) and not before.endswith(("that", "“", '"')):
        return None  # "accused the mine of dumping": no clause to stand alone
    return start, end


def _notes(reading: Reading) -> tuple[str, ...]:
    rule = reading.rule
    if reading.own is not None:
        cue = (
            _("; cue “{cue}” in the next sentence").format(cue=reading.answer_cue.word)
            if reading.answer_cue
            else ""
        )
    else:
        cue = _("; cue “{cue}”").format(cue=reading.cue.word) if reading.cue else ""
    first = _("sure: {sure} · rule {rule}: {looks_for}{cue}").format(
        sure=reading.sure.value, rule=rule.id, looks_for=rule.looks_for, cue=cue
    )
    notes = [first]
    if reading.own is not None and reading.own.cue is not None:
        notes.append(
            _("read alone it would be {category} (rule {rule}, cue “{cue}”)").format(
                category=reading.own.category, rule=reading.own.rule.id, cue=reading.own.cue.word
            )
        )
    speaker = reading.speaker
    if speaker is not None:
        notes.append(_("speaker: {name} ({how})").format(name=speaker.name, how=speaker.found_by))
    return tuple(notes)


def _fact_said_by(reading: Reading, outlet: str) -> str:
    if reading.rule is EVIDENCE and reading.speaker is not None:
        return _("{outlet}, reporting {source}").format(
            outlet=_capital(outlet), source=_inside(reading.speaker.name)
        )
    return _("{outlet}, in its own voice").format(outlet=_capital(outlet))


def _said_by(reading: Reading, outlet: str, *, quoted: bool) -> str:
    speaker = reading.speaker
    if speaker is None and reading.rule is DISPUTE_WORD:
        return _("{outlet}, flagging it as contested").format(outlet=_capital(outlet))
    if speaker is None:
        return UNKNOWN_SPEAKER
    name = _capital(speaker.name)
    if speaker.unnamed:
        return _("{who}, mentioned by {outlet}").format(who=name, outlet=outlet)
    if reading.rule is DENIAL:
        return _("Denied by {who}, as reported by {outlet}").format(
            who=_inside(speaker.name), outlet=outlet
        )
    if reading.own is not None and reading.rule in (ANSWERED, CONTRADICTED):
        alone = reading.own
        base = (
            _fact_said_by(alone, outlet)
            if alone.category == "fact"
            else _said_by(alone, outlet, quoted=quoted)
        )
        return _("{said_by}; contested in the next sentence").format(said_by=base)
    if reading.rule in (DISPUTE_VERB, DISPUTE_WORD):
        return _("Contested by {who}, as reported by {outlet}").format(
            who=_inside(speaker.name), outlet=outlet
        )
    if quoted:
        return _("{who}, quoted by {outlet}").format(who=name, outlet=outlet)
    return _("{who}, as reported by {outlet}").format(who=name, outlet=outlet)


def _fact_explanation(reading: Reading, outlet: str) -> str:
    cue = reading.cue.word if reading.cue else ""
    if reading.rule is EVIDENCE:
        source = _inside(reading.speaker.name) if reading.speaker else _("a record")
        return _(
            "The cue is “{cue}”: {outlet} reports what {source} found or shows, a record "
            "or an analysis others could check, so it counts as a verified fact. A "
            "credible challenge to it reported in the article would make it disputed."
        ).format(cue=cue, outlet=outlet, source=source)
    if reading.rule is HEDGE:
        return _(
            "{outlet} says this in its own voice, but hedges it with “{cue}”: check that "
            "the article really stands behind it. If it only passes on what others "
            "suspect, it is not a verified fact."
        ).format(outlet=_capital(outlet), cue=cue)
    return _(
        "{outlet} says this in its own voice: the sentence has no “said”, “according "
        "to” or other attribution, and no word that flags it as contested, so it is a "
        "verified fact unless the article contradicts it elsewhere. Coming only from an "
        "official, it would be an official assertion."
    ).format(outlet=_capital(outlet))


def _pair_explanation(reading: Reading, outlet: str) -> str:
    cue = reading.cue.word if reading.cue else ""
    who = _name(reading.speaker)
    return _(
        "The cue is “{cue}”: {outlet} reports as an event that {who} said this, so the "
        "claim that it was said is a verified fact. What {who} said is a separate claim, "
        "which the article does not settle by reporting it."
    ).format(cue=cue, outlet=outlet, who=who)


def _explanation(reading: Reading, outlet: str, cue: str) -> str:
    rule = reading.rule
    who = _name(reading.speaker)
    if rule is ANSWERED or rule is CONTRADICTED:
        answer = reading.answer.body if reading.answer else ""
        opener = answer.split(maxsplit=1)[0].rstrip(",") if answer else ""
        answer_cue = reading.answer_cue.word if reading.answer_cue else ""
        if rule is ANSWERED:
            return _(
                "The next sentence answers this one (“{cue}”): with both sides reported "
                "and neither settled by the article, the claim is disputed. Evidence in "
                "the article for one side would settle it."
            ).format(cue=answer_cue)
        against = (
            _("“{cue}”").format(cue=answer_cue) if answer_cue else _("the article's own account")
        )
        return _(
            "The next sentence opens with “{opener}” and sets {against} against this "
            "claim of {who}'s, so the article itself contests it: disputed. Without that "
            "sentence it would be {who}'s official assertion."
        ).format(
            opener=opener if opener in CONTRAST_OPENERS else "However", against=against, who=who
        )
    if rule is DISPUTE_VERB:
        return _(
            "“{cue}” flags this as contested: the article reports an accusation or a "
            "challenge, not an established fact. A finding reported in the article, such "
            "as a court ruling or records, would settle it."
        ).format(cue=cue)
    if rule is DENIAL:
        return _(
            "“{cue}”: {who} says it is not so, so the article reports two sides and "
            "settles neither; the claim is disputed. Evidence in the article for one "
            "side would settle it."
        ).format(cue=cue, who=who)
    if rule is DISPUTE_WORD:
        return _(
            "“{cue}” signals that this is contested, and the article does not settle it, "
            "so it is disputed. Check what the word applies to: if it only colours the "
            "phrasing, the claim may be a fact or an assertion."
        ).format(cue=cue)
    if rule is HEDGE_REPORT:
        return _(
            "“{cue}” passes this on without the article vouching for it or saying who "
            "says it; until a source or evidence is given it is not established, so the "
            "draft treats it as disputed."
        ).format(cue=cue)
    if rule is QUOTATION:
        return _(
            "The quotation marks make these someone's words, not {outlet}'s, and the "
            "article does not confirm them: an official assertion. The drafter took the "
            "speaker from the sentence before; check it."
        ).format(outlet=outlet)
    if rule is STANCE:
        return _(
            "“{cue}” shows this is {who}'s claim, and the article does not confirm it, so "
            "it is an official assertion. Evidence reported in the article would make it "
            "a fact; someone contesting it would make it disputed."
        ).format(cue=cue, who=who)
    return _(
        "The article attributes this to {who} (“{cue}”) and does not check it, so it is "
        "an official assertion. Evidence reported in the article would make it a fact; "
        "someone contesting it would make it disputed."
    ).format(cue=cue, who=who)


def _name(speaker: Speaker | None) -> str:
    """The speaker as named inside a sentence."""
    if speaker is None:
        return _("someone the drafter could not name")
    return _inside(speaker.name)


def _inside(name: str) -> str:
    """ "The company" and "Critics" read "the company" and "critics" inside a sentence;
    names keep their capitals."""
    first = name.split(maxsplit=1)[0] if name else ""
    if first.lower() in _LOWER_FIRST and first[:1].isupper():
        return first.lower() + name[len(first) :]
    return name


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_LOWER_FIRST = words("the a an its their his her some several many two three") | GROUP_WORDS


def _quote(text: str) -> str:
    """`text` as a quote: at most MAX_QUOTE characters, cut at a space."""
    if len(text) <= MAX_QUOTE:
        return text
    cut = text.rfind(" ", 0, MAX_QUOTE)
    return text[: cut if cut > 0 else MAX_QUOTE]


# A clause has a verb; these catch most of them ("had made", "were", "will open", "fell").
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|shall|should|may|"
    r"might|must|does|do|did|\w{2,}ed)\b(?!’)",
)
_PRONOUN_START = re.compile(r"^[“\"]?(?:it|he|she|they|we|i|you|there)\b", re.IGNORECASE)
_CALLED = words(
    "call calls called calling label labels labeled labelled labeling labelling brand branded"
)
_OPENER = re.compile(r"^(?:" + "|".join(CONTRAST_OPENERS) + r"),?\s+")
_END = re.compile(r"[.!?…][\"”’'»)\]]*$")


def _claim_text(text: str) -> str:
    """A sentence or clause as a claim: one line, no leading "However,", a capital
    first letter and a full stop."""
    text = " ".join(text.split()).strip(" ,;:")
    text = _OPENER.sub("", text)
    if not text:
        return text
    if not _END.search(text):
        text = text.rstrip(",;:") + "."
    return text[:1].upper() + text[1:]


def _called(text: str) -> str:
    """ "called the union's account “simply untrue”" says the account is untrue."""
    match = re.match(r"^(.+?)\s+([“\"].+)$", text)
    if match is None:
        return text
    return _claim_text(f"{match.group(1)} is {match.group(2)}")


def _clause(text: str) -> str:
    """What someone said, as a claim: "that" clauses joined without "that"."""
    text = re.sub(r"^that\s+", "", " ".join(text.split()))
    return _claim_text(re.sub(r",? and that\s+", " and ", text))


def _shortened(text: str) -> tuple[str, bool]:
    if len(text) <= MAX_TEXT:
        return text, False
    cut = text.rfind(" ", 0, MAX_TEXT - 1)
    return text[: cut if cut > 0 else MAX_TEXT - 1] + "…", True


_SLUG_STOP = words(
    "the a an of to in on at for and or but that this is are was were be been has have "
    "had it its by with from as said told says will would could than who which"
)


def slug(text: str) -> str:
    """An id made of the first words of `text`: lowercase ASCII letters, digits, dashes."""
    spaced = re.sub(r"[^\w]+", " ", text)  # "1798—the" is two words
    plain = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    tokens = [t for t in re.findall(r"[a-z0-9]+", plain) if t not in _SLUG_STOP]
    slug = "-".join(tokens[:5])[:48].strip("-")
    return slug or "claim"


def _with_unique_id(claim: DraftClaim, ids: dict[str, int]) -> DraftClaim:
    """`claim` with an id no earlier claim has: its own, else with "-2", "-3", …
    (`ids` maps each id taken to the next number to try for it)."""
    base = claim.id[: MAX_ID - 6]
    candidate = base
    while candidate in ids:
        number = ids[base]
        ids[base] = number + 1
        candidate = f"{base}-{number}"
    ids[candidate] = 2
    if candidate == claim.id:
        return claim
    return replace(claim, id=candidate)
