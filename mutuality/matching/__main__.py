"""``python -m mutuality.matching``: the same as the ``mutuality-match`` command."""

from .cli import main

raise SystemExit(main())
