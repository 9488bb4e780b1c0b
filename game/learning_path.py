"""The built-in packs as a path for a self-learner: easiest move first, each pack's best
round and whether it is done, and the pack to play next.

The order is content, kept with the packs in `questions/path.txt`: one step a line, by
pack id; packs on one line teach the same move in different languages, and a step is
done when any of them is."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

PATH_FILE = "path.txt"
DONE_SHARE = 0.75
"""A pack is done after a round of all its claims with at least three in four right
(a hinted right answer scores half)."""


class RoundLike(Protocol):
    """One round of one pack, as `ProgressStore.pack_rounds` gives it."""

    @property
    def pack_id(self) -> str: ...
    @property
    def answered(self) -> int: ...
    @property
    def points(self) -> float: ...


class PackLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def language(self) -> str: ...
    @property
    def claims(self) -> Sequence[object]: ...


def read_path(folder: Path) -> tuple[tuple[str, ...], ...]:
    """The steps of the path in `folder`'s path file; none when it has no such file
    (or it cannot be read: the packs are then listed in search order)."""
    try:
        text = (folder / PATH_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ()
    steps = []
    for line in text.splitlines():
        ids = tuple(line.split("#", 1)[0].split())
        if ids:
            steps.append(ids)
    return tuple(steps)


def step_of(path: Sequence[Sequence[str]], pack_id: str) -> int | None:
    """The 0-based step `pack_id` is on, or None when the path leaves it out."""
    return next((index for index, ids in enumerate(path) if pack_id in ids), None)


def path_order(pack_ids: Sequence[str], path: Sequence[Sequence[str]]) -> list[int]:
    """The indexes of `pack_ids` in path order: the path's steps first, in order (packs
    on one step in the step's order), then the rest as they came."""
    last = len(path)

    def key(index: int) -> tuple[int, int]:
        pack_id = pack_ids[index]
        step = step_of(path, pack_id)
        if step is None:
            return (last, index)
        return (step, path[step].index(pack_id))

    return sorted(range(len(pack_ids)), key=key)


@dataclass(frozen=True)
class PackProgress:
    """How far a player has come with one pack."""

    claims: int
    """How many claims the pack has now."""
    best: float | None
    """The most points in a round of all its claims; None before such a round."""
    started: bool
    """Some round of it was played, whole or not."""

    @property
    def done(self) -> bool:
        return self.best is not None and self.best >= DONE_SHARE * self.claims


def pack_progress(
    packs: Iterable[PackLike], rounds: Iterable[RoundLike]
) -> dict[str, PackProgress]:
    """Each pack's progress by its id, from the player's rounds (`pack_rounds`)."""
    by_pack: dict[str, list[RoundLike]] = {}
    for played in rounds:
        by_pack.setdefault(played.pack_id, []).append(played)
    progress = {}
    for pack in packs:
        size = len(pack.claims)
        rounds_of = by_pack.get(pack.id, [])
        whole = [r.points for r in rounds_of if r.answered >= size]
        progress[pack.id] = PackProgress(
            claims=size, best=min(max(whole), size) if whole else None, started=bool(rounds_of)
        )
    return progress


def suggested_next(
    packs: Sequence[PackLike],
    progress: Mapping[str, PackProgress],
    path: Sequence[Sequence[str]],
    language: str,
) -> str | None:
    """The id of the pack to play next: on the first step of the path none of whose
    packs is done, the one in the player's `language` if there is one (else the
    step's first). None when every step is done, or no pack is on the path."""
    by_id = {pack.id: pack for pack in packs}
    for ids in path:
        here = [by_id[i] for i in ids if i in by_id]
        if not here or any(p.id in progress and progress[p.id].done for p in here):
            continue
        primary = language.split("-")[0].lower()
        same = [p for p in here if p.language.split("-")[0].lower() == primary]
        return (same or here)[0].id
    return None


@dataclass(frozen=True)
class PathProgress:
    """The path as one player stands on it, for the home screen."""

    steps: tuple[tuple[str, ...], ...]
    progress: Mapping[str, PackProgress]
    """Each pack on the path that loaded, by id."""
    next: str | None
    """The pack to play next (`suggested_next`)."""

    def step(self, pack_id: str) -> int | None:
        """The 1-based step `pack_id` is on, or None when the path leaves it out."""
        found = step_of(self.steps, pack_id)
        return None if found is None else found + 1
