"""load_pack: every validation rule of pack format 1, with the line and message a user sees.

Each test writes a small pack, breaks one thing in it, and asserts where the problem is
reported (line and column) and the key words of its message and hint.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from game.loader import PackError, Problem, load_pack
from game.pack import DEFAULT_CATEGORIES, MAX_PACK_BYTES, Pack

# Line numbers in this pack are referred to by the tests below; keep them stable.
PACK = """\
format = 1

[pack]
id = "demo"
title = "Demo pack"
language = "en"

[[sources]]
id = "efe"
title = "Bukele at the White House"
publisher = "EFE"
text = '''
President Nayib Bukele said El Salvador had become, in his words, "the safest country in Latin America".
Reports of abuse at the CECOT prison have been questioned by rights groups.
'''

[[claims]]
id = "safest"
text = "El Salvador is the safest country in Latin America."
answer = "assertion"
quote = "in his words, \\"the safest country in Latin America\\""
said_by = "President Nayib Bukele, quoted by EFE"
explanation = "'In his words' marks the claim as Bukele's own; the article does not check it."
"""
# 1 format / 3 [pack] / 4 id / 5 title / 6 language / 8 [[sources]] / 9 id / 10 title /
# 11 publisher / 12 text / 17 [[claims]] / 18 id / 19 text / 20 answer / 21 quote /
# 22 said_by / 23 explanation

SECOND_CLAIM = """
[[claims]]
id = "abuse"
text = "There was abuse at the CECOT prison."
answer = "disputed"
quote = "Reports of abuse at the CECOT prison have been questioned"
said_by = "Rights groups, reported by EFE"
explanation = "'Reports of' and 'questioned' flag a contested claim."
"""
# appended to PACK: 25 [[claims]] / 26 id / 27 text / 28 answer / 29 quote / 30 said_by /
# 31 explanation

TWO_CATEGORIES = """
[[categories]]
id = "opinion"
label = "Opinion"
key = "o"
description = "A view that cannot be checked."

[[categories]]
id = "news"
label = "News"
key = "n"
description = "Something that happened."
"""
# appended to PACK: 25 [[categories]] / 26 id / 27 label / 28 key / 29 description /
# 31 [[categories]] / 32 id / 33 label / 34 key / 35 description


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)


def write(folder: Path, text: str | bytes, name: str = "pack.toml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(folder: Path, text: str | bytes, name: str = "pack.toml") -> list[Problem]:
    path = write(folder, text, name)
    with pytest.raises(PackError) as caught:
        load_pack(path)
    return caught.value.problems


def only_problem(folder: Path, text: str | bytes) -> Problem:
    problems = problems_of(folder, text)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


# -- a valid pack ----------------------------------------------------------------------


def test_valid_pack_loads_with_default_categories(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, PACK + SECOND_CLAIM))
    assert isinstance(pack, Pack)
    assert pack.id == "demo" and pack.title == "Demo pack" and pack.language == "en"
    assert [c.id for c in pack.claims] == ["safest", "abuse"]
    assert pack.categories == DEFAULT_CATEGORIES
    assert pack.claims[0].difficulty == 2
    assert pack.source_of(pack.claims[1]).id == "efe"
    assert len(pack.digest) == 64


def test_digest_changes_with_the_content(tmp_path: Path) -> None:
    first = load_pack(write(tmp_path, PACK, "a.toml")).digest
    second = load_pack(write(tmp_path, edit(PACK, "Demo pack", "Demo pack 2"), "b.toml")).digest
    assert first != second


def test_problem_prints_as_path_line_col_message_and_hint(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, edit(PACK, 'title = "Demo pack"', 'titel = "Demo pack"'))
    problem = problems[1]
    assert str(problems[0]) == (
        f'{tmp_path / "pack.toml"}:3:1: error: [pack] is missing "title" — add title = …'
    )
    assert str(problem) == (
        f'{tmp_path / "pack.toml"}:5:1: error: unknown key "titel" — did you mean "title"?'
    )
    assert problem.as_dict() == {
        "path": str(tmp_path / "pack.toml"),
        "line": 5,
        "column": 1,
        "message": 'unknown key "titel"',
        "hint": 'did you mean "title"?',
        "severity": "error",
    }


# -- unknown and missing keys ----------------------------------------------------------


def test_misspelt_key_is_unknown_with_did_you_mean(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, edit(PACK, "said_by =", "sayd_by ="))
    unknown = next(p for p in problems if "unknown key" in p.message)
    assert unknown.line == 22 and unknown.column == 1
    assert unknown.message == 'unknown key "sayd_by"'
    assert unknown.hint == 'did you mean "said_by"?'
    # ...and the key it should have been is missing, pointed at the claim's header.
    missing = next(p for p in problems if "missing" in p.message)
    assert missing.line == 17
    assert missing.message == 'claim 1 is missing "said_by"'


def test_unknown_key_without_a_near_miss_lists_the_allowed_keys(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, 'language = "en"', 'language = "en"\nzzz = 1'))
    assert problem.line == 7
    assert problem.message == 'unknown key "zzz"'
    assert problem.hint.startswith("allowed here:")
    assert "description" in problem.hint and "license" in problem.hint


def test_misspelt_table_name_gets_did_you_mean(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, edit(PACK, "[[claims]]", "[[claim]]"))
    unknown = next(p for p in problems if "unknown key" in p.message)
    assert unknown.line == 17
    assert unknown.hint == 'did you mean "claims"?'


def test_unknown_dotted_table_is_reported_at_its_header(tmp_path: Path) -> None:
    # Issue 9: [translations.es] was reported at 1:1.
    problem = only_problem(tmp_path, PACK + '\n[translations.es]\ntitle = "Demo"\n')
    assert (problem.line, problem.column) == (25, 2)
    assert problem.message == 'unknown key "translations"'


def test_unknown_subtable_of_pack_is_reported_at_its_name(tmp_path: Path) -> None:
    # Issue 9: [pack.meta.extra] was reported at another table's header.
    problem = only_problem(tmp_path, PACK + '\n[pack.meta.extra]\nnote = "x"\n')
    assert (problem.line, problem.column) == (25, 7)
    assert problem.message == 'unknown key "meta"'


def test_unknown_key_name_is_shown_escaped(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'language = "en"', 'language = "en"\n"ti\\u0007x" = 1')
    )
    assert problem.line == 7
    assert "\x07" not in problem.message
    assert "\\x07" in problem.message


def test_missing_key_points_at_its_table_header(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, 'title = "Demo pack"\n', ""))
    assert (problem.line, problem.column) == (3, 1)
    assert problem.message == '[pack] is missing "title"'
    assert problem.hint == "add title = …"


def test_missing_key_in_the_second_claim_points_at_the_second_header(tmp_path: Path) -> None:
    text = PACK + edit(SECOND_CLAIM, 'said_by = "Rights groups, reported by EFE"\n', "")
    problem = only_problem(tmp_path, text)
    assert problem.line == 25
    assert problem.message == 'claim 2 is missing "said_by"'


def test_missing_table_is_reported(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, PACK[: PACK.index("[[claims]]")])
    assert problem.line == 1
    assert problem.message == "the pack file has no [[claims]] table"
    assert problem.hint == "add one; `claimsort new FILE` writes an example"


# -- types -----------------------------------------------------------------------------


def test_wrong_type_names_field_expected_and_given(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'said_by = "President Nayib Bukele, quoted by EFE"', "said_by = 3")
    )
    assert problem.line == 22
    assert problem.message == "said_by of claim 1 must be text in quotes, not a number"
    assert problem.hint == "put it in quotes"


def test_quoted_number_gets_leave_out_the_quotes(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "assertion"\ndifficulty = "2"')
    )
    assert problem.line == 21
    assert problem.message == "difficulty of claim 1 must be a whole number, not text"
    assert problem.hint == "leave out the quotes"


@pytest.mark.parametrize("value", ["2.0", "true"])
def test_difficulty_is_strictly_an_integer(tmp_path: Path, value: str) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'answer = "assertion"', f'answer = "assertion"\ndifficulty = {value}')
    )
    assert problem.line == 21
    assert "difficulty of claim 1 must be a whole number" in problem.message


def test_difficulty_out_of_range(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "assertion"\ndifficulty = 4')
    )
    assert problem.line == 21
    assert problem.message == "difficulty of claim 1 is 4; it must be from 1 to 3"


def test_single_brackets_for_an_array_table_get_a_hint(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, "[[sources]]", "[sources]"))
    assert problem.line == 8
    assert problem.message == "sources must be a list in [brackets], not a table"
    assert problem.hint == "write [[sources]] (two pairs of brackets)"


def test_id_with_capitals_gets_a_suggestion(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, 'id = "demo"', 'id = "My Demo"'))
    assert problem.line == 4
    assert (
        problem.message
        == 'id in [pack] is "My Demo"; use only lowercase letters, digits and single dashes'
    )
    assert problem.hint == 'e.g. "my-demo"'


def test_published_with_a_time_of_day_is_refused(tmp_path: Path) -> None:
    text = edit(PACK, 'publisher = "EFE"', 'publisher = "EFE"\npublished = 2025-04-17T10:00:00')
    problem = only_problem(tmp_path, text)
    assert problem.line == 12
    assert problem.message == (
        "published of source 1 must be a date like 2025-04-17, not a date with a time of day"
    )


def test_published_date_is_kept(tmp_path: Path) -> None:
    pack = load_pack(
        write(
            tmp_path, edit(PACK, 'publisher = "EFE"', 'publisher = "EFE"\npublished = 2025-04-17')
        )
    )
    assert pack.sources[0].published == dt.date(2025, 4, 17)


def test_blank_text_is_refused(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'said_by = "President Nayib Bukele, quoted by EFE"', 'said_by = "   "')
    )
    assert problem.line == 22
    assert problem.message == "said_by of claim 1 is empty"


# -- references ------------------------------------------------------------------------


def test_unknown_answer_gets_did_you_mean(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "asertion"'))
    assert (problem.line, problem.column) == (20, 1)
    assert problem.message == 'answer "asertion" is not a category of this pack'
    assert problem.hint == 'the categories are fact, assertion, disputed; did you mean "assertion"?'


def test_unknown_answer_far_from_any_lists_the_categories(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "zzz"'))
    assert problem.hint == "the categories are fact, assertion, disputed"


def test_unknown_source_gets_did_you_mean(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "assertion"\nsource = "efee"')
    )
    assert problem.line == 21
    assert problem.message == 'source "efee" is not a source of this pack'
    assert problem.hint == 'did you mean "efe"?'


def test_source_is_required_when_the_pack_has_several(tmp_path: Path) -> None:
    second_source = '[[sources]]\nid = "ap"\ntitle = "Other"\npublisher = "AP"\n\n[[claims]]'
    problem = only_problem(tmp_path, edit(PACK, "[[claims]]", second_source))
    # [[sources]] at 17, [[claims]] at 22: a missing key points at the claim's header.
    assert problem.line == 22
    assert problem.message == 'claim has no "source", and the pack has several sources'
    assert problem.hint == "add source = one of efe, ap"


def test_source_named_among_several_is_accepted(tmp_path: Path) -> None:
    second_source = '[[sources]]\nid = "ap"\ntitle = "Other"\npublisher = "AP"\n\n[[claims]]'
    text = edit(
        edit(PACK, "[[claims]]", second_source),
        'answer = "assertion"',
        'answer = "assertion"\nsource = "efe"',
    )
    pack = load_pack(write(tmp_path, text))
    assert pack.source_of(pack.claims[0]).id == "efe"


@pytest.mark.parametrize(
    ("table", "what", "value"),
    [
        ("sources", "source", "efe"),
        ("claims", "claim", "safest"),
        ("categories", "category", "news"),
    ],
)
def test_duplicate_ids_name_the_first_line(
    tmp_path: Path, table: str, what: str, value: str
) -> None:
    if table == "sources":
        text = edit(
            PACK,
            "[[claims]]",
            '[[sources]]\nid = "efe"\ntitle = "T"\npublisher = "P"\n\n[[claims]]',
        )
        line, first = 18, 9
        text = edit(text, 'answer = "assertion"', 'answer = "assertion"\nsource = "efe"')
    elif table == "claims":
        text = PACK + edit(SECOND_CLAIM, 'id = "abuse"', 'id = "safest"')
        line, first = 26, 18
    else:
        text = edit(PACK, 'answer = "assertion"', 'answer = "news"') + edit(
            TWO_CATEGORIES, 'id = "opinion"', 'id = "news"'
        )
        line, first = 32, 26
    problem = only_problem(tmp_path, text)
    assert problem.line == line
    assert problem.message == f'{what} id "{value}" is used twice'
    assert problem.hint == f"ids must be unique; the first one is on line {first}"


# -- quotes ----------------------------------------------------------------------------


def test_quote_not_in_the_source_text(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'in his words, \\"the safest', 'in his words, \\"the most secure')
    )
    assert problem.line == 21
    assert problem.message == 'quote not found in the text of source "efe"'
    assert "copy the words exactly from the article" in problem.hint


@pytest.mark.parametrize(
    "quote",
    [
        # curly double quotes instead of straight ones
        "in his words, “the safest country in Latin America”",
        # extra and different whitespace (tab, several spaces)
        'in  his\\twords,   \\"the safest country in Latin America\\"',
        # a quote that spans the line break in the source
        'in Latin America\\".\\nReports of abuse',
        # leading and trailing whitespace
        "   Reports of abuse at the CECOT prison  ",
    ],
)
def test_quote_is_found_despite_typography(tmp_path: Path, quote: str) -> None:
    text = edit(
        PACK,
        'quote = "in his words, \\"the safest country in Latin America\\""',
        f'quote = "{quote}"',
    )
    load_pack(write(tmp_path, text))


def test_quote_with_dashes_and_curly_apostrophes_matches_straight_source(tmp_path: Path) -> None:
    text = edit(
        PACK,
        "questioned by rights groups.",
        "questioned by rights groups - and the government's critics.",
    )
    text = edit(
        text,
        'quote = "in his words, \\"the safest country in Latin America\\""',
        'quote = "questioned by rights groups — and the government’s critics"',
    )
    load_pack(write(tmp_path, text))


def test_quote_without_source_text_is_not_checked(tmp_path: Path) -> None:
    text = PACK[: PACK.index("text = '''")] + PACK[PACK.index("\n[[claims]]") :]
    text = edit(text, 'in his words, \\"the safest', "words that are nowhere")
    load_pack(write(tmp_path, text))


# -- unsafe characters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "name"),
    [
        ("\\u0000", "U+0000 (control character)"),
        ("\\u0007", "U+0007 (control character)"),
        ("\\u001B", "U+001B (control character)"),
        ("\\r", "U+000D (control character)"),
        ("\\u007F", "U+007F (control character)"),
        ("\\u0080", "U+0080 (control character)"),
        ("\\u0085", "U+0085 (control character)"),
        ("\\u009B", "U+009B (control character)"),
        ("\\u202A", "U+202A (bidi control)"),
        ("\\u202E", "U+202E (bidi control)"),
        ("\\u2066", "U+2066 (bidi control)"),
        ("\\u2069", "U+2069 (bidi control)"),
        ("\\u200B", "U+200B (invisible character)"),
        ("\\u200F", "U+200F (invisible character)"),
    ],
)
def test_unsafe_character_in_a_field_is_refused_with_field_and_line(
    tmp_path: Path, escape: str, name: str
) -> None:
    text = edit(PACK, 'text = "El Salvador is', f'text = "El{escape} Salvador is')
    problem = only_problem(tmp_path, text)
    assert problem.line == 19
    assert problem.message == f"text of claim 1 contains {name} at character 3"
    assert problem.hint.startswith("remove it")


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200d", "\u0085"])
def test_unsafe_character_written_raw_in_the_file_is_refused(tmp_path: Path, char: str) -> None:
    # Not escaped in TOML: the character itself sits in the file (Trojan Source style).
    text = edit(PACK, "Demo pack", f"Demo{char} pack")
    problem = only_problem(tmp_path, text)
    assert problem.line == 5
    assert problem.message.startswith("title in [pack] contains U+")
    assert char not in problem.message


def test_unsafe_character_in_multiline_source_text_names_the_field(tmp_path: Path) -> None:
    text = edit(PACK, "Reports of abuse", "Reports\u202e of abuse")
    problem = only_problem(tmp_path, text)
    assert problem.line == 12
    assert "text of source 1 contains U+202E (bidi control)" in problem.message


@pytest.mark.parametrize(
    ("escape", "name", "hint"),
    [
        ("\\n", "U+000A (newline)", "keep this field on one line"),
        (
            "\\t",
            "U+0009 (tab)",
            "replace the tab with a space (tabs are allowed only in multi-line text)",
        ),
    ],
)
def test_newline_or_tab_in_a_single_line_field_is_refused(
    tmp_path: Path, escape: str, name: str, hint: str
) -> None:
    text = edit(PACK, 'said_by = "President Nayib', f'said_by = "President{escape} Nayib')
    problem = only_problem(tmp_path, text)
    assert problem.line == 22
    assert problem.message == f"said_by of claim 1 contains {name} at character 10"
    assert problem.hint == hint


def test_newline_and_tab_are_allowed_in_multiline_text(tmp_path: Path) -> None:
    text = edit(PACK, "explanation = \"'In his words'", "explanation = \"'In his\\n\\twords'")
    pack = load_pack(write(tmp_path, text))
    assert "\n\t" in pack.claims[0].explanation


# -- sizes -----------------------------------------------------------------------------


def test_claim_text_of_500_characters_is_accepted_and_501_refused(tmp_path: Path) -> None:
    claim = 'text = "El Salvador is the safest country in Latin America."'
    load_pack(write(tmp_path, edit(PACK, claim, f'text = "{"a" * 500}"'), "ok.toml"))
    problems = problems_of(tmp_path, edit(PACK, claim, f'text = "{"a" * 501}"'))
    assert [(p.line, p.message) for p in problems] == [
        (19, "text of claim 1 has 501 characters; at most 500 are allowed")
    ]
    assert problems[0].hint == "shorten it"


def test_explanation_of_2000_characters_is_accepted_and_2001_refused(tmp_path: Path) -> None:
    old = "explanation = \"'In his words' marks the claim as Bukele's own; the article does not check it.\""
    load_pack(write(tmp_path, edit(PACK, old, f'explanation = "{"b" * 2000}"'), "ok.toml"))
    problem = only_problem(tmp_path, edit(PACK, old, f'explanation = "{"b" * 2001}"'))
    assert problem.line == 23
    assert problem.message == "explanation of claim 1 has 2001 characters; at most 2000 are allowed"


# -- format ----------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [("2", "2"), ('"1"', '"1"'), ("1.0", "1.0")])
def test_unknown_format_names_the_known_versions(tmp_path: Path, value: str, shown: str) -> None:
    # Other problems are not reported: another format's rules are unknown.
    text = edit(
        edit(PACK, "format = 1", f"format = {value}"), 'title = "Demo pack"', 'titel = "Demo pack"'
    )
    problem = only_problem(tmp_path, text)
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message == f"unknown pack format {shown}"
    assert problem.hint == "this version of ClaimSort reads format 1"


def test_missing_format_is_reported_once(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, edit(PACK, "format = 1\n", ""))
    assert problem.line == 1
    assert problem.message == 'missing "format"'
    assert problem.hint == "add `format = 1` as the first line"


# -- categories ------------------------------------------------------------------------


def test_custom_categories_replace_the_defaults(tmp_path: Path) -> None:
    text = edit(PACK, 'answer = "assertion"', 'answer = "opinion"') + TWO_CATEGORIES
    pack = load_pack(write(tmp_path, text))
    assert [c.id for c in pack.categories] == ["opinion", "news"]
    assert pack.category("opinion").key == "o"


def test_default_answer_is_unknown_with_custom_categories(tmp_path: Path) -> None:
    problem = only_problem(
        tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "opinon"') + TWO_CATEGORIES
    )
    assert problem.line == 20
    assert problem.hint == 'the categories are opinion, news; did you mean "opinion"?'


def test_one_category_is_too_few(tmp_path: Path) -> None:
    one = TWO_CATEGORIES[: TWO_CATEGORIES.index("\n[[categories]]", 2)]
    problem = only_problem(tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "opinion"') + one)
    assert problem.line == 25
    assert problem.message == "a pack with its own categories needs 2 to 6 [[categories]] tables"
    assert "remove [[categories]] to use the three default categories" in problem.hint


def test_seven_categories_are_too_many(tmp_path: Path) -> None:
    extra = "".join(
        f'\n[[categories]]\nid = "c{i}"\nlabel = "C{i}"\nkey = "{"bcdefgi"[i]}"\ndescription = "d"\n'
        for i in range(7)
    )
    problem = only_problem(tmp_path, edit(PACK, 'answer = "assertion"', 'answer = "c0"') + extra)
    assert problem.line == 25
    assert problem.message == "categories has 7 items; at most 6 are allowed"


@pytest.mark.parametrize("key", ["h", "r", "q"])
def test_reserved_category_key_is_refused(tmp_path: Path, key: str) -> None:
    text = edit(PACK, 'answer = "assertion"', 'answer = "opinion"') + edit(
        TWO_CATEGORIES, 'key = "n"', f'key = "{key}"'
    )
    problem = only_problem(tmp_path, text)
    assert problem.line == 34
    assert problem.message == f'key "{key}" is taken by the game (h hint, r read, q quit)'


def test_duplicate_category_keys_are_refused(tmp_path: Path) -> None:
    text = edit(PACK, 'answer = "assertion"', 'answer = "opinion"') + edit(
        TWO_CATEGORIES, 'key = "n"', 'key = "o"'
    )
    problem = only_problem(tmp_path, text)
    assert problem.line == 34
    assert problem.message == 'key "o" is used by two categories'


def test_category_key_must_be_one_letter(tmp_path: Path) -> None:
    text = edit(PACK, 'answer = "assertion"', 'answer = "opinion"') + edit(
        TWO_CATEGORIES, 'key = "n"', 'key = "N1"'
    )
    problem = only_problem(tmp_path, text)
    assert problem.line == 34
    assert problem.message == 'key "N1" must be one lowercase letter'


def test_category_missing_a_description_points_at_its_header(tmp_path: Path) -> None:
    text = edit(PACK, 'answer = "assertion"', 'answer = "opinion"') + edit(
        TWO_CATEGORIES, 'description = "Something that happened."\n', ""
    )
    problem = only_problem(tmp_path, text)
    assert problem.line == 31
    assert problem.message == 'category 2 is missing "description"'


# -- text_file -------------------------------------------------------------------------

ARTICLE = (
    'President Nayib Bukele said El Salvador had become, in his words, "the safest country '
    'in Latin America".\nReports of abuse at the CECOT prison have been questioned.\n'
)


def with_text_file(name: str) -> str:
    start = PACK.index("text = '''")
    end = PACK.index("'''\n", start + 10) + 4
    # text_file is on line 12; [[claims]] moves up to line 14 and quote to line 18.
    return PACK[:start] + f'text_file = "{name}"\n' + PACK[end:]


def test_text_file_inside_the_folder_is_read(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE, "articles/efe.txt")
    pack = load_pack(write(tmp_path, with_text_file("articles/efe.txt")))
    assert pack.sources[0].text == ARTICLE
    assert pack.sources[0].text_file == "articles/efe.txt"


def test_text_file_with_windows_line_endings_is_read(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE.replace("\n", "\r\n").encode(), "efe.txt")
    pack = load_pack(write(tmp_path, with_text_file("efe.txt")))
    assert pack.sources[0].text == ARTICLE


def test_text_file_changes_the_digest(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE, "efe.txt")
    first = load_pack(write(tmp_path, with_text_file("efe.txt"))).digest
    write(tmp_path, ARTICLE + "More.\n", "efe.txt")
    assert load_pack(tmp_path / "pack.toml").digest != first


def test_quote_is_checked_against_the_text_file(tmp_path: Path) -> None:
    write(tmp_path, "Nothing of the kind.\n", "efe.txt")
    problem = only_problem(tmp_path, with_text_file("efe.txt"))
    assert problem.line == 18
    assert problem.message == 'quote not found in the text of source "efe"'


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "C:\\\\Windows\\\\win.ini", "\\\\\\\\server\\\\share\\\\x.txt"]
)
def test_absolute_text_file_is_refused(tmp_path: Path, name: str) -> None:
    problem = only_problem(tmp_path, with_text_file(name))
    assert problem.line == 12
    assert "is an absolute path" in problem.message
    assert problem.hint == "put the text file in the pack's folder or a folder below it"


@pytest.mark.parametrize("name", ["../efe.txt", "sub/../../efe.txt", "..\\\\efe.txt"])
def test_text_file_leaving_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    write(tmp_path, ARTICLE, "efe.txt")
    problem = only_problem(tmp_path / "pack", with_text_file(name))
    assert problem.line == 12
    assert "leaves the pack's folder" in problem.message


def test_text_file_with_a_nul_byte_is_refused(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, with_text_file("efe\\u0000.txt"))
    assert len(problems) == 1  # reported once, and the name is never opened
    assert problems[0].line == 12
    assert "contains U+0000 (control character)" in problems[0].message


def test_symlink_pointing_out_is_refused_without_reading_it(tmp_path: Path) -> None:
    # The target is a FIFO: opening it would block this test, so passing proves
    # the loader never opened it.
    fifo = tmp_path / "outside.fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "efe.txt").symlink_to(fifo)
    problem = only_problem(folder, with_text_file("efe.txt"))
    assert problem.line == 12
    assert problem.message == 'text_file "efe.txt" points outside the pack\'s folder'


def test_symlinked_folder_pointing_out_is_refused(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE, "outside/efe.txt")
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "articles").symlink_to(tmp_path / "outside")
    problem = only_problem(folder, with_text_file("articles/efe.txt"))
    assert problem.line == 12
    assert "points outside the pack's folder" in problem.message


def test_symlink_inside_the_folder_is_followed(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE, "articles/efe.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "articles" / "efe.txt")
    pack = load_pack(write(tmp_path, with_text_file("link.txt")))
    assert pack.sources[0].text == ARTICLE


def test_text_file_that_is_a_fifo_inside_the_folder_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "efe.txt")
    problem = only_problem(tmp_path, with_text_file("efe.txt"))
    assert problem.line == 12
    assert "is not a regular file" in problem.message


_SWAPPED_FOR_A_FIFO = """
import pathlib, sys
from game.loader import PackError, load_pack

# The race made certain: the check before opening sees a regular file, and what is
# opened is the FIFO.
real_stat = pathlib.Path.stat

def stat(self, *args, **kwargs):
    if self.name == "efe.txt":
        return real_stat(self.with_name("regular.txt"), *args, **kwargs)
    return real_stat(self, *args, **kwargs)

pathlib.Path.stat = stat
try:
    load_pack(sys.argv[1])
except PackError as error:
    print(error)
"""


def test_text_file_swapped_for_a_fifo_after_its_check_is_not_waited_on(tmp_path: Path) -> None:
    # Issue 9: a text_file that became a FIFO between stat and open blocked forever.
    os.mkfifo(tmp_path / "efe.txt")
    write(tmp_path, ARTICLE, "regular.txt")
    pack = write(tmp_path, with_text_file("efe.txt"))
    result = subprocess.run(
        [sys.executable, "-c", _SWAPPED_FOR_A_FIFO, str(pack)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.stderr == ""
    assert f"{pack}:12:1: error: text_file " in result.stdout
    assert "is not a regular file" in result.stdout


def test_missing_text_file_is_reported_at_its_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, with_text_file("nope.txt"))
    assert problem.line == 12
    assert problem.message == 'text_file "nope.txt": no such file'


def test_text_file_with_a_control_character_is_reported_in_the_text_file(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE.replace("Reports of", "Reports\x1b[31m of"), "efe.txt")
    problem = only_problem(tmp_path, with_text_file("efe.txt"))
    assert problem.path == str(tmp_path / "efe.txt")
    assert (problem.line, problem.column) == (2, 8)
    assert problem.message == "contains U+001B (control character)"


def test_text_file_with_invalid_utf8_is_reported(tmp_path: Path) -> None:
    write(tmp_path, b"caf\xe9\n", "efe.txt")
    problem = only_problem(tmp_path, with_text_file("efe.txt"))
    assert problem.line == 12
    assert "invalid UTF-8" in problem.message


def test_text_and_text_file_together_are_refused(tmp_path: Path) -> None:
    write(tmp_path, ARTICLE, "efe.txt")
    problem = only_problem(
        tmp_path, edit(PACK, 'publisher = "EFE"', 'publisher = "EFE"\ntext_file = "efe.txt"')
    )
    assert problem.line == 12
    assert problem.message == 'give "text" or "text_file", not both'


@pytest.mark.parametrize(
    ("make", "message", "hint"),
    [
        (
            lambda path: path.mkdir(),
            'text_file "efe.txt": is a folder, not a text file',
            "name the text file inside it",
        ),
        (
            os.mkfifo,
            'text_file "efe.txt": is not a regular file',
            "name a UTF-8 text file with the article",
        ),
        (
            lambda path: path.write_text(" \n\n", encoding="utf-8"),
            'text_file "efe.txt": the file is empty',
            "paste the article's text into it",
        ),
    ],
    ids=["folder", "fifo", "empty"],
)
def test_text_file_problems_are_worded_for_a_text_file(
    tmp_path: Path, make: Callable[[Path], object], message: str, hint: str
) -> None:
    make(tmp_path / "efe.txt")
    problem = only_problem(tmp_path, with_text_file("efe.txt"))
    assert problem.line == 12
    assert (problem.message, problem.hint) == (message, hint)


def test_oversized_text_file_is_worded_for_a_text_file(tmp_path: Path) -> None:
    write(tmp_path, "x" * (MAX_PACK_BYTES + 1), "efe.txt")
    problem = only_problem(tmp_path, with_text_file("efe.txt"))
    assert problem.message == (
        'text_file "efe.txt": the file is 5,242,881 bytes; a text file may be at most '
        "5,242,880 bytes"
    )
    assert problem.hint == "keep only the part of the article the claims are about"


# -- several sources: one read per file, a cap on their text in all ---------------------


def sources_pack(*sources: str) -> str:
    """A pack whose sources hold these lines (`text_file = ...` or `text = ...`), one
    claim quoting each source's first word."""
    parts = ['format = 1\n\n[pack]\nid = "demo"\ntitle = "Demo"\nlanguage = "en"\n']
    for n, line in enumerate(sources, 1):
        parts.append(f'\n[[sources]]\nid = "s{n}"\ntitle = "T"\npublisher = "P"\n{line}\n')
    for n, _line in enumerate(sources, 1):
        parts.append(
            f'\n[[claims]]\nid = "c{n}"\ntext = "A claim."\nanswer = "fact"\nsource = "s{n}"\n'
            f'quote = "word"\nsaid_by = "P"\nexplanation = "Because."\n'
        )
    return "".join(parts)


def line_of(text: str, line: str, occurrence: int = 1) -> int:
    numbers = [n for n, here in enumerate(text.splitlines(), 1) if here == line]
    return numbers[occurrence - 1]


def spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file the loader reads, in order."""
    from game import packfile

    reads: list[Path] = []
    real = packfile.read_text

    def reading(shown_path: str, path: Path, kind: packfile.FileKind) -> bytes:
        reads.append(path)
        return real(shown_path, path, kind)

    monkeypatch.setattr(packfile, "read_text", reading)
    return reads


def test_a_file_named_by_several_sources_is_read_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"word " * 100 + b"\r\n"
    write(tmp_path, data, "efe.txt")
    (tmp_path / "link.txt").symlink_to(tmp_path / "efe.txt")
    names = ["efe.txt", "./efe.txt", "link.txt"]
    path = write(tmp_path, sources_pack(*(f'text_file = "{name}"' for name in names)))
    reads = spy_reads(monkeypatch)
    pack = load_pack(path)
    assert reads == [path, (tmp_path / "efe.txt").resolve()]
    assert [s.text for s in pack.sources] == ["word " * 100 + "\n"] * 3
    # The digest still covers each source's file in source order (game.packcache
    # recomputes it the same way).
    expected = hashlib.sha256(path.read_bytes() + (b"\0" + data) * 3).hexdigest()
    assert pack.digest == expected


def test_a_read_problem_is_reported_at_each_source_naming_the_file(tmp_path: Path) -> None:
    write(tmp_path, b"caf\xe9\n", "efe.txt")
    text = sources_pack('text_file = "efe.txt"', 'text_file = "efe.txt"')
    problems = problems_of(tmp_path, text)
    assert [p.line for p in problems] == [
        line_of(text, 'text_file = "efe.txt"', 1),
        line_of(text, 'text_file = "efe.txt"', 2),
    ]
    assert all("invalid UTF-8" in p.message for p in problems)


def test_the_quote_index_is_built_once_per_distinct_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game import references

    built: list[str] = []

    class CountingIndex(references.QuoteIndex):
        def __init__(self, text: str) -> None:
            built.append(text)
            super().__init__(text)

    monkeypatch.setattr(references, "QuoteIndex", CountingIndex)
    write(tmp_path, "word in a file\n", "efe.txt")
    text = sources_pack(
        'text_file = "efe.txt"',
        'text_file = "efe.txt"',
        'text = "word inline"',
        'text = "word inline"',
    )
    pack = load_pack(write(tmp_path, text))
    assert len(pack.claims) == 4
    assert sorted(built) == ["word in a file\n", "word inline"]


def test_the_sources_text_in_all_is_capped_where_it_crosses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "word " * (MAX_PACK_BYTES // 5 // 2 + 1), "big.txt")  # just over half
    write(tmp_path, "word\n", "other.txt")
    text = sources_pack('text_file = "big.txt"', 'text_file = "big.txt"', 'text_file = "other.txt"')
    reads = spy_reads(monkeypatch)
    problems = problems_of(tmp_path, text)
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.line == line_of(text, 'text_file = "big.txt"', 2)
    total = 2 * (tmp_path / "big.txt").stat().st_size
    assert problem.message == (
        f'text_file "big.txt" brings the text of this pack\'s sources to {total:,} bytes; '
        "at most 5,242,880 are allowed in all"
    )
    assert problem.hint == (
        "keep only the parts of the articles the claims are about, "
        "or split the pack into several packs"
    )
    # Past the cap, no further file is read.
    assert (tmp_path / "other.txt").resolve() not in reads


def test_inline_text_counts_towards_the_cap(tmp_path: Path) -> None:
    write(tmp_path, "word " * (MAX_PACK_BYTES // 5), "big.txt")  # the whole cap
    text = sources_pack('text_file = "big.txt"', 'text = "word and more"')
    problem = only_problem(tmp_path, text)
    assert problem.line == line_of(text, 'text = "word and more"')
    assert problem.message.startswith(
        f"text of source 2 brings the text of this pack's sources to {MAX_PACK_BYTES + 13:,} bytes"
    )


def test_sources_of_exactly_the_cap_in_all_load(tmp_path: Path) -> None:
    half = MAX_PACK_BYTES // 2
    write(tmp_path, "word " + "x" * (half - 6) + "\n", "a.txt")
    write(tmp_path, "word " + "y" * (MAX_PACK_BYTES - half - 6) + "\n", "b.txt")
    pack = load_pack(write(tmp_path, sources_pack('text_file = "a.txt"', 'text_file = "b.txt"')))
    assert sum(len(s.text or "") for s in pack.sources) == MAX_PACK_BYTES


# -- every problem at once -------------------------------------------------------------


def test_every_problem_is_reported_in_one_run_sorted_by_line(tmp_path: Path) -> None:
    text = PACK + SECOND_CLAIM
    text = edit(text, 'language = "en"', 'langage = "en"')  # 6: unknown key (+ 3: missing)
    text = edit(text, 'answer = "assertion"', 'answer = "assertoin"')  # 20
    text = edit(text, 'said_by = "President Nayib Bukele, quoted by EFE"', "said_by = 1")  # 22
    text = edit(text, 'id = "abuse"', 'id = "safest"')  # 26
    text = edit(
        text, 'Reports of abuse at the CECOT prison have been questioned"', 'Reports of torture"'
    )  # 29
    problems = problems_of(tmp_path, text)
    assert [p.line for p in problems] == [3, 6, 20, 22, 26, 29]
    assert [p.message for p in problems] == [
        '[pack] is missing "language"',
        'unknown key "langage"',
        'answer "assertoin" is not a category of this pack',
        "said_by of claim 1 must be text in quotes, not a number",
        'claim id "safest" is used twice',
        'quote not found in the text of source "efe"',
    ]
    assert problems[1].hint == 'did you mean "language"?'
