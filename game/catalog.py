"""Finding packs: command-line paths first, then the user's pack folder, then built-ins
(the walk through folders is `game.folders.pack_files`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from game.folders import pack_files
from game.i18n import _
from game.pack import Pack
from game.packcache import load_cached, remember
from game.paths import builtin_packs_dir, user_packs_dir
from game.problems import PackError, Problem


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


def load_for_play(path: Path) -> Pack:
    """A pack to play: from the cache of checked packs when it has not changed since
    it last passed, else checked in full (and remembered). Raises PackError."""
    pack = load_cached(path)
    if pack is None:
        # The validator is imported only when a pack really needs checking.
        from game.loader import load_pack

        pack = load_pack(path)
        remember(pack)
    return pack


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path


def load_entries(
    paths: Sequence[Path], origin: str, *, skip: Iterable[Path] = ()
) -> list[CatalogEntry]:
    """The packs in `paths`, loaded; files whose real path is in `skip` are left out."""
    skipped = {_real(path) for path in skip}
    entries = []
    for path in pack_files(paths):
        if skipped and _real(path) in skipped:
            continue
        try:
            entries.append(CatalogEntry(path, origin, load_for_play(path)))
        except PackError as error:
            entries.append(CatalogEntry(path, origin, None, tuple(error.problems)))
    return entries


def find_catalog(
    paths: Sequence[Path] = (), *, include_defaults: bool = True
) -> list[CatalogEntry]:
    """Every pack found, in search order. With command-line paths given, the user's
    folder and the built-ins follow them unless `include_defaults` is false."""
    entries = load_entries(paths, _("command line"))
    if include_defaults:
        # A pack named on the command line that also lives in a folder searched later
        # (e.g. a built-in one) is listed, and loaded, once: where it was first found.
        user = user_packs_dir()
        if user.is_dir():
            entries += load_entries([user], _("your packs"), skip=[e.path for e in entries])
        entries += load_entries(
            [builtin_packs_dir()], _("built-in"), skip=[e.path for e in entries]
        )
    return entries
