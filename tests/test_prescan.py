"""check_nesting: TOML of any shape is refused exactly when a key path in it is deeper
than MAX_NESTING, whether the depth comes from headers, dotted keys, lists or inline
tables, and whatever brackets its strings and comments hold."""

from __future__ import annotations

import json
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.keylines import key_positions
from game.pack import MAX_NESTING, MAX_STATEMENTS
from game.prescan import check_nesting, check_statements
from game.problems import PackError

# Text that looks like structure, for strings, keys and comments.
_TRICKY = st.text(alphabet="ab[]{}.,=#'\"\\ \n", max_size=12)
_NAMES = st.one_of(st.sampled_from(["a", "b", "key-1", "x_y"]), _TRICKY.filter(lambda s: s))

_leaves = st.one_of(st.integers(-5, 5), st.booleans(), _TRICKY)
_values = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(_NAMES, inner, max_size=3),
    ),
    max_leaves=40,
)
_documents = st.dictionaries(_NAMES, _values, max_size=4)


def depth(value: Any, at: int = 0) -> int:
    """The longest key path in `value`: to a scalar, an empty list or an empty table."""
    if isinstance(value, dict) and value:
        return max(depth(item, at + 1) for item in value.values())
    if isinstance(value, list) and value:
        return max(depth(item, at + 1) for item in value)
    return at


def key(name: str) -> str:
    if name and all(c.isalnum() or c in "-_" for c in name) and name.isascii():
        return name
    return json.dumps(name)  # a basic string, with escapes


def string(text: str, style: int) -> str:
    if style == 1 and "'" not in text and "\n" not in text:
        return f"'{text}'"
    # (A newline right after the opening quotes is not part of a multi-line string.)
    if style == 2 and "'''" not in text and not text.endswith("'") and text[:1] != "\n":
        return f"'''{text}'''"
    return json.dumps(text)


class Writer:
    """TOML for a document, in styles chosen by `choices`: inline tables or dotted keys
    or table headers, one-line or multi-line lists with comments."""

    def __init__(self, choices: st.DataObject) -> None:
        self.draw = choices.draw
        self.lines: list[str] = []

    def inline(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return string(value, self.draw(st.integers(0, 2)))
        if isinstance(value, list):
            if self.draw(st.booleans()):
                return "[" + ", ".join(self.inline(item) for item in value) + "]"
            items = "".join(f"\n  {self.inline(item)}, # {self.draw(_TRICKY)!r}" for item in value)
            return f"[{items}\n]"
        return "{" + ", ".join(f"{key(k)} = {self.inline(v)}" for k, v in value.items()) + "}"

    def pairs(self, table: dict[str, Any], prefix: str = "") -> None:
        for name, value in table.items():
            if isinstance(value, dict) and value and self.draw(st.booleans()):
                self.pairs(value, f"{prefix}{key(name)} . ")  # dotted keys
            else:
                self.lines.append(f"{prefix}{key(name)} = {self.inline(value)}")

    def document(self, document: dict[str, Any]) -> str:
        tables = {}
        for name, value in document.items():
            of_tables = isinstance(value, dict) or (
                isinstance(value, list)
                and bool(value)
                and all(isinstance(item, dict) for item in value)
            )
            if of_tables and self.draw(st.booleans()):
                tables[name] = value
            else:
                self.pairs({name: value})
        for name, value in tables.items():
            if isinstance(value, dict):
                self.lines.append(f"[{key(name)}]")
                self.pairs(value)
            else:
                for item in value:
                    self.lines.append(f"  [[ {key(name)} ]]  # {self.draw(_TRICKY)!r}")
                    self.pairs(item)
        return "\n".join(self.lines) + "\n"


def refused(text: str) -> bool:
    try:
        check_nesting("pack.toml", text)
    except PackError as error:
        assert len(error.problems) == 1
        return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents, st.data())
def test_refused_exactly_when_a_key_path_is_too_deep(
    document: dict[str, Any], choices: st.DataObject
) -> None:
    # Wrapped in a random mix of lists and tables to land near the limit.
    target = choices.draw(st.integers(MAX_NESTING - 2, MAX_NESTING + 2))
    levels = max(0, target - 1 - depth(document))
    wrapped: Any = document
    for is_list in choices.draw(st.lists(st.booleans(), min_size=levels, max_size=levels)):
        wrapped = [wrapped] if is_list else {"w": wrapped}
    document = {"top": wrapped}
    text = Writer(choices).document(document)
    assert tomli.loads(text) == document  # the writer wrote what it meant
    assert refused(text) == (depth(document) > MAX_NESTING), text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents, st.data())
def test_the_key_position_scan_maps_every_key_of_any_shape(
    document: dict[str, Any], choices: st.DataObject
) -> None:
    text = Writer(choices).document(document)
    positions = key_positions(text)

    def paths(value: Any, at: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
        found = [at] if at else []
        if isinstance(value, dict):
            for name, item in value.items():
                found += paths(item, (*at, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                found += paths(item, (*at, index))
        return found

    for path in paths(document, ()):
        assert path in positions, (path, text)


@pytest.mark.parametrize("levels", [MAX_NESTING, MAX_NESTING + 1])
@pytest.mark.parametrize(
    "shape",
    [
        lambda n: "x = " + "[" * (n - 1) + "1" + "]" * (n - 1),
        lambda n: "x = " + "{a = " * (n - 1) + "1" + "}" * (n - 1),
        lambda n: ".".join(["k"] * n) + " = 1",
        lambda n: "[" + ".".join(["t"] * n) + "]",
        lambda n: "[[" + ".".join(["t"] * (n - 1)) + "]]",
        lambda n: "[" + ".".join(["t"] * (n - 2)) + "]\nk = [1]",
        lambda n: (
            "[a]\nk = [\n  # [[[[\n  '[', \"]\", [" + "[" * (n - 4) + "1" + "]" * (n - 3) + "\n]"
        ),
    ],
    ids=["lists", "tables", "dotted", "header", "array-header", "header-and-list", "multiline"],
)
def test_each_kind_of_depth_is_refused_one_past_the_limit(shape: Any, levels: int) -> None:
    text = shape(levels) + "\n"
    tomli.loads(text)
    assert refused(text) == (levels > MAX_NESTING)


def test_broken_toml_does_not_break_the_scan() -> None:
    for text in ["x = [1, {a = ", "x = {", 'x = """', "[a.", "x = [[1] 2]", "= = [", "{{{"]:
        assert not refused(text)
    assert refused("x = " + "[" * 100)


# -- the cap on keys and table headers ------------------------------------------------------


def _refused_at(text: str) -> tuple[int, int, str]:
    with pytest.raises(PackError) as error:
        check_statements("dense.toml", text)
    [problem] = error.value.problems
    return problem.line, problem.column, problem.message


def test_a_file_of_nothing_but_headers_is_refused_at_the_first_past_the_limit() -> None:
    text = "format = 1\n" + "".join(f"[t{n}]\n" for n in range(MAX_STATEMENTS))
    line, column, message = _refused_at(text)
    assert (line, column) == (MAX_STATEMENTS + 1, 1)
    assert message == (
        "the pack has more than 88,000 keys and table headers; this is the first past the limit"
    )


def test_keys_count_wherever_they_are_indented() -> None:
    text = "".join(f"  k{n} = 1\n" for n in range(MAX_STATEMENTS)) + '\t"last" = 2\n'
    assert _refused_at(text)[:2] == (MAX_STATEMENTS + 1, 2)


def test_exactly_the_limit_passes() -> None:
    check_statements("ok.toml", "".join(f"k{n} = 1\n" for n in range(MAX_STATEMENTS)))


def test_lines_inside_strings_and_comments_are_not_statements() -> None:
    # An inline article of many lines that look like keys, and "=" in every string.
    article = "".join(f"x{n} = y\n[not a table]\n" for n in range(MAX_STATEMENTS))
    text = (
        f'format = 1\n[pack]\nid = "a=b"\ntext = """\n{article}"""\n'
        f"note = '''\n{article}'''\n# k = 1 [t]\n"
    )
    check_statements("article.toml", text)
