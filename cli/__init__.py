"""The `claimsort` command line: argument parsing and one handler per command.

Nothing here imports Textual except `claimsort play`, when it opens the app. The parser
imports every handler's module, so those modules import only light modules at their
top and the rest inside the handler: `claimsort --help` and `check` stay fast.
"""
