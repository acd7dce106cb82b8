"""`python -m serm_lessons ...`: the course's command line (serm_lessons.authoring.cli)."""

import sys

from .authoring.cli import main

sys.exit(main())
