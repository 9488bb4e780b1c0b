"""Attributions in a sentence: for each cue, who it names and what they said.

"Mayor Marsh told the council that Y" names Marsh before the verb and says Y after
"that"; "“Y,” said the mayor" names the speaker after the verb and says what the
quotation holds; "According to X, Y" and "Y, X said" put Y on the other side of the
comma; "Dunlow is accused of Y" names no accuser at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from game.draft.cues import Cue
from game.draft.lexicon import ATTRIBUTION, INVERTIBLE, Family
from game.draft.speakers import Phrase, phrase_after, phrase_before, plausible
from game.i18n import _

Span = tuple[int, int]


class How(Enum):
    """Where the sentence names the speaker, as the teacher's comment words it."""

    SUBJECT = _("named before the verb")
    INVERTED = _("named after the verb (“…,” said X)")
    TRAILING = _("named at the end (“…, X said”)")
    ACCORDING_TO = _("“according to X”")
    IN_WORDS = _("“in his/her words”")
    SENTENCE_SUBJECT = _("the sentence's subject")
    PASSIVE = _("a passive with no accuser named (“is accused of”)")
    REPORTS = _("unattributed “reports of”")
    NONE = _("no speaker in the sentence")


@dataclass(frozen=True)
class Attribution:
    """One cue with its speaker and what it attributes."""

    cue: Cue
    phrase: Phrase | None
    """The words naming the speaker, as the sentence has them."""
    how: How
    content: Span | None
    """What was said (or is contested), as offsets into the sentence."""


_BE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|gets|got|stand|stands|stood)\s+(?:\w+ly\s+)?$",
    re.IGNORECASE,
)
_BY = re.compile(r"^\s+by\s+")
_QUOTE_BEFORE = re.compile(r"[“\"]([^“”\"]+)[”\"]\s*$")
_INVERTED_BEFORE = re.compile(r"(?:,|[”\"’]|,[”\"’])\s*$")
_AFTER_VERB_END = re.compile(
    r"^(?:\s+(?:on|in|at|after|before|outside|during|to|last|this|late|early|earlier|"
    r"later|in\s+a|on\s+\w+)\b[^,;:]*)?\s*(?:[.!?]|,\s+\w+ing\b|$)"
)
_THAT = re.compile(r"\bthat\s+")
_WORDS_PRONOUN = re.compile(r"\b(his|her|their|its)\b", re.IGNORECASE)
_SPEECH_FAMILIES = (Family.NEUTRAL, Family.STANCE, Family.DENIAL, Family.DISPUTE)
DISPUTE_VERBS = ("allege", "accuse", "question", "dispute", "contest", "challenge", "criticise")
"""Dispute cues that are verbs with a subject; the family's other cues are words."""
_OBJECT = re.compile(
    r"^(?:that|this|these|those|whether|if|to|it|its|his|her|their|in|on|at|for|with|"
    r"after|before|during|outside|from|by|about|last|later|earlier)\b",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"\b(?:\d[\d,.]*|the|a|an|this|that|these|those|first|second|third|latest|new|its|"
    r"their|his|her|one|two|three|four|five|several|many|dozens|hundreds)\s+$",
    re.IGNORECASE,
)
_AFTER_QUOTE = re.compile(r"[”\"’],?\s*$|,[”\"’]\s*$")


def attributions(text: str, cues: list[Cue]) -> list[Attribution]:
    """Each attribution cue of `text` with its speaker and content, in order."""
    found = []
    for cue in cues:
        if cue.family in ATTRIBUTION or cue.family is Family.EVIDENCE:
            found.append(_attribution(text, cue))
    return found


def _attribution(text: str, cue: Cue) -> Attribution:
    lemma = cue.lemma
    if lemma == "according to":
        phrase = phrase_after(text, cue.end)
        if text[: cue.start].strip() == "" or text[: cue.start].rstrip().endswith(","):
            # "According to X, Y": Y follows the phrase and its comma.
            after = phrase.end if phrase else cue.end
            rest = text[after:]
            comma = rest.find(",")
            content = _span(text, after + comma + 1, len(text)) if comma >= 0 else None
            if text[: cue.start].strip():
                content = _span(text, 0, text[: cue.start].rstrip().rfind(","))
        else:
            content = _span(text, 0, cue.start)
        return Attribution(cue, phrase, How.ACCORDING_TO, content)
    if "words" in lemma:
        pronoun = _WORDS_PRONOUN.search(cue.word)
        phrase = Phrase(pronoun.group(1), cue.start, cue.end) if pronoun else None
        if not text[: cue.start].strip():
            content = _span(text, cue.end, len(text))
        else:
            that = text.rfind(" that ", 0, cue.start)
            content = _span(text, that + 6 if that >= 0 else 0, len(text))
        return Attribution(cue, phrase, How.IN_WORDS, content)
    if lemma.startswith("report") and cue.family is Family.DISPUTE:
        if _COUNTED.search(text[: cue.start]):
            # "has received 23 reports of …", "the first report of a fire": reports the
            # sentence counts or names, not unattributed ones it passes on.
            return Attribution(cue, None, How.NONE, None)
        return Attribution(cue, None, How.REPORTS, _span(text, 0, len(text)))
    if cue.noun:
        # "his promise to build …", "the government's claim that …"
        return Attribution(cue, _possessor(text, cue.start), How.SUBJECT, _said_after(text, cue))
    if cue.family is Family.DISPUTE and cue.lemma not in DISPUTE_VERBS:
        # "critics", "controversy", "so-called": a word, not a verb with a subject.
        return Attribution(cue, None, How.NONE, _span(text, 0, len(text)))
    if cue.family is Family.DISPUTE and " " not in cue.word and _is_participle(text, cue):
        by = _BY.match(text[cue.end :])
        if by:
            phrase = phrase_after(text, cue.end + by.end())
            return Attribution(cue, phrase, How.SUBJECT, _span(text, cue.end, len(text)))
        return Attribution(cue, None, How.PASSIVE, _span(text, 0, len(text)))
    if cue.family in _SPEECH_FAMILIES or cue.family is Family.EVIDENCE:
        inverted = _inverted(text, cue)
        subject = phrase_before(text, cue.start)
        # "Dr. Kamara, who teaches history, said staff …": a comma before the verb can
        # close a subject's appositive; only a closing quotation mark surely does not.
        if inverted and (_AFTER_QUOTE.search(text[: cue.start]) or not _speaks(subject)):
            phrase = phrase_after(text, cue.end)
            if phrase is not None and plausible(phrase) and not _OBJECT.match(phrase.text):
                return Attribution(cue, phrase, How.INVERTED, _said_before(text, cue.start))
        phrase = subject
        if cue.family is Family.EVIDENCE and phrase is not None:
            # A finding's subject need not be anyone: "the financial statement shows".
            return Attribution(cue, phrase, How.SUBJECT, _said_after(text, cue))
        if phrase is None or not plausible(phrase):
            if cue.word.lower().endswith("ing") or text[: cue.start].rstrip().endswith(" to"):
                return Attribution(cue, None, How.SENTENCE_SUBJECT, _said_after(text, cue))
            return Attribution(cue, None, How.NONE, _said_after(text, cue))
        if _AFTER_VERB_END.match(text[cue.end :]) and text[: phrase.start].rstrip()[-1:] in (
            ",",
            "”",
            '"',
        ):
            return Attribution(cue, phrase, How.TRAILING, _said_before(text, phrase.start))
        return Attribution(cue, phrase, How.SUBJECT, _said_after(text, cue))
    return Attribution(cue, None, How.NONE, None)


def _speaks(phrase: Phrase | None) -> bool:
    return phrase is not None and plausible(phrase)


def _inverted(text: str, cue: Cue) -> bool:
    """Whether the verb comes before its speaker: "“…,” said the mayor"."""
    return (
        cue.lemma in INVERTIBLE
        and not cue.word.lower().endswith("ing")
        and _INVERTED_BEFORE.search(text[: cue.start]) is not None
    )


def _possessor(text: str, at: int) -> Phrase | None:
    """Who owns the word at `at`: "his" in "his promise", "the government" in "the
    government's claim"."""
    match = re.search(
        r"((?:(?:the|a|an)\s+)?(?:[A-Z][\w-]*\s+){0,3}[\w-]+)(?:’s|'s)\s+$|\b(his|her|their|its)\s+$",
        text[:at],
        re.IGNORECASE,
    )
    if match is None:
        return None
    group = 1 if match.group(1) else 2
    return Phrase(match.group(group), match.start(group), match.end(group))


def _is_participle(text: str, cue: Cue) -> bool:
    """A passive or adjectival "accused"/"alleged": "is accused of", "men accused of",
    "the alleged bribes" (no one named does the accusing)."""
    word = cue.word.lower()
    if not word.endswith("ed"):
        return False
    before = text[: cue.start]
    if _BE.search(before):
        return True
    after = text[cue.end :]
    if re.match(r"^\s+(?:of|to)\b", after):
        subject = phrase_before(text, cue.start)
        return subject is None or not _names_an_agent(before)
    return re.match(r"^\s+[a-z]", after) is not None and (
        before.rstrip().split()[-1:] in (["the"], ["an"], ["a"], ["its"], ["his"], ["her"])
    )


def _names_an_agent(before: str) -> bool:
    """Whether the words before a verb end with a subject that acts: a name, a
    pronoun, or a group ("critics", "the group"), not an object ("Venezuelans")."""
    tail = before.rstrip().split()[-3:]
    if not tail:
        return False
    last = tail[-1].lower()
    if last in ("he", "she", "they", "it", "we", "critics", "prosecutors", "police"):
        return True
    return (len(tail) >= 2 and tail[-2].lower() in ("has", "have", "had")) or last.endswith(",")


def _said_before(text: str, at: int) -> Span | None:
    """What was said, before the speaker: the quotation ending there, or the clause."""
    before = text[:at].rstrip()
    quote = _QUOTE_BEFORE.search(before)
    if quote:
        return _span(text, quote.start(1), quote.end(1))
    comma = before.rfind(",")
    return _span(text, 0, comma if comma > 0 else len(before))


def _said_after(text: str, cue: Cue) -> Span | None:
    """What was said, after the verb: from "that" when it comes soon (past an object
    such as "told the council"), else everything after the verb."""
    rest = text[cue.end :]
    that = _THAT.search(rest[:160])
    if that:
        return _span(text, cue.end + that.end(), len(text))
    return _span(text, cue.end, len(text))


def _span(text: str, start: int, end: int) -> Span | None:
    """(start, end) with spaces and trailing commas or full stops trimmed; a
    quotation's own marks stay."""
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] in " ,.;:":
        end -= 1
    if end - start < 3:
        return None
    return start, end
