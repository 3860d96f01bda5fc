"""Wrong usage of the command line: its own module, so that a plain launch of the app (which
only needs to tell usage errors apart) loads nothing more."""


class UsageError(Exception):
    """Wrong usage of a command (exit 2, with a pointer to its ``--help``)."""
