"""`claimsort schema`: an editor-ready JSON Schema that agrees with the real checker."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli

from game.paths import builtin_packs_dir
from game.starter import STARTER_PACK


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "schema"], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _as_json(document: dict[str, Any]) -> dict[str, Any]:
    # Editors hand TOML dates to the schema as strings.
    return json.loads(json.dumps(document, default=str))


def test_schema_is_a_valid_draft7_schema_with_descriptions(schema: dict[str, Any]) -> None:
    jsonschema.Draft7Validator.check_schema(schema)
    claim = schema["definitions"]["Claim"]
    assert claim["additionalProperties"] is False
    assert "must occur in the source text" in claim["properties"]["quote"]["description"]
    assert set(claim["required"]) == {"id", "text", "answer", "quote", "said_by", "explanation"}


@pytest.mark.parametrize("pack", sorted(builtin_packs_dir().glob("*.toml")), ids=lambda p: p.stem)
def test_builtin_packs_satisfy_the_schema(schema: dict[str, Any], pack: Path) -> None:
    document = tomli.loads(pack.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(_as_json(document))


def test_starter_pack_satisfies_the_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft7Validator(schema).validate(_as_json(tomli.loads(STARTER_PACK)))


def test_schema_flags_a_misspelt_key_like_the_checker(schema: dict[str, Any]) -> None:
    document = _as_json(tomli.loads(STARTER_PACK))
    document["claims"][0]["qoute"] = "x"
    errors = [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(document)]
    assert any("'qoute' was unexpected" in message for message in errors)
