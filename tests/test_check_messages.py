"""`claimsort check` messages that point at the fix, for the mistakes a new teacher makes.

Each test writes the pack a teacher would, with one typical slip, runs `claimsort
check` on it and reads the exact line the teacher sees, `path:line:col` included.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main

PACK = """\
format = 1

[pack]
id = "bridge"
title = "The new bridge"
language = "en"

[[sources]]
id = "gazette"
title = "Bridge to open in May"
publisher = "Riverside Gazette"
text = '''
Mayor Lina Ortiz said the new bridge was in the best condition of any in the region.
Critics questioned whether it was safe.
'''

[[claims]]
id = "best-condition"
text = "The bridge is in the best condition in the region."
answer = "assertion"
quote = "the new bridge was in the best condition of any in the region"
said_by = "Mayor Lina Ortiz, quoted by the Gazette"
explanation = "The mayor said it, and the Gazette does not check it."

[[claims]]
id = "safe"
text = "The bridge is safe."
answer = "disputed"
quote = "Critics questioned whether it was safe."
said_by = "Critics, as reported by the Gazette"
explanation = "Critics questioned it: it is contested."
"""


def check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str
) -> tuple[int, list[str], Path]:
    assert old in PACK
    path = tmp_path / "bridge.toml"
    path.write_text(PACK.replace(old, new, 1), encoding="utf-8")
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert err == ""
    return code, out.splitlines(), path


def test_the_pack_without_slips_is_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check(tmp_path, capsys, "", "")[:2] == (0, ["1 pack is valid"])


# -- answers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "meant"),
    [
        ("official assertion", "assertion"),  # the category's name, not its id
        ("Official assertion", "assertion"),  # its label, as the game shows it
        ("Verified fact", "fact"),
        ("asertion", "assertion"),
    ],
)
def test_an_answer_that_is_no_category_lists_the_categories_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: str, meant: str
) -> None:
    code, out, path = check(tmp_path, capsys, 'answer = "assertion"', f'answer = "{answer}"')
    # One line: no "use only lowercase letters …" first, whose fix would still be wrong.
    assert out == [
        f'{path}:20:1: error: answer "{answer}" is not a category of this pack — the '
        f'categories are fact, assertion, disputed; did you mean "{meant}"?',
        "1 error in 1 of 1 pack",
    ]
    assert code == 1


def test_an_answer_far_from_every_category_still_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(tmp_path, capsys, 'answer = "assertion"', 'answer = "opinion"')
    assert out[0] == (
        f'{path}:20:1: error: answer "opinion" is not a category of this pack — the '
        "categories are fact, assertion, disputed"
    )


# -- keys in the wrong place ----------------------------------------------------------


def test_a_pack_key_after_the_claims_says_where_it_landed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The teacher remembered the level at the end and added it there.
    _code, out, path = check(
        tmp_path, capsys, 'it is contested."\n', 'it is contested."\nlevel = "ages 14+"\n'
    )
    assert out[0] == (
        f'{path}:32:1: error: key "level" belongs in [pack], but this line is below '
        "[[claims]], so it lands in claim 2 — move it up into [pack], above the first "
        "[[sources]] line"
    )


def test_a_source_key_in_a_claim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, path = check(
        tmp_path, capsys, 'answer = "disputed"\n', 'answer = "disputed"\npublisher = "Gazette"\n'
    )
    assert out[0] == (
        f'{path}:29:1: error: key "publisher" belongs in [[sources]], but this line is below '
        "[[claims]], so it lands in claim 2 — move it into the table it describes, below "
        "its header line"
    )


def test_format_written_below_the_pack_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(tmp_path, capsys, "format = 1\n\n[pack]\n", "[pack]\nformat = 1\n")
    assert out[0] == f'{path}:1:1: error: missing "format" — add `format = 1` as the first line'
    assert out[1] == (
        f'{path}:2:1: error: key "format" belongs at the top of the file, but this line is '
        "below [pack], so it lands in [pack] — move it above the first [table] line, e.g. "
        "to the first line"
    )


def test_a_misspelt_key_still_gets_did_you_mean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(tmp_path, capsys, 'said_by = "Critics', 'saidby = "Critics')
    assert out[1] == f'{path}:30:1: error: unknown key "saidby" — did you mean "said_by"?'


def test_a_tab_in_a_one_line_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, path = check(tmp_path, capsys, 'said_by = "Mayor Lina', 'said_by = "Mayor\tLina')
    assert out[0] == (
        f"{path}:22:1: error: said_by of claim 1 contains U+0009 (tab) at character 6 — "
        "replace the tab with a space (tabs are allowed only in multi-line text)"
    )


# -- quotes ---------------------------------------------------------------------------


def test_a_quote_with_one_word_changed_shows_where_it_differs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(
        tmp_path, capsys, 'quote = "the new bridge was in', 'quote = "the new bridge was at'
    )
    assert out[0] == (
        f'{path}:21:1: error: quote not found in the text of source "gazette" — the text has '
        '"…bridge was in the best condition of…" where the quote has "…bridge was at the '
        'best condition of…"; copy the words exactly from the article'
    )


def test_a_quote_that_goes_on_differently_shows_the_shared_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(
        tmp_path,
        capsys,
        'quote = "Critics questioned whether it was safe."',
        'quote = "Critics questioned whether it was safe for cars."',
    )
    assert out[0] == (
        f'{path}:29:1: error: quote not found in the text of source "gazette" — the text has '
        '"…whether it was safe.…" where the quote has "…whether it was safe for cars.…"; '
        "copy the words exactly from the article"
    )


def test_a_quote_from_another_source_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    herald = (
        '\n[[sources]]\nid = "herald"\ntitle = "Cracks"\npublisher = "Herald"\n'
        'text = "Engineers found cracks in two of the pillars."\n'
    )
    old = 'quote = "Critics questioned whether it was safe."'
    new = 'source = "gazette"\nquote = "Engineers found cracks in two of the pillars"'
    path = tmp_path / "bridge.toml"
    text = PACK.replace("\n[[claims]]", herald + "\n[[claims]]", 1).replace(old, new)
    text = text.replace('answer = "assertion"', 'answer = "assertion"\nsource = "gazette"')
    path.write_text(text, encoding="utf-8")
    main(["check", str(path)])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f'{path}:37:1: error: quote not found in the text of source "gazette" — it is in the '
        'text of source "herald": set source = "herald"'
    )


def test_a_quote_with_nothing_in_common_keeps_the_plain_advice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(
        tmp_path,
        capsys,
        'quote = "Critics questioned whether it was safe."',
        'quote = "The council voted for it"',
    )
    assert out[0] == (
        f'{path}:29:1: error: quote not found in the text of source "gazette" — copy the '
        "words exactly from the article (spacing, quote marks and dashes may differ)"
    )


# -- TOML syntax ----------------------------------------------------------------------


def test_straight_quotes_inside_a_string(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, path = check(
        tmp_path,
        capsys,
        'explanation = "Critics questioned it',
        'explanation = "Critics "questioned" it',
    )
    assert out == [
        f'{path}:31:24: error: TOML syntax: the text ends at this ", but more follows on the '
        'line — write \\" for each " inside the text, or put the whole text in single '
        "quotes: '…'; the lines from here on are checked once this is fixed",
        "1 error in 1 of 1 pack",
    ]
    assert code == 1


def test_an_apostrophe_inside_single_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(
        tmp_path,
        capsys,
        'explanation = "Critics questioned it: it is contested."',
        "explanation = 'It's contested.'",
    )
    assert out[0] == (
        f"{path}:31:18: error: TOML syntax: the text ends at this ', but more follows on the "
        'line — put the whole text in double quotes "…" (an apostrophe needs no escaping '
        "there), or in ''' … '''; the lines from here on are checked once this is fixed"
    )


def test_an_answer_without_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, path = check(tmp_path, capsys, 'answer = "disputed"', "answer = disputed")
    assert out[0] == (
        f'{path}:28:10: error: TOML syntax: the text "disputed" has no quotes — put text in '
        'straight quotes: answer = "disputed"; the lines from here on are checked once this '
        "is fixed"
    )


def test_an_answer_in_curly_quotes_from_a_word_processor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(tmp_path, capsys, 'answer = "disputed"', "answer = “disputed”")
    assert out[0] == (
        f"{path}:28:10: error: TOML syntax: “disputed” is in curly quotes, which TOML does not "
        'read as quotes — type straight quotes: answer = "disputed"; the lines from here on '
        "are checked once this is fixed"
    )


def test_an_unclosed_triple_quote_is_reported_where_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(tmp_path, capsys, "was safe.\n'''\n", "was safe.\n\n")
    assert out == [
        f"{path}:12:8: error: TOML syntax: the ''' text that starts here is never closed — "
        "end it with ''' after its last line (everything below is inside it); the lines "
        "from here on are checked once this is fixed",
        "1 error in 1 of 1 pack",
    ]


def test_a_string_not_closed_on_its_line_is_reported_where_it_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, path = check(
        tmp_path, capsys, 'title = "The new bridge"', 'title = "The new bridge'
    )
    assert out[0] == (
        f'{path}:5:9: error: TOML syntax: the text that starts here with " does not end on '
        'this line — close it with " at the end of the text, on the same line; for text '
        "over several lines use ''' … '''; the lines from here on are checked once this is "
        "fixed"
    )


def test_the_tables_before_a_syntax_error_are_still_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bridge.toml"
    text = PACK.replace('said_by = "Mayor', 'saidby = "Mayor').replace(
        'answer = "disputed"', "answer = disputed"
    )
    path.write_text(text, encoding="utf-8")
    code = main(["check", str(path)])
    out = capsys.readouterr().out.splitlines()
    # Claim 1 ends before the claim with the syntax error: its slips are reported too.
    assert out == [
        f'{path}:17:1: error: claim 1 is missing "said_by" — add said_by = …',
        f'{path}:22:1: error: unknown key "saidby" — did you mean "said_by"?',
        f'{path}:28:10: error: TOML syntax: the text "disputed" has no quotes — put text in '
        'straight quotes: answer = "disputed"; the lines from here on are checked once this '
        "is fixed",
        "3 errors in 1 of 1 pack",
    ]
    assert code == 1


def test_a_syntax_error_in_the_first_table_says_the_rest_waits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, _path = check(tmp_path, capsys, "format = 1", "format = one")
    assert out[0].endswith("; the rest of the file is checked once this is fixed")
