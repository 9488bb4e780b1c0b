"""Shared fixtures: packs built as `Pack` objects (no loader, no files), a private data
folder for every test, the app's notifications, and the check that fails a test in which
the app reported an error it did not expect."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

# The tests read what ClaimSort says in English, whatever the machine's language; the
# tests of the translations choose theirs (and their subprocesses inherit this).
os.environ["LANGUAGE"] = "en"

from game import i18n
from game.pack import Category, Claim, Pack, PackInfo, Source
from tui.app import ClaimSortApp

i18n.use("en")

ARTICLE = """\
Leaders meet at the capital

The two presidents met at the palace on Monday, the first such visit in a decade.
"Our country is now the safest in the region," the visiting president said.
Human rights groups have questioned the conditions in the new prison.
The agreement was signed under a 1798 law, officials confirmed.

Critics said the deal was rushed."""


@pytest.fixture(autouse=True)
def _private_data_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads or writes the real user's progress, packs or cache."""
    monkeypatch.setenv("CLAIMSORT_HOME", str(tmp_path_factory.mktemp("claimsort-home")))


@pytest.fixture
def spanish() -> Iterator[None]:
    """The interface in Spanish for one test, English again after it."""
    i18n.use("es")
    try:
        yield
    finally:
        i18n.use("en")


EXPECTED_APP_ERROR = "expected_app_error"
"""The marker of a test that breaks something on purpose: the app must report an error."""


def check_app_errors(errors: Sequence[BaseException], *, expected: bool) -> None:
    """Fail unless the app's errors are as the test declared: none, or (with the marker)
    at least one."""
    if errors and not expected:
        listed = "\n".join(f"  {type(e).__name__}: {e}" for e in errors)
        pytest.fail(
            f"the app reported {len(errors)} unexpected error(s):\n{listed}\n"
            f"(a test that causes one on purpose is marked @pytest.mark.{EXPECTED_APP_ERROR})",
            pytrace=False,
        )
    if expected and not errors:
        pytest.fail(f"marked {EXPECTED_APP_ERROR}, but the app reported no error", pytrace=False)


@pytest.fixture(autouse=True)
def app_errors(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[BaseException]]:
    """Every error the app reported during the test: those its handlers caught (shown to
    the player as a notice) and one that ended it. Checked when the test ends."""
    errors: list[BaseException] = []
    report_error = ClaimSortApp.report_error
    fatal_error_message = ClaimSortApp.fatal_error_message

    def reported(app: ClaimSortApp, error: BaseException) -> None:
        errors.append(error)
        report_error(app, error)

    def fatal(app: ClaimSortApp, error: BaseException) -> Any:
        errors.append(error)
        return fatal_error_message(app, error)

    monkeypatch.setattr(ClaimSortApp, "report_error", reported)
    monkeypatch.setattr(ClaimSortApp, "fatal_error_message", fatal)
    yield errors
    expected = request.node.get_closest_marker(EXPECTED_APP_ERROR) is not None
    check_app_errors(errors, expected=expected)


@pytest.fixture
def notifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages of every notification the app raises during the test, in order,
    recorded as `App.notify` is called."""
    messages: list[str] = []
    notify = ClaimSortApp.notify

    def recorded(app: ClaimSortApp, message: str, **options: Any) -> None:
        messages.append(message)
        notify(app, message, **options)

    monkeypatch.setattr(ClaimSortApp, "notify", recorded)
    return messages


HOSTILE = [
    "[/]",
    "[$accent]x[/]",
    "[bold red]x[/]",
    "[link=file:///etc/passwd]x[/link]",
    "[@click=app.quit]x[/]",
]
HOSTILE_TEXT = " ".join(HOSTILE)


def _claim(id: str, text: str, answer: str, quote: str, **extra: object) -> Claim:
    fields: dict[str, object] = {
        "said_by": "The Daily Record, in its own voice",
        "explanation": f"The article settles it: {quote}",
    }
    fields.update(extra)
    return Claim(id=id, text=text, answer=answer, quote=quote, **fields)  # type: ignore[arg-type]


def answers_pack(
    pack_id: str,
    answers: dict[str, str],
    *,
    digest: str = "d",
    categories: tuple[Category, ...] = (),
) -> Pack:
    """A pack whose claims have the given ids and right answers, and nothing else of note."""
    claims = tuple(
        Claim(
            id=claim_id,
            text=f"Claim {claim_id}.",
            answer=answer,
            quote="quote",
            said_by="EFE",
            explanation="Because.",
        )
        for claim_id, answer in answers.items()
    )
    extra: dict[str, Any] = {"categories": categories} if categories else {}
    return Pack(
        info=PackInfo(id=pack_id, title=f"Title of {pack_id}", language="en"),
        sources=(Source(id="efe", title="An article", publisher="EFE", text="quote"),),
        claims=claims,
        digest=digest,
        **extra,
    )


def demo_pack() -> Pack:
    """Five claims from a short article, in the default categories."""
    return Pack(
        info=PackInfo(
            id="summit",
            title="The summit",
            language="en",
            level="ages 14+",
            description="Five claims from a short made-up article.",
        ),
        sources=(
            Source(
                id="record",
                title="Leaders meet at the capital",
                publisher="The Daily Record",
                published=dt.date(2025, 4, 17),
                text=ARTICLE,
            ),
        ),
        claims=(
            _claim(
                "met-at-palace",
                "The two presidents met at the palace on Monday.",
                "fact",
                "The two presidents met at the palace on Monday",
                hint="Who reports it: the paper, or someone in the story?",
                discuss="What record would show the meeting took place?",
            ),
            _claim(
                "safest-country",
                "The visiting president's country is the safest in the region.",
                "assertion",
                "Our country is now the safest in the region",
                said_by="The visiting president, quoted by the Record",
                explanation='"Said" marks it as his claim; the article does not check it.',
            ),
            _claim(
                "prison-conditions",
                "Conditions in the new prison are questioned.",
                "disputed",
                "Human rights groups have questioned the conditions",
                hint="Look for a word like 'questioned'.",
            ),
            _claim(
                "old-law",
                "The agreement was signed under a 1798 law.",
                "fact",
                "The agreement was signed under a 1798 law",
            ),
            _claim(
                "deal-rushed",
                "The deal was rushed.",
                "disputed",
                "Critics said the deal was rushed.",
                said_by="Critics, quoted by the Record",
            ),
        ),
    )


def hostile_pack() -> Pack:
    """Every field a player sees holds markup-like text that must show as typed."""
    article = f"Intro line.\nThe quote {HOSTILE_TEXT} sits here.\nEnd."
    return Pack(
        info=PackInfo(
            id="hostile", title=f"Hostile {HOSTILE_TEXT}", language="en", level=HOSTILE[2]
        ),
        sources=(
            Source(
                id="src",
                title=f"Title {HOSTILE_TEXT}",
                publisher=f"Pub {HOSTILE[4]}",
                text=article,
            ),
        ),
        claims=(
            _claim(
                "hostile-claim",
                f"Claim {HOSTILE_TEXT}",
                "fact",
                f"The quote {HOSTILE_TEXT}",
                said_by=f"Said {HOSTILE[3]}",
                explanation=f"Because {HOSTILE_TEXT}",
                hint=f"Hint {HOSTILE_TEXT}",
                discuss=f"Discuss {HOSTILE_TEXT}",
            ),
        ),
        categories=(
            Category(id="fact", label="Fact [b]x[/b]", key="f", description=f"Desc {HOSTILE_TEXT}"),
            Category(id="other", label="Other [@click=app.quit]", key="o", description="Other."),
        ),
    )


@dataclass(frozen=True)
class Entry:
    """What the home screen lists (the shape of `game.catalog.CatalogEntry`)."""

    path: Path
    origin: str
    pack: Pack | None
    error: str | None = None


class FakeClock:
    """A clock that moves only when told: rounds get deterministic timings."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def entries() -> list[Entry]:
    return [
        Entry(Path("packs/summit.toml"), "command line", demo_pack()),
        Entry(
            Path("packs/broken.toml"),
            "your packs",
            None,
            "packs/broken.toml:3:9: error: unknown key 'titel' — did you mean 'title'?",
        ),
        Entry(Path("questions/hostile.toml"), "built-in", hostile_pack()),
    ]
