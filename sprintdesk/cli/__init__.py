"""The command line: ``sprintdesk [--db PATH]`` opens the app; sub-commands work headless.

Every command is declared once, as a ``Command`` (``registry.py``) in the module of its
subject: ``workshops`` (list, new), ``templates`` (templates and the method library),
``exchange`` (import-notes, export, import), ``backups`` (check, backup, backups) and
``outcomes`` (follow-up, outcomes). ``dispatch`` builds the parser from them, runs the one
asked for and turns every failure into one line ``sprintdesk: error: ...`` (exit 1; 2 for
wrong usage). A plain launch imports none of the command modules.
"""

from sprintdesk.cli.dispatch import main

__all__ = ["main"]
