"""Whatever a pack file holds, load_pack returns a Pack or raises PackError, nothing else,
and its messages are printable: no control characters, no tracebacks."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from pathlib import Path
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.loader import PackError, load_pack
from game.pack import Pack

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Control characters (other than none: a message is one line), bidi and invisible marks.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")

_FOLDER = Path(tempfile.mkdtemp(prefix="claimsort-fuzz-"))
(_FOLDER / "article.txt").write_text("The article's text, in a file.\n", encoding="utf-8")


def check_outcome(data: bytes) -> None:
    path = _FOLDER / "pack.toml"
    path.write_bytes(data)
    try:
        result = load_pack(path)
    except PackError as error:
        assert error.problems, "a PackError must carry at least one problem"
        for problem in error.problems:
            for text in (problem.message, problem.hint, str(problem.line), str(problem.column)):
                assert not _UNPRINTABLE.search(text), repr(problem)
                assert "Traceback" not in text
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message
    else:
        assert isinstance(result, Pack)


# -- arbitrary bytes -------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    check_outcome(data)


@SETTINGS
@given(st.text(max_size=500))
def test_arbitrary_text(text: str) -> None:
    check_outcome(text.encode("utf-8", errors="surrogatepass"))


# -- documents shaped like packs, then mutated -----------------------------------------

_WORDS = st.sampled_from(
    [
        "fact",
        "assertion",
        "disputed",
        "efe",
        "the",
        "safest",
        "country",
        "said",
        "“quoted”",
        "—",
        "[/]",
        "\x1b[31m",
        "\u202e",
        "\u200b",
        "\x85",
        "\t",
        "\n",
        "\\",
        '"',
        "'''",
        "a" * 600,
    ]
)
_TEXT = st.one_of(
    st.lists(_WORDS, max_size=8).map(" ".join),
    st.text(max_size=40),
)
_ID = st.one_of(st.sampled_from(["efe", "ap", "c1", "c2", "fact", "opinion"]), st.text(max_size=10))
_SCALAR = st.one_of(
    _TEXT,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True),
    st.booleans(),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.datetimes(),
)
_KEYS = st.sampled_from(
    [
        "id",
        "title",
        "text",
        "text_file",
        "quote",
        "answer",
        "source",
        "said_by",
        "explanation",
        "difficulty",
        "tags",
        "key",
        "label",
        "titel",
        "ID",
        "a.b",
        "",
        "\x07",
    ]
)


@st.composite
def pack_documents(draw: st.DrawFn) -> dict[str, Any]:
    # Half the documents start as a valid pack, so that the mutations below land near
    # validity; the other half fill every field with wild values.
    clean = draw(st.booleans())

    def pick(good: Any, wild: st.SearchStrategy[Any]) -> Any:
        return good if clean else draw(wild)

    sources = [
        {
            "id": pick(f"s{n}", _ID),
            "title": pick("Bukele at the White House", _TEXT),
            "publisher": "EFE",
            **draw(
                st.sampled_from(
                    [
                        {"text": "The safest country in Latin America, said Bukele."},
                        {"text_file": "article.txt"},
                        {"text_file": draw(st.sampled_from(["../x", "/etc/passwd", "nope.txt"]))},
                        {},
                    ]
                )
            ),
        }
        for n in range(pick(1, st.integers(0, 3)))
    ]
    claims = [
        {
            "id": pick(f"c{n}", _ID),
            "text": pick("A claim.", _TEXT),
            "answer": pick("fact", _ID),
            "quote": pick("the safest country", st.one_of(_TEXT, st.just("the safest country"))),
            "said_by": pick("EFE", _TEXT),
            "explanation": pick("Because.", _TEXT),
            **({"source": pick("s0", _ID)} if draw(st.booleans()) else {}),
            **({"difficulty": pick(2, st.integers(-2, 5))} if draw(st.booleans()) else {}),
            **(
                {"tags": pick(["numbers"], st.lists(_ID, max_size=3))}
                if draw(st.booleans())
                else {}
            ),
        }
        for n in range(pick(2, st.integers(0, 3)))
    ]
    document: dict[str, Any] = {
        "format": pick(1, st.sampled_from([1, 1, 1, 2, "1"])),
        "pack": {"id": pick("p", _ID), "title": pick("T", _TEXT), "language": "en"},
        "sources": sources,
        "claims": claims,
    }
    if not clean and draw(st.booleans()):
        document["categories"] = [
            {
                "id": draw(_ID),
                "label": draw(_TEXT),
                "key": draw(st.text(max_size=2)),
                "description": draw(_TEXT),
            }
            for _ in range(draw(st.integers(0, 7)))
        ]
    # Random mutations: drop, replace or add keys anywhere in the document.
    tables = [document, document["pack"], *sources, *claims, *document.get("categories", [])]
    for _ in range(draw(st.integers(0, 4))):
        table = draw(st.sampled_from(tables))
        action = draw(st.sampled_from(["drop", "replace", "add", "nest"]))
        if action == "drop" and table:
            table.pop(draw(st.sampled_from(sorted(table))))
        elif action == "replace" and table:
            table[draw(st.sampled_from(sorted(table)))] = draw(_SCALAR)
        elif action == "add":
            table[draw(_KEYS)] = draw(_SCALAR)
        elif action == "nest":
            table[draw(_KEYS)] = {"deep": [draw(_SCALAR)]}
    return document


def _key(name: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        return name
    return _string(name)


def _string(value: str) -> str:
    out = []
    for char in value:
        if char in '"\\' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = repr(value)
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(text, text)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def to_toml(document: dict[str, Any], style: str) -> str:
    """Write a document as TOML: with [table] and [[array]] headers, or all inline."""
    if style == "inline":
        return "".join(f"{_key(k)} = {_value(v)}\n" for k, v in document.items())
    lines = []
    tables = []
    for key, value in document.items():
        if isinstance(value, dict):
            tables.append((key, value, False))
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            tables.append((key, value, True))
        else:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, value, is_array in tables:
        for table in value if is_array else [value]:
            lines.append("")
            lines.append(f"[[{_key(key)}]]" if is_array else f"[{_key(key)}]")
            lines.extend(f"{_key(k)} = {_value(v)}  # comment" for k, v in table.items())
    return "\n".join(lines) + "\n"


@SETTINGS
@given(pack_documents(), st.sampled_from(["tables", "inline"]))
def test_pack_shaped_documents(document: dict[str, Any], style: str) -> None:
    text = to_toml(document, style)
    tomli.loads(text)  # the generator writes valid TOML; the loader sees the mutations
    check_outcome(text.encode("utf-8"))


@SETTINGS
@given(pack_documents(), st.data())
def test_pack_shaped_documents_with_byte_damage(
    document: dict[str, Any], data: st.DataObject
) -> None:
    raw = bytearray(to_toml(document, "tables").encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        if not raw:
            break
        at = data.draw(st.integers(0, len(raw) - 1))
        action = data.draw(st.sampled_from(["flip", "delete", "insert"]))
        if action == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif action == "delete":
            del raw[at]
        else:
            raw[at:at] = data.draw(
                st.sampled_from([b"[", b"]", b'"', b"'''", b"=", b"\n", b"\xff"])
            )
    check_outcome(bytes(raw))


def test_a_known_good_document_from_the_generator_loads() -> None:
    # Guards the generator itself: an unmutated, well-formed document is a valid pack.
    document = {
        "format": 1,
        "pack": {"id": "p", "title": "T", "language": "en"},
        "sources": [{"id": "efe", "title": "S", "publisher": "EFE", "text_file": "article.txt"}],
        "claims": [
            {
                "id": "c1",
                "text": "t",
                "answer": "fact",
                "quote": "article’s text, in a",
                "said_by": "x",
                "explanation": "e",
            }
        ],
    }
    for style in ("tables", "inline"):
        path = _FOLDER / f"good-{style}.toml"
        path.write_text(to_toml(document, style), encoding="utf-8")
        assert load_pack(path).claims[0].id == "c1"
