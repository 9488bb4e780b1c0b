"""The progress store as the commands see it: who is playing, opening the file to read
it, and saying that it cannot be read."""

from __future__ import annotations

from cli.exits import EXIT_FAILED
from cli.messages import say
from game.i18n import _
from game.text import printable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy reads it alike
if TYPE_CHECKING:
    from game.progress import ProgressStore, StoreError

REASON_LIMIT = 200
"""At most this much of an error's own text is shown: it can quote stored bytes."""


def checked_player(command: str, name: str | None) -> str | None:
    """The player `--player NAME` names (you, when it is not given), or None after saying
    why the name cannot be used."""
    # game.progress is imported here, not at the top: the parser imports every command's
    # module, and `claimsort --help` or `check` must not pay for the store.
    from game.players import check_player_name, default_player

    if name is None:
        return default_player()
    try:
        return check_player_name(name)
    except ValueError as error:
        say(command, _("--player: {reason}").format(reason=error))
        return None


def open_to_read(command: str) -> ProgressStore:
    """The progress file opened read-only, its warning (if any) said."""
    from game.progress import ProgressStore

    # Reading commands open the file read-only: they work on a file they cannot write,
    # and never create, migrate or change it. A damaged one is still moved aside.
    store = ProgressStore.open_readonly()
    if store.warning:
        say(command, store.warning)
    return store


def unreadable(command: str, message: str, store: ProgressStore, error: StoreError) -> int:
    """Say that `store` could not be read, with `message` naming its {path} and {reason}."""
    say(command, message.format(path=store.path, reason=printable(str(error), REASON_LIMIT)))
    return EXIT_FAILED
