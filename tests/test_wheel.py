"""After a normal, non-editable install, the built-in packs are found and check clean.

Builds the wheel, installs it into a fresh virtual environment (dependencies come
from the package index) and runs the installed `claimsort` from there, outside the
checkout, so nothing can be picked up from the source tree.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder.

    Built once per run: under pytest-xdist every worker has its own temporary folder, and
    the first to take the lock in the folder they share builds and installs; the others
    wait for it and use the same one."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    work = shared / "wheel"
    work.mkdir(exist_ok=True)
    done = work / "installed"
    with (work / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            _build_and_install(work)
            done.write_text("ok", encoding="utf-8")
    return work / "venv" / "bin"


def _build_and_install(work: Path) -> None:
    dist = work / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(ROOT)],
        cwd=work,
    )
    wheels = list(dist.glob("claimsort-*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as archive:
        names = archive.namelist()
    assert "game/questions/bukele-white-house.toml" in names
    assert "game/questions/path.txt" in names  # the self-learner's path
    # The Spanish interface: the compiled catalogue ships, next to its source.
    assert "game/locale/es/LC_MESSAGES/claimsort.mo" in names
    assert not any(name.startswith("questions/") for name in names)

    venv = work / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=work)
    _run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheels[0])], cwd=work
    )


def test_builtin_packs_are_inside_the_installed_package(installed: Path, tmp_path: Path) -> None:
    result = _run(
        [
            str(installed / "python"),
            "-c",
            "import json, sysconfig; from game.paths import builtin_packs_dir; "
            "print(json.dumps([str(builtin_packs_dir()), sysconfig.get_paths()['purelib']]))",
        ],
        cwd=tmp_path,
    )
    packs_dir, site_packages = (Path(p) for p in json.loads(result.stdout))
    assert packs_dir.is_relative_to(site_packages)
    assert packs_dir.is_relative_to(installed.parent)
    assert not packs_dir.is_relative_to(ROOT)
    assert (packs_dir / "bukele-white-house.toml").is_file()

    check = subprocess.run(
        [str(installed / "claimsort"), "check", str(packs_dir)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    builtin = sorted(p.name for p in packs_dir.glob("*.toml"))
    expected = "1 pack is valid" if len(builtin) == 1 else f"all {len(builtin)} packs are valid"
    assert check.stdout.strip() == expected

    spanish = subprocess.run(
        [str(installed / "claimsort"), "--lang", "es", "check", str(packs_dir)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert spanish.returncode == 0, spanish.stdout + spanish.stderr
    assert spanish.stdout.strip() == f"los {len(builtin)} paquetes son válidos"


def test_installed_command_reports_errors_and_version(installed: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\n[pack]\nid = "x"\ntitel = "T"\n', encoding="utf-8")
    check = subprocess.run(
        [str(installed / "claimsort"), "check", "--format", "json", str(bad)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 1
    problems = json.loads(check.stdout)
    assert any(p["line"] == 4 and p["hint"] == 'did you mean "title"?' for p in problems)

    version = _run([str(installed / "claimsort"), "--version"], cwd=tmp_path)
    assert version.stdout.startswith("claimsort ")
