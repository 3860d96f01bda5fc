"""``python -m sprintdesk``."""

from sprintdesk.cli import main

raise SystemExit(main())
