"""Which version of ClaimSort this is: the one its installed package metadata names.

The number is written once, in pyproject.toml; installing the project copies it into
the metadata (`claimsort-<version>.dist-info/METADATA`), which is read here.
"""

from __future__ import annotations

import sys
from pathlib import Path

DISTRIBUTION = "claimsort"
UNKNOWN = "0+unknown"
"""The version of a source tree that was never installed: it has no package metadata."""


def installed_version() -> str:
    """The `Version:` of the installed distribution's metadata, or `UNKNOWN`."""
    # Found as importlib.metadata finds it (the first claimsort-*.dist-info folder on
    # sys.path), without importing it: it pulls in email, zipfile and csv, 10-20 ms that
    # every command would pay, `claimsort play`'s start-up among them.
    for entry in sys.path:
        try:
            names = [p for p in Path(entry or ".").iterdir() if p.name.endswith(".dist-info")]
        except OSError:
            continue
        for folder in names:
            project, _, _rest = folder.name.partition("-")
            if project.lower() == DISTRIBUTION:
                found = _version_field(folder / "METADATA")
                if found:
                    return found
    # Installed some other way (an egg, a zip file): ask importlib.metadata itself.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN


def _version_field(metadata: Path) -> str | None:
    """The `Version:` header of a METADATA file (the headers end at the first blank line)."""
    try:
        with metadata.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    break
                key, colon, value = line.partition(":")
                if colon and key.strip().lower() == "version":
                    return value.strip() or None
    except (OSError, UnicodeDecodeError):
        pass
    return None
