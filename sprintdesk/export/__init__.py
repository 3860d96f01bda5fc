"""Files SprintDesk writes (and reads back), fed by plain data objects, by format:

- ``pdf``: the facilitator's summary and the attendees' handout (ReportLab; imported only
  when a PDF is written).
- ``markdown``: the readable Markdown summary.
- ``notes_csv``: every note as a CSV row.
- ``interchange``: the JSON formats that are read as well as written: the workshop file,
  template files, the method library, and the reader they share.

Beside them, what every format uses: ``atomic`` (writes that leave no broken file),
``temp_journal`` (temporary files of killed exports), ``bounded_read`` (reading a file a
person picked, never more than its limit) and ``resource_files`` (the shipped schemas,
templates, methods and fonts). Nothing here imports storage or the interface.
"""
