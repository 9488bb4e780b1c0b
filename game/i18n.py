"""Interface strings, and the language they are shown in.

Every interface string goes through `_()` (or `ngettext()` for one that depends on a
count); `N_()` marks one that must be translated where it is shown instead (it is kept
in a constant made before the language is known). The translations are gettext
catalogues in `game/locale/` (`make translations` extracts, merges and compiles them;
the compiled `.mo` files ship in the package).

The language comes from `claimsort --lang`, else from the environment as gettext reads
it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); a language with no catalogue is English.
Dates and numbers are written for the same language with Babel.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "claimsort"
SOURCE_LANGUAGE = "en"
"""The language the strings are written in (no catalogue needed)."""
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where the language is looked for, in gettext's order."""

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def available() -> tuple[str, ...]:
    """The languages the interface can be shown in: English, and every catalogue."""
    found = sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
    return (SOURCE_LANGUAGE, *found)


def _tag(value: str) -> str | None:
    """ "es_ES.UTF-8" -> "es"; None for "C", "POSIX" and empty values."""
    base = value.split(".", 1)[0].split("@", 1)[0]
    if base in ("", "C", "POSIX"):
        return None
    return base.replace("_", "-").split("-", 1)[0].lower()


def from_environment() -> str:
    """The language the environment asks for (the first known one of LANGUAGE's list,
    then LC_ALL, LC_MESSAGES, LANG), or English."""
    known = available()
    for name in ENVIRONMENT:
        value = os.environ.get(name, "")
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            tag = _tag(part)
            if tag is not None:
                if tag in known:
                    return tag
                if name != "LANGUAGE":
                    return SOURCE_LANGUAGE  # a set locale with no catalogue: English
    return SOURCE_LANGUAGE


def use(language: str | None = None) -> str:
    """Show the interface in `language` ("es", "es-MX", "es_ES.UTF-8"), or in the one
    the environment asks for when None. ValueError for a language with no catalogue.
    Returns the language now used."""
    global _translation, _language
    tag = from_environment() if language is None else _tag(language)
    if tag is None or tag not in available():
        raise ValueError(language)
    if tag == SOURCE_LANGUAGE:
        _translation = gettext.NullTranslations()
    else:
        with (LOCALE_DIR / tag / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
            _translation = gettext.GNUTranslations(file)
    _language = tag
    return tag


def language() -> str:
    """The interface's language, as a BCP 47 tag ("en", "es")."""
    return _language


def _(message: str) -> str:
    """Translate an interface string."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it, which xgettext and Babel know)
    """Mark an interface string for translation where it is shown (with `_()`)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate an interface string that depends on a count."""
    return _translation.ngettext(singular, plural, n)


def format_number(value: float) -> str:
    """A number as the interface writes it: "14", "9.5" ("9,5" in Spanish)."""
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.##", locale=_language)


def format_decimal(value: float) -> str:
    """A measure with one decimal, as the interface writes it: "0.3" ("0,3")."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(value, format="#,##0.0", locale=_language)


def format_short_date(date: dt.date) -> str:
    """A date as "17 Apr 2025" ("17 abr 2025" in Spanish)."""
    from babel.dates import format_date

    # Day, month, year in every language: the month's abbreviation is the language's.
    return format_date(date, "d MMM y", locale=_language)


def format_moment(at: dt.datetime) -> str:
    """A moment in local time as "17 Apr 2025 09:30" ("17 abr 2025 09:30")."""
    from babel.dates import format_datetime

    return format_datetime(at.astimezone(), "d MMM y HH:mm", locale=_language)


try:
    use(None)
except (OSError, ValueError):  # a damaged catalogue: the strings as written
    _translation = gettext.NullTranslations()
