"""`claimsort preview PACK` (and `play --preview`): every claim shown answered rightly,
with its hint, as students see it after answering, and nothing recorded."""

from __future__ import annotations

import pytest
from conftest import FakeClock, demo_pack
from ui import shows, wait_until

from cli.main import build_parser
from game.progress import ProgressStore
from tui.app import ClaimSortApp, RoundOptions
from tui.screens.round import RoundScreen


async def test_preview_shows_each_claim_answered_with_its_hint_and_records_nothing(
    notifications: list[str],
) -> None:
    pack = demo_pack()
    store = ProgressStore.in_memory()
    app = ClaimSortApp(
        (), start=pack, options=RoundOptions(preview=True), clock=FakeClock(), store=store
    )
    async with app.run_test(size=(80, 24)) as pilot:
        first = pack.claims[0]
        assert first.hint is not None
        # No key pressed: the verdict, the hint and the explanation are there already.
        await shows(pilot, "✓ Right: this is VERIFIED FACT", f"Hint: {first.hint}")
        assert notifications == [
            "Preview: every claim is shown answered rightly, and nothing is recorded."
        ]
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        for claim in pack.claims[1:]:
            await pilot.press("enter")
            await wait_until(pilot, lambda c=claim: screen.round.current is c, f"claim {claim.id}")
            label = pack.category(claim.answer).label.upper()
            await shows(pilot, f"Right: this is {label}")
        await pilot.press("enter")  # past the last claim: the preview ends
        await wait_until(pilot, lambda: not app.is_running, "the preview to end")
    assert store.answers() == []


@pytest.mark.parametrize(
    "argv",
    [["preview", "pack.toml"], ["play", "--preview", "pack.toml"]],
    ids=["preview", "play-preview"],
)
def test_preview_is_a_command_and_an_option_of_play(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.preview is True
    assert args.packs == ["pack.toml"]
    assert (args.shuffle, args.seed, args.limit, args.review) == (False, None, None, False)


def test_preview_of_a_broken_pack_says_why_without_opening_the_game(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    broken = tmp_path / "broken.toml"
    broken.write_text('format = 1\n[pack]\nid = "x"\n', encoding="utf-8")
    assert main(["preview", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f'{broken}:2:1: error: [pack] is missing "title" — add title = …' in err
