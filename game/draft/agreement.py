"""How far a draft agrees with hand labels: the figures `bench/draft.py` prints.

A label file (`tests/draft_eval/*.labels.toml`) lists an article's checkable
sentences, each with its category and speaker. Matching each label to the drafted
sentence that contains it gives sentence recall; over the matched sentences,
category agreement (per-category precision and recall, macro-F1, Cohen's kappa) and
speaker accuracy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import tomli

from game.draft.rules import Reading
from game.text import normalise

CATEGORIES = ("fact", "assertion", "disputed")
OWN_VOICE = ""
"""A label's speaker when the outlet says it in its own voice."""
UNNAMED = "unnamed"
"""A label's speaker when the article names no one (an accuser, reports)."""


@dataclass(frozen=True)
class Label:
    """One hand-labelled checkable sentence."""

    text: str
    """A part of the sentence that occurs once in the article."""
    category: str
    speakers: tuple[str, ...]
    """Words one of which must appear in the drafted speaker; ("",) for the outlet's
    own voice, ("unnamed",) for nobody named."""


@dataclass(frozen=True)
class LabelledArticle:
    """An evaluation article and its labels."""

    name: str
    text: str
    title: str
    publisher: str
    date: str
    labels: tuple[Label, ...]
    held_out: bool = False
    """Written and labelled after the rules were frozen, never used to tune them."""


def load(path: Path) -> LabelledArticle:
    """A `*.labels.toml` file and the article it names (next to it)."""
    with path.open("rb") as handle:
        data = tomli.load(handle)
    labels = []
    for entry in data["sentences"]:
        speaker = entry["speaker"]
        speakers = (speaker,) if isinstance(speaker, str) else tuple(speaker)
        if entry["category"] not in CATEGORIES:
            raise ValueError(f"{path}: unknown category {entry['category']!r}")
        labels.append(Label(entry["text"], entry["category"], speakers))
    article = path.parent / data["article"]
    return LabelledArticle(
        name=article.stem,
        text=article.read_text(encoding="utf-8"),
        title=data["title"],
        publisher=data["publisher"],
        date=str(data["date"]),
        labels=tuple(labels),
        held_out=bool(data.get("held_out", False)),
    )


@dataclass(frozen=True)
class Match:
    """A label with the drafted sentence that contains it (None: the draft missed it)."""

    label: Label
    reading: Reading | None

    @property
    def category(self) -> str | None:
        return self.reading.category if self.reading else None

    @property
    def speaker_right(self) -> bool | None:
        """Whether the draft names the labelled speaker; None for the outlet's own voice
        (not scored: there is no one to find) or a missed sentence."""
        if self.reading is None or self.label.speakers == (OWN_VOICE,):
            return None
        speaker = self.reading.speaker
        if self.label.speakers == (UNNAMED,):
            return speaker is not None and speaker.unnamed
        if speaker is None:
            return False
        name = normalise(speaker.name).lower()
        return any(normalise(word).lower() in name for word in self.label.speakers)


def match(labels: Iterable[Label], readings: Sequence[Reading]) -> list[Match]:
    """Each label with the first drafted sentence containing its text."""
    texts = [normalise(reading.sentence.text) for reading in readings]
    found = []
    for label in labels:
        needle = normalise(label.text)
        at = next((i for i, text in enumerate(texts) if needle in text), None)
        found.append(Match(label, readings[at] if at is not None else None))
    return found


def unlabelled(labels: Iterable[Label], readings: Sequence[Reading]) -> list[Reading]:
    """Drafted sentences no label points at (sentences the labels do not count as
    checkable)."""
    needles = [normalise(label.text) for label in labels]
    return [
        reading
        for reading in readings
        if not any(needle in normalise(reading.sentence.text) for needle in needles)
    ]


@dataclass(frozen=True)
class Agreement:
    """Category agreement between labels and draft over the sentences both have."""

    pairs: tuple[tuple[str, str], ...]
    """(label, draft) category of each matched sentence."""

    @property
    def n(self) -> int:
        return len(self.pairs)

    @property
    def accuracy(self) -> float:
        return sum(a == b for a, b in self.pairs) / self.n if self.n else 0.0

    def precision(self, category: str) -> float | None:
        drafted = [a for a, b in self.pairs if b == category]
        return sum(a == category for a in drafted) / len(drafted) if drafted else None

    def recall(self, category: str) -> float | None:
        labelled = [b for a, b in self.pairs if a == category]
        return sum(b == category for b in labelled) / len(labelled) if labelled else None

    def f1(self, category: str) -> float:
        p, r = self.precision(category), self.recall(category)
        if not p or not r:
            return 0.0
        return 2 * p * r / (p + r)

    @property
    def macro_f1(self) -> float:
        present = [c for c in CATEGORIES if self.recall(c) is not None]
        return sum(self.f1(c) for c in present) / len(present) if present else 0.0

    @property
    def kappa(self) -> float:
        """Cohen's kappa: agreement beyond what the two sides' category frequencies
        would give by chance; 1 is perfect, 0 chance."""
        if not self.n:
            return 0.0
        labelled = Counter(a for a, _b in self.pairs)
        drafted = Counter(b for _a, b in self.pairs)
        chance = sum(labelled[c] * drafted[c] for c in CATEGORIES) / self.n**2
        if chance == 1:
            return 1.0
        return (self.accuracy - chance) / (1 - chance)


def agreement(matches: Iterable[Match]) -> Agreement:
    return Agreement(
        tuple((m.label.category, m.category) for m in matches if m.category is not None)
    )


def speaker_accuracy(matches: Iterable[Match]) -> tuple[int, int]:
    """(right, scored): matched sentences whose labelled speaker is someone, and how
    many of them the draft names."""
    scored = [m.speaker_right for m in matches if m.speaker_right is not None]
    return sum(scored), len(scored)
