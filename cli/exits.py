"""The exit codes of every `claimsort` command."""

EXIT_OK = 0
"""Done; for `check`, every pack is valid."""
EXIT_FAILED = 1
"""The command ran and failed: an invalid pack, a file that cannot be read or written."""
EXIT_USAGE = 2
"""The command line itself is wrong (argparse exits with this code too)."""
EXIT_INTERRUPTED = 130
"""Stopped by Ctrl+C (128 + SIGINT, as shells report it)."""
