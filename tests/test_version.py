"""The version: written once, in pyproject.toml, and read from the package metadata."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _python(*args: str, cwd: Path = ROOT) -> str:
    result = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_version_is_the_installed_distributions() -> None:
    from game import __version__

    with (ROOT / "pyproject.toml").open("rb") as handle:
        written = tomllib.load(handle)["project"]["version"]
    assert __version__ == version("claimsort") == written


def test_claimsort_version_prints_it() -> None:
    assert _python("-m", "cli", "--version") == f"claimsort {version('claimsort')}\n"


def test_a_source_tree_that_was_never_installed_says_its_version_is_unknown() -> None:
    # -S: no site-packages, so no installed claimsort and no metadata, as when the
    # source tree is run before `pip install`.
    assert _python("-S", "-c", "import game; print(game.__version__)") == "0+unknown\n"


def test_the_first_installed_metadata_on_the_path_wins(tmp_path: Path) -> None:
    # As with importlib.metadata: an install earlier on sys.path hides a later one.
    for where, number in (("first", "7.1.0"), ("second", "8.0.0")):
        info = tmp_path / where / f"claimsort-{number}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: claimsort\nVersion: {number}\n\nVersion: 9\n",
            encoding="utf-8",
        )
    code = (
        "import sys\n"
        f"sys.path[:0] = [{str(ROOT)!r}, {str(tmp_path / 'first')!r}, {str(tmp_path / 'second')!r}]\n"
        "import game, importlib.metadata\n"
        "print(game.__version__, importlib.metadata.version('claimsort'))\n"
    )
    assert _python("-S", "-c", code, cwd=tmp_path) == "7.1.0 7.1.0\n"
