"""Snapshots of the round, the verdict and the summary in Spanish at 80x24: Spanish
strings run longer than English ones, and none may be cut.

Update with `pytest tests/test_tui_snapshots_es.py --snapshot-update` and look at every
changed SVG as a picture."""

from __future__ import annotations

import dataclasses

from conftest import FakeClock, demo_pack
from textual.pilot import Pilot
from ui import screen_text, wait_until

from game.loader import load_pack
from game.pack import Pack, default_categories
from game.paths import builtin_packs_dir
from tui.app import ClaimSortApp

WIDE = (80, 24)


def spanish_pack() -> Pack:
    """The Spanish practice pack, loaded while the interface is in Spanish."""
    return load_pack(builtin_packs_dir() / "practica-se-puede-comprobar.toml")


def app_for(pack: Pack) -> ClaimSortApp:
    return ClaimSortApp([], start=pack, clock=FakeClock(), player="ana")


def until(*showing: str, keys: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        for key in keys:
            await pilot.press(key)
        await wait_until(
            pilot,
            lambda: all(part in screen_text(pilot.app) for part in showing),
            f"the screen showing {showing}",
        )

    return run_before


def every_answer(pack: Pack, *, right_every: int) -> tuple[str, ...]:
    """Keys that answer each claim (right every `right_every`-th one, else wrong) and go on."""
    keys: list[str] = []
    by_id = {category.id: category.key for category in pack.categories}
    for n, claim in enumerate(pack.claims):
        wrong = next(c.key for c in pack.categories if c.id != claim.answer)
        keys += [by_id[claim.answer] if n % right_every == 0 else wrong, "enter"]
    return tuple(keys)


class TestSpanish:
    def test_round(self, snap_compare, spanish) -> None:
        """The Spanish pack's first claim, before the answer: its own categories in
        Spanish, the source line with a Spanish date, the key bar in Spanish."""
        ready = until("1 de 15", "10 abr 2025", "Dato comprobable", "Predicción", "q Salir")
        assert snap_compare(app_for(spanish_pack()), terminal_size=WIDE, run_before=ready)

    def test_verdict(self, snap_compare, spanish) -> None:
        """A wrong answer: the verdict, the quote, who says it and the explanation."""
        ready = until("✗ No exactamente: es DATO COMPROBABLE", "Siguiente ⏎", keys=("o",))
        assert snap_compare(app_for(spanish_pack()), terminal_size=WIDE, run_before=ready)

    def test_verdict_in_the_default_categories(self, snap_compare, spanish) -> None:
        """The three default categories, whose Spanish labels are the longest, after a
        hinted right answer (English pack, Spanish interface)."""
        pack = dataclasses.replace(demo_pack(), categories=default_categories())
        ready = until(
            "✓ Correcto, con la pista", "Declaración oficial", "En disputa", keys=("h", "f")
        )
        assert snap_compare(app_for(pack), terminal_size=WIDE, run_before=ready)

    def test_summary(self, snap_compare, spanish) -> None:
        """The summary after a whole round, one in three right."""
        pack = spanish_pack()
        keys = every_answer(pack, right_every=3)
        ready = until("Ronda terminada", "Aciertos por categoría", keys=keys)
        assert snap_compare(app_for(pack), terminal_size=WIDE, run_before=ready)
