"""`game.draft` is pure logic: it imports neither Textual nor Rich, nor the validator's
pydantic (drafting an article needs no pack model), checked in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(
    f"game.draft.{p.stem}" for p in (ROOT / "game" / "draft").glob("*.py") if p.stem != "__init__"
)


def test_the_drafter_imports_no_ui_and_no_validator() -> None:
    assert {"game.draft.rules", "game.draft.speakers", "game.draft.writer"} <= set(MODULES)
    code = (
        "import json, sys\n"
        + "".join(f"import {name}\n" for name in ["game.draft", *MODULES])
        + "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'pydantic'})\n"
        + "print(json.dumps(heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []
