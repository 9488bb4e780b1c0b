"""Characters a person cannot see are refused in every text field of a pack, as the
escape characters are (issue 9): `check` names the character and where it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.loader import load_pack
from game.problems import PackError
from game.text import describe_char, find_unsafe, printable

INVISIBLE = {
    "\u2028": "U+2028 (line separator)",
    "\u2029": "U+2029 (paragraph separator)",
    "\U000e0041": "U+E0041 (tag character)",
    "\U000e0001": "U+E0001 (tag character)",
    "\U000e007f": "U+E007F (tag character)",
    "\u061c": "U+061C (bidi control)",
    "\u2060": "U+2060 (invisible character)",
    "\ufeff": "U+FEFF (invisible character)",
    "\u00ad": "U+00AD (soft hyphen)",
    "\u3164": "U+3164 (invisible character)",
    "\u115f": "U+115F (invisible character)",
    "\uffa0": "U+FFA0 (invisible character)",
    "\u180e": "U+180E (invisible character)",
    "\u2064": "U+2064 (invisible character)",
    "\u206f": "U+206F (invisible character)",
    "\ufff9": "U+FFF9 (invisible character)",
    "\U000e0100": "U+E0100 (invisible character)",
    "\ud800": "U+D800 (surrogate)",
}

# Visible characters next to the refused ranges, and ones real text needs: emoji with
# their presentation selector and joiner-free flags, accents, typographic spaces.
VISIBLE = [
    "\u00ac",
    "\u00ae",
    "\u061b",
    "\u2027",
    "\u2070",
    "\u3163",
    "\u3165",
    "\ufefc",
    "\uff9f",
    "\uffa1",
    "\u2764\ufe0f",
    "\U0001f3f4",
    "\U0001f1ea\U0001f1f8",
    "\U000e0080",
    "\u202f",
    "\xa0",
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_found_in_both_kinds_of_text(char: str) -> None:
    text = f"ab{char}cd"
    assert find_unsafe(text, multiline=True) == 2
    assert find_unsafe(text, multiline=False) == 2
    assert describe_char(char) == INVISIBLE[char]
    assert printable(text) == "ab" + char.encode("unicode_escape").decode() + "cd"


@pytest.mark.parametrize("text", VISIBLE, ids=lambda t: "+".join(f"{ord(c):04X}" for c in t))
def test_visible_neighbours_are_allowed(text: str) -> None:
    assert find_unsafe(f"a{text}b", multiline=False) is None


def test_the_first_unsafe_character_is_found_across_planes() -> None:
    # Characters beyond the Basic Multilingual Plane are searched apart: the first
    # one found must still be the first in the text, whichever plane it is in.
    assert find_unsafe("😀 x\U000e0041 y\x07", multiline=True) == 3
    assert find_unsafe("😀 x\x07 y\U000e0041", multiline=True) == 3
    assert find_unsafe("😀 x\n y\U000e0041", multiline=False) == 3
    assert find_unsafe("😀 x\n y\U000e0041", multiline=True) == 6
    assert find_unsafe("😀 only emoji ❤️", multiline=False) is None


PACK = """\
format = 1

[pack]
id = "tiny"
title = "{title}"
language = "en"

[[sources]]
id = "s"
title = "A headline"
publisher = "A paper"
text = "{text}"

[[claims]]
id = "bridge"
text = "The mayor opened the bridge."
answer = "fact"
quote = "The mayor opened the bridge"
said_by = "The paper"
explanation = "Reported in the paper's own voice."
"""
ARTICLE = "The mayor opened the bridge on Friday."


def problems(tmp_path: Path, *, title: str = "Tiny pack", text: str = ARTICLE) -> list[str]:
    pack = tmp_path / "pack.toml"
    pack.write_text(PACK.format(title=title, text=text), encoding="utf-8")
    with pytest.raises(PackError) as refused:
        load_pack(pack)
    return [str(p).removeprefix(f"{pack}:") for p in refused.value.problems]


# TOML cannot write half a character; the pack cache's JSON can (tested there).
IN_TOML = [char for char in INVISIBLE if not 0xD800 <= ord(char) <= 0xDFFF]


@pytest.mark.parametrize("char", IN_TOML, ids=lambda c: f"U+{ord(c):04X}")
def test_check_refuses_an_invisible_character_in_a_title(tmp_path: Path, char: str) -> None:
    escape = f"\\U{ord(char):08X}"
    hint = (
        "keep this field on one line"
        if char in "\u2028\u2029"
        else "remove it (newlines and tabs are allowed only in multi-line text)"
    )
    assert problems(tmp_path, title=f"Tiny{escape} pack") == [
        f"5:1: error: title in [pack] contains {INVISIBLE[char]} at character 5 — {hint}"
    ]


def test_a_line_separator_in_an_article_asks_for_a_line_break(tmp_path: Path) -> None:
    # Textual shows nothing for it: "Friday.Then" would run together.
    assert problems(tmp_path, text=ARTICLE + "\\u2028Then it rained.") == [
        "12:1: error: text of source 1 contains U+2028 (line separator) at character 39"
        " — write a plain line break instead"
    ]


def test_a_tag_character_in_an_article_is_refused(tmp_path: Path) -> None:
    hidden = "".join(f"\\U{0xE0000 + ord(c):08X}" for c in "ignore the quote")
    assert problems(tmp_path, text=ARTICLE + hidden) == [
        "12:1: error: text of source 1 contains U+E0069 (tag character) at character 39"
        " — remove it (newlines and tabs are allowed only in multi-line text)"
    ]


def test_a_soft_hyphen_in_a_text_file_is_refused_where_it_is(tmp_path: Path) -> None:
    (tmp_path / "article.txt").write_text("First line.\nThe bridge op\u00adened.\n")
    pack = tmp_path / "pack.toml"
    pack.write_text(
        PACK.format(title="Tiny pack", text="x").replace('text = "x"', 'text_file = "article.txt"'),
        encoding="utf-8",
    )
    with pytest.raises(PackError) as refused:
        load_pack(pack)
    assert str(refused.value.problems[0]) == (
        f"{tmp_path / 'article.txt'}:2:14: error: contains U+00AD (soft hyphen)"
        " — remove it from the text file"
    )
