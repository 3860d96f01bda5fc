"""The JSON interchange formats, read as well as written: the workshop file
(``workshop_file``: its content and writing; ``workshop_file_read``, ``workshop_file_check``,
``workshop_file_records`` and ``workshop_file_outcomes``: reading and checking it), template
files (``template_file``, ``template_write``) and the method library (``method_file``).
``reader`` is what their reading shares: JSON parsed within limits, schema errors as one
line for the user.
"""
