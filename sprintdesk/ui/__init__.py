"""Qt widgets, the agenda editor, run mode and the presenter view (the only Qt layer)."""
