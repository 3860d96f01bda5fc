"""Use cases. One user action is one transaction; each returns the Changes it made."""
