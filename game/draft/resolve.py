"""Turning the words that name a speaker into the speaker a draft names.

"she" becomes the last named woman (or person) the article was about, "the
Salvadoran leader" the person with that title or the one the sentence before was
about, "Penn" Councillor Tobias Penn, "it" or "they" the last organisation or group
quoted; a passive accusation gets an accuser the article does not name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.draft.attribution import Attribution, How
from game.draft.speakers import PRONOUNS, People, Person, Phrase, Speaker
from game.i18n import _


@dataclass
class Resolver:
    """Resolves speakers sentence by sentence, remembering who was named."""

    people: People = field(default_factory=People)
    last_other: Speaker | None = None
    """The last organisation or group quoted, for "it" and "they"."""
    last_speaker: Speaker | None = None
    """The speaker of the last attributed sentence, for a quotation that runs on."""

    def speaker(self, attribution: Attribution, index: int) -> tuple[Speaker | None, Person | None]:
        """Who `attribution` (in sentence `index`) names, and the person it is, if one."""
        how = attribution.how
        if how is How.PASSIVE:
            return Speaker(_("an unnamed accuser"), how.value, unnamed=True), None
        if how is How.REPORTS:
            return Speaker(_("unnamed reports"), how.value, unnamed=True), None
        phrase = attribution.phrase
        if phrase is None:
            if how is How.SENTENCE_SUBJECT:
                person = self.people.subjects.get(index)
                if person is not None:
                    return self._person(person, _("the sentence's subject, {name}"), index), person
            return None, None
        return self.named(phrase, how, index)

    def named(self, phrase: Phrase, how: How, index: int) -> tuple[Speaker | None, Person | None]:
        """The speaker a phrase names."""
        words = phrase.text.split()
        lone = words[0].lower() if len(words) == 1 else ""
        if lone in PRONOUNS:
            if PRONOUNS[lone] in ("he", "she"):
                person = self.people.resolve_pronoun(lone, index)
                if person is None:
                    return None, None
                found = _("“{pronoun}”, taken as {name}, the last person named it fits")
                return self._person(person, found, index, pronoun=phrase.text), person
            if self.last_other is not None:
                found = _("“{pronoun}”, taken as the last group or organisation quoted")
                return (
                    Speaker(self.last_other.name, found.format(pronoun=phrase.text)),
                    None,
                )
            return None, None
        if ", " in phrase.text:
            # "The town's transport director, Colin Ashby": the name after the comma.
            name = phrase.text.rsplit(", ", 1)[1]
            person = self.people.find(name)
            if person is not None:
                return self._person(person, how.value, index), person
        person = self._ending_with_person(phrase.text)
        if person is not None:
            return self._person(person, how.value, index), person
        person = self.people.resolve_title(phrase.text, index)
        if person is not None:
            found = _("“{title}”, taken as {name}")
            return self._person(person, found, index, title=phrase.text), person
        speaker = Speaker(phrase.text, how.value)
        self.last_other = speaker
        return speaker, None

    def _ending_with_person(self, text: str) -> Person | None:
        last = text.split()[-1].removesuffix("’s").removesuffix("'s")
        for person in self.people.people:
            if person.surname == last:
                return person
        return None

    def _person(self, person: Person, found_by: str, index: int, **extra: str) -> Speaker:
        self.people.note_subject(index, person)
        return Speaker(person.display(), found_by.format(name=person.name, **extra))
