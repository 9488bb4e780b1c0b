"""Who says it: the noun phrase next to a cue verb, and the people an article names.

`phrase_before` finds the subject of a verb ("Mayor Helena Marsh told …", skipping
"…, who voted against the plan, …"), `phrase_after` the speaker of an inverted
"“…,” said the mayor" or of "according to …". `People` remembers every person the
article names, with their title and, once known, whether "he" or "she" fits, so that
a pronoun or a title ("the Salvadoran leader") resolves to the last named person it
fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from game.draft.lexicon import EVIDENCE_NOUNS, words

Gender = Literal["he", "she"]


@dataclass(frozen=True)
class Phrase:
    """A stretch of a sentence naming someone."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    """Who stands behind a claim, as the draft names them."""

    name: str
    """As `said_by` shows it: "Mayor Helena Marsh", "the council", "critics"."""
    found_by: str
    """How the drafter found them, for the teacher's comment."""
    unnamed: bool = False
    """An accuser or reports the article does not name."""


# Titles and roles that make a capitalised name a person's ("Mayor Helena Marsh",
# "prosecutor Alba Quintero", "The town's transport director, Colin Ashby").
PERSON_TITLES = words(
    """
    president vice-president premier minister secretary mayor councillor councilor
    senator governor judge justice prosecutor lawyer attorney barrister solicitor dr
    mr mrs ms miss prof professor executive ceo director manager chair chairman
    chairwoman chairperson coach captain inspector detective sergeant officer
    spokesperson spokesman spokeswoman leader ambassador general commissioner
    chancellor king queen prince princess champion researcher scientist economist
    analyst official founder owner head chief sprinter athlete player striker
    midfielder goalkeeper bishop pope rabbi imam priest doctor nurse teacher principal
    headteacher student author writer editor journalist reporter activist campaigner
    organiser organizer resident farmer fisherman fisher worker member mp deputy
    counterpart colleague rival partner
    representative rep sen gov lt col gen capt sgt supt insp
    """
)
_FORMAL_TITLES = words(
    """
    president premier minister mayor councillor councilor senator governor judge
    justice prosecutor dr mr mrs ms miss prof professor chancellor king queen prince
    princess ambassador general commissioner inspector detective sergeant captain coach
    """
)
"""Titles written before a name ("Mayor Helena Marsh"); other roles follow it."""
_GENERIC_PERSON = words("leader official politician president head chief figure spokesperson")
"""A title phrase with one of these ("the Salvadoran leader") fits any named person."""
_GENDER_WORDS: dict[str, Gender] = {
    **dict.fromkeys(
        words("mr he his him himself spokesman chairman king prince father son husband"),
        "he",
    ),
    **dict.fromkeys(
        words(
            "mrs ms miss she her hers herself spokeswoman chairwoman queen princess mother "
            "daughter wife"
        ),
        "she",
    ),
}
ORG_WORDS = words(
    """
    council ministry office agency association federation union company group bank
    party authority commission university institute court police department committee
    service board administration government campaign club team league foundation
    society trust network organisation organization organizations organisations
    corporation inc ltd plc llc lab laboratory school hospital
    parliament congress senate assembly army navy coalition alliance movement
    """
) | words("herald news press times record courier post gazette wire desk")
"""Words that make a capitalised name an organisation's; the last few only in names
("The Arden Courier"), not as common nouns ("posts on the forum")."""
COMMON_ORG_WORDS = ORG_WORDS - words(
    "herald news press times record courier post gazette wire desk"
)
GROUP_WORDS = words(
    """
    critics officials residents villagers workers experts economists analysts lawyers
    parents teachers students voters fans members activists campaigners protesters
    doctors nurses scientists researchers locals witnesses farmers fishermen owners
    several many some others neighbours neighbors police prosecutors investigators
    inspectors authorities sources people families relatives supporters opponents
    """
)

_PARTICLES = r"(?:de|del|da|dos|das|van|von|der|den|bin|al|la|le|du|di|el)"
_CAP = r"[A-Z][\w’'-]*"
_NAME = re.compile(
    rf"(?<![\w’'-])(?:(?:Dr|Mr|Mrs|Ms|Prof|St)\.\s+)?{_CAP}(?:\s+(?:{_PARTICLES}\s+)?{_CAP})*"
)
_STOP = words(
    """
    the a an in on at for after before when while if as but however and or yet so
    this that these those there here it its he she they we i you his her their our
    my your according under since during despite although though with without from
    by of to not no some many several most all both each every one two three former
    also still last next new first recently meanwhile then
    """
)
_VERBISH = words("is are was were be been being would will shall has have had")
_DETERMINERS = words(
    "the a an his her its their our this that these those some several many two three "
    "four five most all"
)
PRONOUNS: dict[str, str] = {
    "he": "he",
    "she": "she",
    "they": "they",
    "it": "it",
    "his": "he",
    "her": "she",
    "their": "they",
    "its": "it",
}

_TRAILING_AUX = re.compile(
    r"\s+(?:has|have|had|is|are|was|were|be|been|being|will|would|shall|should|can|"
    r"could|may|might|must|do|does|did|not|never|also|later|then|again|previously|"
    r"repeatedly|publicly|once|first|recently|already|still|further|quickly|strongly|"
    r"flatly|firmly|immediately|allegedly|reportedly|apparently|only|since|itself|"
    r"himself|herself|themselves|yesterday|today|angrily|openly|privately|formally|so\s+far)$",
    re.IGNORECASE,
)
_CLAUSE_START = re.compile(
    r"[“”\"(\[;:—–]|\s-\s|,\s|\b(?:that|and|but|while|when|after|before|because|as|if|"
    r"since|although|though|where|which|who|whom|whose|than|so)\s",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"^(?:who|which|whose|where|whom)\b", re.IGNORECASE)
_AFTER_STOP = re.compile(r"[,;:!?”\"()\[\]—–]|\.(?!\s*[a-z])|\s(?:who|which|that|as|after)\s")
_TITLE_ABBREVIATION = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Prof|St)\.\s")


def phrase_before(text: str, at: int) -> Phrase | None:
    """The subject of the verb at `at`: the noun phrase just before it, past any
    auxiliaries ("has also") and any ", who …," clause or ", 58," age."""
    end = at
    before = text[:end].rstrip()
    while True:
        trimmed = _TRAILING_AUX.sub("", before)
        if trimmed == before:
            break
        before = trimmed
    if before.endswith(","):
        return _appositive(text, before[:-1].rstrip())
    return _clause_tail(text, before)


def phrase_after(text: str, at: int) -> Phrase | None:
    """The noun phrase starting at `at`, up to the next comma, clause or sentence end:
    the speaker of "said the mayor." or "according to the ministry, …". A name in
    commas right after it joins it ("according to the maker, Peakform, …")."""
    start = at
    while start < len(text) and text[start].isspace():
        start += 1
    rest = text[start:]
    # "Dr. Imani Castell": a title's full stop does not end the phrase.
    masked = _TITLE_ABBREVIATION.sub(lambda m: m.group().replace(".", "_"), rest)
    stop = _AFTER_STOP.search(masked)
    length = stop.start() if stop else len(rest)
    phrase = rest[:length].rstrip(" .")
    if not phrase or len(phrase.split()) > 12:
        return None
    end = start + len(phrase)
    follow = re.match(rf",\s+({_NAME.pattern}),", text[end:])
    if follow and _looks_like_name(follow.group(1)):
        phrase = text[start : end + follow.end(1)]
        end = start + len(phrase)
    return Phrase(phrase, start, end)


def _appositive(text: str, before: str) -> Phrase | None:
    """`before` ended with a comma: "X, who …," / "X, 58," / "X, Name," / "X, on Monday,"."""
    comma = before.rfind(", ")
    if comma < 0:
        return _clause_tail(text, before)
    inner = before[comma + 2 :]
    outer = before[:comma]
    if _looks_like_name(inner):
        head = _clause_tail(text, outer)
        if head and not _RELATIVE.match(head.text):
            return Phrase(f"{head.text}, {inner}", head.start, len(before))
        return Phrase(inner, comma + 2, len(before))
    return phrase_before(text, len(outer))


def _clause_tail(text: str, before: str, limit: int = 10) -> Phrase | None:
    """The last clause's words of `before` (at most `limit` of them): its subject, when
    it names someone."""
    start = 0
    for match in _CLAUSE_START.finditer(before):
        start = match.end()
        if match.group().strip().lower() in ("which", "who", "whom") and not before[start:].strip():
            # "…, which has labeled": the relative pronoun's antecedent speaks.
            return _antecedent(text, before[: match.start()])
    phrase = before[start:].strip()
    if not phrase or len(phrase.split()) > limit:
        return None
    offset = before.index(phrase, start)
    if phrase.lower() in ("which", "who"):
        return _antecedent(text, before[:offset])
    return Phrase(phrase, offset, offset + len(phrase))


def _antecedent(text: str, before: str) -> Phrase | None:
    before = before.rstrip().rstrip(",").rstrip()
    # The antecedent may be long ("part of the Trump administration's broader
    # crackdown"); its possessor, below, is what speaks.
    head = _clause_tail(text, before, limit=20)
    if head is None:
        return None
    # "the Trump administration's broader immigration crackdown, which has labeled":
    # the possessor is the one who labels.
    possessive = re.match(r"^(.*?\S)(?:’s|'s)\s", head.text)
    if possessive:
        # The possessor is the noun phrase right before "'s": from its last "the", or
        # its run of capitalised words ("part of the Trump administration's …").
        owner = possessive.group(1)
        words_ = owner.split()
        determiners = [i for i, w in enumerate(words_) if w.lower() in ("the", "a", "an")]
        start = determiners[-1] if determiners else len(words_) - 1
        while not determiners and start > 0 and words_[start - 1][:1].isupper():
            start -= 1
        name = " ".join(words_[start:])
        if any(word[:1].isupper() for word in name.split()):
            at = head.start + owner.rindex(name)
            return Phrase(name, at, at + len(name))
    return head


def _looks_like_name(words: str) -> bool:
    tokens = words.split()
    return (
        0 < len(tokens) <= 4
        and all(t[:1].isupper() or t.lower() in _PARTICLES for t in tokens)
        and tokens[0].lower() not in _STOP
    )


def plausible(phrase: Phrase) -> bool:
    """Whether a phrase can be someone who speaks: a name, a pronoun, or a phrase
    whose words include a person, group or organisation, or a record that reports."""
    words = [w.strip("’'.,").lower() for w in phrase.text.split()]
    if not words:
        return False
    if len(words) == 1 and words[0] in PRONOUNS:
        return True
    if words[-1] in _STOP - _DETERMINERS - {"several", "many", "some", "others"}:
        return False
    if any(w in _VERBISH for w in words):
        return False  # "Migrants are held in a prison called …": a clause, not a speaker
    if any(w[:1].isupper() for w in phrase.text.split() if w.lower().strip("’'") not in _STOP):
        return True
    known = PERSON_TITLES | ORG_WORDS | GROUP_WORDS | EVIDENCE_NOUNS
    return any(w in known or singular(w) in known for w in words)


def singular(word: str) -> str:
    """ "companies" -> "company", "critics" -> "critic": enough to look a word up."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


@dataclass
class Person:
    """Someone the article names."""

    name: str
    """Their name as first given in full: "Helena Marsh"."""
    title: str | None = None
    """Their title or role, as the article writes it: "Mayor", "transport director"."""
    gender: Gender | None = None
    """Which pronoun fits, once the article shows it."""
    last_seen: int = -1
    """Index of the last sentence naming them (or standing for them)."""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def display(self) -> str:
        if self.title is None:
            return self.name
        if _bare(self.title) in _FORMAL_TITLES:
            return f"{self.title[:1].upper()}{self.title[1:]} {self.name}"
        return f"{self.name}, {self.title}"

    def fits(self, gender: Gender | None) -> bool:
        return gender is None or self.gender is None or self.gender == gender


@dataclass
class People:
    """The people named so far in the article, in the order last seen."""

    people: list[Person] = field(default_factory=list)
    subjects: dict[int, Person] = field(default_factory=dict)
    """The person each sentence is about (its speaker, or the person named first)."""

    def observe(self, text: str, index: int) -> list[Person]:
        """Note the people `text` (sentence `index`) names; return them in order."""
        named: list[Person] = []
        unquoted = _unquoted(text)
        for match in _NAME.finditer(text):
            person = self._person(text, match)
            if person is not None and person not in named:
                person.last_seen = index
                named.append(person)
        if len(named) == 1 and named[0].gender is None:
            named[0].gender = _gender_in(unquoted[text.find(named[0].surname) :])
        if named and index not in self.subjects:
            first = named[0]
            if text.find(first.surname) < max(40, len(text) // 3):
                self.subjects[index] = first
        return named

    def note_subject(self, index: int, person: Person) -> None:
        """The sentence's speaker is who it is about."""
        self.subjects[index] = person
        person.last_seen = max(person.last_seen, index)

    def find(self, name: str) -> Person | None:
        """The person a name or surname refers to ("Penn" -> Tobias Penn)."""
        tokens = name.replace("’s", "").replace("'s", "").split()
        for person in sorted(self.people, key=lambda p: -p.last_seen):
            if person.name == name or (tokens and tokens[-1] == person.surname):
                return person
        return None

    def resolve_pronoun(self, pronoun: str, index: int) -> Person | None:
        """The person "he" or "she" in sentence `index` stands for: whom this sentence or
        one of the two before it is about, or else the last named person it fits."""
        gender = _PRONOUN_GENDER.get(pronoun.lower())
        if gender is None:
            return None
        subject: Person | None = None
        for back in (index, index - 1, index - 2):
            candidate = self.subjects.get(back)
            if candidate is not None and candidate.fits(gender):
                subject = candidate
                break
        if subject is None:
            recent = sorted(self.people, key=lambda p: -p.last_seen)
            subject = next((p for p in recent if p.fits(gender)), None)
        if subject is not None:
            if subject.gender is None:
                subject.gender = gender
            subject.last_seen = max(subject.last_seen, index)
        return subject

    def resolve_title(self, phrase: str, index: int) -> Person | None:
        """The person a title phrase ("the mayor", "the Salvadoran leader") stands for."""
        words = [w.strip("’'.,").lower() for w in phrase.split()]
        if not words or words[-1] not in PERSON_TITLES:
            return None
        if words[0] not in _DETERMINERS and not words[0].endswith(("’s", "'s")):
            return None
        role = words[-1]
        for person in sorted(self.people, key=lambda p: -p.last_seen):
            if person.title and role in person.title.lower().split():
                return person
        if role in _GENERIC_PERSON:
            for back in (index, index - 1, index - 2):
                subject = self.subjects.get(back)
                if subject is not None:
                    return subject
        return None

    def _person(self, text: str, match: re.Match[str]) -> Person | None:
        tokens = [
            (m.group(), match.start() + m.start()) for m in re.finditer(r"\S+", match.group())
        ]
        # "El Salvador's President Nayib Bukele": the name follows the last possessive;
        # "Dunlow's brother-in-law": a possessive name is still the name.
        for i, (token, _at) in enumerate(tokens):
            if token.endswith(("’s", "'s")):
                if i == len(tokens) - 1:
                    tokens[i] = (token[:-2], tokens[i][1])
                else:
                    tokens = tokens[i + 1 :]
                break
        while tokens and (_bare(tokens[0][0]) in _STOP or _is_title(tokens[0][0])):
            tokens = tokens[1:]
        if not tokens or any(_bare(t) in ORG_WORDS for t, _at in tokens):
            return None
        name = " ".join(t for t, _at in tokens)
        known = self.find(name)
        if known is not None:
            return known
        start = tokens[0][1]
        end = match.end()
        after = text[end:]
        title = _title_before(text, start) or _title_after(text, end)
        preceding = text[:start].split()[-1:]
        if title is None and preceding and _bare(preceding[0]) in _PREPOSITIONS:
            return None  # "Analysts at Brightline Research said": a place or a firm
        is_person = (
            title is not None
            or re.match(r",\s+(?:who|whose)\b", after) is not None
            or re.match(r",\s+\d{1,3},", after) is not None
            or (len(tokens) >= 2 and _speaks(after))
        )
        if not is_person or len(tokens) > 4:
            return None
        person = Person(name, title)
        if title is not None:
            person.gender = _GENDER_WORDS.get(_bare(title.split()[-1]))
        self.people.append(person)
        return person


_PREPOSITIONS = words("at of for from by in with on near to into about against")
_PRONOUN_GENDER: dict[str, Gender] = {
    "he": "he",
    "him": "he",
    "his": "he",
    "she": "she",
    "her": "she",
}


def _bare(word: str) -> str:
    return word.lower().strip("’'.,")


def _is_title(word: str) -> bool:
    """ "Mayor", "prosecutor", and a compound whose last part is one ("Vice-chancellor")."""
    bare = _bare(word)
    return bare in PERSON_TITLES or bare.rsplit("-", 1)[-1] in PERSON_TITLES


_SPEECH_WORDS = words(
    "said says told added wrote claimed declared insisted argued warned denied stated "
    "announced called labeled labelled blamed according"
)
_SPEECH = re.compile(
    r"^,?\s*(?:has |had |also |later )*(?:said|says|told|added|wrote|claimed|declared|"
    r"insisted|argued|warned|denied|stated|announced|called|labeled|labelled|blamed)\b"
)


def _speaks(after: str) -> bool:
    return _SPEECH.match(after) is not None


def _title_before(text: str, start: int) -> str | None:
    """A title right before a name: "Mayor ", "federation president ", or a role in an
    appositive before it: "Korvane's director of operations, Petra Lindqvist"."""
    before = text[:start].rstrip()
    if before.endswith(","):
        role = _clause_tail(text, before[:-1].rstrip())
        if role and any(_bare(w).removesuffix("’s") in PERSON_TITLES for w in role.text.split()):
            opening = role.text.split()[0]
            # "The town's transport director" reads "Colin Ashby, the town's …" after the name.
            return (
                role.text[:1].lower() + role.text[1:]
                if _bare(opening) in _DETERMINERS
                else role.text
            )
        return None
    words = before.split()
    if not words or not _is_title(words[-1]):
        return None
    taken = [words[-1]]
    for word in reversed(words[:-1][-2:]):
        lower = _bare(word)
        if lower in _STOP or lower in _SPEECH_WORDS or not word[-1].isalnum():
            break
        if word.endswith(("’s", "'s")):
            break
        taken.insert(0, word)
    title = " ".join(taken)
    if before.startswith(title) and _bare(title.split()[0]) not in _FORMAL_TITLES:
        # "Chief executive Selin Ardent" opened the sentence: "Selin Ardent, chief executive".
        title = title[:1].lower() + title[1:]
    return title


def _title_after(text: str, end: int) -> str | None:
    """A role right after a name, in commas: "Irene Moss, the bakery's owner,"."""
    match = re.match(r",\s+((?:the|a|an)\s[^,]{1,60}?),", text[end:])
    if match and any(w.strip("’'s") in PERSON_TITLES for w in match.group(1).lower().split()):
        return match.group(1)
    return None


def _gender_in(text: str) -> Gender | None:
    """The one gender the pronouns in `text` (outside quotations) show, if only one."""
    found = {_GENDER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _GENDER_WORDS}
    return found.pop() if len(found) == 1 else None


def _unquoted(text: str) -> str:
    """`text` with quotations blanked out (a quoted "his" is not about the speaker)."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group()), text)
