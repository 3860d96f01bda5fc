"""Decisions and action items: the Outcomes tab, its lists, form and undo commands."""
