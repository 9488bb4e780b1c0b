"""`claimsort schema`: print the JSON Schema of the pack format, for editors."""

from __future__ import annotations

import argparse
import sys

from cli.exits import EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the pack format (`args` has nothing for it)."""
    import json

    from game.schema import pack_schema  # builds the pydantic models: only when asked

    json.dump(pack_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return EXIT_OK
