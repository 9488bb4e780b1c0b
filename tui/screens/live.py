"""The teacher's live view of a class at play: who has joined, how far each student is,
and each claim's tally so far, refreshed every `REFRESH_SECONDS` from the progress file."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from game.i18n import _, ngettext
from game.progress import ProgressStore, StoreError
from game.report.live import (
    REFRESH_SECONDS,
    LiveClass,
    claims_table,
    packs_played,
    students_table,
)
from game.text import printable


class LiveScreen(Screen[None]):
    """Reads through a read-only store in a worker thread, a short read each time; the
    screen only shows what the worker counted."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "app.quit", _("Quit"))]

    def __init__(self, path: Path, live: LiveClass, *, anonymize: bool = False) -> None:
        super().__init__()
        self.path = path
        self.live = live
        self.anonymize = anonymize
        self.refreshes = 0
        """How many looks at the file have been shown (tests wait on it)."""
        self._store: ProgressStore | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(_("ClaimSort · the class, live")), id="live-title")
        with VerticalScroll(id="live-scroll"):
            yield Static(Content(_("Waiting for the first answers…")), id="live-status")
            yield Static(Content(_("Students")), classes="heading")
            yield Static(Content(""), id="live-students-head", classes="columns")
            yield Static(Content(""), id="live-students")
            yield Static(Content(_("Claims, hardest so far first")), classes="heading")
            yield Static(Content(""), id="live-claims-head", classes="columns")
            yield Static(Content(""), id="live-claims")
        yield Footer()

    def on_mount(self) -> None:
        self.look()
        self.set_interval(REFRESH_SECONDS, self.look)

    def on_unmount(self) -> None:
        if self._store is not None:
            self._store.close()

    @work(thread=True, exclusive=True, group="live")
    def look(self) -> None:
        problem = None
        try:
            if self._store is None:
                self._store = ProgressStore.open_readonly(self.path, move_damaged=False)
                problem = self._store.warning
            self.live.refresh(self._store)
        except StoreError as error:
            problem = str(error)
        students = students_table(self.live, anonymize=self.anonymize)
        # The scroll view's padding and scroll bar take 4 columns.
        claims = claims_table(self.live, width=max(20, self.size.width - 4))
        packs = packs_played(self.live)
        self.app.call_from_thread(self.show, students, claims, packs, problem)

    def show(
        self,
        students: tuple[str, list[str]],
        claims: tuple[str, list[str]],
        packs: list[str],
        problem: str | None,
    ) -> None:
        n = len(self.live.students)
        status = ngettext("{n} student has joined.", "{n} students have joined.", n).format(n=n)
        if len(packs) == 1:
            status += " " + _("Pack: {id}.").format(id=printable(packs[0], 40))
        if problem:
            status += " " + problem
        self.query_one("#live-status", Static).update(Content(status))
        for name, (heading, lines) in (("students", students), ("claims", claims)):
            self.query_one(f"#live-{name}-head", Static).update(Content(heading if lines else ""))
            self.query_one(f"#live-{name}", Static).update(Content("\n".join(lines) or "—"))
        self.refreshes += 1
