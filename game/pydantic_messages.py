"""Teacher messages for pydantic's validation errors: a table from error type to message.

pydantic reports each error with a type ("missing", "string_too_long", "int_type"...),
a location (a key path), the value and some context. `teacher_message` looks the type
up in `MESSAGES` and builds what is wrong and how to fix it, in the words of the pack
format; a type the table does not know still gets pydantic's own message, after the
field's name.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from game.format import Category, Claim, PackDocument, PackInfo, Source
from game.i18n import _
from game.keylines import KeyPath
from game.pack import ID_PATTERN
from game.places import SINGULAR, field_name, table_name
from game.text import LINE_SEPARATORS, shown

Message = tuple[str, str]
"""What is wrong, and how to fix it (may be empty)."""


@dataclass(frozen=True)
class Failure:
    """One validation error, as pydantic reports it."""

    where: KeyPath
    """The key path of the value, e.g. ("claims", 2, "quote")."""
    kind: str
    """pydantic's error type, e.g. "string_too_long"."""
    value: object
    """The value the pack gave (for "missing", the table it is missing from)."""
    ctx: Mapping[str, Any]
    """pydantic's context, e.g. {"max_length": 500}; empty when it gives none."""
    text: str
    """pydantic's own message, for the types `MESSAGES` does not word itself."""

    @property
    def name(self) -> str:
        """The field as a teacher reads it, e.g. "quote of claim 3"."""
        return field_name(self.where)


Builder = Callable[[Failure], Message | None]
"""Builds the message of one error type; None when the error is reported elsewhere."""


def teacher_message(error: ErrorDetails) -> tuple[KeyPath, Message] | None:
    """Where a pydantic error is and its message, or None when it is not reported
    (a missing `format` is reported, with a better hint, before validation)."""
    failure = Failure(
        where=tuple(error["loc"]),
        kind=error["type"],
        value=error.get("input"),
        ctx=error.get("ctx") or {},
        text=error["msg"],
    )
    message = builder(failure.kind)(failure)
    return None if message is None else (failure.where, message)


def builder(kind: str) -> Builder:
    """The message builder for an error type: from `MESSAGES`, else the one for a
    value of the wrong type (pydantic's "*_type" and "*_parsing"), else the generic one."""
    found = MESSAGES.get(kind)
    if found is not None:
        return found
    if kind.endswith(("_type", "_parsing")):
        return _wrong_type
    return _generic


# -- the messages, one builder per error type ------------------------------------------

_TOP_TABLES = (("pack",), ("sources",), ("claims",))


def _missing(failure: Failure) -> Message | None:
    where = failure.where
    if where == ("format",):
        return None
    if where in _TOP_TABLES:
        header = "[pack]" if where == ("pack",) else f"[[{where[0]}]]"
        return (
            _("the pack file has no {header} table").format(header=header),
            _("add one; `claimsort new FILE` writes an example"),
        )
    key = str(where[-1])
    return (
        _('{table} is missing "{key}"').format(table=table_name(where[:-1]), key=key),
        _("add {key} = …").format(key=key),
    )


_MODELS: dict[str, type[BaseModel]] = {
    "pack": PackInfo,
    "sources": Source,
    "claims": Claim,
    "categories": Category,
}


def _allowed_keys(where: KeyPath) -> list[str]:
    model: type[BaseModel] = PackDocument
    if where and isinstance(where[0], str) and where[0] in _MODELS:
        model = _MODELS[where[0]]
    return list(model.model_fields)


def _unknown_key(failure: Failure) -> Message:
    key = str(failure.where[-1])
    allowed = _allowed_keys(failure.where[:-1])
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return _("unknown key {key}").format(key=shown(key)), _('did you mean "{key}"?').format(
            key=close[0]
        )
    misplaced = _misplaced_key(key, failure.where[:-1])
    if misplaced is not None:
        return misplaced
    return _("unknown key {key}").format(key=shown(key)), _("allowed here: {keys}").format(
        keys=", ".join(allowed)
    )


_HEADERS = {"pack": "[pack]", "sources": "[[sources]]", "claims": "[[claims]]"}
_HEADERS["categories"] = "[[categories]]"


def _misplaced_key(key: str, table: KeyPath) -> Message | None:
    """A key of another table, which landed in this one: TOML puts every key into the
    table whose header stands above it, so a `level` written after `[[claims]]`
    belongs to the last claim, not to `[pack]`."""
    here: str | None = None
    if table == ("pack",) or (
        len(table) == 2 and isinstance(table[1], int) and table[0] in _HEADERS
    ):
        here = str(table[0])
    elif table != ():
        return None  # a nested table: no header of its own to explain
    homes = [name for name, model in _MODELS.items() if name != here and key in model.model_fields]
    top = here is not None and key in PackDocument.model_fields and key not in _MODELS
    if not homes and not top:
        return None
    if top:
        where = _("at the top of the file")
        fix = _("move it above the first [table] line, e.g. to the first line")
    else:
        where = _("in {tables}").format(tables=_(" or ").join(_HEADERS[h] for h in homes))
        if homes == ["pack"]:
            fix = _("move it up into [pack], above the first [[sources]] line")
        elif here is None:
            fix = _("move it below the {header} line").format(header=_HEADERS[homes[0]])
        else:
            fix = _("move it into the table it describes, below its header line")
    if here is None:
        return (
            _("key {key} belongs {where}, but this line is above every [table] line").format(
                key=shown(key), where=where
            ),
            fix,
        )
    return (
        _(
            "key {key} belongs {where}, but this line is below {header}, so it lands in {table}"
        ).format(key=shown(key), where=where, header=_HEADERS[here], table=table_name(table)),
        fix,
    )


def _unsafe_character(failure: Failure) -> Message:
    code = failure.ctx.get("code")
    return (
        _("{name} contains {char} at character {position}").format(
            name=failure.name,
            char=failure.ctx.get("char", "?"),
            position=failure.ctx.get("position", "?"),
        ),
        unsafe_hint(
            chr(code) if isinstance(code, int) else "",
            multiline=bool(failure.ctx.get("multiline")),
        ),
    )


def unsafe_hint(char: str, *, multiline: bool) -> str:
    """How to fix text that holds `char`, which `find_unsafe` refused in it."""
    if char and char in LINE_SEPARATORS:
        # A line break the reader never sees.
        return (
            _("write a plain line break instead") if multiline else _("keep this field on one line")
        )
    if char == "\t":
        return _("replace the tab with a space (tabs are allowed only in multi-line text)")
    if char == "\n":
        return _("keep this field on one line")
    return _("remove it (newlines and tabs are allowed only in multi-line text)")


def _blank(failure: Failure) -> Message:
    return _("{name} is empty").format(name=failure.name), _("write some text")


def _id_pattern(failure: Failure) -> Message:
    suggestion = re.sub(r"[^a-z0-9]+", "-", str(failure.value).lower()).strip("-") or "my-id"
    return (
        _("{name} is {value}; use only lowercase letters, digits and single dashes").format(
            name=failure.name, value=shown(failure.value)
        ),
        _('e.g. "{suggestion}"').format(suggestion=suggestion),
    )


def _key_pattern(failure: Failure) -> Message:
    return (
        _("key {value} must be one lowercase letter").format(value=shown(failure.value)),
        _('e.g. key = "o"'),
    )


def _language_pattern(failure: Failure) -> Message:
    return (
        _("language {value} is not a BCP 47 language tag").format(value=shown(failure.value)),
        _('e.g. "en", "es" or "pt-BR"'),
    )


def _url_pattern(failure: Failure) -> Message:
    return (
        _("url {value} is not a web address").format(value=shown(failure.value)),
        _("start it with https:// and leave out spaces"),
    )


_PATTERNS: dict[str | int, Callable[[Failure], Message]] = {
    "key": _key_pattern,
    "language": _language_pattern,
    "url": _url_pattern,
}
"""Messages for a text that breaks its pattern, by key, for the keys whose pattern is
not the id pattern."""


_REFERENCES = ("answer", "source")
"""Claim keys that name another table's id: `game.references` reports any value that
names none, with the ids there are, so a value that is no id at all is not reported
twice (with an id-shaped suggestion that would still be wrong)."""


def _pattern_mismatch(failure: Failure) -> Message | None:
    where = failure.where
    if len(where) == 3 and where[0] == "claims" and where[2] in _REFERENCES:
        return None
    if failure.ctx.get("pattern") == ID_PATTERN:
        return _id_pattern(failure)
    by_key = _PATTERNS.get(failure.where[-1])
    if by_key is not None:
        return by_key(failure)
    return _("{name} {value} is not allowed").format(
        name=failure.name, value=shown(failure.value)
    ), ""


def _too_long(failure: Failure) -> Message:
    value = failure.value
    size = len(value) if isinstance(value, str | list) else "?"
    # Constrained text reports "too_long" (its length check runs after the character
    # check), so the unit follows the value, not the error type.
    unit = _("characters") if isinstance(value, str) else _("items")
    return (
        _("{name} has {size} {unit}; at most {limit} are allowed").format(
            name=failure.name, size=size, unit=unit, limit=failure.ctx.get("max_length")
        ),
        _("shorten it"),
    )


def _count(limit: object, where: KeyPath) -> str:
    if where and where[-1] in SINGULAR:
        return _("{n} [[{table}]]").format(n=limit, table=where[-1])
    return _("{n} characters").format(n=limit)


def _too_short(failure: Failure) -> Message:
    where = failure.where
    if failure.kind == "too_short" and where == ("categories",):
        return (
            _("a pack with its own categories needs 2 to 6 [[categories]] tables"),
            _("add another, or remove [[categories]] to use the three default categories"),
        )
    return (
        _("{name} needs at least {limit}").format(
            name=failure.name, limit=_count(failure.ctx.get("min_length"), where)
        ),
        _("add one") if where and where[-1] in ("sources", "claims") else "",
    )


def _out_of_range(failure: Failure) -> Message:
    # Only `difficulty` has bounds.
    return (
        _("{name} is {value}; it must be from 1 to 3").format(
            name=failure.name, value=failure.value
        ),
        _("1 is easy, 2 medium, 3 hard"),
    )


def _date_with_time(failure: Failure) -> Message:
    return _("{name} has a time of day").format(name=failure.name), _("write 2025-04-17")


def _expected(kind: str) -> str:
    """What a value of the type pydantic expected is called in TOML."""
    known = {
        "string_type": _("text in quotes"),
        "int_type": _("a whole number"),
        "int_parsing": _("a whole number"),
        "date_type": _("a date like 2025-04-17"),
        "list_type": _("a list in [brackets]"),
        "model_type": _("a table"),
        "dict_type": _("a table"),
    }
    return known.get(kind, kind.removesuffix("_type").replace("_", " "))


def _toml_kind(value: object) -> str:
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int):
        return _("a number")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, dt.datetime):
        return _("a date with a time of day")
    if isinstance(value, dt.date):
        return _("a date")
    return _("a time of day")


def _wrong_type(failure: Failure) -> Message:
    where, kind, value = failure.where, failure.kind, failure.value
    if where and where[-1] in ("pack",) and isinstance(value, list):
        hint = _("write [pack] (one pair of brackets)")
    elif where and where[-1] in ("sources", "claims", "categories") and isinstance(value, dict):
        hint = _("write [[{table}]] (two pairs of brackets)").format(table=where[-1])
    elif kind == "int_type" and isinstance(value, str):
        hint = _("leave out the quotes")
    elif kind == "string_type" and not isinstance(value, dict | list):
        hint = _("put it in quotes")
    else:
        hint = ""
    return (
        _("{name} must be {expected}, not {got}").format(
            name=failure.name, expected=_expected(kind), got=_toml_kind(value)
        ),
        hint,
    )


def _generic(failure: Failure) -> Message:
    return _("{name}: {message}").format(name=failure.name, message=failure.text), ""


MESSAGES: dict[str, Builder] = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    "unsafe_character": _unsafe_character,
    "blank_text": _blank,
    "string_pattern_mismatch": _pattern_mismatch,
    "string_too_long": _too_long,
    "too_long": _too_long,
    "string_too_short": _too_short,
    "too_short": _too_short,
    "greater_than_equal": _out_of_range,
    "less_than_equal": _out_of_range,
    "date_with_time": _date_with_time,
    "string_type": _wrong_type,
    "int_type": _wrong_type,
    "int_parsing": _wrong_type,
    "date_type": _wrong_type,
    "list_type": _wrong_type,
    "model_type": _wrong_type,
    "dict_type": _wrong_type,
}
"""The message builder of each pydantic error type a pack can produce."""
