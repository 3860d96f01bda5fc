"""The PDF exports: ``summary`` (the facilitator's) and ``handout`` (the attendees'), built
from the parts the two share: ``document`` (page frame, metadata, atomic write), ``style``
(geometry, colours, paragraph styles), ``escaping`` (user text cleaned, escaped for the
paragraph markup and shortened), ``fonts``, ``text`` (shaping) and ``bidi`` (right to left),
``flowables`` and ``drawing`` (the board picture), ``parts``, ``structure``, ``outcomes``
and ``perspectives``. ReportLab is imported by every module here, so nothing imports this
package until a PDF is written.
"""
