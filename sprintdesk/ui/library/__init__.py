"""The library window (the list of workshops), with its series, templates, workshop import and
the start-up problems dialog."""
