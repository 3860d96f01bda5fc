"""The affinity-mapping board: a scene that mirrors the board model, its view, undo commands
and the panels around it."""
