"""``python -m ipometrics``: the command line."""

import sys

from ipometrics.cli import main

sys.exit(main())
