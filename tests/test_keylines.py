"""key_positions: one scan of the TOML text maps key paths to (line, column)."""

from __future__ import annotations

import tomli

from game.keylines import key_positions, locate


def test_tables_keys_and_array_of_tables() -> None:
    text = (
        "format = 1\n"  # 1
        "\n"
        "[pack]\n"  # 3
        'id = "x"\n'  # 4
        "  title = 'T'   # comment\n"  # 5
        "\n"
        "[[claims]]\n"  # 7
        'id = "a"\n'  # 8
        "[[claims]]\n"  # 9
        'id = "b"\n'  # 10
        'quote = "q"\n'  # 11
    )
    positions = key_positions(text)
    assert positions[("format",)] == (1, 1)
    assert positions[("pack",)] == (3, 1)
    assert positions[("pack", "id")] == (4, 1)
    assert positions[("pack", "title")] == (5, 3)
    assert positions[("claims",)] == (7, 1)
    assert positions[("claims", 0)] == (7, 1)
    assert positions[("claims", 0, "id")] == (8, 1)
    assert positions[("claims", 1)] == (9, 1)
    assert positions[("claims", 1, "id")] == (10, 1)
    assert positions[("claims", 1, "quote")] == (11, 1)


def test_multiline_strings_are_skipped_and_their_lines_counted() -> None:
    text = (
        "[[sources]]\n"  # 1
        "text = '''\n"  # 2
        "id = 'not a key'\n"
        "[[claims]]\n"
        "'''\n"  # 5
        'other = """\n'  # 6
        'a \\""" still inside\n'
        'title = "no"\n'
        '"""""\n'  # 9: two quotes of content, then the closing three
        "url = 'u'\n"  # 10
        "[[claims]]\n"  # 11
        "id = 'c'\n"  # 12
    )
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("sources", 0, "text")] == (2, 1)
    assert positions[("sources", 0, "other")] == (6, 1)
    assert positions[("sources", 0, "url")] == (10, 1)
    assert ("sources", 0, "id") not in positions
    assert ("sources", 0, "title") not in positions
    assert positions[("claims", 0)] == (11, 1)
    assert ("claims", 1) not in positions
    assert positions[("claims", 0, "id")] == (12, 1)


def test_strings_with_hashes_brackets_and_escaped_quotes() -> None:
    text = 'a = "x # [not] \\" ]] y"\nb = \'c:\\\\path\'\nc = "\\\\"\nd = 1\n'
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("b",)] == (2, 1)
    assert positions[("c",)] == (3, 1)
    assert positions[("d",)] == (4, 1)


def test_arrays_and_inline_tables() -> None:
    text = (
        "tags = [\n"  # 1
        '  "a",  # first\n'  # 2
        '  "b",\n'  # 3
        "]\n"
        'pack = { id = "p", title = "T" }\n'  # 5
        "claims = [\n"  # 6
        '  { id = "c1" },\n'  # 7
        '  { id = "c2", tags = ["x", "y"] },\n'  # 8
        "]\n"
        "after = 2025-04-17\n"  # 10
    )
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("tags", 0)] == (2, 3)
    assert positions[("tags", 1)] == (3, 3)
    assert positions[("pack", "id")] == (5, 10)
    assert positions[("pack", "title")] == (5, 20)
    assert positions[("claims", 0)] == (7, 3)
    assert positions[("claims", 0, "id")] == (7, 5)
    assert positions[("claims", 1, "id")] == (8, 5)
    assert positions[("claims", 1, "tags", 1)] == (8, 29)
    assert positions[("after",)] == (10, 1)


def test_dotted_and_quoted_keys() -> None:
    text = '[pack]\nsub.key = 1\n"quoted key" = 2\n"esc\\u0061ped" = 3\n[ "a" . b ]\nc = 4\n'
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("pack", "sub")] == (2, 1)
    assert positions[("pack", "sub", "key")] == (2, 5)
    assert positions[("pack", "quoted key")] == (3, 1)
    assert positions[("pack", "escaped")] == (4, 1)
    assert positions[("a", "b")] == (5, 1)
    assert positions[("a", "b", "c")] == (6, 1)


def test_subtable_of_an_array_table_enters_its_latest_element() -> None:
    text = "[[claims]]\nid = 1\n[[claims]]\nid = 2\n[claims.extra]\nx = 1\n"
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("claims", 1, "extra")] == (5, 1)
    assert positions[("claims", 1, "extra", "x")] == (6, 1)


def test_every_name_of_a_dotted_header_is_recorded() -> None:
    # Issue 9: only the last name was, so a problem with the first was placed at 1:1.
    text = "format = 1\n[pack]\nid = 1\n\n[translations.es]\ntitle = 1\n[pack.meta.extra]\n"
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("translations",)] == (5, 2)
    assert positions[("translations", "es")] == (5, 1)
    assert positions[("pack",)] == (2, 1)  # the first mention stands
    assert positions[("pack", "meta")] == (7, 7)
    assert positions[("pack", "meta", "extra")] == (7, 1)


def test_the_names_of_an_array_table_header_are_recorded() -> None:
    text = "[[claims]]\nid = 1\n[[claims.notes.more]]\nx = 1\n"
    tomli.loads(text)
    positions = key_positions(text)
    assert positions[("claims", 0, "notes")] == (3, 10)
    assert positions[("claims", 0, "notes", "more")] == (3, 1)
    assert positions[("claims", 0, "notes", "more", 0, "x")] == (4, 1)


def test_deep_nesting_is_scanned_without_recursion() -> None:
    # tomli refuses such text, but the scan itself must never exhaust the stack.
    # (Three times Python's default recursion limit; deeper key paths get long.)
    levels = 3000
    text = f"x = {'[' * levels}{']' * levels}\ny = {'{a = ' * levels}1{'}' * levels}\nz = 1\n"
    positions = key_positions(text)
    assert positions[("x", *[0] * (levels - 1))] == (1, 5 + levels - 1)
    assert positions[("y", *["a"] * levels)] == (2, 5 + 5 * (levels - 1) + 1)
    assert positions[("z",)] == (3, 1)


def test_crlf_line_endings() -> None:
    text = "format = 1\r\n[pack]\r\nid = 'x'\r\n"
    assert key_positions(text)[("pack", "id")] == (3, 1)


def test_columns_count_characters_not_bytes() -> None:
    text = 'a = "é"\nb = { "ñ" = 1, c = 2 }\n'
    tomli.loads(text)
    assert key_positions(text)[("b", "c")] == (2, 16)


def test_locate_falls_back_to_the_nearest_enclosing_key() -> None:
    positions = {("claims",): (7, 1), ("claims", 0): (7, 1), ("claims", 1): (12, 1)}
    assert locate(positions, ("claims", 1, "said_by")) == (12, 1)
    assert locate(positions, ("claims", 0, "tags", 3)) == (7, 1)
    assert locate(positions, ("pack", "title")) == (1, 1)
    assert locate(positions, ()) == (1, 1)


def test_scan_is_linear_in_shape_on_a_large_document() -> None:
    # Not a timing test: a large document with many tables maps every one of them.
    text = "".join(f'[[claims]]\nid = "c{i}"\ntext = """\nline\n"""\n' for i in range(2000))
    positions = key_positions(text)
    assert positions[("claims", 1999, "id")] == (5 * 1999 + 2, 1)
    assert positions[("claims", 1999, "text")] == (5 * 1999 + 3, 1)
