"""The JSON Schema of the pack format, for editors that complete and check TOML."""

from __future__ import annotations

from typing import Any

from game.format import PackDocument

# Draft-07 with `definitions`, not 2020-12 with `$defs`: TOML language servers and
# editors lag behind the newest drafts, and nothing here needs a newer keyword.
SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def pack_schema() -> dict[str, Any]:
    """JSON Schema of pack format 1, generated from the models with their descriptions."""
    schema = PackDocument.model_json_schema(mode="validation", ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "claimsort-pack-format-1.schema.json",
        **schema,
        "description": (
            "A ClaimSort question pack, format 1: claims from a news article, each sorted "
            "into a category and explained with its source. Check a pack with `claimsort check`."
        ),
        "definitions": definitions,
    }
