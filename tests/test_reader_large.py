"""A large article opens at once: the reader counts rows fast and draws only what is in
view (issue 9: a 4.8 MB article froze the game for 13.5 s)."""

from __future__ import annotations

import dataclasses

from conftest import FakeClock, demo_pack
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.content import Content
from ui import on_screen, screen_text, shows, wait_until

from tui.app import ClaimSortApp
from tui.line_rows import _PLAIN, is_plain, rows
from tui.screens.reader import ArticleLines, ReaderScreen

QUOTE = "The needle sentence that settles the claim sits right here."


@settings(max_examples=2000, deadline=None)
@given(
    text=st.text(st.sampled_from("ab  .é’—\tx中\u00a0"), max_size=60),
    width=st.integers(1, 25),
)
def test_rows_are_the_rows_content_wraps_a_line_into(text: str, width: int) -> None:
    assert rows(text, width) == len(Content(text).wrap(width))


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(st.sampled_from("abcdefghij     "), min_size=40, max_size=400),
    width=st.integers(1, 90),
)
def test_rows_of_plain_prose_match_content_at_every_width(text: str, width: int) -> None:
    assert is_plain(text)
    assert rows(text, width) == len(Content(text).wrap(width))


def test_the_plain_characters_are_one_cell_wide_and_no_whitespace_but_the_space() -> None:
    plain = [chr(c) for c in range(0x20, 0x3000) if _PLAIN.fullmatch(chr(c))]
    assert "é" in plain and "—" in plain and "’" in plain and "…" in plain
    assert [c for c in plain if cell_len(c) != 1 or (c.isspace() and c != " ")] == []


def big_pack(paragraphs: int, quote_at: int):
    """A pack whose article is long paragraphs that wrap, the claim quoting one deep in it."""
    base = demo_pack()
    filler = "Officials said the figures could not be checked independently, critics noted. "
    text = "\n".join(
        f"Paragraph {n:05}: {QUOTE} " if n == quote_at else f"Paragraph {n:05}: " + filler * 8
        for n in range(paragraphs)
    )
    source = dataclasses.replace(base.sources[0], text=text)
    claim = dataclasses.replace(base.claims[0], quote=QUOTE)
    return dataclasses.replace(base, sources=(source,), claims=(claim,))


async def test_the_reader_draws_only_the_lines_in_view(monkeypatch) -> None:
    drawn: list[int] = []
    make = ArticleLines.__getitem__

    def counted(self: ArticleLines, index):  # type: ignore[no-untyped-def]
        drawn.append(index)
        return make(self, index)

    monkeypatch.setattr(ArticleLines, "__getitem__", counted)
    pack = big_pack(8_000, quote_at=6_000)
    assert len(pack.sources[0].text or "") > 5_000_000
    app = ClaimSortApp([], start=pack, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        screen = await on_screen(pilot, ReaderScreen)
        assert screen.quote_line == 6_000
        text = await shows(pilot, "Paragraph 06000: The needle sentence")
        # Rows of the paragraph before the quote show above it.
        rows = text.splitlines()
        at = next(i for i, row in enumerate(rows) if "Paragraph 06000:" in row)
        assert at > 4 and "Paragraph 05999" not in rows[2]
        assert rows[at - 1].strip() and "Apr 2025" not in rows[at - 1]
        assert "Paragraph 06001:" in text
        # A screenful of paragraphs is drawn, not 8,000.
        assert 0 < len(set(drawn)) < 40

        await pilot.press("end")
        await shows(pilot, "Paragraph 07999:")
        await pilot.press("home")
        await shows(pilot, "Paragraph 00000:")


async def test_a_long_article_reads_the_same_after_the_terminal_narrows() -> None:
    pack = big_pack(300, quote_at=200)
    app = ClaimSortApp([], start=pack, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await shows(pilot, "Paragraph 00200:")
        await pilot.resize_terminal(60, 30)
        await wait_until(pilot, lambda: app.size.width == 60, "the narrower terminal")
        await pilot.press("end")

        def whole_last_paragraph() -> bool:
            # Laid out again at the new width: the last paragraph ends the article, whole.
            lines = [line.rstrip() for line in screen_text(app).splitlines()]
            return any(line.startswith("  Paragraph 00299:") for line in lines) and any(
                line.endswith("critics noted.") for line in lines
            )

        await wait_until(pilot, whole_last_paragraph, "the last paragraph, whole")


def find_quote_by_mapping(text: str, quote: str) -> tuple[int, int] | None:
    """How quotes were found before: the whole text normalised a character at a time
    and mapped back (seconds for a 5 MB article). Kept as the oracle."""
    from game.text import _TRANSLATE, normalise

    needle = normalise(quote)
    if not needle:
        return None
    chars: list[str] = []
    origin: list[int] = []
    in_space = True
    for index, char in enumerate(text.translate(_TRANSLATE)):
        if char.isspace():
            if not in_space:
                chars.append(" ")
                origin.append(index)
            in_space = True
        else:
            chars.append(char)
            origin.append(index)
            in_space = False
    at = "".join(chars).find(needle)
    if at < 0:
        return None
    return origin[at], origin[at + len(needle) - 1] + 1


typography = st.sampled_from([*"ab .-'\"“”‘’—–\u00a0\t\n\u2003\u3000\x1f\x85", "ab", "\r\n", "  "])


@settings(max_examples=3000, deadline=None)
@given(
    text=st.lists(typography, max_size=30).map("".join),
    quote=st.lists(typography, max_size=8).map("".join),
)
def test_a_quote_is_found_where_normalising_the_whole_text_found_it(text: str, quote: str) -> None:
    from game.text import find_quote

    assert find_quote(text, quote) == find_quote_by_mapping(text, quote)


def test_every_character_python_counts_as_whitespace_joins_the_words_of_a_quote() -> None:
    from game.text import find_quote

    spaces = [chr(code) for code in range(0x110000) if chr(code).isspace()]
    for space in spaces:
        assert find_quote(f"x said{space}so", "said so") == (2, 9), hex(ord(space))
