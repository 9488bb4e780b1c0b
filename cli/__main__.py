"""`python -m cli`: the same as the `claimsort` command."""

import sys

from cli.main import main

sys.exit(main())
