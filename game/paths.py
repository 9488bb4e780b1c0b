"""Where ClaimSort keeps things: the user's data folder and the built-in packs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "CLAIMSORT_HOME"


def data_home() -> Path:
    """The user's ClaimSort folder: `$CLAIMSORT_HOME`, else the platform's data dir."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("claimsort", appauthor=False))


def user_packs_dir() -> Path:
    """Packs the user added: `<data home>/packs`."""
    return data_home() / "packs"


def builtin_packs_dir() -> Path:
    """The built-in packs: inside the installed package, or `questions/` in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "questions"
    if installed.is_dir():
        return installed
    return here.parent / "questions"


def shown_path(path: str) -> str:
    """A path as the user reads it: under their home folder as "~/...". Still to be
    shown printable when it came from outside (a stored path)."""
    try:
        home = str(Path.home())
    except (RuntimeError, KeyError):
        return path
    if home not in ("", os.sep) and path.startswith(home + os.sep):
        return "~" + path[len(home) :]
    return path
