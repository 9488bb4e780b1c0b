"""Every string field of the pack format goes through the unsafe-character check, the
url included (issue 9: `^https?://\\S+$` let an OSC 52 clipboard write through). The
fields are read from the models, so a field added later is tested too."""

from __future__ import annotations

import copy
import types
import typing
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from game.format import Category, Claim, PackDocument, PackInfo, Source

DOCUMENT: dict[str, Any] = {
    "format": 1,
    "pack": {"id": "tiny", "title": "Tiny pack", "language": "en"},
    "sources": [{"id": "s", "title": "A headline", "publisher": "A paper", "text": "Text."}],
    "claims": [
        {
            "id": "c",
            "text": "A claim.",
            "answer": "fact",
            "quote": "Text",
            "said_by": "The paper",
            "explanation": "Because.",
        }
    ],
    "categories": [
        {"id": "fact", "label": "Fact", "key": "f", "description": "Facts."},
        {"id": "other", "label": "Other", "key": "o", "description": "Others."},
    ],
}
TABLES: dict[type[BaseModel], tuple[str | int, ...]] = {
    PackInfo: ("pack",),
    Source: ("sources", 0),
    Claim: ("claims", 0),
    Category: ("categories", 0),
}


def _leaves(annotation: object, in_list: bool = False) -> set[tuple[bool, object]]:
    """The plain types an annotation is made of (str, int, a model...), each with
    whether it stands inside a list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _leaves(typing.get_args(annotation)[0], in_list)
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_leaves(arg, in_list) for arg in typing.get_args(annotation)))
    if origin is list:
        return _leaves(typing.get_args(annotation)[0], True)
    return {(in_list, annotation)}


def string_fields() -> list[tuple[tuple[str | int, ...], bool]]:
    """Each string field's place in a document, and whether it holds a list of strings."""
    return [
        ((*table, name), in_list)
        for model, table in TABLES.items()
        for name, field in model.model_fields.items()
        for in_list, kind in _leaves(field.annotation)
        if kind is str
    ]


def test_every_table_is_covered() -> None:
    # A table added later would otherwise go untested.
    models = {
        kind
        for field in PackDocument.model_fields.values()
        for _in_list, kind in _leaves(field.annotation)
        if isinstance(kind, type) and issubclass(kind, BaseModel)
    }
    assert models == set(TABLES)
    assert (("sources", 0, "url"), False) in string_fields()
    assert (("claims", 0, "tags"), True) in string_fields()


@pytest.mark.parametrize(
    ("where", "is_list"),
    string_fields(),
    ids=[".".join(map(str, where)) for where, _in_list in string_fields()],
)
@pytest.mark.parametrize(
    "value",
    ["https://example.org/x\x1b]52;c;cHduZWQ=\x07", "fact\u2028", "f\U000e0041"],
    ids=["osc52", "line-separator", "tag"],
)
def test_every_string_field_refuses_unsafe_characters(
    where: tuple[str | int, ...], is_list: bool, value: str
) -> None:
    document = copy.deepcopy(DOCUMENT)
    table: Any = document
    for key in where[:-1]:
        table = table[key]
    table[where[-1]] = [value] if is_list else value
    with pytest.raises(ValidationError) as refused:
        PackDocument.model_validate(document)
    place = (*where, 0) if is_list else where
    assert [(e["type"], e["loc"]) for e in refused.value.errors()] == [("unsafe_character", place)]


def test_the_document_without_them_is_valid() -> None:
    PackDocument.model_validate(DOCUMENT)
