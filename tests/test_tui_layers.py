"""The app and the screens' base do not import each other: the sizes and the too-small
notice they share live in leaf modules."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported(path: Path) -> set[str]:
    """Modules a file imports when it runs (imports under `if TYPE_CHECKING:` left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            type_only |= {id(inner) for inner in ast.walk(node)}
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_app_and_the_screens_base_do_not_import_each_other() -> None:
    assert "tui.screens.base" not in imported(ROOT / "tui" / "app.py")
    assert "tui.app" not in imported(ROOT / "tui" / "screens" / "base.py")


@pytest.mark.parametrize("module", ["tui.sizes", "tui.widgets.too_small", "tui.screens.base"])
def test_the_shared_modules_load_without_the_app(module: str) -> None:
    code = (
        f"import json, sys, {module}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('tui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "tui.app" not in loaded
    if module != "tui.screens.base":
        assert not any(m.startswith("tui.screens") for m in loaded)
