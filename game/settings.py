"""The player's settings, kept between runs in `settings.json` in the data folder.

One setting so far: whether the round asks how sure the player is (the confidence step,
on by default). A file that cannot be read or holds something else is no reason not to
play: its settings are the defaults, and `problem` says why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from game.atomic import write_atomically
from game.i18n import _
from game.paths import data_home

FILE_NAME = "settings.json"
READ_LIMIT = 64 * 1024
"""A settings file is a few bytes; more than this is not one of ours."""


@dataclass(frozen=True)
class Settings:
    """What the player set; every field has the default a new player gets."""

    confidence: bool = True
    """Ask how sure the player is after each pick."""


def settings_path() -> Path:
    return data_home() / FILE_NAME


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings in `path` (default: the data folder's), and a line saying why they are
    the defaults when the file is there but cannot be used (None otherwise)."""
    where = path or settings_path()
    try:
        with where.open("rb") as handle:
            raw = handle.read(READ_LIMIT + 1)
    except FileNotFoundError:
        return Settings(), None
    except OSError as error:
        return Settings(), _("Settings could not be read ({reason}): using the defaults.").format(
            reason=error.strerror or type(error).__name__
        )
    try:
        if len(raw) > READ_LIMIT:
            raise ValueError("too large")
        data = json.loads(raw.decode("utf-8"))
        confidence = data.get("confidence", True) if isinstance(data, dict) else None
        if not isinstance(confidence, bool):
            raise ValueError("confidence is not true or false")
    except (ValueError, UnicodeDecodeError):
        return Settings(), _("Settings file {path} is not valid: using the defaults.").format(
            path=where.name
        )
    return Settings(confidence=confidence), None


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write `settings` atomically (a crash leaves the old file or the new one whole);
    OSError when the folder takes no file."""
    where = path or settings_path()
    where.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(where, json.dumps({"confidence": settings.confidence}, indent=2) + "\n")
