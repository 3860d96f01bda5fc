"""What every screen uses: the change hub, the one runner for service calls and its busy wait,
undo's base command, settings, theme, icons, resources, background work, the single-instance
endpoint."""
