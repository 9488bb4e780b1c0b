"""Finding packs: command-line paths first, then the user's pack folder, then built-ins
(the walk through folders is `game.folders.pack_files`), then the packs the progress
store remembers being played from elsewhere."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.folders import PACK_SUFFIX, pack_files
from game.i18n import _
from game.learning_path import path_order, read_path
from game.pack import Pack
from game.packcache import load_cached, remember
from game.paths import builtin_packs_dir, shown_path, user_packs_dir
from game.problems import PackError, Problem
from game.text import printable


@dataclass(frozen=True)
class CatalogEntry:
    """A pack file that was found, loaded or not."""

    path: Path
    origin: str
    """Where it was found: "command line", "your packs" or "built-in"."""
    pack: Pack | None
    problems: tuple[Problem, ...] = ()

    @property
    def error(self) -> str | None:
        """The first problem, as one line, when the pack failed to load."""
        return str(self.problems[0]) if self.problems else None


def load_for_play(path: Path, *, cache: bool = True) -> Pack:
    """A pack to play: from the cache of checked packs when it has not changed since
    it last passed, else checked in full (and remembered, unless `cache` is false: a
    command that only reads leaves the data folder as it was). Raises PackError."""
    pack = load_cached(path)
    if pack is None:
        # The validator is imported only when a pack really needs checking.
        from game.loader import load_pack

        pack = load_pack(path)
        if cache:
            remember(pack)
    return pack


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def load_entries(
    paths: Sequence[Path], origin: str, *, skip: Iterable[Path] = (), cache: bool = True
) -> list[CatalogEntry]:
    """The packs in `paths`, loaded (`cache` as for `load_for_play`); files whose real
    path is in `skip` are left out."""
    skipped = {_real(path) for path in skip}
    entries = []
    for path in pack_files(paths):
        if skipped and _real(path) in skipped:
            continue
        try:
            entries.append(CatalogEntry(path, origin, load_for_play(path, cache=cache)))
        except PackError as error:
            entries.append(CatalogEntry(path, origin, None, tuple(error.problems)))
    return entries


def find_catalog(
    paths: Sequence[Path] = (), *, include_defaults: bool = True, cache: bool = True
) -> list[CatalogEntry]:
    """Every pack found, in search order. With command-line paths given, the user's
    folder and the built-ins follow them unless `include_defaults` is false. `cache` as
    for `load_for_play`."""
    entries = load_entries(paths, _("command line"), cache=cache)
    if include_defaults:
        # A pack named on the command line that also lives in a folder searched later
        # (e.g. a built-in one) is listed, and loaded, once: where it was first found.
        user = user_packs_dir()
        if user.is_dir():
            entries += load_entries(
                [user], _("your packs"), skip=[e.path for e in entries], cache=cache
            )
        builtin = load_entries(
            [builtin_packs_dir()], _("built-in"), skip=[e.path for e in entries], cache=cache
        )
        entries += builtin_in_path_order(builtin)
    return entries


def builtin_in_path_order(entries: Sequence[CatalogEntry]) -> list[CatalogEntry]:
    """The built-in packs as a self-learner's path (`questions/path.txt`): easiest move
    first; any pack the path leaves out, or that cannot be played, after it."""
    path = read_path(builtin_packs_dir())
    ids = [entry.pack.id if entry.pack is not None else "" for entry in entries]
    return [entries[index] for index in path_order(ids, path)]


@dataclass(frozen=True)
class MissingPack:
    """A pack the progress store remembers being played from `path`, which cannot be
    played now: the file is gone (or holds another pack), or it no longer loads."""

    pack_id: str
    path: str
    """The path it was last played from, as stored: show it through `due_text()`."""
    found: bool
    """Whether the file is there (and fails to load)."""

    def due_text(self, due: int) -> str:
        """One line for the player: "3 due in council; pack not found at ~/class/council.toml"."""
        values = {
            "n": due,
            "pack": printable(self.pack_id, 40),
            "path": printable(shown_path(self.path), 120),
        }
        if self.found:
            return _("{n} due in {pack}; the pack at {path} cannot be played").format(**values)
        return _("{n} due in {pack}; pack not found at {path}").format(**values)


def _recorded_path(text: str) -> Path | None:
    # A stored value, so anything at all: only an absolute path to a .toml file is tried.
    if "\0" in text or not text.endswith(PACK_SUFFIX):
        return None
    path = Path(text)
    return path if path.is_absolute() else None


def recorded_entries(
    recorded: Mapping[str, str], found: Sequence[CatalogEntry], *, cache: bool = True
) -> tuple[list[CatalogEntry], list[MissingPack]]:
    """The packs the progress store remembers, `recorded` (pack id -> the path it was
    last played from, `ProgressStore.pack_paths()`), that the search did not find
    (`found`): each loaded from its path as a "played before" entry, or named as missing.

    A pack whose id the search found is left alone (review goes by pack id, and the
    first pack found wins), as is a file the search already listed.
    """
    known_ids = {entry.pack.id for entry in found if entry.pack is not None}
    known_files = {_real(entry.path): entry for entry in found}
    entries: list[CatalogEntry] = []
    missing: list[MissingPack] = []
    for pack_id, text in sorted(recorded.items()):
        if pack_id in known_ids:
            continue
        path = _recorded_path(text)
        try:
            there = path is not None and path.is_file()
        except (OSError, ValueError):
            there = False
        if path is None or not there:
            missing.append(MissingPack(pack_id, text, found=False))
            continue
        listed = known_files.get(_real(path))
        if listed is None:
            listed = _entry(path, cache)
            known_files[_real(path)] = listed
            if listed.pack is None or listed.pack.id not in known_ids:
                entries.append(listed)
            if listed.pack is not None:
                known_ids.add(listed.pack.id)
        if listed.pack is None or listed.pack.id != pack_id:
            # The file no longer loads, or holds another pack now.
            missing.append(MissingPack(pack_id, text, found=listed.pack is None))
    return entries, missing


def _entry(path: Path, cache: bool) -> CatalogEntry:
    try:
        return CatalogEntry(path, _("played before"), load_for_play(path, cache=cache))
    except PackError as error:
        return CatalogEntry(path, _("played before"), None, tuple(error.problems))
