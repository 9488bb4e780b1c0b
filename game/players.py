"""Player names: what a name may be, and who plays when no one is named.

A name is kept in the progress store, shown on screen and written into exports a
teacher opens in a spreadsheet, so the rules here are the ones every one of those
places relies on.
"""

from __future__ import annotations

import getpass
import unicodedata

from game.i18n import _
from game.text import find_unsafe

MAX_PLAYER_NAME = 40
_FORMULA_STARTS = ("=", "+", "-", "@")
"""First characters a spreadsheet reads as the start of a formula."""
_LOOKALIKE_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
"""Scripts whose letters look alike ("A", Greek "Α", Cyrillic "А"): a word may use one."""


def check_player_name(name: str) -> str:
    """The name, stripped, or ValueError with a message a player can act on.

    A name is 1 to 40 characters on one line, without control or invisible characters,
    and does not start with = + - @ (a spreadsheet would read it as a formula when a
    teacher opens the export). It is returned in Unicode's composed form (NFC); letters
    that only look like others are refused: full-width or styled ones (which NFKC would
    change), and Latin, Greek and Cyrillic letters mixed in one word.
    """
    name = name.strip()
    if not name:
        raise ValueError(_("a player name cannot be empty"))
    if len(name) > MAX_PLAYER_NAME:
        raise ValueError(
            _("a player name can have at most {n} characters").format(n=MAX_PLAYER_NAME)
        )
    if find_unsafe(name, multiline=False) is not None or not name.isprintable():
        raise ValueError(_("a player name cannot contain control or invisible characters"))
    if name.startswith(_FORMULA_STARTS):
        raise ValueError(_("a player name cannot start with = + - or @"))
    # One spelling for one name: "Aná" typed as a + combining accent is the same name
    # as with "á", and a name must not pass for another (a class tells names apart).
    name = unicodedata.normalize("NFC", name)
    if unicodedata.normalize("NFKC", name) != name:
        raise ValueError(
            _("a player name must use ordinary letters (not full-width or styled ones)")
        )
    if _mixes_lookalike_scripts(name):
        raise ValueError(
            _("a player name cannot mix Latin, Greek and Cyrillic letters in one word")
        )
    return name


def _mixes_lookalike_scripts(name: str) -> bool:
    for word in name.split():
        scripts = {
            script
            for char in word
            if char.isalpha()
            for script in _LOOKALIKE_SCRIPTS
            if unicodedata.name(char, "").startswith(script + " ")
        }
        if len(scripts) > 1:
            return True
    return False


def usable_name(name: str) -> bool:
    """Whether `check_player_name` accepts the name."""
    try:
        check_player_name(name)
    except ValueError:
        return False
    return True


def default_player() -> str:
    """The system user name, or "player" when there is none usable."""
    try:
        return check_player_name(getpass.getuser())
    except Exception:  # getuser raises OSError, KeyError or ImportError depending on platform
        return "player"
