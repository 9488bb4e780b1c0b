"""ClaimSort's terminal interface (Textual) and command line."""
