"""The agenda editor: the tree of days and items, the item form, the method library beside it,
and their undo commands."""
