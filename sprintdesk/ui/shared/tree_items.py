"""The rows of a QTreeWidget as plain lists. Qt types ``topLevelItem(i)`` and ``child(i)``
as "an item or None" (None for an index out of range); walking the rows that exist gives
items, never None, so the screens need no checks a valid index cannot fail."""

from __future__ import annotations

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem


def top_rows(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    rows = (tree.topLevelItem(index) for index in range(tree.topLevelItemCount()))
    return [row for row in rows if row is not None]


def child_rows(row: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    children = (row.child(index) for index in range(row.childCount()))
    return [child for child in children if child is not None]


def all_rows(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """Top-level rows, each followed by its children."""
    found: list[QTreeWidgetItem] = []
    for row in top_rows(tree):
        found.append(row)
        found.extend(child_rows(row))
    return found
