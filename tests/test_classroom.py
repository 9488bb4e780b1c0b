"""Class mode's rules (`game.classroom`): codes, class labels, sizes and who may join."""

from __future__ import annotations

from datetime import date

import pytest

from game.classroom import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_COLUMNS,
    MAX_ROWS,
    JoinRefusedError,
    Roster,
    WrongCodes,
    check_class_code,
    check_class_name,
    clamp_size,
    code_matches,
    default_class_name,
    new_class_code,
)


def test_a_random_code_has_no_look_alike_characters() -> None:
    codes = {new_class_code() for _ in range(200)}
    assert len(codes) > 190  # random, not one fixed code
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL")


def test_a_code_is_matched_as_a_student_types_it() -> None:
    assert code_matches("ABC234", "abc-234")
    assert code_matches("ABC234", " abc 234 ")
    assert not code_matches("ABC234", "ABC235")
    assert not code_matches("ABC234", "")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "cannot be empty"),
        ("ab$", "letters A-Z and digits 2-9"),
        ("a" * 33, "at most 32"),
        ("AB2", "at least 4"),
        ("COOL", "without I, L and O"),
    ],
)
def test_a_bad_code_is_refused(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_class_code(code)


def test_class_labels() -> None:
    assert default_class_name(date(2025, 4, 17)) == "2025-04-17"
    assert check_class_name("  9B history ") == "9B history"
    for bad, message in [("", "empty"), ("=1+1", "cannot start"), ("9B\x1b[2J", "control")]:
        with pytest.raises(ValueError, match=message):
            check_class_name(bad)


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        ("120", "40", (120, 40)),
        ("99999999999999999999", "9" * 5000, (MAX_COLUMNS, MAX_ROWS)),
        ("-5", "abc", (80, 24)),
        (0, 1, (10, 4)),
        (None, None, (80, 24)),
        (True, 3.7e300, (80, MAX_ROWS)),
        (float("nan"), float("inf"), (80, 24)),
    ],
)
def test_a_terminal_size_is_clamped(width: object, height: object, size: tuple[int, int]) -> None:
    assert clamp_size(width, height) == size


def test_the_roster_admits_refuses_and_frees_names() -> None:
    roster = Roster(capacity=2)
    assert roster.admit(" Ana ", "ABC234", "abc234") == "Ana"
    with pytest.raises(JoinRefusedError, match="already playing") as refused:
        roster.admit("ANA", "ABC234", "ABC234")
    assert "family name" in refused.value.hint
    with pytest.raises(JoinRefusedError, match="not the class code"):
        roster.admit("Ben", "ABC234", "nope")
    with pytest.raises(JoinRefusedError, match="cannot start with"):
        roster.admit("@Ben", "ABC234", "ABC234")
    roster.admit("Ben", None, "")  # a class without a code
    # A join takes no place: only a game does.
    assert roster.admit("Cleo", None, "") == "Cleo"
    roster.start("Ana")
    roster.start("Ben")
    assert len(roster) == 2
    with pytest.raises(JoinRefusedError, match="The class is full") as full:
        roster.admit("Dan", None, "")
    assert "2 students are playing" in full.value.hint
    with pytest.raises(JoinRefusedError, match="The class is full"):
        roster.start("Cleo")
    roster.leave("ana")
    assert roster.admit("Cleo", None, "x") == "Cleo"  # her name was freed
    roster.start("Cleo")
    assert roster.names == ["Ben", "Cleo"]


def test_wrong_codes_stop_an_address_for_a_while() -> None:
    codes = WrongCodes(limit=3, window=60.0)
    assert codes.retry_after("10.0.0.5", 0.0) is None
    assert not codes.failed("10.0.0.5", 0.0)
    assert not codes.failed("10.0.0.5", 10.0)
    assert codes.failed("10.0.0.5", 20.0)  # the third: the teacher is told
    assert codes.retry_after("10.0.0.5", 20.0) == 40
    assert codes.retry_after("10.0.0.6", 20.0) is None  # another device is not stopped
    assert codes.retry_after("10.0.0.5", 60.5) is None  # the first has aged out


def test_look_alike_names_are_one_student_or_refused() -> None:
    roster = Roster(capacity=10)
    assert roster.admit("Aná", None, "") == "Aná"  # a precomposed á
    with pytest.raises(JoinRefusedError, match="already playing"):
        roster.admit("Ana\u0301", None, "")  # a + combining accent: the same name
    with pytest.raises(JoinRefusedError, match="ordinary letters"):
        roster.admit("\uff21n\u00e1", None, "")  # full-width A
    with pytest.raises(JoinRefusedError, match="cannot mix Latin, Greek and Cyrillic"):
        roster.admit("\u0410n\u00e1", None, "")  # Cyrillic A, Latin "ná"
    # Names in one script each, and accents that tell names apart, are welcome.
    for name in ("Ana", "Ана", "Στέλιος", "José María", "O\u2019Brien", "Ана Ivanova"):
        assert roster.admit(name, None, "") == name
