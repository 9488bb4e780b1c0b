"""ClaimSort's game logic: pack models, loading and validation, rounds, scoring, progress.

This package is pure Python. It never imports Textual or Rich, so the command line
(`claimsort check`) and tools built on it stay fast and usable without a terminal UI.
"""

from game.version import installed_version

__version__ = installed_version()
"""The installed version (from the package metadata; "0+unknown" if never installed)."""
