"""Class mode's rules: the class code, the class label, who may join, and the bounds on
what a browser may ask of the server.

Pure Python, like the rest of `game/`: `webserve/` (the web server) and `cli/serve.py`
apply these rules; they are defined here once.
"""

from __future__ import annotations

import math
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from game.i18n import _, ngettext
from game.players import check_player_name
from game.text import find_unsafe

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""A random class code's characters: capitals and digits without the ones a student
copying from a projector mixes up (0/O, 1/I/L)."""
CODE_LENGTH = 6
"""A random class code's length."""
MIN_CODE = 4
"""A code given with --code must be at least this long: a shorter one is guessed at once."""
MAX_CODE = 32
"""A code given with --code may be at most this long."""
WRONG_CODES = 10
WRONG_CODE_WINDOW = 60.0
"""After `WRONG_CODES` wrong codes from one address within `WRONG_CODE_WINDOW` seconds,
that address may not try again until the oldest of them is that old: a student mistyping
is not stopped, a program guessing thousands a second is."""
MAX_WAITING = 500
"""At most this many joins waiting for their game page; beyond it the oldest is dropped
(a join costs nothing, so it holds no slot in the class and must not hold memory)."""
MAX_CLASS_NAME = 60
"""A class label may be at most this long (it is shown in exports and reports)."""
DEFAULT_MAX_SESSIONS = 40
"""How many students may play at once unless `--max-sessions` says otherwise."""

MAX_COLUMNS = 300
MAX_ROWS = 120
"""The largest terminal a browser may ask for: beyond it, drawing costs the server more
and shows the student nothing more."""
MIN_COLUMNS = 10
MIN_ROWS = 4
"""The smallest: the game shows its "too small" notice down to here."""
DEFAULT_SIZE = (80, 24)
"""The size taken when a browser sends none, or no number."""
MAX_MESSAGE = 64 * 1024
"""The largest websocket message the server reads from a browser, in bytes: a key press,
a paste of a few lines, a resize. Anything bigger closes that session."""


RefusalKind = Literal["code", "name", "taken", "full"]


class JoinRefusedError(Exception):
    """A student could not join: `message` says why, `hint` what to do, `kind` which rule
    refused (a wrong code, a name the rules refuse, a name in use, a full class)."""

    def __init__(self, message: str, hint: str = "", *, kind: RefusalKind = "name") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.kind: RefusalKind = kind


def new_class_code() -> str:
    """A random code of `CODE_LENGTH` characters from `CODE_ALPHABET`."""
    import secrets  # here, not at the top: the parser imports this module for its defaults

    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str:
    """A code as it is compared: capitals, without the spaces and dashes a student may
    type between its characters."""
    return "".join(text.split()).replace("-", "").upper()


def check_class_code(code: str) -> str:
    """A code given with --code, normalised, or ValueError saying what is wrong."""
    normal = normal_code(code)
    if not normal:
        raise ValueError(_("a class code cannot be empty"))
    if len(normal) > MAX_CODE:
        raise ValueError(_("a class code can have at most {n} characters").format(n=MAX_CODE))
    if not set(normal) <= set(CODE_ALPHABET):
        # The look-alikes are refused too: a student copies the code from a projector.
        raise ValueError(
            _(
                "a class code can only have letters A-Z and digits 2-9, without I, L and O "
                "(they look like 1 and 0)"
            )
        )
    if len(normal) < MIN_CODE:
        raise ValueError(_("a class code needs at least {n} characters").format(n=MIN_CODE))
    return normal


def code_matches(expected: str, given: str) -> bool:
    """Whether `given` is the class code, in time that does not tell how much of it was
    right."""
    import hmac

    return hmac.compare_digest(normal_code(expected).encode(), normal_code(given).encode())


def default_class_name(today: date | None = None) -> str:
    """The label of a class not given one: the day it was served, as YYYY-MM-DD."""
    return (today or date.today()).isoformat()


def check_class_name(name: str) -> str:
    """A class label, stripped, or ValueError saying what is wrong. Like a player name it
    is written into exports opened in a spreadsheet, so the same characters are refused."""
    name = name.strip()
    if not name:
        raise ValueError(_("a class name cannot be empty"))
    if len(name) > MAX_CLASS_NAME:
        raise ValueError(_("a class name can have at most {n} characters").format(n=MAX_CLASS_NAME))
    if find_unsafe(name, multiline=False) is not None or not name.isprintable():
        raise ValueError(_("a class name cannot contain control or invisible characters"))
    if name.startswith(("=", "+", "-", "@")):
        raise ValueError(_("a class name cannot start with = + - or @"))
    return name


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """The terminal size to give a browser that asked for `width` x `height` (strings
    from a query, numbers from a message, or anything else): whole numbers within
    `MIN_COLUMNS`..`MAX_COLUMNS` and `MIN_ROWS`..`MAX_ROWS`, `DEFAULT_SIZE` for what is
    not a number."""
    return (
        _clamp(width, DEFAULT_SIZE[0], MIN_COLUMNS, MAX_COLUMNS),
        _clamp(height, DEFAULT_SIZE[1], MIN_ROWS, MAX_ROWS),
    )


def _clamp(value: object, default: int, low: int, high: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value == value and abs(value) != float("inf"):
        number = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        # At most a few digits are read: "9" * 10_000 must not cost a big-number parse.
        digits = value.strip()
        number = high if len(digits) > 6 else int(digits)
    else:
        return default
    return max(low, min(high, number))


def name_key(name: str) -> str:
    """How names are told apart in a class: "Ana", "ana " and "Ａna" are the same
    student (the name rules refuse look-alikes that this would not catch)."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


@dataclass
class Roster:
    """Who is in a class now: the students playing (a live game each, up to `capacity`)
    and those who have joined and whose game page has yet to open its game. Only a game
    takes a place in the class; a join only keeps the name for its student."""

    capacity: int = DEFAULT_MAX_SESSIONS
    _playing: dict[str, str] = field(default_factory=dict)
    _joined: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise ValueError(_("a class needs room for at least one student"))

    @property
    def names(self) -> list[str]:
        """The names playing, in the order their games started."""
        return list(self._playing.values())

    def __len__(self) -> int:
        """How many are playing: the places taken in the class."""
        return len(self._playing)

    def admit(self, name: str, code: str | None, given_code: str) -> str:
        """Take a student in: their name checked by the player-name rules, stripped, and
        kept for them until `start` or `leave`; or JoinRefusedError for a wrong code (when
        the class has one), a name the rules refuse, a name already in this class, or a
        full class."""
        if code is not None and not code_matches(code, given_code):
            raise JoinRefusedError(
                _("That is not the class code."),
                _("Type the code your teacher shows you, letters and digits."),
                kind="code",
            )
        try:
            checked = check_player_name(name)
        except ValueError as error:
            reason = str(error)
            raise JoinRefusedError(reason[:1].upper() + reason[1:] + ".") from None
        key = name_key(checked)
        if key in self._playing or key in self._joined:
            raise JoinRefusedError(
                _("Someone called {name} is already playing in this class.").format(name=checked),
                _("Add the first letter of your family name, for example “{name} G.”.").format(
                    name=checked
                ),
                kind="taken",
            )
        self._check_room()
        self._joined[key] = checked
        return checked

    def start(self, name: str) -> None:
        """The game of a student who joined starts: it takes a place, or JoinRefusedError
        when the class has filled up since they joined (their name is then free)."""
        key = name_key(name)
        try:
            self._check_room()
        except JoinRefusedError:
            self._joined.pop(key, None)
            raise
        self._playing[key] = self._joined.pop(key, name)

    def _check_room(self) -> None:
        if len(self._playing) >= self.capacity:
            raise JoinRefusedError(
                _("The class is full."),
                ngettext(
                    "{n} student is playing; try again when they have finished.",
                    "{n} students are playing; try again when one of them has finished.",
                    len(self._playing),
                ).format(n=len(self._playing)),
                kind="full",
            )

    def leave(self, name: str) -> None:
        """A student's session ended, or their join was never used: the name is free."""
        self._playing.pop(name_key(name), None)
        self._joined.pop(name_key(name), None)


@dataclass
class WrongCodes:
    """Wrong class codes by client address, to stop guessing (see `WRONG_CODES`)."""

    limit: int = WRONG_CODES
    window: float = WRONG_CODE_WINDOW
    _times: dict[str, deque[float]] = field(default_factory=dict)

    def retry_after(self, address: str, now: float) -> int | None:
        """Whole seconds `address` must wait before trying a code again, or None."""
        times = self._times.get(address)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._times[address]
            return None
        if len(times) < self.limit:
            return None
        return max(1, math.ceil(times[0] + self.window - now))

    def failed(self, address: str, now: float) -> bool:
        """Count a wrong code from `address`; whether that one reached the limit (the
        teacher is told once per address, not once per guess)."""
        if len(self._times) > 10_000:  # many addresses: forget the ones gone quiet
            for key in [k for k, t in self._times.items() if t[-1] <= now - self.window]:
                del self._times[key]
        times = self._times.setdefault(address, deque(maxlen=self.limit))
        times.append(now)
        return len(times) == self.limit and self.retry_after(address, now) is not None
