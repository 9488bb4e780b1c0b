"""Import hygiene: `game` never pulls in Textual or Rich, and neither do the author commands.
`game` never imports the command line (`cli`) or the app (`tui`), and the app never
imports the command line.

Checked in a fresh interpreter, where `sys.modules` shows what was really imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GAME_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "game").rglob("*.py")
)
CLI_MODULES = sorted(
    "cli" if path.name == "__init__.py" else f"cli.{path.stem}"
    for path in (ROOT / "cli").glob("*.py")
    if path.name != "__main__.py"  # importing it runs the command
)
TUI_MODULES = sorted(
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "tui").rglob("*.py")
)
FORBIDDEN = ("textual", "rich")
MARKER = "IMPORTED-UI-MODULES:"

_REPORT = f"""
import json, sys
ui = sorted(m for m in sys.modules if m.split(".")[0] in {FORBIDDEN!r})
print({MARKER!r} + json.dumps(ui), file=sys.stderr)
"""


def _run(code: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith(MARKER)]
    assert lines, result.stderr
    return result, json.loads(lines[-1].removeprefix(MARKER))


def test_the_glob_finds_the_game_modules() -> None:
    assert {
        "game",
        "game.pack",
        "game.loader",
        "game.catalog",
        "game.keylines",
        "game.progress",
        "game.progress.store",
    } <= set(GAME_MODULES)


def test_importing_every_game_module_pulls_in_neither_textual_nor_rich() -> None:
    imports = "".join(f"import {name}\n" for name in GAME_MODULES)
    result, ui = _run(imports + _REPORT, ROOT)
    assert result.returncode == 0, result.stderr
    assert ui == []


_LOADED = """
print("LOADED-MODULES:" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _loaded(code: str) -> set[str]:
    """Every module in `sys.modules` after `code` ran in a fresh interpreter."""
    result, _ui = _run("import json, sys\n" + code + _LOADED + _REPORT, ROOT)
    assert result.returncode == 0, result.stderr
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("LOADED-MODULES:")]
    return set(json.loads(line.removeprefix("LOADED-MODULES:")))


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_the_globs_find_the_cli_and_tui_modules() -> None:
    assert {"cli", "cli.main", "cli.check", "cli.play", "cli.exits"} <= set(CLI_MODULES)
    assert {"tui", "tui.app", "tui.screens.stats", "tui.widgets.keybar"} <= set(TUI_MODULES)


def test_game_imports_neither_the_command_line_nor_the_app() -> None:
    loaded = _loaded("".join(f"import {name}\n" for name in GAME_MODULES))
    assert not _roots(loaded) & {"cli", "tui"}


def test_the_app_does_not_import_the_command_line() -> None:
    loaded = _loaded("".join(f"import {name}\n" for name in TUI_MODULES))
    assert "tui.app" in loaded
    assert "cli" not in _roots(loaded)


LIGHT_GAME_MODULES = {
    "game",
    "game.version",
    "game.i18n",
    "game.paths",
    "game.text",
    "game.starter",
    "game.classroom",
    "game.players",
}
"""The game modules the parser may pull in. It imports every command's module, so those
import anything heavier (packs, the store, the validator, the app) in their handler."""


def test_importing_the_whole_command_line_is_light() -> None:
    loaded = _loaded("".join(f"import {name}\n" for name in CLI_MODULES))
    assert set(CLI_MODULES) <= loaded
    assert not _roots(loaded) & {"textual", "rich", "pydantic", "sqlite3", "tui"}
    assert {m for m in loaded if m.split(".")[0] == "game"} <= LIGHT_GAME_MODULES
    # The version is read from the package metadata without importlib.metadata (slow).
    assert "importlib.metadata" not in loaded


_HEAVY = """
heavy = sorted(
    {m.split(".")[0] for m in sys.modules}
    & {"textual", "rich", "pydantic", "aiohttp", "textual_serve", "webserve", "segno"}
)
print("HEAVY-MODULES:" + json.dumps(heavy), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (["check", "{pack}"], {"pydantic"}),
        (["check", "--format", "json", "{pack}"], {"pydantic"}),
        (["--help"], set()),
        (["--version"], set()),
        (["new", "{tmp}/mine.toml"], set()),
        (["schema"], {"pydantic"}),
        (["stats"], {"pydantic"}),  # built-in packs not yet cached are checked
        (["export"], set()),
        (["draft", "{article}", "-o", "{tmp}/draft.toml"], set()),
    ],
    ids=["check", "check-json", "help", "version", "new", "schema", "stats", "export", "draft"],
)
def test_commands_that_open_no_app_do_not_import_textual(
    argv: list[str], allowed: set[str], tmp_path: Path
) -> None:
    """No command but play imports Textual, and none but serve the web server
    (aiohttp, textual-serve); `new`, `export`, `--help` and `--version` do not build the
    validator (pydantic) either."""
    pack = ROOT / "questions" / "bukele-white-house.toml"
    article = ROOT / "tests" / "draft_eval" / "01-harbour-bridge.txt"
    args = [
        arg.replace("{pack}", str(pack))
        .replace("{tmp}", str(tmp_path))
        .replace("{article}", str(article))
        for arg in argv
    ]
    code = (
        "import json, os, sys\n"
        f"os.environ['CLAIMSORT_HOME'] = {str(tmp_path / 'home')!r}\n"
        "from cli.main import main\n"
        "try:\n"
        f"    status = main({args!r})\n"
        "except SystemExit as exit_:\n"
        "    status = exit_.code\n" + _HEAVY + _REPORT + "sys.exit(status)\n"
    )
    result, ui = _run(code, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert ui == []
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("HEAVY-MODULES:")]
    assert set(json.loads(line.removeprefix("HEAVY-MODULES:"))) <= allowed
    if argv[0] == "check" and "json" not in argv:
        assert result.stdout.strip() == "1 pack is valid"
