"""The Markdown summary of a workshop: ``summary`` writes it, with the ``outcomes`` and
``perspectives`` parts; ``text`` makes user text safe for Markdown."""
