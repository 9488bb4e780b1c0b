"""Interface strings go through `_()` so that translations (Spanish first) can drop in."""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"

_translation = gettext.translation("claimsort", localedir=LOCALE_DIR, fallback=True)


def _(message: str) -> str:
    """Translate an interface string."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate an interface string that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def language() -> str:
    """The interface's language, as a BCP 47 tag: "en" until a translation is chosen."""
    return "en"


def format_number(value: float) -> str:
    """A number as the interface writes it: "14", "9.5"."""
    return f"{value:g}"
