"""ClaimSort's game logic: pack models, loading and validation, rounds, scoring, progress.

This package is pure Python. It never imports Textual or Rich, so the command line
(`claimsort check`) and tools built on it stay fast and usable without a terminal UI.
"""

__version__ = "0.1.0"
